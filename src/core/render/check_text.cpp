#include <algorithm>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <ostream>

#include <okr/check_render.hpp>
#include <okr/loader.hpp>
#include <okr/text.hpp>

#include "render/source_lines.hpp"

namespace okr {

namespace {

constexpr std::string_view k_reset = "\x1b[0m";
constexpr std::string_view k_bold = "\x1b[1m";
constexpr std::string_view k_blue = "\x1b[1;34m";

std::string_view severity_colour(Severity s) {
  switch (s) {
  case Severity::error:
    return "\x1b[1;31m";
  case Severity::warning:
    return "\x1b[1;33m";
  case Severity::info:
    return "\x1b[1;36m";
  }
  return "";
}

/// Byte offset of the code point at 1-based `column`.
std::size_t offset_of_column(std::string_view line, std::uint32_t column) {
  std::size_t offset = 0;
  for (std::uint32_t c = 1; c < column && offset < line.size(); ++c) {
    ++offset;
    while (offset < line.size() && (static_cast<unsigned char>(line[offset]) & 0xC0) == 0x80) {
      ++offset;
    }
  }
  return offset;
}

/// Keeps very long lines readable: a window of about 120 characters around the column.
void clip(std::string_view& line, std::size_t& caret_offset, std::string& before,
          std::string& after) {
  constexpr std::size_t k_window = 120;
  if (line.size() <= k_window) {
    return;
  }
  std::size_t start = caret_offset > 40 ? caret_offset - 40 : 0;
  while (start > 0 && (static_cast<unsigned char>(line[start]) & 0xC0) == 0x80) {
    --start;
  }
  std::size_t end = std::min(line.size(), start + k_window);
  while (end < line.size() && (static_cast<unsigned char>(line[end]) & 0xC0) == 0x80) {
    ++end;
  }
  before = start > 0 ? "..." : "";
  after = end < line.size() ? "..." : "";
  caret_offset -= start;
  line = line.substr(start, end - start);
}

} // namespace

void render_text(std::ostream& out, const CheckReport& report, const RenderOptions& options) {
  auto paint = [&](std::string_view style, std::string_view text) {
    return options.color ? fmt::format("{}{}{}", style, text, k_reset) : std::string(text);
  };
  SourceLines sources(report.repo);
  for (const Diagnostic& d : report.diagnostics) {
    out << paint(k_bold,
                 fmt::format("{}:{}:{}:", sanitize_for_terminal(options.path_prefix + d.file),
                             d.line, d.column))
        << ' ' << paint(severity_colour(d.severity), to_string(d.severity)) << ": "
        << sanitize_for_terminal(d.message) << ' ' << paint(k_bold, "[" + d.rule + "]") << '\n';
    const auto line = sources.line(d.file, d.line);
    if (!line) {
      continue;
    }
    std::string_view text = *line;
    std::size_t caret = offset_of_column(text, d.column);
    std::string before, after;
    clip(text, caret, before, after);
    const std::string number = std::to_string(d.line);
    const std::string gutter(number.size(), ' ');
    const std::string shown = before + sanitize_for_terminal(text) + after;
    const std::string prefix = before + sanitize_for_terminal(text.substr(0, caret));
    out << paint(k_blue, fmt::format(" {} |", number)) << ' ' << shown << '\n';
    out << paint(k_blue, fmt::format(" {} |", gutter)) << ' '
        << std::string(utf8_length(prefix), ' ') << paint(severity_colour(d.severity), "^") << '\n';
  }
  // Totals, with what --quiet left out named: "0 errors, 1 warning (1 warning hidden by
  // --quiet)".
  Counts counts = count(report.diagnostics);
  counts.errors += report.hidden.errors;
  counts.warnings += report.hidden.warnings;
  counts.infos += report.hidden.infos;
  if (!report.diagnostics.empty()) {
    out << '\n';
  }
  std::string summary = fmt::format(
      "checked {}: {}, {}", plural(report.files_checked, "file", "files"),
      plural(counts.errors, "error", "errors"), plural(counts.warnings, "warning", "warnings"));
  if (counts.infos > 0) {
    summary += fmt::format(", {}", plural(counts.infos, "info", "infos"));
  }
  std::vector<std::string> hidden;
  if (report.hidden.warnings > 0) {
    hidden.push_back(plural(report.hidden.warnings, "warning", "warnings"));
  }
  if (report.hidden.infos > 0) {
    hidden.push_back(plural(report.hidden.infos, "info", "infos"));
  }
  if (!hidden.empty()) {
    summary += fmt::format(" ({} hidden by --quiet)", fmt::join(hidden, " and "));
  }
  out << (counts.errors > 0 ? paint(severity_colour(Severity::error), summary)
                            : paint(k_bold, summary))
      << '\n';
}

} // namespace okr
