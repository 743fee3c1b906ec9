#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace okr {

/// A calendar date (proleptic Gregorian), stored as days since 1970-01-01.
class Date {
public:
  Date() = default;
  static std::optional<Date> from_ymd(int year, int month, int day);
  static Date from_days(int days) { return Date(days); }

  /// Parses YYYY-MM-DD. On failure, `error` (if given) says why in words.
  static std::optional<Date> parse(std::string_view text, std::string* error = nullptr);
  static Date today(); ///< local date, or $OKR_TODAY when set (for tests)

  int days() const { return m_days; }
  int year() const;
  int month() const;
  int day() const;
  std::string str() const;

  Date operator+(int days) const { return Date(m_days + days); }
  int operator-(Date other) const { return m_days - other.m_days; }
  auto operator<=>(const Date&) const = default;

private:
  explicit Date(int days) : m_days(days) {}
  int m_days = 0;
};

int days_in_month(int year, int month);

} // namespace okr
