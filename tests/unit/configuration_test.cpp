// okr.yaml `lint`, --select/--ignore and inline suppressions.

#include <catch2/catch.hpp>

#include "check_helpers.hpp"

using okr::find_suppressions;
using okr::SourceFile;
using okr::Suppression;
using okr::test::check;
using Lines = std::vector<std::string>;

namespace {

const std::string k_team = "cycle: 2026-Q4\nowner: discover\nlevel: team\nparent: acme\n"
                           "objectives:\n"
                           "  - id: o1\n    title: Delight new users\n    key_results:\n"
                           "      - id: a\n        title: Launch the webinar\n"
                           "        milestone: true\n"
                           "      - {id: b, title: Lift b from 1 to 2, baseline: 1, target: 2}\n";

std::vector<SourceFile> repo(const std::string& config, const std::string& team = k_team) {
  std::vector<SourceFile> files = {
      {"okrs/2026-Q4/acme.yaml", "cycle: 2026-Q4\nowner: acme\nlevel: company\nobjectives: []\n"},
      {"okrs/2026-Q4/discover.yaml", team}};
  if (!config.empty()) {
    files.insert(files.begin(), {"okr.yaml", config});
  }
  return files;
}

} // namespace

TEST_CASE("lint.rules sets a rule's severity or turns it off") {
  CHECK(check(repo("lint:\n  rules:\n    output-kr: error\n    missing-unit: off\n"), "",
              "2026-10-05") ==
        Lines{"okrs/2026-Q4/discover.yaml:11:20: error: key result 'a' is a milestone, a task "
              "rather than an outcome; measure the change the work should cause (baseline and "
              "target) and list the work under initiatives [output-kr]"});
}

TEST_CASE("lint.rules reports unknown rules and settings with a suggestion") {
  CHECK(check(repo("lint:\n  rules:\n    output-kr: error\n    kr-cuont: off\n"
                   "    kr-count: {maximum: 4}\n    long-objective: {max: long}\n"),
              "schema") ==
        Lines{"okr.yaml:4:5: error: unknown rule 'kr-cuont' in lint.rules; did you mean "
              "'kr-count'? [schema]",
              "okr.yaml:5:25: error: rule 'kr-count' has no setting 'maximum'; its settings are: "
              "min, max, shared_min [schema]",
              "okr.yaml:6:27: error: setting 'max' of rule 'long-objective' must be a whole "
              "number such as 120, not 'long' [schema]"});
}

TEST_CASE("lint.ignore skips files by glob") {
  CHECK(check(repo("lint:\n  ignore: [okrs/**/disc*.yaml]\n")).empty());
  CHECK(check(repo("lint:\n  ignore: okrs/2026-Q4\n")).empty());
  CHECK(!check(repo("lint:\n  ignore: okrs/2026-Q3\n")).empty());
}

TEST_CASE("glob_match") {
  CHECK(okr::glob_match("okrs/*.yaml", "okrs/a.yaml"));
  CHECK(!okr::glob_match("okrs/*.yaml", "okrs/q4/a.yaml"));
  CHECK(okr::glob_match("okrs/**/a.yaml", "okrs/a.yaml"));
  CHECK(okr::glob_match("okrs/**/a.yaml", "okrs/x/y/a.yaml"));
  CHECK(okr::glob_match("okrs/", "okrs/x/y/a.yaml"));
  CHECK(okr::glob_match("**/a-?.yaml", "okrs/a-1.yaml"));
  CHECK(!okr::glob_match("okr", "okrs/a.yaml"));
}

TEST_CASE("select runs only the named rules, ignore drops them") {
  okr::RuleSelection select;
  select.select = {"missing-unit"};
  CHECK(check(repo(""), "", "2026-10-05", select) ==
        Lines{"okrs/2026-Q4/discover.yaml:12:14: warning: key result 'b' has numbers but no "
              "unit; add 'unit' (such as \"%\", customers, minutes) so that everyone reads them "
              "the same way [missing-unit]"});
  okr::RuleSelection ignore;
  ignore.ignore = {"missing-unit", "output-kr"};
  CHECK(check(repo(""), "", "2026-10-05", ignore).empty());
}

