// okr diff's comparison of two states of a repository: every kind of change, renames, and
// what must not be reported.

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <sstream>

#include <okr/diff.hpp>
#include <okr/loader.hpp>

namespace okr {

namespace {

using Strings = std::vector<std::string>;

LoadResult load(const std::vector<std::pair<std::string, std::string>>& files) {
  std::vector<SourceFile> sources;
  for (const auto& [path, text] : files) {
    sources.push_back({path, text, FileKind::other});
  }
  return load_sources(std::move(sources));
}

/// The changes as "owner: kind field: from -> to" lines.
Strings changes(const std::vector<std::pair<std::string, std::string>>& before,
                const std::vector<std::pair<std::string, std::string>>& after) {
  const LoadResult a = load(before);
  const LoadResult b = load(after);
  REQUIRE(a.diagnostics.empty());
  REQUIRE(b.diagnostics.empty());
  Strings out;
  for (const Change& c : diff_repositories(a.repo, b.repo)) {
    out.push_back(fmt::format("{}/{}: {} {}/{} {}: {} -> {}", c.cycle, c.owner, to_string(c.kind),
                              c.objective, c.kr, c.field, c.from, c.to));
  }
  return out;
}

const std::string k_path = "okrs/2027-Q1/growth.yaml";

std::string growth(std::string_view objectives, std::string_view head = "parent: acme\n") {
  return fmt::format("cycle: 2027-Q1\nowner: growth\nlevel: team\n{}objectives:\n{}", head,
                     objectives);
}

const std::string k_objective = "  - id: pipeline\n"
                                "    title: Fill the pipeline\n"
                                "    aligns_to: acme/grow\n"
                                "    key_results:\n"
                                "      - id: mqls\n"
                                "        title: Reach 3200 qualified leads\n"
                                "        baseline: 1000\n"
                                "        target: 3200\n"
                                "        unit: leads\n";

} // namespace

TEST_CASE("diff: identical states have no changes", "[diff]") {
  CHECK(changes({{k_path, growth(k_objective)}}, {{k_path, growth(k_objective)}}).empty());
}

TEST_CASE("diff: owners added, removed and re-parented; visibility", "[diff]") {
  CHECK(changes({}, {{k_path, growth(k_objective)}}) ==
        Strings{"2027-Q1/growth: owner-added / level:  -> team"});
  CHECK(changes({{k_path, growth(k_objective)}}, {}) ==
        Strings{"2027-Q1/growth: owner-removed / level: team -> "});
  CHECK(changes({{k_path, growth(k_objective)}},
                {{k_path, growth(k_objective, "parent: sales\nvisibility: private\n")}}) ==
        Strings{"2027-Q1/growth: owner-reparented / parent: acme -> sales",
                "2027-Q1/growth: visibility / visibility: public -> private"});
}

TEST_CASE("diff: a file moved to another path is the same owner", "[diff]") {
  CHECK(changes({{k_path, growth(k_objective)}},
                {{"okrs/2027-Q1/teams/growth.yaml", growth(k_objective)}})
            .empty());
}

TEST_CASE("diff: objectives added, removed, retitled, realigned, reweighted", "[diff]") {
  std::string changed = k_objective;
  changed.replace(changed.find("Fill the pipeline"), 17, "Fill the funnel");
  changed.replace(changed.find("acme/grow"), 9, "acme/retain");
  changed.insert(changed.find("    key_results"), "    weight: 2\n    depends_on: [platform]\n");
  CHECK(changes({{k_path, growth(k_objective)}}, {{k_path, growth(changed)}}) ==
        Strings{"2027-Q1/growth: objective-retitled pipeline/ title: Fill the pipeline -> Fill "
                "the funnel",
                "2027-Q1/growth: objective-realigned pipeline/ aligns_to: acme/grow -> "
                "acme/retain",
                "2027-Q1/growth: objective-realigned pipeline/ depends_on:  -> platform",
                "2027-Q1/growth: objective-reweighted pipeline/ weight: 1 -> 2"});
  const std::string other = "  - id: brand\n    title: Be known\n    key_results:\n"
                            "      - {id: visits, title: Visits, baseline: 1, target: 2}\n";
  CHECK(changes({{k_path, growth(k_objective)}}, {{k_path, growth(k_objective + other)}}) ==
        Strings{"2027-Q1/growth: objective-added brand/ title:  -> Be known"});
  CHECK(changes({{k_path, growth(k_objective + other)}}, {{k_path, growth(k_objective)}}) ==
        Strings{"2027-Q1/growth: objective-removed brand/ title: Be known -> "});
}

TEST_CASE("diff: key results' measure, type, unit, weight, contributes_to", "[diff]") {
  std::string changed = k_objective;
  changed.replace(changed.find("target: 3200"), 12, "target: 2800");
  changed.replace(changed.find("baseline: 1000"), 14, "baseline: 900");
  changed.replace(changed.find("unit: leads"), 11,
                  "unit: MQLs\n        type: committed\n        weight: 3\n"
                  "        contributes_to: [acme/grow/leads]");
  CHECK(changes({{k_path, growth(k_objective)}}, {{k_path, growth(changed)}}) ==
        Strings{"2027-Q1/growth: key-result-measure pipeline/mqls baseline: 1000 -> 900",
                "2027-Q1/growth: key-result-measure pipeline/mqls target: 3200 -> 2800",
                "2027-Q1/growth: key-result-type pipeline/mqls type: stretch -> committed",
                "2027-Q1/growth: key-result-unit pipeline/mqls unit: leads -> MQLs",
                "2027-Q1/growth: key-result-weight pipeline/mqls weight: 1 -> 3",
                "2027-Q1/growth: key-result-contributes-to pipeline/mqls contributes_to:  -> "
                "acme/grow/leads"});
}

TEST_CASE("diff: key results added, removed, retitled; guardrails and milestones", "[diff]") {
  const std::string extra = "      - {id: churn, title: Keep churn low, stay_below: 5, unit: "
                            "\"%\"}\n";
  CHECK(changes({{k_path, growth(k_objective)}}, {{k_path, growth(k_objective + extra)}}) ==
        Strings{"2027-Q1/growth: key-result-added pipeline/churn title:  -> Keep churn low"});
  CHECK(changes({{k_path, growth(k_objective + extra)}}, {{k_path, growth(k_objective)}}) ==
        Strings{"2027-Q1/growth: key-result-removed pipeline/churn title: Keep churn low -> "});
  std::string lower = extra;
  lower.replace(lower.find("stay_below: 5"), 13, "stay_below: 4");
  lower.replace(lower.find("Keep churn low"), 14, "Keep churn lower");
  CHECK(changes({{k_path, growth(k_objective + extra)}}, {{k_path, growth(k_objective + lower)}}) ==
        Strings{"2027-Q1/growth: key-result-retitled pipeline/churn title: Keep churn low -> "
                "Keep churn lower",
                "2027-Q1/growth: key-result-measure pipeline/churn stay_below: 5 -> 4"});
  const std::string milestone = "      - {id: launch, title: Launch the site, milestone: true}\n";
  const std::string progress = "      - {id: launch, title: Launch the site, baseline: 0, "
                               "target: 1}\n";
  CHECK(changes({{k_path, growth(k_objective + milestone)}},
                {{k_path, growth(k_objective + progress)}}) ==
        Strings{"2027-Q1/growth: key-result-measure pipeline/launch baseline:  -> 0",
                "2027-Q1/growth: key-result-measure pipeline/launch target:  -> 1",
                "2027-Q1/growth: key-result-measure pipeline/launch milestone: true -> "});
}

TEST_CASE("diff: a stay_between range moved is a measure change", "[diff]") {
  const std::string range = "      - {id: uptime, title: Keep the site up, stay_between: [99.5, "
                            "100], unit: \"%\"}\n";
  std::string narrower = range;
  narrower.replace(narrower.find("99.5"), 4, "99.9");
  CHECK(changes({{k_path, growth(k_objective + range)}},
                {{k_path, growth(k_objective + narrower)}}) ==
        Strings{"2027-Q1/growth: key-result-measure pipeline/uptime stay_between: [99.5, 100] -> "
                "[99.9, 100]"});
  CHECK(changes({{k_path, growth(k_objective + range)}}, {{k_path, growth(k_objective + range)}})
            .empty());
}

TEST_CASE("diff: an id renamed with the same content is a rename", "[diff]") {
  std::string renamed_kr = k_objective;
  renamed_kr.replace(renamed_kr.find("id: mqls"), 8, "id: leads");
  CHECK(changes({{k_path, growth(k_objective)}}, {{k_path, growth(renamed_kr)}}) ==
        Strings{"2027-Q1/growth: key-result-renamed pipeline/leads id: mqls -> leads"});
  std::string renamed_objective = k_objective;
  renamed_objective.replace(renamed_objective.find("id: pipeline"), 12, "id: funnel");
  CHECK(changes({{k_path, growth(k_objective)}}, {{k_path, growth(renamed_objective)}}) ==
        Strings{"2027-Q1/growth: objective-renamed funnel/ id: pipeline -> funnel"});
  // A new id with other content is a removal and an addition.
  std::string replaced = renamed_kr;
  replaced.replace(replaced.find("target: 3200"), 12, "target: 9999");
  CHECK(changes({{k_path, growth(k_objective)}}, {{k_path, growth(replaced)}}) ==
        Strings{"2027-Q1/growth: key-result-added pipeline/leads title:  -> Reach 3200 qualified "
                "leads",
                "2027-Q1/growth: key-result-removed pipeline/mqls title: Reach 3200 qualified "
                "leads -> "});
}

TEST_CASE("diff: a file that failed to load is not an owner removed", "[diff]") {
  const LoadResult a = load({{k_path, growth(k_objective)}});
  const LoadResult b = load({{k_path, "cycle: [\n"}});
  CHECK(diff_repositories(a.repo, b.repo, {}, {k_path}).empty());
  CHECK(diff_repositories(a.repo, b.repo).size() == 1);
}

TEST_CASE("diff: the three formats", "[diff]") {
  const LoadResult a = load({{k_path, growth(k_objective)}});
  std::string changed = k_objective;
  changed.replace(changed.find("target: 3200"), 12, "target: 2800");
  const LoadResult b = load({{k_path, growth(changed)}});
  DiffReport report;
  report.from = "HEAD";
  report.to = "the working tree";
  report.changes = diff_repositories(a.repo, b.repo);
  Commit commit;
  commit.id = "1b3d1c2aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
  commit.short_id = "1b3d1c2";
  commit.author = "Marta";
  commit.author_date = *Date::parse("2027-02-19");
  report.changes[0].commit = commit;
  std::ostringstream text;
  render_diff_text(text, report, false);
  CHECK(text.str() == "1 change in 1 owner from HEAD to the working tree\n"
                      "\n"
                      "growth (2027-Q1)\n"
                      "  ~ key result pipeline/mqls target 3200 → 2800, 2027-02-19, commit "
                      "1b3d1c2, by Marta\n");
  std::ostringstream markdown;
  render_diff_markdown(markdown, report);
  CHECK(markdown.str() == "### OKR changes\n\n1 change in 1 owner from HEAD to the working tree.\n"
                          "\n**growth** (2027-Q1)\n\n"
                          "- ~ key result pipeline/mqls target 3200 → 2800 (2027-02-19, commit "
                          "1b3d1c2, by Marta)\n");
  std::ostringstream json;
  render_diff_json(json, report);
  CHECK(json.str().find("\"kind\": \"key-result-measure\"") != std::string::npos);
  CHECK(json.str().find("\"field\": \"target\"") != std::string::npos);
  CHECK(json.str().find("\"author\": \"Marta\"") != std::string::npos);
}

} // namespace okr
