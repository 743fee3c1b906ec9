#include <chrono>
#include <cstdlib>
#include <ctime>
#include <fmt/format.h>

#include <okr/date.hpp>

namespace okr {

static bool is_leap(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(int year, int month) {
  static constexpr int k_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && is_leap(year)) {
    return 29;
  }
  return k_days[month - 1];
}

// Howard Hinnant's days_from_civil.
static int days_from_civil(int y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

struct Civil {
  int y, m, d;
};

static Civil civil_from_days(int z) {
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const int doe = z - era * 146097;
  const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int y = yoe + era * 400;
  const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int mp = (5 * doy + 2) / 153;
  const int d = doy - (153 * mp + 2) / 5 + 1;
  const int m = mp + (mp < 10 ? 3 : -9);
  return {y + (m <= 2 ? 1 : 0), m, d};
}

std::optional<Date> Date::from_ymd(int year, int month, int day) {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 ||
      day > days_in_month(year, month)) {
    return std::nullopt;
  }
  return Date(days_from_civil(year, month, day));
}

static const char* const k_month_names[] = {"January",   "February", "March",    "April",
                                            "May",       "June",     "July",     "August",
                                            "September", "October",  "November", "December"};

std::optional<Date> Date::parse(std::string_view text, std::string* error) {
  auto fail = [&](std::string why) -> std::optional<Date> {
    if (error) {
      *error = std::move(why);
    }
    return std::nullopt;
  };
  auto digits = [&](std::size_t from, std::size_t n) {
    int value = 0;
    for (std::size_t i = from; i < from + n; ++i) {
      if (text[i] < '0' || text[i] > '9') {
        return -1;
      }
      value = value * 10 + (text[i] - '0');
    }
    return value;
  };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
    return fail("dates are written YYYY-MM-DD");
  }
  const int y = digits(0, 4);
  const int m = digits(5, 2);
  const int d = digits(8, 2);
  if (y < 0 || m < 0 || d < 0) {
    return fail("dates are written YYYY-MM-DD");
  }
  if (y < 1) {
    return fail("the year must be at least 0001");
  }
  if (m < 1 || m > 12) {
    return fail(fmt::format("there is no month {}", m));
  }
  if (d < 1 || d > days_in_month(y, m)) {
    return fail(fmt::format("{} {} has {} days", k_month_names[m - 1], y, days_in_month(y, m)));
  }
  return Date(days_from_civil(y, m, d));
}

Date Date::today() {
  if (const char* fixed = std::getenv("OKR_TODAY"); fixed && *fixed) {
    if (auto date = parse(fixed)) {
      return *date;
    }
  }
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  return Date(days_from_civil(local.tm_year + 1900, local.tm_mon + 1, local.tm_mday));
}

int Date::year() const {
  return civil_from_days(m_days).y;
}
int Date::month() const {
  return civil_from_days(m_days).m;
}
int Date::day() const {
  return civil_from_days(m_days).d;
}

std::string Date::str() const {
  const Civil c = civil_from_days(m_days);
  return fmt::format("{:04}-{:02}-{:02}", c.y, c.m, c.d);
}

} // namespace okr
