// Every rule documents an example that fires and one that is clean (RuleInfo::example, shown by
// `okr rules NAME` and okr-check(1)). The examples are snippets; each is run here inside a small
// repository (its setting below), and must do what it says.
//
// Placing a snippet: it replaces the line holding "@@" in the setting's first file that has
// one, indented as that line is; a snippet line "# okrs/PATH.yaml ..." (or "# checkins/...")
// sends the lines after it to that file's "@@" instead (a file the setting lacks is made of
// those lines; a check-in file gets the owner and cycle its path names). A line "# today
// YYYY-MM-DD" declares the day the example runs on, and a line naming a check-in file
// ("checkins/CYCLE/OWNER/DATE.yaml") creates that check-in.
//
// History: a file line "# PATH, committed on YYYY-MM-DD" (or "first committed on") makes the
// lines after it the version of PATH committed on that day; a file may have several versions.
// An example with such lines runs in a git repository made for it: one commit a day, oldest
// first (the files without a day go into the first), the working tree as the last commit left
// it.

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include <okr/check.hpp>
#include <okr/rules.hpp>

#include "support.hpp"

using okr::test::Files;

namespace {

const std::string k_config = "version: 1\n";

using okr::test::k_team; // discover's OKR file, objective first-week
using okr::test::k_team_path;
const std::string k_checkin_path = "checkins/2026-Q4/discover/2026-10-09.yaml";

/// A team's file for cycle 2027-Q1, its target left to the example: for the history rules.
const std::string k_growth_path = "okrs/2027-Q1/growth.yaml";
const std::string k_growth = "cycle: 2027-Q1\nowner: growth\nlevel: team\nobjectives:\n"
                             "  - id: pipeline\n    title: Fill the sales pipeline\n"
                             "    key_results:\n      - id: mqls\n"
                             "        title: Reach the qualified leads a month\n"
                             "        baseline: 2000\n@@\n        unit: leads\n";

/// Key results for an objective a snippet leaves without them.
const std::string k_krs = "    key_results:\n      - id: shipped\n        title: Ship it\n"
                          "        milestone: true\n";

/// The team file with `lines` in place of its key results.
std::string team_with(const std::string& lines) {
  return okr::test::replace(k_team, k_team.substr(k_team.find("    key_results:")), lines);
}

struct Setting {
  Files files;            ///< the repository the example is placed into
  Files clean = {};       ///< another repository for the clean snippet, when it needs one
  Files fires_extra = {}; ///< files only the snippet that fires runs with
  Files clean_extra = {}; ///< files only the clean snippet runs with
  std::string today = "2026-11-20";
};

const std::map<std::string, Setting, std::less<>>& settings() {
  static const std::map<std::string, Setting, std::less<>> k_settings = {
      {"syntax", {{{k_team_path, "cycle: 2026-Q4\nowner: discover\n@@\n"}}}},
      {"schema", {{{k_team_path, team_with("    @@\n        title: Completion\n")}}}},
      {"duplicate-key",
       {{{k_team_path, team_with("    key_results:\n      - id: completion\n        title: "
                                 "Completion\n        baseline: 65\n        @@\n")}}}},
      {"duplicate-id", {{{k_team_path, team_with("    @@\n")}}}},
      {"unresolved-ref",
       {{{k_team_path, okr::test::replace(k_team, "    aligns_to: acme/delight\n", "    @@\n")},
         {okr::test::k_company_path, okr::test::k_company},
         {"okrs/2026-Q4/digital-services.yaml",
          "cycle: 2026-Q4\nowner: digital-services\nlevel: unit\nobjectives:\n  - id: "
          "delight-new-customers\n    title: Delight new customers\n"}}}},
      {"alignment-cycle",
       {{{"okrs/2026-Q4/a.yaml",
          "cycle: 2026-Q4\nowner: a\nlevel: team\nobjectives:\n@@\n" + k_krs},
         {"okrs/2026-Q4/b.yaml",
          "cycle: 2026-Q4\nowner: b\nlevel: team\nobjectives:\n@@\n" + k_krs}}}},
      {"missing-measure", {{{k_team_path, team_with("    key_results:\n      @@\n")}}}},
      {"unknown-cycle", {{{k_team_path, okr::test::replace(k_team, "cycle: 2026-Q4\n", "@@\n")}}}},
      {"checkin-unknown-kr",
       {{{k_team_path, k_team},
         {k_checkin_path, "owner: discover\ncycle: 2026-Q4\ndate: 2026-10-09\n@@\n"}}}},
      {"checkin-bad-value",
       {{{k_team_path, k_team +
                           "      - id: tutorial\n        title: Tutorial live for all new users\n"
                           "        milestone: true\n"},
         {k_checkin_path, "owner: discover\ncycle: 2026-Q4\ndate: 2026-10-09\n@@\n"}}}},
      {"checkin-out-of-cycle",
       {{{k_team_path, k_team}, {k_checkin_path, "owner: discover\n@@\n"}}}},
      {"objective-count", {{{k_team_path, "cycle: 2026-Q4\nowner: discover\nlevel: team\n@@\n"}}}},
      {"kr-count",
       {{{k_team_path,
          "cycle: 2026-Q4\nowner: discover\nlevel: team\nobjectives:\n  @@\n        title: "
          "Completion\n        milestone: true\n    title: Make the first week "
          "seamless\n"}}}},
      {"output-kr", {{{k_team_path, team_with("    key_results:\n      @@\n")}}}},
      {"measurable-objective",
       {{{k_team_path, okr::test::replace(k_team,
                                          "    title: Make the first week seamless for "
                                          "new users\n",
                                          "    @@\n")}}}},
      {"missing-unit",
       {{{k_team_path, team_with("    key_results:\n      @@\n        title: Completion\n")}}}},
      {"no-change",
       {{{k_team_path, team_with("    key_results:\n      - id: uptime\n        title: Keep the "
                                 "app up\n        unit: \"%\"\n        @@\n")}}}},
      {"long-objective",
       {{{k_team_path, okr::test::replace(k_team,
                                          "    title: Make the first week seamless for "
                                          "new users\n",
                                          "    @@\n")}}}},
      {"too-many-priorities", {{{"okrs/2026/acme.yaml", "cycle: 2026\nowner: acme\n@@\n"}}}},
      {"stale-checkin", {{{k_team_path, k_team}}}},
      {"committed-missed",
       {{{k_team_path, team_with("    key_results:\n      - id: completion\n        title: "
                                 "Increase onboarding completion\n        unit: \"%\"\n"
                                 "        @@\n")}},
        {},
        {{"checkins/2026-Q4/discover/2026-12-18.yaml",
          "owner: discover\ncycle: 2026-Q4\ndate: 2026-12-18\nresults:\n"
          "  first-week/completion: 80\n"}},
        {{"checkins/2026-Q4/discover/2026-12-18.yaml",
          "owner: discover\ncycle: 2026-Q4\ndate: 2026-12-18\nresults:\n"
          "  first-week/completion: 90\n"}},
        "2027-01-15"}},
      {"unused-suppression",
       {{{k_team_path, team_with("    key_results:\n      - id: launch\n        title: Launch "
                                 "the onboarding webinar\n    @@\n")}}}},
      {"orphan-objective",
       {{{"okrs/2026-Q4/payments.yaml",
          "cycle: 2026-Q4\nowner: payments\nlevel: team\n@@\n    title: Release faster\n"},
         {"okrs/2026-Q4/digital-services.yaml",
          "cycle: 2026-Q4\nowner: digital-services\nlevel: unit\nobjectives:\n  - id: "
          "delight-new-customers\n    title: Delight new customers\n"}},
        {{"okrs/2026-Q4/payments.yaml",
          "cycle: 2026-Q4\nowner: payments\nlevel: team\nparent: digital-services\n"
          "objectives:\n@@\n    title: Release faster\n"},
         {"okrs/2026-Q4/digital-services.yaml",
          "cycle: 2026-Q4\nowner: digital-services\nlevel: unit\nobjectives:\n  - id: "
          "delight-new-customers\n    title: Delight new customers\n"}}}},
      {"unsupported-objective",
       {{{"okrs/2026/acme.yaml",
          "cycle: 2026\nowner: acme\nlevel: company\nobjectives:\n@@\n    title: Stay up when "
          "it matters\n"},
         {"okrs/2026-Q4/payments.yaml",
          "cycle: 2026-Q4\nowner: payments\nlevel: team\nparent: acme\nobjectives:\n  - id: "
          "faster-payments\n    title: Make payments faster\n"}},
        {{"okrs/2026/acme.yaml",
          "cycle: 2026\nowner: acme\nlevel: company\nobjectives:\n  - id: resilience\n"
          "    title: Stay up when it matters\n"},
         {"okrs/2026-Q4/payments.yaml",
          "cycle: 2026-Q4\nowner: payments\nlevel: team\nparent: acme\nobjectives:\n@@\n"
          "    title: Make payments resilient\n"}}}},
      {"overlapping-objectives",
       {{{"okrs/2026-Q4/payments.yaml",
          "cycle: 2026-Q4\nowner: payments\nlevel: team\nobjectives:\n@@\n" + k_krs},
         {"okrs/2026-Q4/identity.yaml",
          "cycle: 2026-Q4\nowner: identity\nlevel: team\nobjectives:\n@@\n" + k_krs}},
        {{"okrs/2026-Q4/identity.yaml",
          "cycle: 2026-Q4\nowner: identity\nlevel: team\nobjectives:\n@@\n" + k_krs},
         {"okrs/2026-Q4/payments.yaml", "cycle: 2026-Q4\nowner: payments\nlevel: "
                                        "team\nobjectives:\n  - id: ways-of-working\n    title: "
                                        "Improve our ways of working\n" +
                                            k_krs}}}},
      {"moved-target", {{{k_growth_path, k_growth}}, {}, {}, {}, "2027-03-20"}},
      {"backdated-checkin",
       {{{k_growth_path, okr::test::replace(k_growth, "@@\n", "        target: 2800\n")}},
        {},
        {},
        {},
        "2027-03-20"}},
      {"individual-copy",
       {{{"okrs/2026-Q4/ana.yaml",
          "cycle: 2026-Q4\nowner: ana\nlevel: individual\nparent: discover\nobjectives:\n@@\n"},
         {k_team_path, k_team}}}},
  };
  return k_settings;
}

/// An example placed: the working tree, and the commits a history rule needs (oldest first).
struct Placed {
  Files files;
  std::vector<std::pair<std::string, Files>> commits; ///< a day, the files committed on it
};

/// `text`'s first "@@" line replaced by `lines`, indented as that line is.
void fill(std::string& text, const std::vector<std::string>& lines) {
  const std::size_t at = text.find("@@");
  const std::size_t line_start = text.rfind('\n', at) + 1; // npos + 1 == 0
  const std::string indent = text.substr(line_start, at - line_start);
  std::string placed;
  for (const std::string& line : lines) {
    placed += (placed.empty() ? "" : "\n" + indent) + line;
  }
  text.replace(at, 2, placed);
}

/// Removes the "@@" lines no example filled.
void erase_holes(std::string& text) {
  for (std::size_t at; (at = text.find("@@")) != std::string::npos;) {
    const std::size_t line_start = text.rfind('\n', at) + 1;
    text.erase(line_start, text.find('\n', at) + 1 - line_start);
  }
}

/// Places `snippet` into `files` (see the top of this file); `today` takes a declared day.
Placed place(Files files, std::string_view snippet, std::string& today) {
  static const std::regex k_header(
      R"(^# ((okrs|checkins)/\S+\.ya?ml)\b(?:,? (?:first )?committed on (\d{4}-\d\d-\d\d)\b)?.*)");
  static const std::regex k_today(R"(^# today (\d{4}-\d\d-\d\d)\b.*)");
  static const std::regex k_checkin(
      R"(^(checkins/([^/\s]+)/([^/\s]+)/(\d{4}-\d\d-\d\d)\.yaml)\b.*)");
  struct Part {
    std::string path; ///< "" the setting's first file with a "@@"
    std::string day;  ///< the day this version is committed on; "" the first commit's
    std::vector<std::string> lines;
  };
  std::vector<Part> parts = {{}};
  std::size_t start = 0;
  while (start <= snippet.size()) {
    const std::size_t end = std::min(snippet.find('\n', start), snippet.size());
    const std::string line(snippet.substr(start, end - start));
    start = end + 1;
    std::smatch m;
    if (std::regex_match(line, m, k_today)) {
      today = m[1];
    } else if (std::regex_match(line, m, k_header)) {
      parts.push_back({m[1], m[3], {}});
    } else if (std::regex_match(line, m, k_checkin)) {
      files.emplace_back(m[1], "owner: " + m[3].str() + "\ncycle: " + m[2].str() +
                                   "\ndate: " + m[4].str() + "\n");
    } else {
      parts.back().lines.push_back(line);
    }
  }
  if (parts.front().lines.empty()) {
    parts.erase(parts.begin());
  }
  // Each part fills its file's "@@" in the setting, from the setting's text again for a later
  // version of the same file. A file the setting lacks is made of the part's lines (a check-in
  // file gets the owner and cycle its path names).
  static const std::regex k_checkin_file(R"(^checkins/([^/]+)/([^/]+)/[^/]+\.ya?ml$)");
  const Files setting = files;
  std::map<std::string, std::map<std::string, std::string>> versions; // path -> day -> text
  for (const Part& part : parts) {
    auto it = std::find_if(setting.begin(), setting.end(), [&](const auto& f) {
      return (part.path.empty() || f.first == part.path) &&
             f.second.find("@@") != std::string::npos;
    });
    std::string path = part.path;
    std::string text;
    std::smatch m;
    if (it != setting.end()) {
      path = it->first;
      text = it->second;
    } else if (std::regex_match(part.path, m, k_checkin_file)) {
      text = "owner: " + m[2].str() + "\ncycle: " + m[1].str() + "\n@@\n";
    } else {
      INFO("the example names '" << part.path << "', which its setting has no place for");
      REQUIRE(!part.path.empty());
      text = "@@\n";
    }
    fill(text, part.lines);
    erase_holes(text);
    versions[path][part.day] = text;
  }
  Placed placed;
  for (auto& [path, text] : files) {
    erase_holes(text);
  }
  // The working tree holds each file's last version; the commits, the versions of their day
  // (the files without one are committed with the first).
  std::map<std::string, Files> commits;
  for (const auto& version : versions) {
    // Not a structured binding: clang 14 cannot capture one in the lambda below.
    const std::string& path = version.first;
    const auto& by_day = version.second;
    auto it =
        std::find_if(files.begin(), files.end(), [&](const auto& f) { return f.first == path; });
    if (it == files.end()) {
      it = files.insert(files.end(), {path, ""});
    }
    it->second = by_day.rbegin()->second;
    for (const auto& [day, text] : by_day) {
      if (!day.empty()) {
        commits[day].emplace_back(path, text);
      }
    }
  }
  if (!commits.empty()) {
    Files& first = commits.begin()->second;
    for (const auto& [path, text] : files) {
      const bool dated = versions.contains(path) && !versions[path].contains("");
      if (!dated) {
        first.emplace_back(path, versions.contains(path) ? versions[path][""] : text);
      }
    }
  }
  placed.files = std::move(files);
  placed.commits.assign(commits.begin(), commits.end());
  return placed;
}

std::string shown(const Placed& placed) {
  std::string out;
  for (const auto& [day, files] : placed.commits) {
    out += "=== committed on " + day + "\n";
    for (const auto& [path, text] : files) {
      out += "--- " + path + "\n" + text;
    }
  }
  if (!placed.commits.empty()) {
    out += "=== the working tree\n";
  }
  for (const auto& [path, text] : placed.files) {
    out += "--- " + path + "\n" + text;
  }
  return out;
}

/// Runs `command` (a shell command line), which must succeed.
void run(const std::string& command) {
  INFO(command);
  REQUIRE(std::system(command.c_str()) == 0);
}

void write(const std::filesystem::path& root, const Files& files) {
  for (const auto& [path, text] : files) {
    const std::filesystem::path file = root / path;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
  }
}

/// The findings of `rule` in `placed`: from memory, or for an example with commits from a git
/// repository made of them (git run as tests/history.sh runs it), the working tree its last
/// commit.
std::vector<std::string> findings(const std::string& rule, const Placed& placed,
                                  const std::string& today, const std::string& name) {
  if (placed.commits.empty()) {
    return okr::test::findings(rule, placed.files, today);
  }
  const okr::test::TempDir dir("okr-example-" + name);
  const std::string git = "cd '" + dir.path.string() +
                          "' && GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null "
                          "GIT_AUTHOR_NAME=Ana GIT_AUTHOR_EMAIL=ana@example.com "
                          "GIT_COMMITTER_NAME=Ana GIT_COMMITTER_EMAIL=ana@example.com ";
  run(git + "git init -q -b main");
  for (const auto& [day, files] : placed.commits) {
    write(dir.path, files);
    const std::string date = day + "T12:00:00+00:00";
    run(git + "GIT_AUTHOR_DATE=" + date + " GIT_COMMITTER_DATE=" + date +
        " sh -c 'git add -A && git commit -q -m example'");
  }
  write(dir.path, placed.files);
  okr::CheckRequest request;
  request.root = dir.path;
  request.use_cache = false;
  request.include_private = true; // the rules' own messages
  request.today = *okr::Date::parse(today);
  const auto result = okr::check_repository(request);
  REQUIRE(result->errors.empty());
  std::vector<std::string> out;
  for (const okr::Diagnostic& d : result->report.diagnostics) {
    if (d.rule == rule) {
      out.push_back(d.file + ":" + std::to_string(d.line) + ": " + d.message);
    }
  }
  return out;
}

} // namespace

