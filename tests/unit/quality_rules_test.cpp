// The OKR-quality rules: for each, a case that fires and one that must not, side by side.

#include <catch2/catch.hpp>

#include "check_helpers.hpp"

using okr::SourceFile;
using okr::test::check;
using okr::test::check_one;
using Lines = std::vector<std::string>;

namespace {

/// A team file with one objective holding `krs` (YAML list items indented by six spaces).
std::string team(const std::string& objectives) {
  return "cycle: 2026-Q4\nowner: discover\nlevel: team\nparent: acme\nobjectives:\n" + objectives;
}

const std::string k_krs = "    key_results:\n"
                          "      - {id: a, title: Lift a from 1 to 2, baseline: 1, target: 2, "
                          "unit: x}\n"
                          "      - {id: b, title: Lift b from 1 to 2, baseline: 1, target: 2, "
                          "unit: x}\n";

std::string objective(const std::string& id, const std::string& title = "Delight new users") {
  return "  - id: " + id + "\n    title: " + title + "\n" + k_krs;
}

} // namespace

TEST_CASE("objective-count fires on a team's fourth objective") {
  const std::string text =
      team(objective("o1") + objective("o2") + objective("o3") + objective("o4"));
  CHECK(check_one(text, "objective-count") ==
        Lines{"okrs/2026-Q4/discover.yaml:21:5: warning: discover has 4 objectives in 2026-Q4, "
              "more than 3; keep the 3 changes that matter most and move the rest to a later "
              "cycle or to kpis [objective-count]"});
}

TEST_CASE("objective-count stays quiet at three objectives and for companies") {
  CHECK(check_one(team(objective("o1") + objective("o2") + objective("o3")), "objective-count")
            .empty());
  const std::string company = "cycle: 2026-Q4\nowner: acme\nlevel: company\nobjectives:\n" +
                              objective("o1") + objective("o2") + objective("o3") + objective("o4");
  CHECK(check_one(company, "objective-count").empty());
}

TEST_CASE("objective-count reads its max from okr.yaml") {
  const std::string text = team(objective("o1") + objective("o2"));
  const std::vector<SourceFile> files = {
      {"okr.yaml", "lint:\n  rules:\n    objective-count: {max: 1, severity: error}\n"},
      {"okrs/2026-Q4/discover.yaml", text}};
  const Lines found = check(files, "objective-count");
  REQUIRE(found.size() == 1);
  CHECK(found[0].starts_with("okrs/2026-Q4/discover.yaml:11:5: error: discover has 2 objectives"));
}

TEST_CASE("too-many-priorities fires on a company's sixth objective") {
  std::string objectives;
  for (int i = 1; i <= 6; ++i) {
    objectives += objective("o" + std::to_string(i));
  }
  const std::string company = "cycle: 2026\nowner: acme\nlevel: company\nobjectives:\n";
  CHECK(check_one(company + objectives, "too-many-priorities") ==
        Lines{"okrs/2026-Q4/discover.yaml:30:5: warning: acme (company) has 6 objectives in 2026, "
              "more than 5; keep the organisation-wide priorities few enough to shape trade-offs "
              "[too-many-priorities]"});
  CHECK(check_one(team(objectives), "too-many-priorities").empty());
}

TEST_CASE("too-many-priorities stays quiet at five") {
  std::string objectives;
  for (int i = 1; i <= 5; ++i) {
    objectives += objective("o" + std::to_string(i));
  }
  CHECK(check_one("cycle: 2026\nowner: acme\nlevel: unit\nparent: x\nobjectives:\n" + objectives,
                  "too-many-priorities")
            .empty());
}

