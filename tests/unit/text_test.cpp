#include <array>
#include <catch2/catch.hpp>

#include <okr/check_render.hpp>
#include <okr/date.hpp>
#include <okr/number.hpp>
#include <okr/text.hpp>

using namespace okr;

TEST_CASE("closest_match suggests only near words") {
  constexpr std::array<std::string_view, 3> words = {"target", "title", "baseline"};
  CHECK(closest_match("tagret", words) == "target");
  CHECK(closest_match("titel", words) == "title");
  CHECK(closest_match("xyz", words).empty());
}

TEST_CASE("ids are lower-case kebab-case") {
  CHECK(is_valid_id("first-week"));
  CHECK(is_valid_id("2026-plan"));
  CHECK_FALSE(is_valid_id("-first"));
  CHECK_FALSE(is_valid_id("First"));
  CHECK_FALSE(is_valid_id("first_week"));
  CHECK_FALSE(is_valid_id(""));
}

TEST_CASE("UTF-8 helpers") {
  CHECK(utf8_length("façade") == 6);
  CHECK(find_invalid_utf8("ok") == std::string_view::npos);
  CHECK(find_invalid_utf8("ab\xff") == 2);
  CHECK(find_invalid_utf8("\xc3") == 0); // truncated sequence
}

TEST_CASE("numbers print without noise") {
  CHECK(format_number(90) == "90");
  CHECK(format_number(99.5) == "99.5");
  CHECK(format_number(-0.25) == "-0.25");
}

TEST_CASE("terminal output is neutralised") {
  CHECK(sanitize_for_terminal("a\x1b[31mred\x07") == "a\uFFFD[31mred\uFFFD");
}

TEST_CASE("dates") {
  std::string error;
  CHECK(Date::parse("2026-10-09")->str() == "2026-10-09");
  CHECK_FALSE(Date::parse("2026-02-30", &error));
  CHECK(error == "February 2026 has 28 days");
  CHECK(Date::parse("2028-02-29"));
  CHECK_FALSE(Date::parse("2026-10-9"));
  CHECK_FALSE(Date::parse("2026-13-01"));
  CHECK(*Date::parse("2026-12-31") - *Date::parse("2026-10-01") == 91);
  CHECK((*Date::parse("2026-12-31") + 1).str() == "2027-01-01");
  CHECK(Date::from_days(0).str() == "1970-01-01");
}

TEST_CASE("cycles are inferred from their ids") {
  CHECK(infer_cycle("2026-Q4")->end.str() == "2026-12-31");
  CHECK(infer_cycle("2026-Q1")->start.str() == "2026-01-01");
  CHECK(infer_cycle("2026-H2")->start.str() == "2026-07-01");
  CHECK(infer_cycle("2026")->end.str() == "2026-12-31");
  CHECK(infer_cycle("2026-M02")->end.str() == "2026-02-28");
  CHECK_FALSE(infer_cycle("2026-Q5"));
  CHECK_FALSE(infer_cycle("autumn"));
}
