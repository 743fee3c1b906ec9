#pragma once

// Runs the whole check (check_repository(): rules, okr.yaml configuration, suppressions) over
// files in memory.

#include <string>
#include <vector>

#include <okr/check.hpp>

namespace okr::test {

inline std::string format(const Diagnostic& d) {
  return d.file + ":" + std::to_string(d.line) + ":" + std::to_string(d.column) + ": " +
         std::string(to_string(d.severity)) + ": " + d.message + " [" + d.rule + "]";
}

/// The findings of `rule` (every rule when empty), one formatted line each, sorted.
inline std::vector<std::string> check(std::vector<SourceFile> files, std::string_view rule = {},
                                      std::string_view today = "2026-11-20",
                                      const RuleSelection& selection = {}) {
  CheckRequest request;
  request.sources = std::move(files);
  request.today = *Date::parse(today);
  request.selection = selection;
  request.include_private = true; // the rules' own messages
  const auto result = check_repository(request);
  const std::vector<Diagnostic>& all = result->report.diagnostics;
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