TEST_CASE("kr-count fires below two and above five key results") {
  const std::string one = team("  - id: o1\n    title: Delight new users\n    key_results:\n"
                               "      - {id: a, title: Lift a from 1 to 2, baseline: 1, target: "
                               "2, unit: x}\n");
  CHECK(check_one(one, "kr-count") ==
        Lines{"okrs/2026-Q4/discover.yaml:6:9: warning: objective 'o1' has 1 key result, fewer "
              "than 2; add the evidence that would show the change has happened [kr-count]"});
  std::string six = "  - id: o1\n    title: Delight new users\n    key_results:\n";
  for (int i = 1; i <= 6; ++i) {
    six += "      - {id: k" + std::to_string(i) +
           ", title: Lift it from 1 to 2, baseline: 1, target: 2, unit: x}\n";
  }
  CHECK(check_one(team(six), "kr-count") ==
        Lines{"okrs/2026-Q4/discover.yaml:14:9: warning: objective 'o1' has 6 key results, more "
              "than 5; keep the few that best show the change and watch the rest as kpis "
              "[kr-count]"});
}

TEST_CASE("kr-count stays quiet from two to five") {
  CHECK(check_one(team(objective("o1")), "kr-count").empty());
}

TEST_CASE("output-kr fires on a milestone and on an activity verb without a number") {
  const std::string text = team("  - id: o1\n    title: Delight new users\n    key_results:\n"
                                "      - id: webinar\n        title: Launch onboarding webinar\n"
                                "        milestone: true\n"
                                "      - id: docs\n        title: Write the onboarding guide\n"
                                "        baseline: 0\n        target: 1\n        unit: guides\n");
  CHECK(check_one(text, "output-kr") ==
        Lines{"okrs/2026-Q4/discover.yaml:11:20: warning: key result 'webinar' is a milestone, a "
              "task rather than an outcome; measure the change the work should cause (baseline "
              "and target) and list the work under initiatives [output-kr]",
              "okrs/2026-Q4/discover.yaml:13:16: warning: key result 'docs' starts with 'Write', "
              "an activity; say with a number what changes for customers or the business, and "
              "list the activity under initiatives [output-kr]"});
}

TEST_CASE("output-kr stays quiet on outcomes and on verbs with a number") {
  const std::string text =
      team("  - id: o1\n    title: Delight new users\n    key_results:\n"
           "      - {id: a, title: Lift 30-day activation from 41% to 55%, baseline: 41, target: "
           "55, unit: '%'}\n"
           "      - {id: b, title: Ship 3 self-service flows that halve setup calls, baseline: "
           "0, target: 3, unit: flows}\n"
           "      - {id: c, title: Launchpad adoption from 10% to 20%, baseline: 10, target: 20, "
           "unit: '%'}\n");
  CHECK(check_one(text, "output-kr").empty());
}

TEST_CASE("measurable-objective fires on numbers in an objective title") {
  CHECK(check_one(team(objective("o1", "Reduce first-week drop-off by 25%")),
                  "measurable-objective") ==
        Lines{"okrs/2026-Q4/discover.yaml:7:12: warning: objective 'o1' carries a number "
              "('25%'); let the objective name the change in words and move the number into a "
              "key result [measurable-objective]"});
  CHECK(check_one(team(objective("o1", "Serve 1,200 more businesses")), "measurable-objective")
            .size() == 1);
}

TEST_CASE("measurable-objective stays quiet on words with digits") {
  CHECK(check_one(team(objective("o1", "Win B2B customers in Q4 with 4G-ready apps")),
                  "measurable-objective")
            .empty());
  CHECK(check_one(team(objective("o1", "Be the 1st bank new customers recommend")),
                  "measurable-objective")
            .empty());
}

TEST_CASE("missing-unit fires on numeric key results and KPIs without a unit") {
  const std::string text = team("  - id: o1\n    title: Delight new users\n    key_results:\n"
                                "      - {id: a, title: Lift a from 1 to 2, baseline: 1, target: "
                                "2}\n"
                                "      - {id: b, title: Keep b up, stay_above: 3}\n"
                                "      - {id: c, title: Tutorial live, milestone: true}\n"
                                "kpis:\n  - {id: nps, title: NPS, stay_above: 20}\n");
  CHECK(check_one(text, "missing-unit") ==
        Lines{"okrs/2026-Q4/discover.yaml:9:14: warning: key result 'a' has numbers but no unit; "
              "add 'unit' (such as \"%\", customers, minutes) so that everyone reads them the "
              "same way [missing-unit]",
              "okrs/2026-Q4/discover.yaml:10:14: warning: key result 'b' has numbers but no "
              "unit; add 'unit' (such as \"%\", customers, minutes) so that everyone reads them "
              "the same way [missing-unit]",
              "okrs/2026-Q4/discover.yaml:13:10: warning: KPI 'nps' has no unit; add 'unit' "
              "(such as \"%\", points, minutes) so that everyone reads it the same way "
              "[missing-unit]"});
}

