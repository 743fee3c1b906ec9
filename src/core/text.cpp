#include <algorithm>
#include <array>
#include <cmath>
#include <fmt/format.h>
#include <vector>

#include <okr/text.hpp>

namespace okr {

std::string plural(std::size_t n, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

namespace {

constexpr std::size_t k_scan_all = 64;      // lists this short are searched whole
constexpr std::size_t k_verify = 64;        // candidates whose distance is computed per word
constexpr std::size_t k_scan_budget = 8192; // index entries read per word
constexpr std::size_t k_longest_word = 256; // longer words get no suggestion

std::size_t allowed_distance(std::string_view word) {
  return std::max<std::size_t>(2, word.size() / 3);
}

/// Optimal string alignment distance (insertions, deletions, substitutions, transpositions)
/// when it is at most `limit`, else limit + 1; only a band of width 2 * limit is computed.
std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit) {
  const std::size_t n = a.size();
  const std::size_t m = b.size();
  if ((n > m ? n - m : m - n) > limit) {
    return limit + 1;
  }
  const std::size_t over = limit + 1;
  thread_local std::vector<std::size_t> prev2, prev, cur; // reused: asked thousands of times
  prev2.assign(m + 1, over);
  prev.assign(m + 1, over);
  cur.assign(m + 1, over);
  for (std::size_t j = 0; j <= std::min(m, limit); ++j) {
    prev[j] = j;
  }
  for (std::size_t i = 1; i <= n; ++i) {
    const std::size_t from = i > limit ? i - limit : 1;
    const std::size_t to = std::min(m, i + limit);
    std::fill(cur.begin(), cur.end(), over);
    cur[0] = i <= limit ? i : over;
    std::size_t row_min = cur[0];
    for (std::size_t j = from; j <= to; ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      std::size_t d = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d = std::min(d, prev2[j - 2] + 1);
      }
      cur[j] = std::min(d, over);
      row_min = std::min(row_min, cur[j]);
    }
    if (row_min > limit) {
      return over;
    }
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return std::min(prev[m], over);
}

/// The trigrams of `word` with a boundary mark on each side, so that short words have some.
template <typename F> void for_each_trigram(std::string_view word, F&& f) {
  auto at = [&](std::size_t i) -> std::uint32_t {
    return i == 0 || i > word.size() ? 0x100u : static_cast<unsigned char>(word[i - 1]);
  };
  for (std::size_t i = 0; i + 3 <= word.size() + 2; ++i) {
    f((at(i) << 18) | (at(i + 1) << 9) | at(i + 2));
  }
}

} // namespace

void Suggester::build() {
  if (m_words.size() <= k_scan_all) {
    return;
  }
  std::vector<std::uint32_t> grams;
  for (std::uint32_t id = 0; id < m_words.size(); ++id) {
    const std::string_view word = m_words[id];
    if (word.size() > k_longest_word + k_longest_word / 2) {
      continue; // too far from any word that gets a suggestion
    }
    if (m_by_length.size() <= word.size()) {
      m_by_length.resize(word.size() + 1);
    }
    m_by_length[word.size()].push_back(id);
    grams.clear();
    for_each_trigram(word, [&](std::uint32_t g) { grams.push_back(g); });
    std::sort(grams.begin(), grams.end());
    grams.erase(std::unique(grams.begin(), grams.end()), grams.end());
    for (std::uint32_t g : grams) {
      m_grams[g].push_back(id);
    }
  }
}

std::string_view Suggester::closest(std::string_view word) const {
  if (word.size() > k_longest_word) {
    return {};
  }
  const std::size_t allowed = allowed_distance(word);
  std::size_t best_distance = allowed + 1;
  std::size_t best = m_words.size();
  // Candidates come most promising first, so that the rest are measured against a tight
  // limit; a tie still goes to the earlier word, as a scan in list order would give it.
  auto consider = [&](std::size_t id) {
    const bool earlier = id < best;
    if (!earlier && best_distance == 0) {
      return;
    }
    const std::size_t limit = earlier ? std::min(best_distance, allowed) : best_distance - 1;
    const std::size_t d = edit_distance(word, m_words[id], limit);
    if (d <= limit && (d < best_distance || earlier)) {
      best_distance = d;
      best = id;
    }
  };
  if (m_words.size() <= k_scan_all) {
    for (std::size_t id = 0; id < m_words.size(); ++id) {
      consider(id);
    }
    return best < m_words.size() ? m_words[best] : std::string_view();
  }
  // Candidates: the words sharing the most trigrams with `word` (rarest trigrams read first,
  // within a budget), of a length that can be close enough.
  std::vector<const std::vector<std::uint32_t>*> lists;
  for_each_trigram(word, [&](std::uint32_t g) {
    if (auto it = m_grams.find(g); it != m_grams.end()) {
      lists.push_back(&it->second);
    }
  });
  std::sort(lists.begin(), lists.end());
  lists.erase(std::unique(lists.begin(), lists.end()), lists.end());
  std::sort(lists.begin(), lists.end(), [](auto* a, auto* b) { return a->size() < b->size(); });
  // Shared trigrams counted per word in a scratch array kept by the thread (a Suggester is
  // asked thousands of times; clearing only what was touched keeps each answer bounded).
  thread_local std::vector<std::uint16_t> shared;
  thread_local std::vector<std::uint32_t> touched;
  shared.resize(std::max(shared.size(), m_words.size()));
  touched.clear();
  std::size_t read = 0;
  for (const auto* list : lists) {
    const std::size_t room = k_scan_budget - read;
    const std::size_t n = std::min(room, list->size());
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint32_t id = (*list)[i];
      if (shared[id]++ == 0) {
        touched.push_back(id);
      }
    }
    read += n;
    if (read == k_scan_budget) {
      break;
    }
  }
  std::vector<std::pair<std::uint32_t, std::uint32_t>> ranked; // (shared trigrams, word)
  ranked.reserve(touched.size());
  for (const std::uint32_t id : touched) {
    const std::size_t size = m_words[id].size();
    if ((size > word.size() ? size - word.size() : word.size() - size) <= allowed) {
      ranked.emplace_back(shared[id], id);
    }
    shared[id] = 0;
  }
  const std::size_t keep = std::min(ranked.size(), k_verify);
  std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(keep),
                    ranked.end(), [](const auto& x, const auto& y) {
                      return x.first != y.first ? x.first > y.first : x.second < y.second;
                    });
  ranked.resize(keep);
  std::vector<std::uint32_t> chosen;
  for (const auto& r : ranked) {
    chosen.push_back(r.second);
  }
  // Too few: words of the nearest lengths (transpositions of short words share no trigram).
  for (std::size_t delta = 0; delta <= allowed && chosen.size() < k_verify; ++delta) {
    for (int sign : {1, -1}) {
      if ((delta == 0 && sign < 0) || (sign < 0 && delta > word.size())) {
        continue;
      }
      const std::size_t length = sign > 0 ? word.size() + delta : word.size() - delta;
      if (length >= m_by_length.size()) {
        continue;
      }
      for (std::uint32_t id : m_by_length[length]) {
        if (chosen.size() >= k_verify) {
          break;
        }
        if (std::find(chosen.begin(), chosen.end(), id) == chosen.end()) {
          chosen.push_back(id);
        }
      }
    }
  }
  for (std::uint32_t id : chosen) {
    consider(id);
  }
  return best < m_words.size() ? m_words[best] : std::string_view();
}

