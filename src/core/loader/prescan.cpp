#include "loader/prescan.hpp"

#include <vector>

namespace okr::loader {

namespace {

bool is_blank(char c) {
  return c == ' ' || c == '\t';
}

bool ends_token(std::string_view line, std::size_t p) {
  return p >= line.size() || is_blank(line[p]) || line[p] == '\r';
}

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/// The length of a valid escape after a backslash at `p` in a double-quoted scalar (the
/// characters after the backslash), or 0. A backslash at the end of a line continues it.
std::size_t escape_length(std::string_view line, std::size_t p) {
  if (p + 1 >= line.size() || line[p + 1] == '\r') {
    return 1; // an escaped line break
  }
  const char c = line[p + 1];
  constexpr std::string_view k_single = "0abt\tnvfre \"/\\N_LP";
  if (k_single.find(c) != std::string_view::npos) {
    return 1;
  }
  const std::size_t digits = c == 'x' ? 2 : c == 'u' ? 4 : c == 'U' ? 8 : 0;
  if (digits == 0 || p + 1 + digits >= line.size()) {
    return 0;
  }
  for (std::size_t k = 0; k < digits; ++k) {
    if (!is_hex(line[p + 2 + k])) {
      return 0;
    }
  }
  return 1 + digits;
}

/// An open block collection, or a node that may become one: its column and what it is.
struct Level {
  enum class Kind : char { other, sequence, map };
  std::size_t column = 0;
  Kind kind = Kind::other;
};

/// The state of the scan that carries over from one line to the next.
struct Scan {
  std::size_t flow = 0;        // open [ and { brackets
  char quote = 0;              // ' or " while inside a quoted scalar
  std::size_t quote_start = 0; // the offset of its opening quote
  // Inside a flow collection or quoted string over several lines: the column its lines must
  // go beyond (that of the block collection holding it), if any.
  std::optional<std::size_t> continued_beyond;
  std::optional<std::size_t> literal; // inside a | or > block scalar: the parent's indentation
  std::size_t literal_blank = 0;      // the most spaces of its leading blank lines
  bool literal_auto = false;          // its indentation comes from its first line
  bool literal_content = false;       // a line of its text was seen
  std::vector<Level> block;           // the open block levels, innermost last
  bool directive = false;             // a directive (%YAML, %TAG) waits for its '---'
  std::size_t directive_at = 0;
  bool in_document = false; // content or '---' seen since the last '...'
};

PrescanProblem invalid(std::size_t offset, std::string message) {
  return {offset, false, "invalid YAML: " + std::move(message)};
}

/// The column of the innermost block sequence or mapping, which a continued line must pass.
std::optional<std::size_t> enclosing_column(const std::vector<Level>& block) {
  for (auto it = block.rbegin(); it != block.rend(); ++it) {
    if (it->kind != Level::Kind::other) {
      return it->column;
    }
  }
  return std::nullopt;
}

/// How deep the scan is: the open block sequences and mappings (a level that is still `other`
/// is a scalar or a flow collection, counted by `flow`, or a mapping whose first key is not
/// read yet) and the open flow collections.
std::size_t depth(const Scan& s) {
  std::size_t n = s.flow;
  for (const Level& level : s.block) {
    n += level.kind == Level::Kind::other ? 0 : 1;
  }
  return n;
}

} // namespace

std::optional<PrescanProblem> prescan_yaml(std::string_view text, std::size_t depth_limit) {
  Scan s;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    const std::string_view line = text.substr(start, end - start);
    std::size_t indent = 0;
    while (indent < line.size() && line[indent] == ' ') {
      ++indent;
    }
    const bool blank = line.find_first_not_of(" \t\r") == std::string_view::npos;
    if (s.literal && (blank || indent > *s.literal)) {
      // A line of a block scalar's text. Its leading blank lines may not have more spaces
      // than its first line of text, which sets the indentation.
      if (blank && !s.literal_content) {
        s.literal_blank = std::max(s.literal_blank, indent);
      } else if (!blank && !s.literal_content) {
        s.literal_content = true;
        if (s.literal_auto && s.literal_blank > indent) {
          return invalid(start, "a blank line at the start of a block scalar ('|' or '>') has "
                                "more spaces than its first line of text");
        }
      }
      start = end + 1;
      continue;
    }
    s.literal.reset();
    std::size_t p = 0;
    char last = 0;             // the last character outside quotes that is not blank
    bool spaced = true;        // whether a blank followed it
    bool closed = false;       // it ended a quoted string or a flow collection
    bool key = false;          // the line holds a "key:" outside flow collections
    bool explicit_key = false; // it starts with '? ' or ': '
    bool needs_key = false;    // the line is an entry of a block mapping
    const bool continued = s.quote != 0 || s.flow > 0;
    if (continued && !blank && s.continued_beyond && indent <= *s.continued_beyond) {
      return invalid(start + indent,
                     "this line continues a quoted string or a '[ ]' / '{ }' collection "
                     "but is not indented past its key or '- '; close the quote "
                     "or bracket left open above, or indent the line");
    }
    if (!continued) {
      if (blank || line[indent] == '#') {
        start = end + 1;
        continue;
      }
      const bool marker = line.starts_with("---") || line.starts_with("...");
      if (marker && ends_token(line, 3)) {
        if (s.directive && line[0] == '.') {
          return invalid(s.directive_at, "a directive ('%') must be followed by '---' and a "
                                         "document");
        }
        s.directive = false;
        s.in_document = line[0] == '-';
        s.block.clear();
        p = 3;
      } else if (line[0] == '%' && !s.in_document) {
        s.directive = true;
        s.directive_at = start;
        start = end + 1;
        continue;
      } else {
        if (s.directive) {
          return invalid(s.directive_at, "a directive ('%') must be followed by '---' and a "
                                         "document");
        }
        s.in_document = true;
        while (!s.block.empty() && s.block.back().column > indent) {
          s.block.pop_back();
        }
        // Tabs before the text are yaml-cpp's to explain; otherwise a line at a mapping's
        // column is one of its entries.
        needs_key = !s.block.empty() && s.block.back().column == indent &&
                    s.block.back().kind == Level::Kind::map && line[indent] != '\t';
        if (!s.block.empty() && s.block.back().column == indent) {
          s.block.pop_back();
        }
        s.block.push_back({indent, Level::Kind::other});
        p = indent;
        // Compact entries: each "- " or "? " opens one more level on the same line.
        while (p < line.size() && (line[p] == '-' || line[p] == '?' || line[p] == ':') &&
               ends_token(line, p + 1)) {
          explicit_key = explicit_key || line[p] == ':' || line[p] == '?';
          s.block.back().kind = line[p] == '-' ? Level::Kind::sequence : Level::Kind::map;
          ++p;
          while (p < line.size() && is_blank(line[p])) {
            ++p;
          }
          if (p < line.size() && line[p] != '#' && line[p] != '\r') {
            s.block.push_back({p, Level::Kind::other});
          }
          needs_key = needs_key && line[indent] != '-';
        }
        if (depth(s) > depth_limit) {
          return PrescanProblem{start + p, true, {}};
        }
      }
    }
    for (; p < line.size(); ++p) {
      const char c = line[p];
      if (s.quote == '"') {
        if (c == '\\') {
          const std::size_t n = escape_length(line, p);
          if (n == 0) {
            return invalid(start + p, "an unknown escape in a double-quoted string; write '\\\\' "
                                      "for a backslash");
          }
          p += n;
        } else if (c == '"') {
          s.quote = 0;
          last = c;
          spaced = false;
          closed = true;
        }
        continue;
      }
      if (s.quote == '\'') {
        if (c == '\'' && p + 1 < line.size() && line[p + 1] == '\'') {
          ++p;
        } else if (c == '\'') {
          s.quote = 0;
          last = c;
          spaced = false;
          closed = true;
        }
        continue;
      }
      if (is_blank(c) || c == '\r') {
        spaced = true;
        continue;
      }
      if (c == '#' && (spaced || p == 0)) {
        break; // a comment
      }
      if (closed && c != ':' && !(s.flow > 0 && (c == ',' || c == ']' || c == '}'))) {
        return invalid(start + p,
                       c == '#' ? "a comment must be separated from the value by a space"
                       : last == ']' || last == '}'
                           ? "text after a closed flow collection; quote the whole value"
                           : "text right after a quoted string; put it inside the quotes");
      }
      // Where a token may begin: a quote or a bracket there opens something.
      const bool token_start =
          last == 0 || (s.flow > 0 && (last == '[' || last == '{' || last == ',')) ||
          ((last == '-' || last == '?' || last == ':') && (spaced || s.flow > 0));
      if (c == '#' && s.flow > 0 && token_start) {
        return invalid(start + p, "a comment must be separated from the value by a space");
      }
      if (c == ':' && s.flow == 0 && (closed || ends_token(line, p + 1))) {
        key = true;
        if (!continued && !s.block.empty() && s.block.back().kind == Level::Kind::other) {
          s.block.back().kind = Level::Kind::map; // before a value that goes on over lines
        }
      }
      if (s.flow > 0 && c == ',' && (last == '[' || last == '{' || last == ',')) {
        return invalid(start + p, "an empty entry in a flow collection (',' with nothing before "
                                  "it); remove the extra comma");
      }
      if (s.flow > 0 && c == '-' && (last == '[' || last == '{' || last == ',') &&
          (ends_token(line, p + 1) || line[p + 1] == ',' || line[p + 1] == ']' ||
           line[p + 1] == '}')) {
        return invalid(start + p, "a block list entry ('-') inside '[ ]' or '{ }'; separate "
                                  "flow entries with commas");
      }
      if ((c == '&' || c == '!') && token_start) {
        // An anchor or a tag: the node it belongs to still begins a token after it.
        while (p + 1 < line.size() && !ends_token(line, p + 1) &&
               !(s.flow > 0 &&
                 std::string_view(",[]{}").find(line[p + 1]) != std::string_view::npos)) {
          ++p;
        }
        continue;
      }
      if ((c == '"' || c == '\'') && token_start) {
        if (s.flow == 0) {
          s.continued_beyond = enclosing_column(s.block);
        }
        s.quote = c;
        s.quote_start = start + p;
      } else if ((c == '[' || c == '{') && (token_start || s.flow > 0)) {
        if (s.flow == 0) {
          s.continued_beyond = enclosing_column(s.block);
        }
        ++s.flow;
        if (depth(s) > depth_limit) {
          return PrescanProblem{start + p, true, {}};
        }
      } else if ((c == ']' || c == '}') && s.flow > 0) {
        --s.flow;
        last = c;
        spaced = false;
        closed = true;
        continue;
      } else if ((c == ']' || c == '}') && token_start && last != 0) {
        return invalid(start + p, std::string("a '") + c +
                                      "' closes nothing; quote the value "
                                      "if it is text");
      } else if ((c == '|' || c == '>') && token_start && s.flow == 0) {
        std::size_t q = p + 1;
        bool digit = false;
        while (q < line.size() &&
               (line[q] == '+' || line[q] == '-' || (line[q] >= '1' && line[q] <= '9'))) {
          digit = digit || (line[q] >= '1' && line[q] <= '9');
          ++q;
        }
        if (!ends_token(line, q)) {
          return invalid(start + q, "after '|' or '>' only an indentation digit, '+' or '-', "
                                    "and a comment after a space may follow");
        }
        s.literal = s.block.empty() ? 0 : s.block.back().column;
        if (!s.block.empty() && s.block.back().column == indent && key) {
          s.literal = indent; // the value of a key on this line
        }
        s.literal = std::min(*s.literal, indent);
        s.literal_blank = 0;
        s.literal_auto = !digit;
        s.literal_content = false;
        break;
      }
      last = c;
      spaced = false;
      closed = false;
    }
    if (needs_key && !key && !explicit_key) {
      return invalid(start + indent, "a line of a mapping without 'key:'; write 'key: value', "
                                     "or indent it under the key whose value it continues");
    }
    if (s.quote == 0 && s.flow == 0) {
      s.continued_beyond.reset();
    }
    start = end + 1;
  }
  if (s.quote != 0) {
    return invalid(s.quote_start, std::string("a string opened with ") + s.quote +
                                      " is never closed; add the closing quote");
  }
  if (s.directive) {
    return invalid(s.directive_at, "a directive ('%') must be followed by '---' and a document");
  }
  return std::nullopt;
}

} // namespace okr::loader
