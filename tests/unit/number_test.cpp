// Numbers as written (okr/number.hpp), and the stay_between guardrail's input side.

#include <catch2/catch.hpp>

#include <okr/loader.hpp>
#include <okr/number.hpp>
#include <okr/scoring.hpp>

#include "support.hpp"

using namespace okr;
using namespace okr::test;
using Lines = std::vector<std::string>;

namespace {

/// A team file whose one key result has `measure` (one or more "key: value" lines).
std::string team_with(const std::string& measure) {
  return "cycle: 2026-Q4\nowner: discover\nlevel: company\nobjectives:\n  - id: run\n    title: "
         "Run "
         "the "
         "service well\n    key_results:\n      - id: latency\n        title: Keep p95 "
         "latency in range\n" +
         measure + "        unit: ms\n";
}

} // namespace

TEST_CASE("written_decimals counts the digits written after the point") {
  CHECK(written_decimals("99.50") == 2);
  CHECK(written_decimals("99.5") == 1);
  CHECK(written_decimals("90") == 0);
  CHECK(written_decimals("-0.250") == 3);
  CHECK(written_decimals("+7") == 0);
  CHECK(written_decimals(".5") == 1);
  CHECK(written_decimals("5.") == 0);
  CHECK(written_decimals("1e3") == 0);
  CHECK(written_decimals("1.5e-3") == 4);
  CHECK(written_decimals("12.5E+1") == 0);
  CHECK(written_decimals("0.000") == 3);
  // Fifteen significant digits come back from a double, sixteen may not.
  CHECK(written_decimals("0.123456789012345") == 15);
  CHECK(written_decimals("0.1234567890123456") == k_shortest);
  CHECK(written_decimals("0.0000000000000000000000000000001") == k_shortest); // 31 decimals
  CHECK(written_decimals("abc") == k_shortest);
  CHECK(written_decimals("") == k_shortest);
}

TEST_CASE("format_number prints a number as written, else its shortest form") {
  CHECK(format_number(99.5, 2) == "99.50");
  CHECK(format_number(90, 0) == "90");
  CHECK(format_number(0.0015, 4) == "0.0015");
  CHECK(format_number(1000, 0) == "1000");
  CHECK(format_number(90) == "90");
  CHECK(format_number(99.5) == "99.5");
  CHECK(format_number(-0.25) == "-0.25");
  CHECK(format_number(0.1 + 0.2) == "0.30000000000000004"); // shortest: not a written number
  CHECK(format_number(-0.0001, 2) == "0.00");               // never "-0.00"
  CHECK(format_number(1e20, 0) == "1e+20");
  CHECK(format_fraction(0.8666666666666667) == "0.87");
  CHECK(format_fraction(1) == "1.00");
}

TEST_CASE("a difference has the decimals of the more precise value, rounded once") {
  CHECK(format_difference(99.4, 1, 99.5, 1) == "+0.1");
  CHECK(format_difference(99.9, 1, 99.8, 1) == "-0.1");
  CHECK(format_difference(99.40, 2, 99.5, 1) == "+0.10");
  CHECK(format_difference(3, 0, 5, 0) == "+2");
  CHECK(format_difference(5, 0, 5, 0) == "=");
  // Values made in memory: the decimals of their shortest form.
  CHECK(format_difference(99.4, k_shortest, 99.5, k_shortest) == "+0.1");
  CHECK(format_difference(0.1, k_shortest, 0.1 + 1e-9, k_shortest) == "+0.000000001");
  CHECK(shown_decimals(1e-7, k_shortest) == 7);
  CHECK(shown_decimals(1.5e-8, k_shortest) == 9);
}

TEST_CASE("numbers in OKR files and check-ins keep their written form") {
  const LoadResult okrs =
      load_string(team_with("        baseline: 120.0\n        target: 99.50\n"), "okrs/t.yaml");
  REQUIRE(okrs.diagnostics.empty());
  const KeyResult& kr = okrs.repo.okr_files.at(0).objectives.at(0).key_results.at(0);
  CHECK(kr.baseline->str() == "120.0");
  CHECK(kr.target->str() == "99.50");

  const LoadResult checkin = load_string("owner: discover\ncycle: 2026-Q4\ndate: 2026-10-09\n"
                                         "confidence: 7.0\nresults:\n  run/latency: 101.250\n",
                                         "checkins/2026-Q4/discover/2026-10-09.yaml");
  REQUIRE(checkin.diagnostics.empty());
  const Checkin& c = checkin.repo.checkins.at(0);
  CHECK(c.confidence->str() == "7.0");
  const ResultValue& v = c.results.at(0);
  CHECK(v.number_text() == "101.250");
  CHECK(v.decimals() == 3);
  // The decimals share a word with the value's line, which stays whole.
  CHECK(v.pos(0).line == 6);
  CHECK(v.pos(0).column == 16);
  CHECK(sizeof(ResultValue) == 32);
  CHECK(sizeof(ReportedValue) == 32);
}