TEST_CASE("missing-unit stays quiet with units") {
  CHECK(check_one(team(objective("o1")) + "kpis:\n  - {id: nps, title: NPS, unit: points, "
                                          "stay_above: 20}\n",
                  "missing-unit")
            .empty());
}

TEST_CASE("no-change fires when baseline equals target") {
  const std::string text =
      team("  - id: o1\n    title: Delight new users\n    key_results:\n"
           "      - {id: a, title: Hold a at 99.5, baseline: 99.5, target: 99.5, unit: '%'}\n"
           "      - {id: b, title: Lift b from 1 to 2, baseline: 1, target: 2, unit: x}\n");
  CHECK(check_one(text, "no-change") ==
        Lines{"okrs/2026-Q4/discover.yaml:9:64: warning: key result 'a' has baseline and target "
              "both 99.5, so it asks for no change; set a target that moves, or keep the value "
              "healthy as a KPI or a stay_above/stay_below guardrail [no-change]"});
}

TEST_CASE("no-change stays quiet on a movement and a guardrail") {
  CHECK(check_one(team(objective("o1")), "no-change").empty());
}

TEST_CASE("long-objective fires above 120 characters, counted in code points") {
  const std::string title(121, 'a');
  const Lines found = check_one(team(objective("o1", title)), "long-objective");
  CHECK(found == Lines{"okrs/2026-Q4/discover.yaml:7:12: warning: objective 'o1' has a title of "
                       "121 characters, more than 120; make it short enough to remember and move "
                       "detail into its key results [long-objective]"});
  std::string accented;
  for (int i = 0; i < 120; ++i) {
    accented += "\xC3\xA9"; // é: two bytes, one character
  }
  CHECK(check_one(team(objective("o1", accented)), "long-objective").empty());
}

namespace {

std::vector<SourceFile> with_checkins(const std::vector<std::string>& dates,
                                      const std::string& level = "team") {
  std::vector<SourceFile> files = {
      {"okrs/2026-Q4/discover.yaml", "cycle: 2026-Q4\nowner: discover\nlevel: " + level +
                                         "\nparent: acme\nobjectives:\n" + objective("o1")}};
  for (const std::string& date : dates) {
    files.push_back({"checkins/2026-Q4/discover/" + date + ".yaml",
                     "owner: discover\ncycle: 2026-Q4\ndate: " + date +
                         "\nconfidence: 7\nresults:\n  o1/a: 1.5\n"});
  }
  return files;
}

} // namespace

TEST_CASE("stale-checkin fires when the last check-in is older than twice the cadence") {
  CHECK(check(with_checkins({"2026-10-09", "2026-10-30"}), "stale-checkin") ==
        Lines{"okrs/2026-Q4/discover.yaml:2:8: warning: discover's last check-in in 2026-Q4 is "
              "from 2026-10-30, 21 days ago, more than twice the 7-day cadence; check in to catch "
              "blockers before they derail the cycle [stale-checkin]"});
}

TEST_CASE("stale-checkin fires for a team with none after two weeks") {
  CHECK(check(with_checkins({}), "stale-checkin", "2026-10-15") ==
        Lines{"okrs/2026-Q4/discover.yaml:2:8: warning: discover has no check-in in 2026-Q4, 14 "
              "days after it started; check in every 7 days (GRIP: confidence, results, issues, "
              "plan) [stale-checkin]"});
}

