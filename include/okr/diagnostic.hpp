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

/// Loading keeps at most this many findings of one file: a hostile file of millions of errors
/// must not cost millions of messages in memory.
constexpr std::size_t k_max_findings_per_file = 1000;

/// Appends `finding` to the loader's findings of one file, keeping the first
/// k_max_findings_per_file; the findings after them become one, at the first of them, that
/// counts them.
void add_file_finding(std::vector<Diagnostic>& file_findings, Diagnostic finding);

struct Counts {
  std::size_t errors = 0;
  std::size_t warnings = 0;
  std::size_t infos = 0;
};
Counts count(const std::vector<Diagnostic>& diagnostics);

} // namespace okr
