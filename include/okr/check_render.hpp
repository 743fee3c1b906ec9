#pragma once

#include <cstdint>
#include <iosfwd>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <okr/diagnostic.hpp>
#include <okr/model.hpp>

namespace okr {

/// The result of `okr check`, ready to render.
struct CheckReport {
  const Repository* repo = nullptr; ///< for source lines; may be null
  std::vector<Diagnostic> diagnostics;
  std::size_t files_checked = 0;
  std::vector<std::string> files; ///< the files checked, for formats that list them (junit)
  Counts hidden;                  ///< findings left out by --quiet, for the text summary
  /// Why okr could not check everything (okr.yaml has errors, ...), or empty: SARIF's
  /// executionSuccessful.
  std::string fatal;
  /// When the check started, UTC, as 2026-11-20T09:30:00, and how long it took, for JUnit;
  /// with OKR_TODAY set, midnight of that day and 0, so that the output is reproducible.
  std::string started;
  double seconds = 0;
};

struct RenderOptions {
  bool color = false;
  /// Prepended to every file path by every format, so that all paths are relative to one base:
  /// the git top level inside a work tree (the repository root relative to it, such as
  /// "okrs-repo/"), else the repository root (empty).
  std::string path_prefix;
  /// Absolute path of the checkout (the git top level, else the repository root), for SARIF's
  /// %SRCROOT%; empty when unknown.
  std::string source_root;
};

using RenderFn = void (*)(std::ostream& out, const CheckReport& report,
                          const RenderOptions& options);

/// An output format of `okr check`.
struct OutputFormat {
  std::string_view name;
  std::string_view summary;
  RenderFn render;
  /// A whole document (JSON, XML) that anything else on the same stream would make unreadable,
  /// rather than lines.
  bool document = false;
};

std::span<const OutputFormat> output_formats();
const OutputFormat* find_output_format(std::string_view name);

void render_text(std::ostream& out, const CheckReport& report, const RenderOptions& options);
void render_json(std::ostream& out, const CheckReport& report, const RenderOptions& options);
void render_concise(std::ostream& out, const CheckReport& report, const RenderOptions& options);
void render_sarif(std::ostream& out, const CheckReport& report, const RenderOptions& options);
void render_github(std::ostream& out, const CheckReport& report, const RenderOptions& options);
void render_gitlab(std::ostream& out, const CheckReport& report, const RenderOptions& options);
void render_junit(std::ostream& out, const CheckReport& report, const RenderOptions& options);

/// What the machine-readable formats say of a finding beyond its Diagnostic.
struct FindingDetails {
  /// Where the finding ends: just past the YAML token (plain or quoted scalar, key, flow
  /// collection) that starts at its position, on the same line, as SARIF's endColumn (exclusive,
  /// in code points); the start itself when no token starts there (a finding about a whole
  /// file, or a position past the end of its line).
  std::uint32_t end_line = 0;
  std::uint32_t end_column = 0;
  std::string fingerprint; ///< as fingerprints()
  /// SARIF's primaryLocationLineHash, "HASH:N": a hash of the line's trimmed text, and N for
  /// the N-th line of the file with that text. In a file whose text is hidden (a private
  /// file's, SourceFile::text_hidden): a hash of the rule, the file and the line number, and N
  /// for the N-th finding with those three, so that each finding keeps its own.
  std::string line_hash;
};

/// The details of each finding, in report order, from one reading of the source lines.
std::vector<FindingDetails> finding_details(const CheckReport& report);

/// A stable identity for each finding, in report order: a hash of the rule, the file, the
/// message and the trimmed source line (not the line number, so that it survives edits above
/// it), made unique by counting repeats; in a file whose text is hidden, the line number in
/// place of its text. 16 hex digits each.
std::vector<std::string> fingerprints(const CheckReport& report);

/// The word a format uses for a severity.
constexpr std::string_view by_severity(Severity severity, std::string_view error,
                                       std::string_view warning, std::string_view info) {
  return severity == Severity::error ? error : severity == Severity::warning ? warning : info;
}

/// Text from files for a terminal or a CI log (text, concise, github, gitlab, the score table,
/// the align tree, the log): control characters (ESC, BEL, CSI, ...), bidirectional overrides
/// and bytes that are not UTF-8 become visible escapes (escape_controls), so that they can
/// neither drive the terminal nor reorder what it shows; tabs become spaces.
std::string sanitize_for_terminal(std::string_view text);

/// XML text or attribute value (JUnit): escape_markup(text, Markup::xml) (okr/text.hpp). Markup
/// characters as entities, tab, LF and CR as character references, and what XML 1.0 cannot
/// hold (other C0 controls, U+FFFE, U+FFFF, bytes that are not UTF-8) or a reader should not
/// obey (C1 controls, bidirectional overrides) as visible escapes; the result is valid XML
/// whatever the input's bytes.
std::string escape_xml(std::string_view text);

/// What a CSV cell holds: a number (written as it is) or text.
enum class CsvCell { number, text };

/// One RFC 4180 field. Text is sanitised as for a terminal and, when it starts with = + - @,
/// a tab or a CR, gets a leading single quote (OWASP's defence against formula injection);
/// numbers such as -5 are left alone.
std::string csv_field(std::string_view text, CsvCell kind);

/// Text as inline Markdown (a heading, a paragraph, a list item or a table cell): punctuation
/// that Markdown reads gets a backslash, HTML is written as entities, line breaks and other
/// control characters (C0, DEL, C1) become spaces.
std::string escape_markdown(std::string_view text);

/// Text inside a double-quoted Mermaid label: Mermaid's entity codes for the characters that
/// could end or change it (" # & < > ` |); control characters become spaces.
std::string escape_mermaid(std::string_view text);

} // namespace okr
