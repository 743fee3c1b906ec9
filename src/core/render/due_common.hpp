#pragma once

// What the chat formats of `okr due` (Slack, Teams) share.

#include <cstddef>
#include <string>
#include <string_view>

namespace okr {

/// The owners a chat message names; the others are counted ("and 12 more"). A reminder is
/// read, not searched: `okr due` prints every owner.
inline constexpr std::size_t k_chat_listed = 40;

/// At most the first `limit` bytes of `text`, its control characters as spaces: one line of a
/// chat message, however long or strange a name in a file is.
inline std::string chat_line(std::string_view text, std::size_t limit = 200) {
  std::string out(text.substr(0, limit));
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      c = ' ';
    }
  }
  return out;
}

} // namespace okr
