#pragma once

// Numbers as people read them: the one formatter of every number okr prints.
//
// A number from a file is printed as it was written: `99.50` stays `99.50`, `90` stays `90`.
// What okr keeps of the writing is the value (a double) and how many digits were written after
// the decimal point, so the written form costs one byte (six bits in a check-in's value): the
// value printed with that many decimals gives back the written digits. Not kept: a leading `+`,
// leading zeros, an exponent (`1e3` prints as `1000`, `1.5e-3` as `0.0015`), and digits a double
// cannot hold (a number written with more than 15 significant digits, or with more than
// k_max_decimals decimals, prints as the shortest text that reads back as the same value).
//
// A computed number is rounded once, when it is printed: a difference of two values (`okr log`)
// to the decimals of the more precise of the two, a score or a pace to two decimals
// (format_fraction). Nothing prints a double's binary noise (0.09999999999999432).

#include <cstdint>
#include <string>
#include <string_view>

namespace okr {

/// Decimals not known (a number made in memory, or one a double cannot give back as written):
/// print the shortest text that reads back as the same value.
inline constexpr std::uint8_t k_shortest = 63;
/// The most decimals kept as written; more print as the shortest text.
inline constexpr std::uint8_t k_max_decimals = 30;

/// How many decimals a plain decimal number (YAML's `[-+]digits[.digits][e[-+]digits]`) was
/// written with: "99.50" → 2, "90" → 0, "1e3" → 0, "1.5e-3" → 4; k_shortest when the written
/// digits cannot be given back from a double (more than 15 significant digits, more than
/// k_max_decimals decimals) or `text` is not such a number.
std::uint8_t written_decimals(std::string_view text);

/// `value` with `decimals` digits after the point (rounded once, here), or when `decimals` is
/// k_shortest the shortest text that reads back as `value`: 90, 99.5, 0.25, 1e-07. Magnitudes
/// of 1e15 and more always print the shortest way. Never prints "-0".
std::string format_number(double value, std::uint8_t decimals = k_shortest);

/// The decimals `value` is shown with: `decimals`, or those of its shortest text when that is
/// k_shortest (at most k_max_decimals).
std::uint8_t shown_decimals(double value, std::uint8_t decimals);

/// The difference `to - from` of two written numbers, with the decimals of the more precise
/// one and a sign: "+0.1", "-2", or "=" when it rounds to nothing.
std::string format_difference(double from, std::uint8_t from_decimals, double to,
                              std::uint8_t to_decimals);

/// "; write 99.5: okr reads a decimal point, not a comma" when `text` is a number written with
/// one decimal comma (99,5), else empty: the hint to append to "must be a number" messages.
std::string decimal_comma_hint(std::string_view text);

/// Decimals of scores, paces and similarities in text (fractions of 1).
inline constexpr std::uint8_t k_fraction_decimals = 2;

/// A score, a pace or a similarity (a fraction of 1) rounded as every output for people shows
/// it, to k_fraction_decimals: the one rounding of format_fraction and the report's numbers, so
/// that `okr score` and `okr report` never differ in the last digit.
double round_fraction(double fraction);

/// A score, a pace or a similarity (a fraction of 1) as text shows it: "0.87".
std::string format_fraction(double fraction);

} // namespace okr
