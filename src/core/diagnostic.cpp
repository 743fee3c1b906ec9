#include <algorithm>
#include <charconv>
#include <fmt/format.h>
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

namespace {

std::string more_findings(std::size_t n) {
  return fmt::format("{} more finding{} in this file not shown: okr reports the first {} of a "
                     "file; fix those first",
                     n, n == 1 ? "" : "s", k_max_findings_per_file);
}

} // namespace

void add_file_finding(std::vector<Diagnostic>& file_findings, Diagnostic finding) {
  if (file_findings.size() < k_max_findings_per_file) {
    file_findings.push_back(std::move(finding));
  } else if (file_findings.size() == k_max_findings_per_file) {
    finding.message = more_findings(1);
    file_findings.push_back(std::move(finding));
  } else {
    // The count lives in the last finding's message, which starts with it.
    std::string& message = file_findings.back().message;
    std::size_t n = 0;
    std::from_chars(message.data(), message.data() + message.size(), n);
    message = more_findings(n + 1);
  }
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
