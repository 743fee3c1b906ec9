#pragma once

#include <span>
#include <string>
#include <string_view>

namespace okr {

/// The candidate closest to `word` by edit distance, or empty when none is close enough.
std::string_view closest_match(std::string_view word, std::span<const std::string_view> candidates);

/// "1 warning", "2 warnings": the count with the word that agrees with it.
std::string plural(std::size_t n, std::string_view one, std::string_view many);

/// Number of Unicode code points in valid UTF-8 text.
std::size_t utf8_length(std::string_view text);

/// The byte offset of the first byte that is not valid UTF-8, or npos.
std::size_t find_invalid_utf8(std::string_view text);

/// The length in bytes of the control character at byte `i` of UTF-8 text: 1 for C0 controls
/// and DEL, 2 for C1 controls (U+0080 to U+009F, such as CSI U+009B), else 0.
std::size_t control_length(std::string_view text, std::size_t i);

/// Whether `id` is lower-case kebab-case: [a-z0-9][a-z0-9-]*.
bool is_valid_id(std::string_view id);

/// A YAML double-quoted scalar: every character outside printable ASCII and UTF-8 text (C0
/// and C1 controls, DEL, a byte-order mark, line and paragraph separators) is escaped, so any
/// string survives the round trip.
std::string yaml_quoted(std::string_view text);

} // namespace okr
