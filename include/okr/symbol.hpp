#pragma once

#include <compare>
#include <string>
#include <string_view>

namespace okr {

/// An interned string: equal strings share one copy, so a Symbol is one pointer however often
/// the text repeats. Check-ins repeat the same result keys every week (13 values a check-in,
/// 1.7 million in a repository of 10,000 teams), which is what this is for.
///
/// Interning is thread-safe. Interned text lives until the program exits: there are as many
/// distinct keys as key results, not as check-ins, so that memory stays small.
class Symbol {
public:
  Symbol() = default;
  explicit Symbol(std::string_view text);

  std::string_view view() const;
  std::string str() const { return std::string(view()); }
  bool empty() const { return m_text == nullptr; }

  /// Equal text means the same copy, so comparing symbols compares pointers.
  friend bool operator==(Symbol a, Symbol b) { return a.m_text == b.m_text; }
  friend bool operator==(Symbol a, std::string_view b) { return a.view() == b; }
  friend std::strong_ordering operator<=>(Symbol a, Symbol b) { return a.view() <=> b.view(); }

private:
  const char* m_text = nullptr; ///< a 32-bit length, then the bytes; null for the empty string
};

} // namespace okr
