// okr align --format dot: a Graphviz digraph (okr align --format dot | dot -Tsvg). Node ids
// are the refs, quoted; every string is escaped for a double-quoted DOT string.

#include <fmt/format.h>
#include <ostream>
#include <set>

#include "render/align_common.hpp"

namespace okr {

namespace {

/// Text as a double-quoted DOT string, quotes included. Graphviz reads HTML entities such as
/// &amp; in any label, so '&' is written as one.
std::string quoted(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '&') {
      out += "&amp;";
    } else {
      out += static_cast<unsigned char>(c) < 0x20 || c == 0x7F ? ' ' : c;
    }
  }
  return out + "\"";
}

/// Lines joined with DOT's centred line break.
std::string lines(std::initializer_list<std::string_view> parts) {
  std::string out = "\"";
  bool first = true;
  for (const std::string_view part : parts) {
    if (part.empty()) {
      continue;
    }
    const std::string q = quoted(part);
    out += (first ? "" : "\\n") + q.substr(1, q.size() - 2);
    first = false;
  }
  return out + "\"";
}

std::string owner_node(std::string_view owner) {
  return quoted(fmt::format("owner:{}", owner));
}

} // namespace

void render_align_dot(std::ostream& out, const AlignReport& report, const AlignRenderOptions&) {
  const Alignment& graph = *report.graph;
  const align::Drawing drawing = align::drawing(graph);
  std::vector<std::vector<std::size_t>> krs_of(graph.objectives.size());
  for (const std::size_t k : drawing.key_results) {
    krs_of[graph.key_results[k].objective].push_back(k);
  }
  const std::set<std::string> depended(drawing.dependency_owners.begin(),
                                       drawing.dependency_owners.end());
  out << "digraph alignment {\n";
  out << "  label=" << quoted(align::report_title(report) + " (as of " + report.as_of.str() + ")")
      << ";\n  labelloc=t;\n  rankdir=BT;\n";
  out << "  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n";
  out << "  edge [fontname=\"Helvetica\", fontsize=10];\n";
  std::set<std::string> drawn_owners;
  for (const AlignOwner& owner : graph.owners) {
    if (!owner.visible) {
      continue;
    }
    out << "  subgraph " << quoted("cluster_" + owner.id) << " {\n";
    out << "    label="
        << quoted(fmt::format("{} ({}, {})", owner.name, owner.id, to_string(owner.level)))
        << ";\n";
    if (depended.contains(owner.id)) {
      out << "    " << owner_node(owner.id) << " [shape=folder, label=" << quoted(owner.id)
          << "];\n";
      drawn_owners.insert(owner.id);
    }
    for (const std::size_t n : owner.objectives) {
      const AlignObjective& o = graph.objectives[n];
      const std::string score = align::score_text(report, o);
      out << "    " << quoted(o.ref)
          << " [label=" << lines({o.ref, o.title, score.empty() ? "" : "score " + score});
      if (drawing.gap[n]) {
        out << ", color=\"#c62828\", penwidth=2";
      } else if (drawing.orphan[n]) {
        out << ", color=\"#ef6c00\", penwidth=2, style=\"rounded,dashed\"";
      }
      out << "];\n";
      for (const std::size_t k : krs_of[n]) {
        const AlignKeyResult& kr = graph.key_results[k];
        const std::string ref = graph.kr_ref(k);
        out << "    " << quoted(ref)
            << " [shape=note, style=\"\", label=" << lines({ref, kr.key_result->title.value})
            << "];\n";
      }
    }
    out << "  }\n";
  }
  for (const std::string& owner : depended) {
    if (!drawn_owners.contains(owner)) {
      out << "  " << owner_node(owner) << " [shape=folder, label=" << quoted(owner) << "];\n";
    }
  }
  for (const AlignEdge& e : graph.edges) {
    if (!align::edge_shown(graph, e)) {
      continue;
    }
    const std::string to = e.kind == EdgeKind::depends_on ? owner_node(e.to) : quoted(e.to);
    out << "  " << quoted(e.from) << " -> " << to;
    switch (e.kind) {
    case EdgeKind::aligns_to:
      break;
    case EdgeKind::shared:
      out << " [style=dashed, label=\"shares\"]";
      break;
    case EdgeKind::contributes_to:
      out << " [style=dotted, label=\"contributes\"]";
      break;
    case EdgeKind::depends_on:
      out << " [style=dashed, color=\"#6a1b9a\", label=\"depends on\"]";
      break;
    }
    out << ";\n";
  }
  for (const Overlap& overlap : graph.overlaps) {
    for (std::size_t i = 1; i < overlap.objectives.size(); ++i) {
      const AlignObjective& a = graph.objectives[overlap.objectives[0]];
      const AlignObjective& b = graph.objectives[overlap.objectives[i]];
      if (a.visible && b.visible) {
        out << "  " << quoted(a.ref) << " -> " << quoted(b.ref)
            << " [dir=none, style=dotted, color=\"#ef6c00\", label=\"overlaps\", "
               "constraint=false];\n";
      }
    }
  }
  for (const IndividualCopy& copy : graph.individual_copies) {
    const AlignObjective& mine = graph.objectives[copy.individual];
    const AlignObjective& theirs = graph.objectives[copy.team];
    if (!copy.key_result && mine.visible && theirs.visible) {
      out << "  " << quoted(mine.ref) << " -> " << quoted(theirs.ref)
          << " [style=dotted, color=\"#ef6c00\", label=\"repeats\"];\n";
    }
  }
  out << "}\n";
}

} // namespace okr
