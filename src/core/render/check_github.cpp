// GitHub Actions workflow commands, escaped as @actions/core's toCommandValue/escapeData and
// escapeProperty do, after controls and bidi overrides become visible escapes: the runner
// prints the commands it reads into the job's log, where a raw ESC would drive the reader's
// terminal.

#include <fmt/format.h>
#include <ostream>

#include <okr/check_render.hpp>
#include <okr/text.hpp>

namespace okr {

namespace {

std::string escape_data(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
    case '%':
      out += "%25";
      break;
    case '\r':
      out += "%0D";
      break;
    case '\n':
      out += "%0A";
      break;
    default:
      out += c;
    }
  }
  return out;
}

std::string escape_property(std::string_view text) {
  std::string out;
  for (char c : escape_data(text)) {
    if (c == ':') {
      out += "%3A";
    } else if (c == ',') {
      out += "%2C";
    } else {
      out += c;
    }
  }
  return out;
}

/// Text as the job's log may show it: controls and bidi overrides as visible escapes, but line
/// breaks and tabs kept for the workflow command's own %0A / %0D escapes (an annotation may
/// have several lines).
std::string shown(std::string_view text) {
  return escape_controls(text, "\t\r\n");
}

} // namespace

void render_github(std::ostream& out, const CheckReport& report, const RenderOptions& options) {
  for (const Diagnostic& d : report.diagnostics) {
    out << fmt::format("::{} file={},line={},col={},title={}::{}\n",
                       by_severity(d.severity, "error", "warning", "notice"),
                       escape_property(shown(options.path_prefix + d.file)), d.line, d.column,
                       escape_property("okr " + d.rule), escape_data(shown(d.message)));
  }
}

} // namespace okr
