#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace okr {

enum class Severity : std::uint8_t { info, warning, error };

std::string_view to_string(Severity severity);

/// A finding: where it is, how bad it is, which rule found it and what to do.
/// Line and column are 1-based; the column counts Unicode code points.
struct Diagnostic {
  std::string file; ///< path relative to the repository root, '/'-separated
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  Severity severity = Severity::error;
  std::string rule;
  std::string message;
};

bool operator<(const Diagnostic& a, const Diagnostic& b);
bool operator==(const Diagnostic& a, const Diagnostic& b);

/// Sorts by file, line, column, rule and message, and drops exact repeats.
void sort_diagnostics(std::vector<Diagnostic>& diagnostics);

struct Counts {
  std::size_t errors = 0;
  std::size_t warnings = 0;
  std::size_t infos = 0;
};
Counts count(const std::vector<Diagnostic>& diagnostics);

} // namespace okr
