// The OpenMetrics / Prometheus text exposition format: `# TYPE`, `# HELP`, `# UNIT` and other
// comments, `# EOF`, and samples `name{label="value",...} value [timestamp]`. Hand-written:
// Debian packages no parser of it for C++ (prometheus-cpp only writes it).

#include <charconv>
#include <cmath>
#include <fmt/format.h>
#include <string>

#include <okr/metrics.hpp>

#include "metrics/sample.hpp"
#include "metrics/series.hpp"

namespace okr::metrics {

namespace {

/// A timestamp in seconds since 1970 (OpenMetrics; fractions allowed), or in milliseconds when
/// it is too large to be seconds (above 10^11, the year 5138: Prometheus' text format), as the
/// UTC day it falls on.
std::optional<Date> timestamp_date(std::string_view text, std::string& error) {
  const std::optional<double> value = read_value(text);
  if (!value || !std::isfinite(*value)) {
    error = fmt::format("the timestamp '{}' is not a number of seconds since 1970", text);
    return std::nullopt;
  }
  double seconds = *value;
  if (std::fabs(seconds) > 1e11) {
    seconds /= 1000;
  }
  const double days = std::floor(seconds / 86400);
  if (days < 0 || days > 2932896) { // 1970-01-01 .. 9999-12-31
    error = fmt::format("the timestamp '{}' is not a date from 1970 to 9999", text);
    return std::nullopt;
  }
  return Date::from_days(static_cast<int>(days));
}

} // namespace

ParseResult parse_openmetrics(std::string_view text, const std::string& path) {
  Collector out(path);
  std::uint32_t line_number = 0;
  std::size_t at = 0;
  bool ended = false;
  while (at < text.size()) {
    const std::size_t end = text.find('\n', at);
    std::string_view line =
        text.substr(at, end == std::string_view::npos ? std::string_view::npos : end - at);
    at = end == std::string_view::npos ? text.size() : end + 1;
    ++line_number;
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    if (ended) {
      if (!line.empty()) {
        out.error(line_number, 1, "nothing may follow '# EOF'");
        break;
      }
      continue;
    }
    std::size_t first = 0;
    while (first < line.size() && (line[first] == ' ' || line[first] == '\t')) {
      ++first;
    }
    if (first == line.size()) {
      continue;
    }
    if (line[first] == '#') {
      std::string_view rest = line.substr(first + 1);
      if (rest == " EOF" || rest == "EOF") {
        ended = true;
      }
      // # TYPE, # HELP, # UNIT and other comments say nothing okr records.
      continue;
    }
    std::size_t i = first;
    std::string why;
    auto name = read_series(line, i, why);
    auto column = static_cast<std::uint32_t>(i + 1);
    if (!name) {
      out.error(line_number, column, fmt::format("not a sample: {}", why));
      continue;
    }
    if (i >= line.size() || (line[i] != ' ' && line[i] != '\t')) {
      out.error(line_number, column,
                i >= line.size() ? fmt::format("'{}' has no value", *name)
                                 : fmt::format("a space comes between '{}' and its value", *name),
                *name);
      continue;
    }
    auto word = [&]() {
      while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) {
        ++i;
      }
      const std::size_t from = i;
      while (i < line.size() && line[i] != ' ' && line[i] != '\t') {
        ++i;
      }
      return std::pair{line.substr(from, i - from), static_cast<std::uint32_t>(from + 1)};
    };
    const auto [value, value_column] = word();
    auto [stamp, stamp_column] = word();
    if (stamp == "#") { // an exemplar, no timestamp
      stamp = {};
    } else if (!stamp.empty()) {
      const auto [after, after_column] = word();
      if (!after.empty() && after != "#") {
        out.error(
            line_number, after_column,
            fmt::format("unexpected '{}' after the value and timestamp of '{}'", after, *name));
        continue;
      }
    }
    if (value.empty()) {
      out.error(line_number, column, fmt::format("'{}' has no value", *name), *name);
      continue;
    }
    std::optional<Date> date;
    if (!stamp.empty()) {
      date = timestamp_date(stamp, why);
      if (!date) {
        out.error(line_number, stamp_column, why, *name);
        continue;
      }
    }
    out.add_canonical(std::move(*name), value, date, line_number, value_column);
  }
  return out.take();
}

} // namespace okr::metrics
