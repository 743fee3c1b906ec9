// The four rules built on the alignment analyses: each fires, and each stays quiet.

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <okr/loader.hpp>
#include <okr/rules.hpp>

namespace okr {

namespace {

using Strings = std::vector<std::string>;

/// The findings of one rule, as "file:line:col: severity: message".
Strings findings(std::vector<SourceFile> files, std::string_view rule) {
  const LoadResult loaded = load_sources(std::move(files));
  REQUIRE(loaded.diagnostics.empty());
  CheckOptions options;
  options.today = *Date::parse("2026-11-20");
  Strings out;
  for (const Diagnostic& d : run_rules(loaded.repo, options)) {
    if (d.rule == rule) {
      out.push_back(fmt::format("{}:{}:{}: {}: {}", d.file, d.line, d.column, to_string(d.severity),
                                d.message));
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

SourceFile company(std::string objectives) {
  return {"okrs/2026/acme.yaml",
          "cycle: 2026\nowner: acme\nlevel: company\nobjectives:\n" + objectives, FileKind::other};
}

SourceFile file(std::string owner, std::string level, std::string parent, std::string objectives) {
  return {"okrs/2026-Q4/" + owner + ".yaml",
          fmt::format("cycle: 2026-Q4\nowner: {}\nlevel: {}\nparent: {}\nobjectives:\n{}", owner,
                      level, parent, objectives),
          FileKind::other};
}

std::string objective(std::string id, std::string title, std::string extra = "") {
  return fmt::format("  - id: {}\n    title: {}\n{}    key_results: [{{id: k, title: {} result, "
                     "milestone: true}}]\n",
                     id, title, extra, id);
}

} // namespace

TEST_CASE("orphan-objective fires on a team objective that aligns to nothing") {
  CHECK(findings({company(objective("growth", "Grow revenue")),
                  file("team", "team", "acme",
                       objective("faster", "Release faster") +
                           objective("bigger", "Sell more", "    aligns_to: acme/growth\n"))},
                 "orphan-objective") ==
        Strings{"okrs/2026-Q4/team.yaml:6:9: warning: objective 'faster' aligns to nothing "
                "although 'acme' has objectives for this cycle; add 'aligns_to: "
                "acme/<objective>' naming the one it serves, or ask whether it is a priority at "
                "all"});
}

TEST_CASE("orphan-objective stays quiet without objectives above, and for individuals") {
  // The parent has no objectives in an overlapping cycle: nothing to align to.
  CHECK(findings({{"okrs/2025/acme.yaml",
                   "cycle: 2025\nowner: acme\nlevel: company\nobjectives:\n" +
                       objective("old", "Old priorities"),
                   FileKind::other},
                  file("team", "team", "acme", objective("faster", "Release faster")),
                  file("pat", "individual", "team", objective("speak", "Learn to speak"))},
                 "orphan-objective")
            .empty());
}

TEST_CASE("unsupported-objective fires on a company objective nobody supports") {
  CHECK(findings({company(objective("growth", "Grow revenue") +
                          objective("resilience", "Keep systems running")),
                  file("team", "team", "acme",
                       objective("bigger", "Sell more", "    aligns_to: acme/growth\n"))},
                 "unsupported-objective") ==
        Strings{"okrs/2026/acme.yaml:8:9: warning: no objective aligns to 'acme/resilience' "
                "and no team shares it, which leaves a strategy gap; ask which team can move it "
                "and have them align to it, or drop it from the priorities"});
}

TEST_CASE("unsupported-objective stays quiet when objectives align to it or share it") {
  CHECK(findings({company(objective("growth", "Grow revenue") +
                          objective("resilience", "Keep systems running")),
                  file("team", "team", "acme",
                       objective("bigger", "Sell more", "    aligns_to: acme/growth\n") +
                           "  - shared: acme/resilience\n    key_results: [{id: d, title: "
                           "Drills, milestone: true}]\n")},
                 "unsupported-objective")
            .empty());
}

TEST_CASE("overlapping-objectives fires on both of two near-identical objectives") {
  const std::string aligned = "    aligns_to: acme/growth\n";
  CHECK(findings({company(objective("growth", "Grow revenue")),
                  file("team-a", "team", "acme",
                       objective("ways", "Improve our ways of working", aligned)),
                  file("team-b", "team", "acme",
                       objective("better-ways", "Improve the team's ways of working", aligned))},
                 "overlapping-objectives") ==
        Strings{"okrs/2026-Q4/team-a.yaml:6:9: info: objective 'ways' says nearly the same "
                "thing as team-b/better-ways; consider one shared objective that each owner "
                "pursues with its own key results",
                "okrs/2026-Q4/team-b.yaml:6:9: info: objective 'better-ways' says nearly the "
                "same thing as team-a/ways; consider one shared objective that each owner "
                "pursues with its own key results"});
}

TEST_CASE("overlapping-objectives stays quiet on different objectives and on shared ones") {
  const std::string aligned = "    aligns_to: acme/growth\n";
  CHECK(findings({company(objective("growth", "Grow revenue")),
                  file("team-a", "team", "acme",
                       objective("ways", "Improve our ways of working", aligned)),
                  file("team-b", "team", "acme",
                       objective("payments", "Make payments feel instant", aligned) +
                           "  - shared: team-a/ways\n    key_results: [{id: d, title: Retro, "
                           "milestone: true}]\n")},
                 "overlapping-objectives")
            .empty());
}

TEST_CASE("individual-copy fires on a copied objective and a copied key result") {
  const std::string team_okrs =
      "  - id: first-week\n    title: Make the first week seamless for new users\n"
      "    key_results:\n"
      "      - {id: completion, title: Lift onboarding completion from 65% to 90%, baseline: "
      "65, target: 90, unit: \"%\"}\n";
  const std::string my_okrs =
      "  - id: my-first-week\n    title: Make the first week seamless for new users\n"
      "    key_results: [{id: talks, title: Give 2 talks, milestone: true}]\n"
      "  - id: research\n    title: Run usability research every week\n"
      "    key_results:\n"
      "      - {id: completion, title: Lift onboarding completion from 65% to 90%, baseline: "
      "65, target: 90, unit: \"%\"}\n";
  CHECK(findings({file("discover", "team", "digital", team_okrs),
                  file("ana", "individual", "discover", my_okrs)},
                 "individual-copy") ==
        Strings{"okrs/2026-Q4/ana.yaml:12:14: warning: key result 'completion' repeats the "
                "team's key result 'discover/first-week/completion'; write the result you will "
                "personally move to support it instead",
                "okrs/2026-Q4/ana.yaml:6:9: warning: objective 'my-first-week' repeats the "
                "team's objective 'discover/first-week'; write what you will personally do or "
                "learn to support it, and align to it"});
}

TEST_CASE("individual-copy stays quiet on a personal contribution") {
  const std::string team_okrs =
      "  - id: first-week\n    title: Make the first week seamless for new users\n"
      "    key_results: [{id: completion, title: Lift onboarding completion from 65% to 90%, "
      "baseline: 65, target: 90, unit: \"%\"}]\n";
  const std::string my_okrs =
      "  - id: research\n    title: Turn usability research into a team habit\n"
      "    aligns_to: discover/first-week\n"
      "    key_results: [{id: sessions, title: Grow my usability sessions from 2 to 8, baseline: "
      "2, target: 8, unit: sessions}]\n";
  CHECK(findings({file("discover", "team", "digital", team_okrs),
                  file("ana", "individual", "discover", my_okrs)},
                 "individual-copy")
            .empty());
}

} // namespace okr
