#include "loader/prescan.hpp"

#include <vector>

namespace okr::loader {

namespace {

bool is_blank(char c) {
  return c == ' ' || c == '\t';
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

/// The state of the scan that carries over from one line to the next.
struct Scan {
  std::size_t flow = 0;               // open [ and { brackets
  char quote = 0;                     // ' or " while inside a quoted scalar
  std::size_t quote_start = 0;        // the offset of its opening quote
  std::optional<std::size_t> literal; // inside a | or > block scalar: its line's indentation
  std::vector<std::size_t> block;     // the columns of the open block collections
  bool directive = false;             // a directive (%YAML, %TAG) waits for its '---'
  std::size_t directive_at = 0;
  bool in_document = false; // content or '---' seen since the last '...'
};

PrescanProblem invalid(std::size_t offset, std::string message) {
  return {offset, false, "invalid YAML: " + std::move(message)};
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
      start = end + 1; // a line of a block scalar's text
      continue;
    }
    s.literal.reset();
    std::size_t p = 0;
    char last = 0;       // the last character outside quotes that is not blank
    bool spaced = true;  // whether a blank followed it
    bool closed = false; // it ended a quoted string or a flow collection
    if (s.quote == 0 && s.flow == 0) {
      if (blank || line[indent] == '#') {
        start = end + 1;
        continue;
      }
      const bool marker = line.starts_with("---") || line.starts_with("...");
      if (marker && (line.size() == 3 || is_blank(line[3]) || line[3] == '\r')) {
        s.directive = false;
        s.in_document = line[0] == '-';
        s.block.clear();
        p = 3;
        last = 0;
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
        while (!s.block.empty() && s.block.back() >= indent) {
          s.block.pop_back();
        }
        s.block.push_back(indent);
        p = indent;
        // Compact entries: each "- " or "? " opens one more level on the same line.
        while (p < line.size() && (line[p] == '-' || line[p] == '?') &&
               (p + 1 == line.size() || is_blank(line[p + 1]) || line[p + 1] == '\r')) {
          ++p;
          while (p < line.size() && is_blank(line[p])) {
            ++p;
          }
          if (p < line.size() && line[p] != '#' && line[p] != '\r') {
            s.block.push_back(p);
          }
        }
        if (s.block.size() > depth_limit) {
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
          last == 0 || last == '[' || last == '{' || last == ',' ||
          ((last == '-' || last == '?' || last == ':') && (spaced || s.flow > 0));
      if (s.flow > 0 && c == ',' && (last == '[' || last == '{' || last == ',')) {
        return invalid(start + p, "an empty entry in a flow collection (',' with nothing before "
                                  "it); remove the extra comma");
      }
      if (s.flow > 0 && c == '-' && (last == '[' || last == '{' || last == ',') &&
          (p + 1 == line.size() || is_blank(line[p + 1]) || line[p + 1] == '\r' ||
           line[p + 1] == ',' || line[p + 1] == ']' || line[p + 1] == '}')) {
        return invalid(start + p, "a block list entry ('-') inside '[ ]' or '{ }'; separate "
                                  "flow entries with commas");
      }
      if ((c == '"' || c == '\'') && token_start) {
        s.quote = c;
        s.quote_start = start + p;
      } else if ((c == '[' || c == '{') && (token_start || s.flow > 0)) {
        ++s.flow;
        if (s.block.size() + s.flow > depth_limit) {
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
        s.literal = indent;
        break;
      }
      last = c;
      spaced = false;
      closed = false;
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
