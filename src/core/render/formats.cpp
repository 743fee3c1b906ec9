#include <algorithm>
#include <array>
#include <cstdint>
#include <fmt/format.h>
#include <unordered_map>
#include <utility>

#include <okr/render.hpp>
#include <okr/text.hpp>

#include "render/source_lines.hpp"

namespace okr {

namespace {
constexpr std::array k_formats = {
    OutputFormat{"text", "for people: each finding with its source line and a caret", render_text},
    OutputFormat{"concise", "one line a finding: file:line:col: severity: message [rule]",
                 render_concise},
    OutputFormat{"json", "for programs: {\"version\", \"diagnostics\", \"summary\"}", render_json},
    OutputFormat{"sarif", "SARIF 2.1.0, for GitHub code scanning and other SARIF viewers",
                 render_sarif},
    OutputFormat{"github", "GitHub Actions workflow commands: annotations on the pull request",
                 render_github},
    OutputFormat{"gitlab", "GitLab Code Quality report (JSON)", render_gitlab},
    OutputFormat{"junit", "JUnit XML: one test case per file and per finding", render_junit},
};

/// FNV-1a, 64 bits: stable across platforms and releases, unlike std::hash.
std::uint64_t fnv1a(std::string_view text, std::uint64_t hash = 14695981039346656037ULL) {
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  return hash;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return text;
}
} // namespace

std::span<const OutputFormat> output_formats() {
  return k_formats;
}

const OutputFormat* find_output_format(std::string_view name) {
  const auto it = std::find_if(k_formats.begin(), k_formats.end(),
                               [&](const OutputFormat& f) { return f.name == name; });
  return it == k_formats.end() ? nullptr : &*it;
}

std::vector<std::string> fingerprints(const CheckReport& report) {
  SourceLines sources(report.repo);
  std::vector<std::string> out;
  std::unordered_map<std::uint64_t, int> seen;
  for (const Diagnostic& d : report.diagnostics) {
    std::uint64_t hash = fnv1a(d.rule);
    hash = fnv1a(std::string_view("\0", 1), hash);
    hash = fnv1a(d.file, hash);
    hash = fnv1a(std::string_view("\0", 1), hash);
    hash = fnv1a(d.message, hash);
    hash = fnv1a(std::string_view("\0", 1), hash);
    hash = fnv1a(trim(sources.line(d.file, d.line).value_or("")), hash);
    const int repeat = seen[hash]++;
    if (repeat > 0) {
      hash = fnv1a(std::to_string(repeat), hash);
    }
    out.push_back(fmt::format("{:016x}", hash));
  }
  return out;
}

std::string sanitize_for_terminal(std::string_view text) {
  std::string out = escape_controls(text, "\t");
  std::replace(out.begin(), out.end(), '\t', ' ');
  return out;
}

std::string escape_xml(std::string_view text) {
  const std::string shown = escape_controls(text, "\t\n\r");
  std::string out;
  out.reserve(shown.size());
  for (const char c : shown) {
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
      out += "&apos;";
      break;
    case '\n':
      out += "&#10;";
      break;
    case '\t':
      out += "&#9;";
      break;
    case '\r':
      out += "&#13;"; // a raw CR would be read back as a line feed, or a space in an attribute
      break;
    default:
      out += c;
    }
  }
  return out;
}

std::string csv_field(std::string_view text, CsvCell kind) {
  std::string value;
  if (kind == CsvCell::text) {
    value = sanitize_for_terminal(text);
    // OWASP's defence against formula injection: a text that a spreadsheet would read as a
    // formula (= + - @, or a tab or CR before one) starts with a single quote.
    constexpr std::string_view k_formula_start = "=+-@\t\r";
    if ((!text.empty() && k_formula_start.find(text.front()) != std::string_view::npos) ||
        (!value.empty() && k_formula_start.find(value.front()) != std::string_view::npos)) {
      value.insert(0, 1, '\'');
    }
  } else {
    value = text;
  }
  if (value.find_first_of(",\"\r\n") == std::string::npos) {
    return value;
  }
  std::string out = "\"";
  for (const char c : value) {
    out += c == '"' ? std::string("\"\"") : std::string(1, c);
  }
  return out + "\"";
}

namespace {

/// `text` with each control character (C0, DEL, C1) as a space and every other character as
/// `write(out, c)` writes it.
template <typename Write> std::string escape_each(std::string_view text, Write write) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (const std::size_t n = control_length(text, i); n > 0) {
      out += ' ';
      i += n - 1;
    } else {
      write(out, text[i]);
    }
  }
  return out;
}

/// Mermaid's entity codes for the characters that could end or change a quoted label.
constexpr std::array<std::pair<char, std::string_view>, 7> k_mermaid_codes = {{
    {'"', "#quot;"},
    {'#', "#35;"},
    {'&', "#amp;"},
    {'<', "#lt;"},
    {'>', "#gt;"},
    {'`', "#96;"},
    {'|', "#124;"},
}};

} // namespace

std::string escape_markdown(std::string_view text) {
  return escape_each(text, [](std::string& out, char c) {
    constexpr std::string_view k_markup = "\\`*_[]#|~!";
    if (c == '&' || c == '<' || c == '>') {
      out += c == '&' ? "&amp;" : c == '<' ? "&lt;" : "&gt;"; // HTML is shown, not read
      return;
    }
    if (k_markup.find(c) != std::string_view::npos) {
      out += '\\';
    }
    out += c;
  });
}

std::string escape_mermaid(std::string_view text) {
  return escape_each(text, [](std::string& out, char c) {
    const auto code = std::find_if(k_mermaid_codes.begin(), k_mermaid_codes.end(),
                                   [c](const auto& entry) { return entry.first == c; });
    if (code != k_mermaid_codes.end()) {
      out += code->second;
    } else {
      out += c;
    }
  });
}

} // namespace okr
