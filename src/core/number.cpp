#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fmt/format.h>

#include <okr/number.hpp>

namespace okr {

namespace {

/// Beyond this magnitude fixed notation would print a double's binary expansion.
constexpr double k_fixed_limit = 1e15;
/// The significant decimal digits a double always gives back (DBL_DIG).
constexpr int k_exact_digits = 15;

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

} // namespace

std::uint8_t written_decimals(std::string_view text) {
  std::string_view s = text;
  if (!s.empty() && (s.front() == '-' || s.front() == '+')) {
    s.remove_prefix(1);
  }
  const std::size_t e = s.find_first_of("eE");
  const std::string_view mantissa = s.substr(0, e);
  long exponent = 0;
  if (e != std::string_view::npos) {
    std::string_view x = s.substr(e + 1);
    const bool negative = !x.empty() && x.front() == '-';
    if (!x.empty() && (x.front() == '-' || x.front() == '+')) {
      x.remove_prefix(1);
    }
    if (x.empty() || x.size() > 6 || !std::all_of(x.begin(), x.end(), is_digit)) {
      return k_shortest;
    }
    for (char c : x) {
      exponent = exponent * 10 + (c - '0');
    }
    exponent = negative ? -exponent : exponent;
  }
  const std::size_t dot = mantissa.find('.');
  const std::string_view whole = mantissa.substr(0, dot);
  const std::string_view fraction =
      dot == std::string_view::npos ? std::string_view() : mantissa.substr(dot + 1);
  if ((whole.empty() && fraction.empty()) || !std::all_of(whole.begin(), whole.end(), is_digit) ||
      !std::all_of(fraction.begin(), fraction.end(), is_digit)) {
    return k_shortest;
  }
  // Significant digits: from the first non-zero digit to the last digit written (written
  // trailing zeros count: 99.50 says the hundredths were measured).
  std::string digits = std::string(whole) + std::string(fraction);
  const std::size_t first = digits.find_first_not_of('0');
  const std::size_t significant = first == std::string::npos ? 0 : digits.size() - first;
  if (significant > static_cast<std::size_t>(k_exact_digits)) {
    return k_shortest;
  }
  const long decimals = std::max(0L, static_cast<long>(fraction.size()) - exponent);
  return decimals > k_max_decimals ? k_shortest : static_cast<std::uint8_t>(decimals);
}

std::string format_number(double value, std::uint8_t decimals) {
  if (std::isnan(value)) {
    return "nan";
  }
  std::string out;
  if (std::fabs(value) >= k_fixed_limit || std::isinf(value)) {
    out = fmt::format("{}", value);
  } else if (decimals != k_shortest) {
    out = fmt::format("{:.{}f}", value, static_cast<int>(std::min(decimals, k_max_decimals)));
  } else if (value == std::floor(value)) {
    out = fmt::format("{}", static_cast<long long>(value));
  } else {
    out = fmt::format("{}", value);
  }
  // A negative value that rounds to zero prints as zero.
  if (out.front() == '-' && out.find_first_not_of("-0.") == std::string::npos) {
    out.erase(0, 1);
  }
  return out;
}

std::uint8_t shown_decimals(double value, std::uint8_t decimals) {
  if (decimals != k_shortest) {
    return std::min(decimals, k_max_decimals);
  }
  const std::string text = format_number(value);
  const std::size_t e = text.find('e');
  if (e != std::string::npos) {
    // 1e-07, 1.5e-08: the digits after the point plus the exponent's shift.
    const std::string_view mantissa = std::string_view(text).substr(0, e);
    const std::size_t dot = mantissa.find('.');
    const long fraction =
        dot == std::string_view::npos ? 0 : static_cast<long>(mantissa.size() - dot - 1);
    const long exponent = std::strtol(text.c_str() + e + 1, nullptr, 10);
    return static_cast<std::uint8_t>(
        std::clamp(fraction - exponent, 0L, static_cast<long>(k_max_decimals)));
  }
  const std::size_t dot = text.find('.');
  return dot == std::string::npos ? 0
                                  : static_cast<std::uint8_t>(std::min<std::size_t>(
                                        text.size() - dot - 1, k_max_decimals));
}

std::string format_difference(double from, std::uint8_t from_decimals, double to,
                              std::uint8_t to_decimals) {
  const std::uint8_t decimals =
      std::max(shown_decimals(from, from_decimals), shown_decimals(to, to_decimals));
  const std::string text = format_number(to - from, decimals);
  if (text.find_first_not_of("0.") == std::string::npos) {
    return "=";
  }
  return text.front() == '-' ? text : "+" + text;
}

std::string decimal_comma_hint(std::string_view text) {
  const std::size_t comma = text.find(',');
  if (comma == std::string_view::npos || text.find(',', comma + 1) != std::string_view::npos ||
      comma == 0 || comma + 1 == text.size() || !is_digit(text[comma - 1]) ||
      !is_digit(text[comma + 1])) {
    return {};
  }
  std::string dotted(text);
  dotted[comma] = '.';
  const std::string_view digits =
      std::string_view(dotted).substr(dotted[0] == '-' || dotted[0] == '+' ? 1 : 0);
  if (digits.find_first_not_of("0123456789.") != std::string_view::npos) {
    return {};
  }
  return fmt::format("; write {}: okr reads a decimal point, not a comma", dotted);
}

double round_fraction(double fraction) {
  static_assert(k_fraction_decimals == 2);
  return std::round(fraction * 100) / 100 + 0.0; // + 0.0: no -0
}

std::string format_fraction(double fraction) {
  return format_number(round_fraction(fraction), k_fraction_decimals);
}

} // namespace okr
