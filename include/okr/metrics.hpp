#pragma once

// Metrics files: the values `okr import` records as check-ins. Three formats (JSON, CSV with a
// `metric,value[,date]` header, the OpenMetrics / Prometheus text exposition format) are read
// into one list of samples; what is wrong with a file is a finding (a Diagnostic with its file,
// line and column), never an exception.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <okr/date.hpp>
#include <okr/diagnostic.hpp>

namespace okr::metrics {

enum class Format : std::uint8_t { json, csv, openmetrics };

std::string_view to_string(Format format);
/// "json", "csv" or "openmetrics".
std::optional<Format> parse_format(std::string_view name);
/// From a file name's extension: .json, .csv, .prom, .txt or .om / .openmetrics.
std::optional<Format> format_of(std::string_view path);

/// The canonical form of a metric name, `name` or `name{label="value",...}` with the labels
/// sorted by name and their values escaped as OpenMetrics does (`\\`, `\"`, `\n`), so that one
/// series is spelled one way whatever the order its labels were written in. On a bad name,
/// nullopt and `error` says what is wrong.
std::optional<std::string> canonical_name(std::string_view written, std::string* error = nullptr);

/// One value read from a metrics file.
struct Sample {
  std::string name; ///< canonical_name
  double value = 0;
  std::string text; ///< the value as written, so a check-in keeps its decimals
  std::optional<Date> date;
  std::uint32_t line = 0; ///< 1-based
  std::uint32_t column = 0;
};

struct ParseResult {
  std::vector<Sample> samples;
  /// Errors (rule "metrics"): a sample that is not a finite number, a bad name or date, a
  /// syntax error. Duplicates are left to the caller, which knows the dates that apply.
  std::vector<Diagnostic> diagnostics;
  /// For each diagnostic, the canonical name of the metric it is about; empty when it is about
  /// the file (a syntax error: then the samples read are not the whole file).
  std::vector<std::string> about;
};

/// `path` names the file in the findings.
ParseResult parse_json(std::string_view text, const std::string& path);
ParseResult parse_csv(std::string_view text, const std::string& path);
ParseResult parse_openmetrics(std::string_view text, const std::string& path);
ParseResult parse(std::string_view text, Format format, const std::string& path);

} // namespace okr::metrics