std::string_view closest_match(std::string_view word,
                               std::span<const std::string_view> candidates) {
  return Suggester(candidates).closest(word);
}

std::size_t utf8_length(std::string_view text) {
  std::size_t n = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) != 0x80) {
      ++n;
    }
  }
  return n;
}

std::size_t control_length(std::string_view text, std::size_t i) {
  const auto c = static_cast<unsigned char>(text[i]);
  if (c < 0x20 || c == 0x7F) {
    return 1;
  }
  if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) <= 0x9F &&
      static_cast<unsigned char>(text[i + 1]) >= 0x80) {
    return 2;
  }
  return 0;
}

namespace {

/// The length of the valid UTF-8 sequence at byte `i` and its code point, or 0 when the bytes
/// there are not valid UTF-8 (a stray continuation byte, a truncated or overlong sequence, a
/// surrogate, beyond U+10FFFF).
std::size_t decode_utf8(std::string_view text, std::size_t i, char32_t& cp) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const unsigned char c = s[i];
  if (c < 0x80) {
    cp = c;
    return 1;
  }
  std::size_t len = 0;
  if ((c & 0xE0) == 0xC0) {
    len = 2;
    cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    len = 3;
    cp = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    len = 4;
    cp = c & 0x07;
  } else {
    return 0;
  }
  if (i + len > text.size()) {
    return 0;
  }
  for (std::size_t k = 1; k < len; ++k) {
    if ((s[i + k] & 0xC0) != 0x80) {
      return 0;
    }
    cp = (cp << 6) | (s[i + k] & 0x3F);
  }
  const bool overlong =
      (len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
  if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    return 0;
  }
  return len;
}

} // namespace

std::size_t find_invalid_utf8(std::string_view text) {
  char32_t cp = 0;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t len = decode_utf8(text, i, cp);
    if (len == 0) {
      return i;
    }
    i += len;
  }
  return std::string_view::npos;
}

bool must_be_escaped(char32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFFFE || cp == 0xFFFF;
}

std::string escape_controls(std::string_view text, std::string_view keep) {
  std::string out;
  out.reserve(text.size());
  char32_t cp = 0;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t len = decode_utf8(text, i, cp);
    if (len == 0) {
      out += fmt::format("\\x{:02X}", static_cast<unsigned char>(text[i]));
      ++i;
      continue;
    }
    if (must_be_escaped(cp) && !(cp < 0x80 && keep.find(static_cast<char>(cp)) != keep.npos)) {
      out += cp < 0x80 ? fmt::format("\\x{:02X}", static_cast<unsigned>(cp))
                       : fmt::format("\\u{:04X}", static_cast<unsigned>(cp));
    } else {
      out.append(text.substr(i, len));
    }
    i += len;
  }
  return out;
}

