#pragma once

// Internal to the metrics parsers: turning a value and a date as written into a Sample, with
// the finding when they are not right.

#include <string>
#include <string_view>

#include <okr/metrics.hpp>

namespace okr::metrics {

class Collector {
public:
  explicit Collector(const std::string& path) : m_path(path) {}

  /// A finding about the file (`metric` empty) or about one metric's sample.
  void error(std::uint32_t line, std::uint32_t column, std::string message,
             std::string metric = {});
  /// A sample named `written` (checked and made canonical), its value and its date as written
  /// (date may be empty); reports what is wrong instead.
  void add(std::string_view written, std::string_view value, std::string_view date,
           std::uint32_t line, std::uint32_t column);
  /// As add, with a date already known (OpenMetrics timestamps) and a canonical name.
  void add_canonical(std::string name, std::string_view value, std::optional<Date> date,
                     std::uint32_t line, std::uint32_t column);

  ParseResult take() { return std::move(m_result); }

private:
  const std::string& m_path;
  ParseResult m_result;
};

} // namespace okr::metrics
