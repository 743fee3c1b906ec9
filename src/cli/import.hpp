#pragma once

// Reading metrics files for okr import and okr checkin --from.

#include <optional>
#include <string>

#include <okr/import.hpp>
#include <okr/metrics.hpp>

namespace okr::cli {

/// Reads and parses the metrics file `path` in `format` ("" for its extension's); prints an
/// error and returns nullopt when it cannot be read or its format is not known (exit status 2).
std::optional<MetricsFile> read_metrics_file(const std::string& path, const std::string& format);

/// Prints a finding as file:line:column: severity: message [rule] to standard error.
void print_finding(const Diagnostic& d);

} // namespace okr::cli