TEST_CASE("stale-checkin stays quiet for weekly check-ins, early cycles and ended cycles") {
  CHECK(check(with_checkins({"2026-11-06", "2026-11-13"}), "stale-checkin").empty());
  CHECK(check(with_checkins({}), "stale-checkin", "2026-10-14").empty());
  CHECK(check(with_checkins({}), "stale-checkin", "2027-01-05").empty());
  CHECK(check(with_checkins({}, "unit"), "stale-checkin").empty());
  const std::vector<SourceFile> fortnightly = {{"okr.yaml", "checkin: {cadence_days: 14}\n"},
                                               with_checkins({"2026-10-30"})[0],
                                               with_checkins({"2026-10-30"})[1]};
  CHECK(check(fortnightly, "stale-checkin").empty());
}

TEST_CASE("stale-checkin holds each owner to its own cadence") {
  // A unit checking in monthly: 21 days is on time, 61 days is not.
  auto unit = [](const std::string& config, const std::string& date) {
    std::vector<SourceFile> files = with_checkins({date}, "unit");
    files.push_back({"okr.yaml", config});
    return files;
  };
  const std::string monthly = "checkin: {cadence_days: 7, cadence_by_level: {unit: 30}}\n";
  CHECK(check(unit(monthly, "2026-10-30"), "stale-checkin").empty());
  CHECK(check(unit("checkin: {cadence_days: 7}\n", "2026-10-30"), "stale-checkin").size() == 1);
  CHECK(check(unit(monthly, "2026-09-20"), "stale-checkin") ==
        Lines{"okrs/2026-Q4/discover.yaml:2:8: warning: discover's last check-in in 2026-Q4 is "
              "from 2026-09-20, 61 days ago, more than twice the 30-day cadence; check in to "
              "catch blockers before they derail the cycle [stale-checkin]"});
  // The OKR file's own cadence wins over the level's.
  std::vector<SourceFile> own = unit(monthly, "2026-10-30");
  own[0].text.replace(own[0].text.find("objectives:"), 0, "cadence_days: 7\n");
  CHECK(check(own, "stale-checkin").size() == 1);
}

TEST_CASE("an owner's cadence: the file's, else its level's, else the repository's") {
  okr::Config config;
  okr::OkrFile file;
  file.level = okr::Level::unit;
  CHECK(okr::cadence_days(config, file) == 7);
  config.cadence_days = 14;
  CHECK(okr::cadence_days(config, file) == 14);
  config.cadence_by_level[static_cast<std::size_t>(okr::Level::unit)] = 30;
  config.cadence_by_level[static_cast<std::size_t>(okr::Level::company)] = 90;
  CHECK(okr::cadence_days(config, file) == 30);
  file.level = okr::Level::team;
  CHECK(okr::cadence_days(config, file) == 14);
  file.cadence_days = okr::Number{3, {}, 0};
  CHECK(okr::cadence_days(config, file) == 3);
}

TEST_CASE("bad cadences are schema errors where they are written") {
  CHECK(check({{"okr.yaml", "checkin:\n  cadence_days: 0\n  cadence_by_level: {unit: -3, "
                            "division: 30, team: weekly}\n"}},
              "schema") ==
        Lines{"okr.yaml:2:17: error: 'cadence_days' must be a whole number of days from 1 to 366, "
              "not 0 [schema]",
              "okr.yaml:3:28: error: 'cadence_by_level.unit' must be a whole number of days from "
              "1 to 366, not -3 [schema]",
              "okr.yaml:3:32: error: 'cadence_by_level' must be company, unit, team or "
              "individual, not 'division' [schema]",
              "okr.yaml:3:52: error: 'cadence_by_level.team' must be a number, not 'weekly' "
              "[schema]"});
}

