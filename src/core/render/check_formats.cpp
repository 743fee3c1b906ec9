#include <algorithm>
#include <array>
#include <cstdint>
#include <fmt/format.h>
#include <unordered_map>
#include <utility>

#include <okr/check_render.hpp>
#include <okr/text.hpp>

namespace okr {

namespace {
constexpr std::array k_formats = {
    OutputFormat{"text", "for people: each finding with its source line and a caret", render_text,
                 false},
    OutputFormat{"concise", "one line a finding: file:line:col: severity: message [rule]",
                 render_concise, false},
    OutputFormat{"json", "for programs: {\"version\", \"diagnostics\", \"summary\"}", render_json,
                 true},
    OutputFormat{"sarif", "SARIF 2.1.0, for GitHub code scanning and other SARIF viewers",
                 render_sarif, true},
    OutputFormat{"github", "GitHub Actions workflow commands: annotations on the pull request",
                 render_github, false},
    OutputFormat{"gitlab", "GitLab Code Quality report (JSON)", render_gitlab, true},
    OutputFormat{"junit", "JUnit XML: one test case per file and per finding", render_junit, true},
};

} // namespace

std::span<const OutputFormat> output_formats() {
  return k_formats;
}

const OutputFormat* find_output_format(std::string_view name) {
  const auto it = std::find_if(k_formats.begin(), k_formats.end(),
                               [&](const OutputFormat& f) { return f.name == name; });
  return it == k_formats.end() ? nullptr : &*it;
}

std::string sanitize_for_terminal(std::string_view text) {
  std::string out = escape_controls(text, "\t");
  std::replace(out.begin(), out.end(), '\t', ' ');
  return out;
}

std::string escape_xml(std::string_view text) {
  return escape_markup(text, Markup::xml);
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
