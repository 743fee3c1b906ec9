// Every structural rule: a case that fires and a case that must not, side by side.

#include <catch2/catch.hpp>

#include "support.hpp"

using namespace okr::test;
using Lines = std::vector<std::string>;

namespace {
const std::string k_checkin_path = "checkins/2026-Q4/discover/2026-10-09.yaml";
std::string checkin(const std::string& body, const std::string& date = "2026-10-09") {
  return "owner: discover\ncycle: 2026-Q4\ndate: " + date + "\n" + body;
}
} // namespace

TEST_CASE("the base repository is clean") {
  CHECK(check(with_base()) == Lines{});
}

TEST_CASE("duplicate-id") {
  SECTION("fires for a second file of one owner and cycle") {
    CHECK(findings("duplicate-id", with_base({{"okrs/2026-Q4/discover-2.yaml", k_team}})) ==
          Lines{"okrs/2026-Q4/discover.yaml:2:8: error: owner 'discover' already has an OKR file "
                "for cycle 2026-Q4 (okrs/2026-Q4/discover-2.yaml); keep one file per owner and "
                "cycle [duplicate-id]"});
  }
  SECTION("fires for two key results with one id") {
    const auto files = with_base({{k_team_path, replace(k_team, "id: launch", "id: completion")}});
    CHECK(findings("duplicate-id", files) ==
          Lines{"okrs/2026-Q4/discover.yaml:15:13: error: key result 'completion' is already "
                "defined on line 10; ids must be unique, so rename or merge one of them "
                "[duplicate-id]"});
  }
  SECTION("does not fire for one owner in two cycles") {
    const auto files =
        with_base({{"okrs/2027-Q1/discover.yaml", replace(k_team, "2026-Q4", "2027-Q1")}});
    CHECK(findings("duplicate-id", files) == Lines{});
  }
  SECTION("does not fire for equal KR ids in different objectives") {
    const std::string two = k_team + R"(  - id: second
    title: Help people help themselves
    key_results:
      - id: completion
        title: Raise self-service completion from 40% to 60%
        baseline: 40
        target: 60
        unit: "%"
)";
    CHECK(findings("duplicate-id", with_base({{k_team_path, two}})) == Lines{});
  }
}

TEST_CASE("unresolved-ref") {
  SECTION("fires for an unknown parent, with a suggestion") {
    const auto files = with_base({{k_team_path, replace(k_team, "parent: acme", "parent: acne")}});
    CHECK(findings("unresolved-ref", files) ==
          Lines{"okrs/2026-Q4/discover.yaml:4:9: error: parent 'acne' is unknown: no OKR file has "
                "owner 'acne'; did you mean 'acme'? [unresolved-ref]"});
  }
  SECTION("fires for aligns_to an objective that does not exist") {
    const auto files = with_base({{k_team_path, replace(k_team, "acme/delight", "acme/delite")}});
    CHECK(findings("unresolved-ref", files) ==
          Lines{"okrs/2026-Q4/discover.yaml:8:16: error: aligns_to 'acme/delite' does not "
                "resolve: 'acme' has no objective 'delite' [unresolved-ref]"});
  }
  SECTION("fires for depends_on an unknown owner") {
    const auto files = with_base(
        {{k_team_path, replace(k_team, "    aligns_to: acme/delight\n",
                               "    aligns_to: acme/delight\n    depends_on: [identity]\n")}});
    REQUIRE(findings("unresolved-ref", files).size() == 1);
    CHECK(findings("unresolved-ref", files)[0].starts_with("okrs/2026-Q4/discover.yaml:9:18: "));
  }
  SECTION("fires for a shared objective that does not exist") {
    const std::string shared = k_team + "  - shared: acme/understanding\n    key_results:\n"
                                        "      - {id: calls, title: Calls, milestone: true}\n";
    CHECK(findings("unresolved-ref", with_base({{k_team_path, shared}})) ==
          Lines{"okrs/2026-Q4/discover.yaml:18:13: error: shared 'acme/understanding' does not "
                "resolve: 'acme' has no objective 'understanding' [unresolved-ref]"});
  }
  SECTION("does not fire for references that resolve across overlapping cycles") {
    const std::string shared = k_team + "  - shared: acme/delight\n    key_results:\n"
                                        "      - {id: calls, title: Calls, milestone: true}\n";
    CHECK(findings("unresolved-ref", with_base({{k_team_path, shared}})) == Lines{});
  }
  SECTION("fires for contributes_to a key result that does not exist") {
    const auto files =
        with_base({{k_team_path, replace(k_team, "        milestone: true\n",
                                         "        milestone: true\n"
                                         "        contributes_to: acme/delight/nsp\n")}});
    CHECK(findings("unresolved-ref", files) ==
          Lines{"okrs/2026-Q4/discover.yaml:18:25: error: contributes_to 'acme/delight/nsp' does "
                "not resolve: objective 'acme/delight' has no key result 'nsp'; did you mean "
                "'acme/delight/nps'? [unresolved-ref]"});
  }
}

