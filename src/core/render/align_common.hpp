#pragma once

// What the renderers of okr align share: the outline of the tree view, scores, section texts.

#include <string>
#include <vector>

#include <okr/alignment.hpp>

namespace okr::align {

/// One line of the alignment outline and the lines below it.
struct TreeItem {
  enum class Kind : std::uint8_t { owner, objective, sharer, key_result, note };
  Kind kind = Kind::note;
  std::size_t index = 0; ///< owner, objective (objective, sharer) or key result
  std::string note;      ///< Kind::note: plain text from the files, to be escaped
  bool repeated = false; ///< an objective already shown above (it aligns to several)
  std::vector<TreeItem> children;
};

/// The outline: each top owner's objectives with what aligns to them, recursively; then the
/// shown objectives that are not connected to those. Only objectives marked visible.
std::vector<TreeItem> build_outline(const Alignment& graph);

/// "0.70", or "–" when it has no score; empty when the report shows no scores.
std::string score_text(const AlignReport& report, const AlignObjective& objective);
std::string score_text(const AlignReport& report, const AlignKeyResult& kr);

/// The heading of a section with its advice, e.g. "Gaps", "strategic objectives ...".
struct SectionText {
  std::string_view name;   ///< as in align_sections()
  std::string_view title;  ///< "Gaps"
  std::string_view advice; ///< one sentence
};
const SectionText& section_text(std::string_view name);

/// The entries of a section as plain lines (to be escaped by the renderer).
std::vector<std::string> section_lines(const Alignment& graph, std::string_view name);

/// "acme: 2026-Q4", the heading of a report.
std::string report_title(const AlignReport& report);

/// The summary: "0 gaps, 0 orphans, ...".
std::string summary_line(const Alignment& graph);

/// Whether an edge has both ends shown (an owner end counts as shown when it is not hidden).
bool edge_shown(const Alignment& graph, const AlignEdge& edge);

} // namespace okr::align

namespace okr::align {

/// What the graph formats (mermaid, dot) draw besides objectives: the key results that take
/// part in a shown contribution, and the owners named by shown dependencies.
struct Drawing {
  std::vector<std::size_t> key_results;
  std::vector<std::string> dependency_owners; ///< sorted, unique
  std::vector<bool> gap;                      ///< by objective
  std::vector<bool> orphan;                   ///< by objective
};
Drawing drawing(const Alignment& graph);

} // namespace okr::align