TEST_CASE("every rule's documented examples fire and stay clean as they say", "[docs]") {
  for (const okr::RuleInfo* rule : okr::all_rules()) {
    const auto it = settings().find(rule->name);
    if (it == settings().end()) {
      FAIL("rule " << rule->name << " has no setting to run its example in");
    }
    const Setting& setting = it->second;
    const std::string name(rule->name);
    const auto [fires, clean] = okr::split_example(*rule);
    REQUIRE(!clean.empty());

    std::string today = setting.today;
    Files files = setting.files;
    files.insert(files.end(), setting.fires_extra.begin(), setting.fires_extra.end());
    files.emplace(files.begin(), "okr.yaml", k_config);
    Placed placed = place(files, fires, today);
    {
      INFO(name << ": the example that fires, run on " << today << ":\n" << shown(placed));
      CHECK(!findings(name, placed, today, name + "-fires").empty());
    }

    today = setting.today;
    files = setting.clean.empty() ? setting.files : setting.clean;
    files.insert(files.end(), setting.clean_extra.begin(), setting.clean_extra.end());
    files.emplace(files.begin(), "okr.yaml", k_config);
    placed = place(files, clean, today);
    {
      INFO(name << ": the clean example, run on " << today << ":\n" << shown(placed));
      CHECK(findings(name, placed, today, name + "-clean").empty());
    }
  }
}

TEST_CASE("an example that does not do what it says fails the test", "[docs]") {
  // The runner itself: a clean snippet that fires is seen.
  std::string today = "2026-11-20";
  const Placed placed =
      place({{"okr.yaml", k_config}, {k_team_path, team_with("    key_results:\n      @@\n")}},
            "- id: completion\n  title: Completion\n  baseline: 65\n  target: 90", today);
  CHECK(!okr::test::findings("missing-unit", placed.files, today).empty());
}