TEST_CASE("alignment-cycle") {
  const std::string payments = replace(replace(k_team, "owner: discover", "owner: payments"),
                                       "acme/delight", "discover/first-week");
  SECTION("fires for objectives aligned in a loop") {
    const auto files =
        with_base({{"okrs/2026-Q4/payments.yaml", payments},
                   {k_team_path, replace(k_team, "acme/delight", "payments/first-week")}});
    CHECK(findings("alignment-cycle", files).size() == 1);
  }
  SECTION("does not fire for a chain") {
    CHECK(findings("alignment-cycle", with_base({{"okrs/2026-Q4/payments.yaml", payments}})) ==
          Lines{});
  }
}

TEST_CASE("missing-measure") {
  SECTION("fires for a key result without a measure") {
    const auto files = with_base({{k_team_path, replace(k_team, "        milestone: true\n", "")}});
    CHECK(findings("missing-measure", files) ==
          Lines{"okrs/2026-Q4/discover.yaml:15:13: error: key result 'launch' has no measure; "
                "give it baseline and target, stay_above, stay_below, stay_between, or milestone: "
                "true [missing-measure]"});
  }
  SECTION("fires for a baseline without a target") {
    const auto files = with_base({{k_team_path, replace(k_team, "        target: 90\n", "")}});
    CHECK(findings("missing-measure", files) ==
          Lines{"okrs/2026-Q4/discover.yaml:12:19: error: key result 'completion' has a baseline "
                "but no target; add 'target' [missing-measure]"});
  }
  SECTION("does not fire for guardrails") {
    const auto files = with_base(
        {{k_team_path, replace(k_team, "        milestone: true\n", "        stay_below: 3\n")}});
    CHECK(findings("missing-measure", files) == Lines{});
  }
  SECTION("does not fire twice for a typo the schema reports") {
    const auto files = with_base({{k_team_path, replace(k_team, "target: 90", "tagret: 90")}});
    CHECK(check(files) == Lines{"okrs/2026-Q4/discover.yaml:13:9: error: unknown key 'tagret'; "
                                "did you mean 'target'? [schema]"});
  }
}

TEST_CASE("unknown-cycle") {
  SECTION("fires for an id okr cannot read") {
    const auto files =
        with_base({{k_team_path, replace(k_team, "cycle: 2026-Q4", "cycle: autumn")}});
    CHECK(findings("unknown-cycle", files) ==
          Lines{"okrs/2026-Q4/discover.yaml:1:8: error: unknown cycle 'autumn'; use an id such as "
                "2026-Q4, 2026-H1 or 2026, or declare it under 'cycles' in okr.yaml "
                "[unknown-cycle]"});
  }
  SECTION("does not fire for a declared cycle") {
    const auto files =
        with_base({{"okr.yaml", "cycles:\n  autumn: {start: 2026-09-01, end: 2026-11-30}\n"},
                   {k_team_path, replace(k_team, "cycle: 2026-Q4", "cycle: autumn")}});
    CHECK(findings("unknown-cycle", files) == Lines{});
  }
}

