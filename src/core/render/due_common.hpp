#pragma once

// What the chat formats of `okr due` (Slack, Teams) share.

#include <cstddef>
#include <string>
#include <string_view>

#include <okr/text.hpp>

namespace okr {

/// The owners a chat message names; the others are counted ("and 12 more"). A reminder is
/// read, not searched: `okr due` prints every owner.
inline constexpr std::size_t k_chat_listed = 40;

/// `text` for one line of a chat message, however long or strange a name in a file is: its
/// control characters, bidirectional overrides and bytes that are not UTF-8 as visible escapes
/// (escape_controls), then cut to at most `limit` bytes at a character's boundary.
inline std::string chat_line(std::string_view text, std::size_t limit = 200) {
  std::string out = escape_controls(text.substr(0, limit * 2));
  if (out.size() > limit) {
    std::size_t end = limit;
    while (end > 0 && (static_cast<unsigned char>(out[end]) & 0xC0) == 0x80) {
      --end;
    }
    out.resize(end);
  }
  return out;
}

} // namespace okr
