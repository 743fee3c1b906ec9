#include "metrics/sample.hpp"

#include <cmath>
#include <fmt/format.h>

#include <okr/checkins.hpp>

#include "metrics/series.hpp"

namespace okr::metrics {

void Collector::error(std::uint32_t line, std::uint32_t column, std::string message,
                      std::string metric) {
  auto& found = m_result.diagnostics;
  if (found.size() > k_max_findings_per_file) {
    return;
  }
  if (found.size() == k_max_findings_per_file) {
    message = "more errors follow; the first of them is here";
    metric.clear();
  }
  found.push_back(Diagnostic{m_path, line, column, Severity::error, "metrics", std::move(message)});
  m_result.about.push_back(std::move(metric));
}

void Collector::add(std::string_view written, std::string_view value, std::string_view date,
                    std::uint32_t line, std::uint32_t column) {
  std::string why;
  auto name = canonical_name(written, &why);
  if (!name) {
    error(line, column, fmt::format("'{}' is not a metric name: {}", written, why));
    return;
  }
  std::optional<Date> day;
  if (!date.empty()) {
    day = Date::parse(date, &why);
    if (!day) {
      error(line, column, fmt::format("the date of '{}' is '{}': {}", *name, date, why), *name);
      return;
    }
  }
  add_canonical(std::move(*name), value, day, line, column);
}

void Collector::add_canonical(std::string name, std::string_view value, std::optional<Date> date,
                              std::uint32_t line, std::uint32_t column) {
  const std::optional<double> number = read_value(value);
  if (!number && parse_number(value.substr(0, value.find_first_of("eE"))) &&
      value.find_first_not_of("+-.0123456789eE") == std::string_view::npos) {
    error(line, column,
          fmt::format("the value of '{}' is {}, too large: a check-in records finite numbers only",
                      name, value),
          name);
    return;
  }
  if (!number) {
    error(line, column, fmt::format("the value of '{}' is '{}', not a number", name, value), name);
    return;
  }
  if (!std::isfinite(*number)) {
    error(
        line, column,
        fmt::format("the value of '{}' is {}: a check-in records finite numbers only", name, value),
        name);
    return;
  }
  m_result.samples.push_back(
      Sample{std::move(name), *number, std::string(value), date, line, column});
}

} // namespace okr::metrics