TEST_CASE("checkin-unknown-kr") {
  SECTION("fires for a key result the owner does not have") {
    const auto files =
        with_base({{k_checkin_path, checkin("results:\n  first-week/completon: 70\n")}});
    CHECK(findings("checkin-unknown-kr", files) ==
          Lines{"checkins/2026-Q4/discover/2026-10-09.yaml:5:3: error: 'first-week/completon' is "
                "not a key result of discover in 2026-Q4; did you mean 'first-week/completion'? "
                "[checkin-unknown-kr]"});
  }
  SECTION("does not fire for a known key result") {
    const auto files =
        with_base({{k_checkin_path, checkin("results:\n  first-week/completion: 70\n")}});
    CHECK(check(files) == Lines{});
  }
}

TEST_CASE("checkin-bad-value") {
  SECTION("fires for text where a number belongs, and a confidence above 10") {
    const auto files = with_base(
        {{k_checkin_path, checkin("confidence: 11\nresults:\n  first-week/completion: lots\n")}});
    CHECK(findings("checkin-bad-value", files) ==
          Lines{"checkins/2026-Q4/discover/2026-10-09.yaml:4:13: error: confidence is 11; it goes "
                "from 0 (no chance) to 10 (certain) [checkin-bad-value]",
                "checkins/2026-Q4/discover/2026-10-09.yaml:6:26: error: 'first-week/completion' "
                "must be a number (or done / not-done for a milestone), not 'lots' "
                "[checkin-bad-value]"});
  }
  SECTION("fires for a number on a milestone") {
    const auto files = with_base({{k_checkin_path, checkin("results:\n  first-week/launch: 1\n")}});
    CHECK(findings("checkin-bad-value", files).size() == 1);
  }
  SECTION("does not fire for done on a milestone and a confidence of 0") {
    const auto files = with_base(
        {{k_checkin_path, checkin("confidence: 0\nresults:\n  first-week/launch: done\n")}});
    CHECK(check(files) == Lines{});
  }
}

TEST_CASE("checkin-out-of-cycle") {
  SECTION("fires before the cycle starts") {
    const auto files = with_base({{k_checkin_path, checkin("", "2026-09-30")}});
    CHECK(findings("checkin-out-of-cycle", files) ==
          Lines{"checkins/2026-Q4/discover/2026-10-09.yaml:3:7: error: the check-in is dated "
                "2026-09-30, outside cycle 2026-Q4 (2026-10-01 to 2026-12-31); file it under the "
                "cycle it belongs to [checkin-out-of-cycle]"});
  }
  SECTION("fires after today") {
    const auto files = with_base({{k_checkin_path, checkin("", "2026-11-21")}});
    CHECK(findings("checkin-out-of-cycle", files).size() == 1);
  }
  SECTION("does not fire on the first day of the cycle or on today") {
    CHECK(findings("checkin-out-of-cycle", with_base({{k_checkin_path, checkin("", "2026-10-01")}}))
              .empty());
    CHECK(findings("checkin-out-of-cycle", with_base({{k_checkin_path, checkin("", "2026-11-20")}}))
              .empty());
  }
}

TEST_CASE("every rule is registered once with documentation") {
  std::vector<std::string_view> names;
  for (const okr::RuleInfo* rule : okr::all_rules()) {
    CHECK(!rule->summary.empty());
    CHECK(!rule->details.empty());
    CHECK(okr::find_rule(rule->name) == rule);
    names.push_back(rule->name);
  }
  std::sort(names.begin(), names.end());
  CHECK(std::adjacent_find(names.begin(), names.end()) == names.end());
  CHECK(okr::find_rule("no-such-rule") == nullptr);
}
