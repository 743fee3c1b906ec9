#include <algorithm>
#include <array>
#include <cstdint>
#include <fmt/format.h>
#include <unordered_map>

#include <okr/render.hpp>

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
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\t') {
      out += ' ';
    } else if (c < 0x20 || c == 0x7F) {
      out += "\xEF\xBF\xBD"; // U+FFFD: the control character is shown, not obeyed
    } else if (c == 0xC2 && i + 1 < text.size() &&
               static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(text[i + 1]) <= 0x9F) {
      out += "\xEF\xBF\xBD"; // a C1 control such as CSI (U+009B)
      ++i;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

} // namespace okr
