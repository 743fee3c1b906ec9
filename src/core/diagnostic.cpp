#include <algorithm>
#include <tuple>

#include <okr/diagnostic.hpp>

namespace okr {

std::string_view to_string(Severity severity) {
  switch (severity) {
  case Severity::info:
    return "info";
  case Severity::warning:
    return "warning";
  case Severity::error:
    return "error";
  }
  return "error";
}

static auto key(const Diagnostic& d) {
  return std::tie(d.file, d.line, d.column, d.rule, d.message);
}

bool operator<(const Diagnostic& a, const Diagnostic& b) {
  return key(a) < key(b);
}

bool operator==(const Diagnostic& a, const Diagnostic& b) {
  return key(a) == key(b) && a.severity == b.severity;
}

void sort_diagnostics(std::vector<Diagnostic>& diagnostics) {
  std::sort(diagnostics.begin(), diagnostics.end());
  diagnostics.erase(std::unique(diagnostics.begin(), diagnostics.end()), diagnostics.end());
}

Counts count(const std::vector<Diagnostic>& diagnostics) {
  Counts counts;
  for (const auto& d : diagnostics) {
    switch (d.severity) {
    case Severity::error:
      ++counts.errors;
      break;
    case Severity::warning:
      ++counts.warnings;
      break;
    case Severity::info:
      ++counts.infos;
      break;
    }
  }
  return counts;
}

} // namespace okr
