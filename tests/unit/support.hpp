#pragma once

// Helpers shared by the unit tests: load files from memory, run every rule, and give the
// findings as the one-line text a user reads.

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <okr/date.hpp>
#include <okr/index.hpp>
#include <okr/loader.hpp>
#include <okr/report.hpp>
#include <okr/rules.hpp>

namespace okr::test {

using Files = std::vector<std::pair<std::string, std::string>>;

/// A company file for cycle 2026 with objective acme/delight.
inline const std::string k_company = R"(cycle: 2026
owner: acme
level: company
objectives:
  - id: delight
    title: Delight new customers from their first day
    key_results:
      - id: nps
        title: Raise first-week NPS from 20 to 35
        baseline: 20
        target: 35
        unit: points
      - id: drop-off
        title: Cut onboarding drop-off from 32% to 24%
        baseline: 32
        target: 24
        unit: "%"
)";

/// A team file for cycle 2026-Q4, aligned to acme/delight.
inline const std::string k_team = R"(cycle: 2026-Q4
owner: discover
level: team
parent: acme
objectives:
  - id: first-week
    title: Make the first week seamless for new users
    aligns_to: acme/delight
    key_results:
      - id: completion
        title: Increase onboarding completion from 65% to 90%
        baseline: 65
        target: 90
        unit: "%"
      - id: launch
        title: Contextual help on every onboarding screen
        milestone: true
)";

inline const std::string k_company_path = "okrs/2026/acme.yaml";
inline const std::string k_team_path = "okrs/2026-Q4/discover.yaml";

/// `text` with the first occurrence of `from` replaced by `to` (which must be there).
std::string replace(std::string text, const std::string& from, const std::string& to);

/// The findings of loading one file, without running the rules, as "line:col rule: message".
std::vector<std::string> load(const std::string& text,
                              const std::string& name = "okrs/2026-Q4/discover.yaml");

/// Every finding of loading and checking `files`, as "file:line:col: severity: message [rule]".
std::vector<std::string> check(const Files& files, const std::string& today = "2026-11-20");

/// The company and team files plus `extra` (a file of the same path replaces the base one).
Files with_base(const Files& extra = {});

/// Only the findings of one rule.
std::vector<std::string> findings(const std::string& rule, const Files& files,
                                  const std::string& today = "2026-11-20");

/// A report with the repository and index it builds its owners from, which it must not outlive.
struct LoadedReport {
  std::unique_ptr<LoadResult> loaded;
  std::unique_ptr<Index> index;
  Report report;
};

/// The report of `folder` (relative to the source tree) as of 2026-11-20, without the cache.
LoadedReport report_of(const std::string& folder, bool include_private,
                       std::optional<ReportCommit> commit = std::nullopt);

/// A fresh folder under the system's temporary folder, named after `name` and the process,
/// removed with everything in it when the test ends.
struct TempDir {
  std::filesystem::path path;
  explicit TempDir(const std::string& name);
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
};

} // namespace okr::test
