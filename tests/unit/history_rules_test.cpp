// moved-target and backdated-checkin on facts given in memory (CheckOptions::history): each
// fires, each stays quiet, neither says anything without history, and a suppression of them
// without history is not an unused-suppression.

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <okr/loader.hpp>
#include <okr/rules.hpp>

namespace okr {

namespace {

using Strings = std::vector<std::string>;

const std::string k_okr = "cycle: 2027-Q1\n"
                          "owner: growth\n"
                          "level: team\n"
                          "parent: acme\n"
                          "objectives:\n"
                          "  - id: pipeline\n"
                          "    title: Fill the sales pipeline\n"
                          "    key_results:\n"
                          "      - id: mqls\n"
                          "        title: Reach the qualified leads a month\n"
                          "        baseline: 2000\n"
                          "        target: 2800{}\n"
                          "        unit: leads\n"
                          "      - id: demos\n"
                          "        title: Book demos a week\n"
                          "        baseline: 10\n"
                          "        target: 20\n"
                          "        unit: demos\n";

const std::string k_checkin = "owner: growth\ncycle: 2027-Q1\ndate: 2027-02-01\nresults:\n"
                              "  pipeline/mqls: 2300\n";

Strings findings(const std::string& comment, const HistoryFacts* history, std::string_view rule) {
  std::vector<SourceFile> files = {
      {"okrs/2027-Q1/growth.yaml", fmt::format(fmt::runtime(k_okr), comment), FileKind::other},
      {"checkins/2027-Q1/growth/2027-02-01.yaml", k_checkin, FileKind::other}};
  const LoadResult loaded = load_sources(std::move(files));
  REQUIRE(loaded.diagnostics.empty());
  CheckOptions options;
  options.today = *Date::parse("2027-03-20");
  options.history = history;
  std::vector<Diagnostic> found = run_rules(loaded.repo, options);
  apply_configuration(loaded.repo, options, found);
  Strings out;
  for (const Diagnostic& d : found) {
    if (d.rule == rule) {
      out.push_back(fmt::format("{}:{}:{}: {}: {}", d.file, d.line, d.column, to_string(d.severity),
                                d.message));
    }
  }
  return out;
}

MeasureMove move(std::string field, std::string from, std::string to, std::string date) {
  return {"2027-Q1",       "growth",      "pipeline",         "mqls",    std::move(field),
          std::move(from), std::move(to), *Date::parse(date), "1b3d1c2", "Marta"};
}

} // namespace

TEST_CASE("moved-target fires on a target moved after the cycle started", "[history-rules]") {
  HistoryFacts facts;
  facts.moves.push_back(move("target", "3200", "2800", "2027-02-22"));
  CHECK(findings("", &facts, "moved-target") ==
        Strings{"okrs/2027-Q1/growth.yaml:12:17: warning: target of key result pipeline/mqls "
                "moved from 3200 to 2800 on 2027-02-22 (commit 1b3d1c2, by Marta), after 2027-Q1 "
                "started on 2027-01-01; moving it mid-cycle rescores the past: keep it and report "
                "the miss, or give the reason in '# okr: ignore[moved-target] REASON'"});
  facts.moves[0].field = "type";
  facts.moves[0].from = "committed";
  facts.moves[0].to = "stretch";
  CHECK(findings("", &facts, "moved-target").size() == 1);
}

TEST_CASE("moved-target stays quiet", "[history-rules]") {
  HistoryFacts facts;
  SECTION("on a change made on or before the cycle's first day") {
    facts.moves.push_back(move("target", "3200", "2800", "2027-01-01"));
    CHECK(findings("", &facts, "moved-target").empty());
  }
  SECTION("on a key result that no longer exists") {
    facts.moves.push_back(move("target", "3200", "2800", "2027-02-22"));
    facts.moves[0].kr = "gone";
    CHECK(findings("", &facts, "moved-target").empty());
  }
  SECTION("when a suppression with a reason covers it") {
    facts.moves.push_back(move("target", "3200", "2800", "2027-02-22"));
    CHECK(findings("  # okr: ignore[moved-target] re-planned after the March incident", &facts,
                   "moved-target")
              .empty());
    CHECK(findings("  # okr: ignore[moved-target] re-planned after the March incident", &facts,
                   "unused-suppression")
              .empty());
  }
  SECTION("without history, and its suppression is not unused") {
    CHECK(findings("", nullptr, "moved-target").empty());
    CHECK(findings("  # okr: ignore[moved-target] re-planned", nullptr, "unused-suppression")
              .empty());
  }
  SECTION("with history and nothing moved, its suppression is unused") {
    CHECK(
        findings("  # okr: ignore[moved-target] re-planned", &facts, "unused-suppression").size() ==
        1);
  }
}

TEST_CASE("backdated-checkin fires on a check-in committed long after its date",
          "[history-rules]") {
  HistoryFacts facts;
  facts.first_committed.emplace("checkins/2027-Q1/growth/2027-02-01.yaml",
                                *Date::parse("2027-02-19"));
  CHECK(findings("", &facts, "backdated-checkin") ==
        Strings{"checkins/2027-Q1/growth/2027-02-01.yaml:3:7: info: the check-in of 2027-02-01 "
                "was first committed on 2027-02-19, 18 days after its date (more than 7); record "
                "check-ins when they happen, or give the reason in "
                "'# okr: ignore[backdated-checkin] REASON'"});
}

TEST_CASE("backdated-checkin stays quiet", "[history-rules]") {
  HistoryFacts facts;
  SECTION("within 7 days") {
    facts.first_committed.emplace("checkins/2027-Q1/growth/2027-02-01.yaml",
                                  *Date::parse("2027-02-08"));
    CHECK(findings("", &facts, "backdated-checkin").empty());
  }
  SECTION("for a file not committed yet") {
    CHECK(findings("", &facts, "backdated-checkin").empty());
  }
  SECTION("without history") {
    CHECK(findings("", nullptr, "backdated-checkin").empty());
  }
}

} // namespace okr
