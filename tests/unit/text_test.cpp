#include <array>
#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <random>
#include <set>
#include <span>
#include <vector>

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

TEST_CASE("closest_match breaks ties by order and refuses far or huge words") {
  constexpr std::array<std::string_view, 3> words = {"cat", "bat", "rat"};
  CHECK(closest_match("hat", words) == "cat");
  CHECK(closest_match("act", words) == "cat"); // a transposition is one edit
  const std::string long_word(300, 'a');
  const std::array<std::string_view, 1> one = {long_word};
  CHECK(closest_match(std::string(299, 'a'), one).empty()); // too long to be a typo
}

namespace {

// The whole-list scan the index must agree with, built from closest_match on lists of at most
// 64 words (which it searches whole): the winner of each slice, then the winner of winners,
// order kept, so ties still go to the earliest word.
std::string_view closest_by_scan(std::string_view word, std::vector<std::string_view> words) {
  while (words.size() > 64) {
    std::vector<std::string_view> winners;
    for (std::size_t i = 0; i < words.size(); i += 64) {
      const std::span<const std::string_view> slice(words.data() + i,
                                                    std::min<std::size_t>(64, words.size() - i));
      if (auto near = closest_match(word, slice); !near.empty()) {
        winners.push_back(near);
      }
    }
    words = std::move(winners);
  }
  return closest_match(word, words);
}

std::vector<std::string> generated_ids(std::mt19937& rng, std::size_t count) {
  static constexpr std::array<std::string_view, 12> parts = {
      "active",  "users",    "revenue",   "churn",  "latency", "signups",
      "tickets", "payments", "retention", "uptime", "errors",  "margin"};
  std::vector<std::string> ids;
  std::set<std::string> seen;
  while (ids.size() < count) {
    std::string id = fmt::format("{}-{}-{}", parts[rng() % parts.size()],
                                 parts[rng() % parts.size()], rng() % 100000);
    if (seen.insert(id).second) {
      ids.push_back(std::move(id));
    }
  }
  return ids;
}

} // namespace

TEST_CASE("Suggester answers 10,000 misspelt words among 10,000 look-alikes right") {
  std::mt19937 rng(23);
  const std::vector<std::string> words = generated_ids(rng, 10000);
  const std::vector<std::string_view> views(words.begin(), words.end());
  const Suggester suggest(words);
  // The index checks at most 64 candidates a word: among look-alikes it may miss the closest
  // (then it still suggests a word within the allowed distance), rarely.
  std::size_t right = 0;
  std::size_t agree = 0;
  std::size_t compared = 0;
  for (std::size_t i = 0; i < words.size(); ++i) {
    std::string typo = words[i];
    const std::size_t at = typo.size() - 2 - rng() % 6;
    std::swap(typo[at], typo[at + 1]);
    if (typo == words[i]) {
      typo[at] = 'q';
    }
    const std::string_view near = suggest.closest(typo);
    REQUIRE(!near.empty());
    right += near == words[i];
    if (i % 50 == 0) { // a sample against the whole-list scan
      agree += near == closest_by_scan(typo, views);
      ++compared;
    }
  }
  CHECK(right > 9800);
  CHECK(agree * 100 >= compared * 97);
  // Words further away: one to three characters deleted, or nothing near at all.
  std::size_t far_agree = 0;
  for (std::size_t i = 0; i < 200; ++i) {
    std::string word = words[rng() % words.size()];
    word.erase(rng() % word.size(), 1 + rng() % 3);
    far_agree += suggest.closest(word) == closest_by_scan(word, views);
  }
  CHECK(far_agree >= 190);
  CHECK(suggest.closest("zzzzzzzzzzzzzzzzzzzz").empty());
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
  CHECK(sanitize_for_terminal("a\x1b[31mred\x07") == "a\\x1B[31mred\\x07");
  CHECK(sanitize_for_terminal("tab\there") == "tab here");
  CHECK(sanitize_for_terminal("line\nbreak\r") == "line\\x0Abreak\\x0D");
  CHECK(sanitize_for_terminal("\x7f \u009b2J \u0085") == "\\x7F \\u009B2J \\u0085");
  // Bidirectional embeddings, overrides and isolates reorder what a reader sees.
  CHECK(sanitize_for_terminal("a\u202Eevil\u202C \u2066x\u2069") ==
        "a\\u202Eevil\\u202C \\u2066x\\u2069");
  CHECK(sanitize_for_terminal("\u200E\u2065\u2070") == "\u200E\u2065\u2070"); // neighbours stay
  // Bytes that are not UTF-8 are shown, so the output always is.
  CHECK(sanitize_for_terminal("bad\xff\xc3(") == "bad\\xFF\\xC3(");
  CHECK(sanitize_for_terminal("caf\xc3\xa9 日本") == "caf\xc3\xa9 日本");
}

TEST_CASE("XML text is valid whatever the bytes") {
  CHECK(escape_xml("a<b>&\"'") == "a&lt;b&gt;&amp;&quot;&#39;");
  CHECK(escape_xml("\t\n\r") == "&#9;&#10;&#13;");
  CHECK(escape_xml("\x01\x1b[2J\xff\u202e\uFFFE") == "\\x01\\x1B[2J\\xFF\\u202E\\uFFFE");
}

TEST_CASE("CSV text cells cannot be formulas") {
  CHECK(csv_field("=HYPERLINK(\"http://e\")", CsvCell::text) ==
        "\"'=HYPERLINK(\"\"http://e\"\")\"");
  CHECK(csv_field("@SUM(1)", CsvCell::text) == "'@SUM(1)");
  CHECK(csv_field("+1", CsvCell::text) == "'+1");
  CHECK(csv_field("-1", CsvCell::text) == "'-1");
  CHECK(csv_field("\t=1", CsvCell::text) == "' =1");
  CHECK(csv_field("\r=1", CsvCell::text) == "'\\x0D=1");
  CHECK(csv_field("-1.5", CsvCell::number) == "-1.5"); // a number stays a number
  CHECK(csv_field("a,b", CsvCell::text) == "\"a,b\"");
  CHECK(csv_field("%", CsvCell::text) == "%");
  CHECK(csv_field("x\x1b]52;c;eA==\x07", CsvCell::text) == "x\\x1B]52;c;eA==\\x07");
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
