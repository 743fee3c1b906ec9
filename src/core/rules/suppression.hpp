#pragma once

// Inline suppression: a comment `# okr: ignore[rule-name, ...]` silences those rules' findings
// on its own line and on the line below it.

#include <functional>

#include <okr/rules.hpp>

namespace okr {

/// Removes the findings that a suppression comment covers and reports each listed rule that
/// covered nothing (rule unused-suppression). `ignored` says which files lint.ignore skips;
/// `not_applied` which rules do not apply to a file (their `levels` leave its owner out), so
/// that their suppressions there are not reported.
void apply_suppressions(
    const Repository& repo, const CheckOptions& options,
    const std::function<bool(const std::string&)>& ignored,
    const std::function<bool(std::string_view file, std::string_view rule)>& not_applied,
    std::vector<Diagnostic>& diagnostics);

} // namespace okr
