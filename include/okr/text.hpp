#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace okr {

/// "Did you mean": the closest of a fixed list of words to a misspelt one, answered in bounded
/// time however long the list and however many words are asked about. A word is close enough
/// when its edit distance (insertions, deletions, substitutions, transpositions) is at most
/// max(2, length / 3); ties go to the earlier candidate. Lists of up to 64 words are searched
/// whole; longer ones through an index of trigrams and lengths that checks at most 64
/// candidates per word, those sharing the most trigrams, so a suggestion is always close
/// enough but, among thousands of similar words, not always the very closest. Words longer
/// than 256 bytes get no suggestion. The candidates' bytes must outlive the Suggester.
class Suggester {
public:
  template <typename Strings> explicit Suggester(const Strings& candidates) {
    m_words.reserve(candidates.size());
    for (const auto& c : candidates) {
      m_words.emplace_back(c);
    }
    build();
  }

  /// The candidate closest to `word`, or empty when none is close enough.
  std::string_view closest(std::string_view word) const;

private:
  void build();
  std::vector<std::string_view> m_words;
  std::unordered_map<std::uint32_t, std::vector<std::uint32_t>> m_grams; // trigram -> words
  std::vector<std::vector<std::uint32_t>> m_by_length;                   // byte length -> words
};

/// The candidate closest to `word` by edit distance, or empty when none is close enough (see
/// Suggester; build one instead when asking about many words).
std::string_view closest_match(std::string_view word, std::span<const std::string_view> candidates);

/// "1 warning", "2 warnings": the count with the word that agrees with it.
std::string plural(std::size_t n, std::string_view one, std::string_view many);

/// Number of Unicode code points in valid UTF-8 text.
std::size_t utf8_length(std::string_view text);

/// The byte offset of the first byte that is not valid UTF-8, or npos.
std::size_t find_invalid_utf8(std::string_view text);

/// Whether a character must be shown as an escape rather than written as it is wherever a
/// person reads okr's output: C0 controls, DEL, C1 controls (such as CSI U+009B), the
/// bidirectional embeddings, overrides and isolates (U+202A to U+202E, U+2066 to U+2069, which
/// reorder what a reader sees) and the noncharacters U+FFFE and U+FFFF (which XML forbids).
bool must_be_escaped(char32_t cp);

/// `text` with every character that must_be_escaped, and every byte that is not valid UTF-8,
/// written as a visible escape: \xNN for a byte below U+0080 or not UTF-8, \uNNNN above; the
/// ASCII controls in `keep` stay as they are. The result is valid UTF-8.
std::string escape_controls(std::string_view text, std::string_view keep = {});

/// The length in bytes of the control character at byte `i` of UTF-8 text: 1 for C0 controls
/// and DEL, 2 for C1 controls (U+0080 to U+009F, such as CSI U+009B), else 0.
std::size_t control_length(std::string_view text, std::size_t i);

/// How escape_markup writes, for one kind of document, what XML and HTML cannot carry as it is.
/// Both write & < > " ' as &amp; &lt; &gt; &quot; &#39; (&#39; is read by every XML and HTML
/// reader; &apos; is not HTML 4).
enum class Markup : std::uint8_t {
  /// XML text and attribute values (JUnit): the characters that must_be_escaped and bytes that
  /// are not UTF-8 as escape_controls writes them, visible to the reader of a CI's test report;
  /// tab, LF and CR as &#9; &#10; &#13;, since an attribute value would read them as spaces.
  xml,
  /// HTML text (the report): C0 and C1 controls and DEL as U+FFFD; tab and LF as they are, CR
  /// and CR LF as LF, as an HTML parser reads them (so a terminal cannot be told to overwrite
  /// a line when the report goes to standard output); the bidirectional overrides and
  /// isolates and U+FFFE, U+FFFF as escape_controls writes them (\u202E), so that no title
  /// reorders what a reader sees of the page after it.
  html,
};

/// `text` escaped for `markup`, appended to `out`: the one XML and HTML escaper.
void append_escaped_markup(std::string& out, std::string_view text, Markup markup);
std::string escape_markup(std::string_view text, Markup markup);

/// Whether `id` is lower-case kebab-case: [a-z0-9][a-z0-9-]*.
bool is_valid_id(std::string_view id);

/// The longest id the loader takes, in characters ("keep ids under 100").
inline constexpr std::size_t k_max_id_length = 100;

/// A YAML double-quoted scalar: every character outside printable ASCII and UTF-8 text (C0
/// and C1 controls, DEL, a byte-order mark, line and paragraph separators) is escaped, so any
/// string survives the round trip.
std::string yaml_quoted(std::string_view text);

} // namespace okr