TEST_CASE("a suppression on the finding's line or the line above silences it") {
  std::string team = k_team;
  team.replace(team.find("        milestone: true\n"), 24,
               "        milestone: true  # okr: ignore[output-kr]\n");
  team.replace(team.find("      - {id: b"), 0, "      # okr: ignore[missing-unit, kr-count]\n");
  CHECK(check(repo("", team), "", "2026-10-05") ==
        Lines{"okrs/2026-Q4/discover.yaml:12:35: info: nothing here or on the next line is "
              "reported by 'kr-count'; remove 'kr-count' from the suppression "
              "[unused-suppression]"});
}

TEST_CASE("a suppression comment keeps its reason for every rule it names") {
  const std::vector<Suppression> found = find_suppressions(
      "a: 1\n"
      "b: 2   # okr: ignore[moved-target, kr-count]  re-planned after the March incident \r\n"
      "c: 3  # okr: ignore[output-kr]\n");
  REQUIRE(found.size() == 3);
  CHECK(found[0].rule == "moved-target");
  CHECK(found[0].line == 2);
  CHECK(found[0].reason == "re-planned after the March incident");
  CHECK(found[1].reason == "re-planned after the March incident");
  CHECK(found[2].line == 3);
  CHECK(found[2].reason.empty());
}

TEST_CASE("a suppression of an unknown rule is reported with a suggestion") {
  std::string team = k_team;
  team.replace(team.find("        milestone: true\n"), 24,
               "        milestone: true  # okr: ignore[output-rk]\n");
  const Lines found = check(repo("", team), "unused-suppression", "2026-10-05");
  CHECK(found == Lines{"okrs/2026-Q4/discover.yaml:11:40: info: 'output-rk' is not a rule, so "
                       "this suppression does nothing; did you mean 'output-kr'? "
                       "[unused-suppression]"});
}

TEST_CASE("a suppression inside a quoted title is not a comment") {
  std::string team = k_team;
  team.replace(team.find("Launch the webinar"), 18, "\"Launch#okr: ignore[output-kr]\"");
  CHECK(check(repo("", team), "output-kr", "2026-10-05").size() == 1);
}

TEST_CASE("a rule's levels keep its findings to the owners of those levels") {
  const std::string person = "cycle: 2026-Q4\nowner: ana\nlevel: individual\nparent: discover\n"
                             "objectives:\n"
                             "  - id: grow\n    title: Grow as an engineer\n    key_results:\n"
                             "      - id: course\n        title: Complete the JavaScript course\n"
                             "        milestone: true\n"
                             "      - id: talk\n        title: Give a talk\n"
                             "        milestone: true   # okr: ignore[output-kr]\n";
  auto files = [&](const std::string& config) {
    std::vector<SourceFile> out = repo(config);
    out.push_back({"okrs/2026-Q4/ana.yaml", person});
    return out;
  };
  const std::string team_finding =
      "okrs/2026-Q4/discover.yaml:11:20: warning: key result 'a' is a milestone, a task rather "
      "than an outcome; measure the change the work should cause (baseline and target) and list "
      "the work under initiatives [output-kr]";
  CHECK(check(files(""), "output-kr") ==
        Lines{"okrs/2026-Q4/ana.yaml:11:20: warning: key result 'course' is a milestone, a task "
              "rather than an outcome; measure the change the work should cause (baseline and "
              "target) and list the work under initiatives [output-kr]",
              team_finding});
  // The suppression in the individual's file is not unused: the rule does not apply there.
  const auto configured = check(
      files("lint:\n  rules:\n    output-kr: {levels: [company, unit, team]}\n"), "", "2026-10-05");
  CHECK(configured ==
        Lines{team_finding,
              "okrs/2026-Q4/discover.yaml:12:14: warning: key result 'b' has numbers but no unit; "
              "add 'unit' (such as \"%\", customers, minutes) so that everyone reads them the "
              "same way [missing-unit]"});
  CHECK(
      check(files("lint:\n  rules:\n    output-kr: {levels: individual}\n"), "output-kr").size() ==
      1);
}

TEST_CASE("a rule's levels are levels, each once") {
  CHECK(check(repo("lint:\n  rules:\n    output-kr: {levels: [company, squad]}\n"
                   "    no-change: {levels: []}\n    kr-count: {levels: [team, team]}\n"),
              "schema") ==
        Lines{"okr.yaml:3:35: error: 'levels' must be company, unit, team or individual, not "
              "'squad' [schema]",
              "okr.yaml:4:25: error: 'levels' lists the levels a rule applies to, such as "
              "[company, unit, team]; remove it to apply the rule to every level, or turn the "
              "rule off [schema]",
              "okr.yaml:5:31: error: 'levels' names 'team' twice [schema]"});
}