TEST_CASE("stay_between reads a range of two numbers, low first") {
  SECTION("a valid range") {
    const LoadResult r =
        load_string(team_with("        stay_between: [80, 120.5]\n"), "okrs/2026-Q4/d.yaml");
    REQUIRE(r.diagnostics.empty());
    const KeyResult& kr = r.repo.okr_files.at(0).objectives.at(0).key_results.at(0);
    CHECK(kr.measure() == Measure::stay_between);
    CHECK(kr.stay_between->str() == "[80, 120.5]");
    CHECK(kr.stay_between->low.pos.line == 10);
    CHECK(kr.stay_between->low.pos.column == 24);
  }
  SECTION("a block list") {
    const LoadResult r = load_string(
        team_with("        stay_between:\n          - 80\n          - 120\n"), "okrs/d.yaml");
    CHECK(r.diagnostics.empty());
  }
  SECTION("the low end above the high end") {
    CHECK(load(team_with("        stay_between: [120, 80]\n")) ==
          Lines{"10:23 schema: 'stay_between' is [120, 80]: the low end comes first; write "
                "[80, 120]"});
  }
  SECTION("both ends equal") {
    CHECK(load(team_with("        stay_between: [5.0, 5]\n")) ==
          Lines{"10:23 schema: 'stay_between' is [5.0, 5]: a range needs its low end below its "
                "high end; for one value write stay_above or stay_below"});
  }
  SECTION("not a list") {
    CHECK(load(team_with("        stay_between: 80\n")) ==
          Lines{"10:23 schema: 'stay_between' must be a list of two numbers, the lowest and the "
                "highest value allowed, such as [99.5, 99.9]; not '80'"});
  }
  SECTION("a list of three") {
    CHECK(load(team_with("        stay_between: [1, 2, 3]\n")) ==
          Lines{"10:23 schema: 'stay_between' must be a list of two numbers, the lowest and the "
                "highest value allowed, such as [99.5, 99.9]; not a list of 3 items"});
  }
  SECTION("an item that is not a number") {
    CHECK(load(team_with("        stay_between: [80, high]\n")) ==
          Lines{"10:28 schema: 'stay_between' must be a number, not 'high'"});
  }
  SECTION("a KPI's range beside its own threshold") {
    const std::string base = team_with("        stay_above: 1\n");
    CHECK(
        load(base + "kpis:\n  - {id: nps, title: NPS, stay_above: 10, stay_between: [20, 60]}\n") ==
        Lines{"13:57 schema: 'stay_between' [20, 60] sets both ends of the KPI's range; remove "
              "stay_above"});
    CHECK(load(base + "kpis:\n  - {id: nps, title: NPS, stay_between: [20, 60]}\n") == Lines{});
  }
}

TEST_CASE("missing-measure counts stay_between as a measure") {
  SECTION("fires beside another measure") {
    CHECK(findings("missing-measure",
                   {{"okrs/2026-Q4/discover.yaml",
                     team_with("        stay_between: [80, 120]\n        stay_below: 150\n")}}) ==
          Lines{"okrs/2026-Q4/discover.yaml:8:13: error: key result 'latency' has 2 measures "
                "(stay_below, stay_between); keep exactly one [missing-measure]"});
  }
  SECTION("does not fire alone") {
    CHECK(findings("missing-measure", {{"okrs/2026-Q4/discover.yaml",
                                        team_with("        stay_between: [80, 120]\n")}}) ==
          Lines{});
  }
}

TEST_CASE("a stay_between guardrail holds within its range, both ends included") {
  const LoadResult r =
      load_string(team_with("        stay_between: [80, 120]\n"), "okrs/2026-Q4/d.yaml");
  const KeyResult& kr = r.repo.okr_files.at(0).objectives.at(0).key_results.at(0);
  auto score = [&](double value) {
    return score_value(kr, ReportedValue{Date(), value, std::nullopt, nullptr}, false);
  };
  CHECK(score(80) == 1);
  CHECK(score(100) == 1);
  CHECK(score(120) == 1);
  CHECK(score(79.99) == 0);
  CHECK(score(120.01) == 0);
}
