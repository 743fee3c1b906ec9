// What the machine-readable formats say of each finding beyond its Diagnostic: where it ends
// and its stable identities, found once from the source lines for every format.

#include <cstdint>
#include <fmt/format.h>
#include <unordered_map>

#include <okr/check_render.hpp>
#include <okr/text.hpp>

#include "render/source_lines.hpp"

namespace okr {

namespace {

/// FNV-1a, 64 bits: stable across platforms and releases, unlike std::hash.
std::uint64_t fnv1a(std::string_view text, std::uint64_t hash = 14695981039346656037ULL) {
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  return hash;
}

bool blank(char c) {
  return c == ' ' || c == '\t' || c == '\r';
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && blank(text.front())) {
    text.remove_prefix(1);
  }
  while (!text.empty() && blank(text.back())) {
    text.remove_suffix(1);
  }
  return text;
}

/// The byte offset of code point `column` (1-based) of `line`, or npos past its end.
std::size_t byte_offset(std::string_view line, std::uint32_t column) {
  std::size_t i = 0;
  for (std::uint32_t c = 1; c < column; ++c) {
    if (i >= line.size()) {
      return std::string_view::npos;
    }
    ++i;
    while (i < line.size() && (static_cast<unsigned char>(line[i]) & 0xC0) == 0x80) {
      ++i;
    }
  }
  return i < line.size() ? i : std::string_view::npos;
}

/// The byte offset just past the YAML token that starts at byte `start` (not blank) of
/// `line`: a quoted string with its quotes, a flow collection with its brackets, else a plain
/// scalar or key, up to ": ", " #", the end of the line or, inside a flow collection, ',', ']'
/// or '}'. A token that goes on to the next line ends with this one.
std::size_t token_end(std::string_view line, std::size_t start) {
  const std::size_t line_end = line.find_last_not_of(" \t\r") + 1;
  const char first = line[start];
  if (first == '"' || first == '\'') {
    for (std::size_t i = start + 1; i < line.size(); ++i) {
      if (first == '"' && line[i] == '\\') {
        ++i;
      } else if (line[i] == first) {
        if (first == '\'' && i + 1 < line.size() && line[i + 1] == '\'') {
          ++i;
          continue;
        }
        return i + 1;
      }
    }
    return line_end;
  }
  if (first == '[' || first == '{') {
    int depth = 0;
    char quote = 0;
    for (std::size_t i = start; i < line.size(); ++i) {
      const char c = line[i];
      if (quote != 0) {
        if (quote == '"' && c == '\\') {
          ++i;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '[' || c == '{') {
        ++depth;
      } else if ((c == ']' || c == '}') && --depth == 0) {
        return i + 1;
      } else if (c == '#' && blank(line[i - 1])) {
        break;
      }
    }
    return line_end;
  }
  int depth = 0; // inside a flow collection: more brackets opened than closed before
  for (std::size_t i = 0; i < start; ++i) {
    depth += line[i] == '[' || line[i] == '{' ? 1 : line[i] == ']' || line[i] == '}' ? -1 : 0;
  }
  std::size_t end = start + 1;
  for (std::size_t i = start; i < line.size(); ++i) {
    const char c = line[i];
    if ((c == ':' && (i + 1 == line.size() || blank(line[i + 1]))) ||
        (c == '#' && i > start && blank(line[i - 1])) ||
        (depth > 0 && (c == ',' || c == ']' || c == '}'))) {
      break;
    }
    if (!blank(c)) {
      end = i + 1;
    }
  }
  return end;
}

} // namespace

std::vector<FindingDetails> finding_details(const CheckReport& report) {
  SourceLines sources(report.repo);
  std::vector<FindingDetails> out;
  out.reserve(report.diagnostics.size());
  std::unordered_map<std::uint64_t, int> seen;
  std::unordered_map<std::string, std::vector<std::uint64_t>> line_hashes; // per file
  std::unordered_map<std::uint64_t, int> hidden_seen; // per hash of a hidden finding's place
  for (const Diagnostic& d : report.diagnostics) {
    FindingDetails details;
    const std::string_view text = sources.line(d.file, d.line).value_or("");
    // A private file's text is hidden (SourceFile::text_hidden): its findings' identities hash
    // where they are, which the finding shows anyway, in place of a line nobody may read.
    const bool hidden = sources.hidden(d.file);
    const std::string place = hidden ? fmt::format("line {}", d.line) : std::string();

    details.end_line = d.line;
    details.end_column = d.column;
    if (const std::size_t start = byte_offset(text, d.column);
        d.column > 0 && start != std::string_view::npos && !blank(text[start])) {
      const std::size_t end = token_end(text, start);
      details.end_column =
          d.column + static_cast<std::uint32_t>(utf8_length(text.substr(start, end - start)));
    }

    std::uint64_t hash = fnv1a(d.rule);
    hash = fnv1a(std::string_view("\0", 1), hash);
    hash = fnv1a(d.file, hash);
    hash = fnv1a(std::string_view("\0", 1), hash);
    hash = fnv1a(d.message, hash);
    hash = fnv1a(std::string_view("\0", 1), hash);
    hash = fnv1a(hidden ? std::string_view(place) : trim(text), hash);
    const int repeat = seen[hash]++;
    if (repeat > 0) {
      hash = fnv1a(std::to_string(repeat), hash);
    }
    details.fingerprint = fmt::format("{:016x}", hash);

    if (hidden) {
      // HASH:N, a hash of the rule, the file and the line number, and N for the N-th finding
      // with those three: stable, distinct for each finding, and nothing of the text.
      std::uint64_t place_hash = fnv1a(d.rule);
      place_hash = fnv1a(std::string_view("\0", 1), place_hash);
      place_hash = fnv1a(d.file, place_hash);
      place_hash = fnv1a(std::string_view("\0", 1), place_hash);
      place_hash = fnv1a(place, place_hash);
      details.line_hash = fmt::format("{:016x}:{}", place_hash, ++hidden_seen[place_hash]);
      out.push_back(std::move(details));
      continue;
    }

    // HASH:N, N counting the lines of the file up to this one with the same trimmed text.
    auto [hashes, fresh] = line_hashes.try_emplace(d.file);
    if (fresh) {
      for (std::uint32_t n = 1;; ++n) {
        const auto line = sources.line(d.file, n);
        if (!line) {
          break;
        }
        hashes->second.push_back(fnv1a(trim(*line)));
      }
    }
    const std::uint64_t line_hash = fnv1a(trim(text));
    int occurrence = 1;
    for (std::uint32_t n = 1; n < d.line && n <= hashes->second.size(); ++n) {
      occurrence += hashes->second[n - 1] == line_hash ? 1 : 0;
    }
    details.line_hash = fmt::format("{:016x}:{}", line_hash, occurrence);
    out.push_back(std::move(details));
  }
  return out;
}

std::vector<std::string> fingerprints(const CheckReport& report) {
  std::vector<std::string> out;
  for (FindingDetails& details : finding_details(report)) {
    out.push_back(std::move(details.fingerprint));
  }
  return out;
}

} // namespace okr
