#pragma once

// Internal to the metrics parsers: reading a series name with its labels.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace okr::metrics {

/// Reads `name` or `name{label="value",...}` from `text` at `at`, moving `at` past it; the
/// canonical form (labels sorted), or nullopt with `error` set and `at` where it went wrong.
std::optional<std::string> read_series(std::string_view text, std::size_t& at, std::string& error);

/// A decimal number as a metrics file writes it (a sign, digits, a point, an exponent), or the
/// OpenMetrics words for infinities and NaN; nullopt when it is neither.
std::optional<double> read_value(std::string_view text);

} // namespace okr::metrics
