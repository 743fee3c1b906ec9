// okr align --format dot: a Graphviz digraph (okr align --format dot | dot -Tsvg). Node ids
// are the refs, quoted; every string is escaped for a double-quoted DOT string.
//
// The drawing reads top to bottom by level, and stays narrow: a level shares k_columns
// columns of objectives among its owners (the company's objectives side by side, each of five
// teams a column of its own objectives stacked), each key result is drawn below its
// objective (invisible edges place them), and titles wrap at k_wrap characters.

#include <algorithm>
#include <fmt/format.h>
#include <map>
#include <ostream>
#include <set>

#include "okr/text.hpp"
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

/// How many characters a line of a node's label holds before it wraps.
constexpr std::size_t k_wrap = 26;

/// Text broken at spaces into lines of at most k_wrap characters (a longer word keeps its
/// own line; the space a line breaks at is dropped, every other one kept), joined with DOT's
/// centred line break; already escaped.
std::string wrapped(std::string_view text) {
  std::string out;
  std::size_t line = 0;
  bool first = true;
  for (;;) {
    const std::size_t space = text.find(' ');
    const std::string_view word = text.substr(0, space);
    const std::size_t length = utf8_length(word);
    if (!first && length > 0 && line > 0 && line + 1 + length > k_wrap) {
      out += "\\n";
      line = 0;
    } else if (!first) {
      out += ' ';
      ++line;
    }
    first = false;
    const std::string q = quoted(word);
    out += q.substr(1, q.size() - 2);
    line += length;
    if (space == std::string_view::npos) {
      return out;
    }
    text.remove_prefix(space + 1);
  }
}

/// Lines joined with DOT's centred line break, each wrapped.
std::string lines(std::initializer_list<std::string_view> parts) {
  std::string out = "\"";
  bool first = true;
  for (const std::string_view part : parts) {
    if (part.empty()) {
      continue;
    }
    out += (first ? "" : "\\n") + wrapped(part);
    first = false;
  }
  return out + "\"";
}

/// How many objectives wide a level is drawn, at most, unless it has more owners than that.
constexpr std::size_t k_columns = 4;

/// An edge that only places `below` under `above` (with rankdir=BT, a tail sits below its
/// head).
void place_below(std::ostream& out, std::string_view below, std::string_view above) {
  out << "    " << below << " -> " << above << " [style=invis];\n";
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
  std::map<Level, std::size_t> owners_at;
  for (const AlignOwner& owner : graph.owners) {
    owners_at[owner.level] += owner.visible ? 1 : 0;
  }
  std::set<std::string> drawn_owners;
  // Each owner's first objectives, and the lowest nodes of its last: a visible owner is drawn
  // below its parent's cluster.
  std::map<std::string_view, std::vector<std::string>> firsts;
  std::map<std::string_view, std::string> bottom;
  for (const AlignOwner& owner : graph.owners) {
    if (!owner.visible) {
      continue;
    }
    out << "  subgraph " << quoted("cluster_" + owner.id) << " {\n";
    out << "    label="
        << lines({owner.name, fmt::format("{}, {}", owner.id, to_string(owner.level))}) << ";\n";
    // The cluster names the owner: its nodes' labels begin with the ids inside it.
    const auto local = [&](std::string_view ref) { return ref.substr(owner.id.size() + 1); };
    std::string top; // the owner's node, drawn above its objectives
    if (depended.contains(owner.id)) {
      top = owner_node(owner.id);
      out << "    " << top << " [shape=folder, label=" << quoted(owner.id) << "];\n";
      drawn_owners.insert(owner.id);
    }
    // Objectives in rows of `columns`; each below the lowest node of the one above it.
    const std::size_t columns = std::max<std::size_t>(1, k_columns / owners_at[owner.level]);
    std::vector<std::string> lowest; // by objective of this owner: its lowest node
    for (const std::size_t n : owner.objectives) {
      const AlignObjective& o = graph.objectives[n];
      const std::string score = align::score_text(report, o);
      out << "    " << quoted(o.ref)
          << " [label=" << lines({local(o.ref), o.title, score.empty() ? "" : "score " + score});
      if (drawing.gap[n]) {
        out << ", color=\"#c62828\", penwidth=2";
      } else if (drawing.orphan[n]) {
        out << ", color=\"#ef6c00\", penwidth=2, style=\"rounded,dashed\"";
      }
      out << "];\n";
      if (lowest.size() >= columns) {
        place_below(out, quoted(o.ref), lowest[lowest.size() - columns]);
      } else if (!top.empty()) {
        place_below(out, quoted(o.ref), top);
      } else {
        firsts[owner.id].push_back(quoted(o.ref));
      }
      std::string previous = quoted(o.ref);
      for (const std::size_t k : krs_of[n]) {
        const AlignKeyResult& kr = graph.key_results[k];
        const std::string ref = graph.kr_ref(k);
        out << "    " << quoted(ref) << " [shape=note, style=\"\", label="
            << lines({ref.substr(ref.rfind('/') + 1), kr.key_result->title.value}) << "];\n";
        place_below(out, quoted(ref), previous);
        previous = quoted(ref);
      }
      lowest.push_back(std::move(previous));
    }
    if (!top.empty()) {
      firsts[owner.id].push_back(top);
    }
    if (!lowest.empty()) {
      bottom[owner.id] = lowest.back();
    }
    out << "  }\n";
  }
  for (const AlignOwner& owner : graph.owners) {
    const auto parent = bottom.find(owner.parent);
    if (owner.visible && parent != bottom.end()) {
      for (const std::string& node : firsts[owner.id]) {
        out << "  " << node << " -> " << parent->second << " [style=invis];\n";
      }
    }
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
      out << " [style=dotted, label=\"contributes\", constraint=false]";
      break;
    case EdgeKind::depends_on:
      out << " [style=dashed, color=\"#6a1b9a\", label=\"depends on\", constraint=false]";
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