namespace {

/// The bytes append_markup looks at; every other byte is copied as it is, in runs.
constexpr std::array<bool, 256> k_markup_bytes = [] {
  std::array<bool, 256> care{};
  for (int c = 0; c < 0x20; ++c) {
    care[c] = true;
  }
  // C2: C1 controls; E2: bidirectional overrides and isolates; EF: U+FFFE and U+FFFF.
  for (unsigned char c : {'&', '<', '>', '"', '\'', '\x7F', '\xC2', '\xE2', '\xEF'}) {
    care[c] = true;
  }
  return care;
}();

void append_markup(std::string& out, std::string_view text, Markup markup) {
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t plain = i;
    while (plain < text.size() && !k_markup_bytes[static_cast<unsigned char>(text[plain])]) {
      ++plain;
    }
    out.append(text.data() + i, plain - i);
    i = plain;
    if (i == text.size()) {
      break;
    }
    const char c = text[i];
    if (markup == Markup::xml && (c == '\t' || c == '\n' || c == '\r')) {
      out += c == '\t' ? "&#9;" : c == '\n' ? "&#10;" : "&#13;";
      ++i;
      continue;
    }
    if (c == '\r') { // Markup::html
      out += i + 1 < text.size() && text[i + 1] == '\n' ? "" : "\n";
      ++i;
      continue;
    }
    if (c != '\t' && c != '\n') {
      // Only Markup::html meets them: escape_controls has written them visibly for XML.
      if (const std::size_t n = control_length(text, i); n > 0) {
        out += "\xEF\xBF\xBD";
        i += n;
        continue;
      }
      // A bidirectional override or isolate would reorder what the reader sees of the text
      // after it: written as the visible escape escape_controls writes (\u202E).
      if (static_cast<unsigned char>(c) >= 0x80) {
        char32_t cp = 0;
        const std::size_t n = decode_utf8(text, i, cp);
        if (n > 0 && must_be_escaped(cp)) {
          out += fmt::format("\\u{:04X}", static_cast<std::uint32_t>(cp));
          i += n;
          continue;
        }
      }
    }
    switch (c) {
    case '&':
      out += "&amp;";
      break;
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '"':
      out += "&quot;";
      break;
    case '\'':
      out += "&#39;";
      break;
    default:
      out += c;
    }
    ++i;
  }
}

} // namespace

void append_escaped_markup(std::string& out, std::string_view text, Markup markup) {
  if (markup == Markup::xml) {
    append_markup(out, escape_controls(text, "\t\n\r"), markup);
  } else {
    append_markup(out, text, markup);
  }
}

std::string escape_markup(std::string_view text, Markup markup) {
  std::string out;
  out.reserve(text.size());
  append_escaped_markup(out, text, markup);
  return out;
}

bool is_valid_id(std::string_view id) {
  if (id.empty()) {
    return false;
  }
  auto ok = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!ok(id.front())) {
    return false;
  }
  return std::all_of(id.begin(), id.end(), [&](char c) { return ok(c) || c == '-'; });
}

std::string yaml_quoted(std::string_view text) {
  std::string out = "\"";
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    switch (c) {
    case '"':
      out += "\\\"";
      break;
    case '\\':
      out += "\\\\";
      break;
    case '\n':
      out += "\\n";
      break;
    case '\t':
      out += "\\t";
      break;
    case '\r':
      out += "\\r";
      break;
    default:
      if (c < 0x20 || c == 0x7F) {
        out += fmt::format("\\x{:02X}", c);
      } else if (c == 0xC2 && i + 1 < text.size() &&
                 static_cast<unsigned char>(text[i + 1]) <= 0x9F) {
        // C1 controls (U+0080..U+009F) and NEL are not printable in YAML.
        out += fmt::format("\\u{:04X}", static_cast<unsigned char>(text[i + 1]));
        ++i;
      } else if (c == 0xEF && i + 2 < text.size() &&
                 static_cast<unsigned char>(text[i + 1]) == 0xBB &&
                 static_cast<unsigned char>(text[i + 2]) == 0xBF) {
        out += "\\uFEFF"; // a byte-order mark inside text
        i += 2;
      } else if (c == 0xE2 && i + 2 < text.size() &&
                 static_cast<unsigned char>(text[i + 1]) == 0x80 &&
                 (static_cast<unsigned char>(text[i + 2]) == 0xA8 ||
                  static_cast<unsigned char>(text[i + 2]) == 0xA9)) {
        // Line and paragraph separators: YAML 1.1 parsers break lines on them.
        out += static_cast<unsigned char>(text[i + 2]) == 0xA8 ? "\\L" : "\\P";
        i += 2;
      } else {
        out += static_cast<char>(c);
      }
    }
  }
  out += '"';
  return out;
}

} // namespace okr
