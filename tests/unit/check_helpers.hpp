#pragma once

// Runs the whole check (rules, okr.yaml configuration, suppressions) over files in memory.

#include <string>
#include <vector>

#include <okr/loader.hpp>
#include <okr/rules.hpp>

namespace okr::test {

inline std::string format(const Diagnostic& d) {
  return d.file + ":" + std::to_string(d.line) + ":" + std::to_string(d.column) + ": " +
         std::string(to_string(d.severity)) + ": " + d.message + " [" + d.rule + "]";
}

/// The findings of `rule` (every rule when empty), one formatted line each, sorted.
inline std::vector<std::string> check(std::vector<SourceFile> files, std::string_view rule = {},
                                      std::string_view today = "2026-11-20",
                                      const RuleSelection& selection = {}) {
  LoadResult loaded = load_sources(std::move(files));
  CheckOptions options;
  options.today = *Date::parse(today);
  std::vector<std::string> unknown;
  std::vector<Diagnostic> all = configure_rules(loaded.repo, selection, options, unknown);
  all.insert(all.end(), loaded.diagnostics.begin(), loaded.diagnostics.end());
  std::vector<Diagnostic> found = run_rules(loaded.repo, options);
  all.insert(all.end(), found.begin(), found.end());
  apply_configuration(loaded.repo, options, all);
  sort_diagnostics(all);
  std::vector<std::string> out;
  for (const Diagnostic& d : all) {
    if (rule.empty() || d.rule == rule) {
      out.push_back(format(d));
    }
  }
  return out;
}

inline std::vector<std::string> check_one(std::string text, std::string_view rule,
                                          std::string_view today = "2026-11-20") {
  return check({{"okrs/2026-Q4/discover.yaml", std::move(text), FileKind::other}}, rule, today);
}

} // namespace okr::test
