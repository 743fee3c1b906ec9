// okr align --format mermaid: a flowchart that GitHub renders inside Markdown. Node ids are
// generated (o1, k1, w1), never taken from the files; labels are quoted with Mermaid's entity
// codes for the characters that could end or change them (escape_mermaid).

#include <fmt/format.h>
#include <ostream>
#include <unordered_map>

#include <okr/check_render.hpp>

#include "render/align_common.hpp"

namespace okr {

void render_align_mermaid(std::ostream& out, const AlignReport& report, const AlignRenderOptions&) {
  const Alignment& graph = *report.graph;
  const align::Drawing drawing = align::drawing(graph);
  out << "flowchart BT\n";
  out << "  %% " << escape_mermaid(align::report_title(report)) << " (as of " << report.as_of.str()
      << ")\n";
  std::unordered_map<std::string, std::string> node_id; // ref or owner id -> Mermaid id
  std::vector<std::vector<std::size_t>> krs_of(graph.objectives.size());
  for (const std::size_t k : drawing.key_results) {
    krs_of[graph.key_results[k].objective].push_back(k);
  }
  for (std::size_t o = 0; o < graph.owners.size(); ++o) {
    const AlignOwner& owner = graph.owners[o];
    if (!owner.visible) {
      continue;
    }
    const std::string id = fmt::format("w{}", o);
    node_id.emplace(owner.id, id);
    out << fmt::format("  subgraph {}[\"{} ({}, {})\"]\n", id, escape_mermaid(owner.name),
                       escape_mermaid(owner.id), to_string(owner.level));
    for (const std::size_t n : owner.objectives) {
      const AlignObjective& obj = graph.objectives[n];
      const std::string oid = fmt::format("o{}", n);
      node_id.emplace(obj.ref, oid);
      std::string text = escape_mermaid(obj.ref) + "<br/>" + escape_mermaid(obj.title);
      if (const std::string score = align::score_text(report, obj); !score.empty()) {
        text += "<br/>score " + score;
      }
      out << fmt::format("    {}[\"{}\"]\n", oid, text);
      for (const std::size_t k : krs_of[n]) {
        const AlignKeyResult& kr = graph.key_results[k];
        const std::string kid = fmt::format("k{}", k);
        const std::string ref = graph.kr_ref(k);
        node_id.emplace(ref, kid);
        out << fmt::format("    {}([\"{}<br/>{}\"])\n", kid, escape_mermaid(ref),
                           escape_mermaid(kr.key_result->title.value));
      }
    }
    out << "  end\n";
  }
  std::size_t outside = 0;
  for (const std::string& owner : drawing.dependency_owners) {
    if (!node_id.contains(owner)) {
      const std::string id = fmt::format("x{}", ++outside);
      node_id.emplace(owner, id);
      out << fmt::format("  {}[\"{}\"]\n", id, escape_mermaid(owner));
    }
  }
  for (const AlignEdge& e : graph.edges) {
    if (!align::edge_shown(graph, e)) {
      continue;
    }
    const std::string& from = node_id.at(e.from);
    const std::string& to = node_id.at(e.to);
    switch (e.kind) {
    case EdgeKind::aligns_to:
      out << fmt::format("  {} --> {}\n", from, to);
      break;
    case EdgeKind::shared:
      out << fmt::format("  {} -. shares .-> {}\n", from, to);
      break;
    case EdgeKind::contributes_to:
      out << fmt::format("  {} -- contributes --> {}\n", from, to);
      break;
    case EdgeKind::depends_on:
      out << fmt::format("  {} -. depends on .-> {}\n", from, to);
      break;
    }
  }
  for (const Overlap& overlap : graph.overlaps) {
    for (std::size_t i = 1; i < overlap.objectives.size(); ++i) {
      const auto a = node_id.find(graph.objectives[overlap.objectives[0]].ref);
      const auto b = node_id.find(graph.objectives[overlap.objectives[i]].ref);
      if (a != node_id.end() && b != node_id.end()) {
        out << fmt::format("  {} -. overlaps .- {}\n", a->second, b->second);
      }
    }
  }
  for (const IndividualCopy& copy : graph.individual_copies) {
    const auto a = node_id.find(graph.objectives[copy.individual].ref);
    const auto b = node_id.find(graph.objectives[copy.team].ref);
    if (!copy.key_result && a != node_id.end() && b != node_id.end()) {
      out << fmt::format("  {} -. repeats .-> {}\n", a->second, b->second);
    }
  }
  out << "  classDef gap stroke:#c62828,stroke-width:3px\n";
  out << "  classDef orphan stroke:#ef6c00,stroke-width:3px,stroke-dasharray:5 5\n";
  for (std::size_t n = 0; n < graph.objectives.size(); ++n) {
    if (graph.objectives[n].visible && (drawing.gap[n] || drawing.orphan[n])) {
      out << fmt::format("  class o{} {}\n", n, drawing.gap[n] ? "gap" : "orphan");
    }
  }
}

} // namespace okr