namespace {

std::vector<SourceFile> committed(const std::string& last_value) {
  return {{"okrs/2026-Q4/discover.yaml",
           team("  - id: o1\n    title: Delight new users\n    key_results:\n"
                "      - {id: a, title: Lift a from 65 to 90, type: committed, baseline: 65, "
                "target: 90, unit: '%'}\n"
                "      - {id: b, title: Lift b from 1 to 2, baseline: 1, target: 2, unit: x}\n"
                "      - {id: c, title: Tutorial live, type: committed, milestone: true}\n")},
          {"checkins/2026-Q4/discover/2026-12-01.yaml",
           "owner: discover\ncycle: 2026-Q4\ndate: 2026-12-01\nresults:\n  o1/a: 95\n  o1/b: 1\n"
           "  o1/c: not-done\n"},
          {"checkins/2026-Q4/discover/2026-12-18.yaml",
           "owner: discover\ncycle: 2026-Q4\ndate: 2026-12-18\nresults:\n  o1/a: " + last_value +
               "\n  o1/c: done\n"}};
}

} // namespace

TEST_CASE("committed-missed fires after the cycle on a committed key result below 1.0") {
  CHECK(check(committed("80"), "committed-missed", "2027-01-04") ==
        Lines{"okrs/2026-Q4/discover.yaml:9:14: info: committed key result 'a' ended 2026-Q4 at "
              "0.60 (80 on 2026-12-18); committed results are expected in full, so hold a "
              "blameless postmortem on what got in the way [committed-missed]"});
}

TEST_CASE("committed-missed stays quiet while the cycle runs and when the target was met") {
  CHECK(check(committed("80"), "committed-missed", "2026-12-20").empty());
  CHECK(check(committed("90"), "committed-missed", "2027-01-04").empty());
}

namespace {

/// A committed guardrail read three times in 2026-Q4, the second reading `middle`.
std::vector<SourceFile> guardrail(const std::string& middle) {
  auto checkin = [](const std::string& date, const std::string& value) {
    return SourceFile{"checkins/2026-Q4/discover/" + date + ".yaml",
                      "owner: discover\ncycle: 2026-Q4\ndate: " + date +
                          "\nresults:\n  o1/up: " + value + "\n  o1/b: 2\n"};
  };
  return {{"okrs/2026-Q4/discover.yaml",
           team("  - id: o1\n    title: Delight new users\n    key_results:\n"
                "      - {id: up, title: Keep uptime at 99.9% or more, type: committed, "
                "stay_above: 99.9, unit: '%'}\n"
                "      - {id: b, title: Lift b from 1 to 2, baseline: 1, target: 2, unit: x}\n")},
          checkin("2026-10-15", "99.95"),
          checkin("2026-11-15", middle),
          checkin("2026-12-15", "99.97")};
}

} // namespace

TEST_CASE("committed-missed fires on a committed guardrail breached once in an ended cycle") {
  // The latest reading holds: only the whole history shows the breach.
  CHECK(check(guardrail("99.2"), "committed-missed", "2027-01-04") ==
        Lines{"okrs/2026-Q4/discover.yaml:9:14: info: committed guardrail 'up' was breached in 1 "
              "of 3 readings of 2026-Q4 (99.2 on 2026-11-15); it had to hold all along, so hold "
              "a blameless postmortem on what got in the way [committed-missed]"});
}

TEST_CASE("committed-missed stays quiet on a guardrail that held on every reading") {
  CHECK(check(guardrail("99.9"), "committed-missed", "2027-01-04").empty());
  CHECK(check(guardrail("99.2"), "committed-missed", "2026-12-20").empty()); // still running
}

TEST_CASE("kr-count judges a shared objective's local key results by shared_min") {
  const std::string shared = team("  - shared: acme/delight\n    key_results:\n"
                                  "      - {id: a, title: Lift a from 1 to 2, baseline: 1, "
                                  "target: 2, unit: x}\n");
  CHECK(check_one(shared, "kr-count").empty()); // one local key result is the norm
  const std::string none = team("  - shared: acme/delight\n    key_results: []\n");
  CHECK(check_one(none, "kr-count") ==
        Lines{"okrs/2026-Q4/discover.yaml:6:13: warning: objective 'delight' has 0 key "
              "results, fewer than 1; add the evidence that would show the change has happened "
              "[kr-count]"});
}
