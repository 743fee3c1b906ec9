#include <algorithm>
#include <fmt/format.h>
#include <unordered_map>

#include "rules/rule_list.hpp"

namespace okr::rules {

namespace {

/// A node of the alignment graph: one objective, with the objectives it supports.
struct Vertex {
  const OkrFile* file = nullptr;
  const Objective* objective = nullptr;
  std::vector<std::pair<std::size_t, const Ref*>> edges; ///< target vertex, the reference
};

std::string name(const Vertex& v) {
  return v.file->owner.value + "/" + v.objective->id.value;
}

void find_cycles(RuleContext& context, const std::vector<Vertex>& graph) {
  enum : std::uint8_t { white, grey, black };
  std::vector<std::uint8_t> colour(graph.size(), white);
  std::vector<std::size_t> path;
  struct Frame {
    std::size_t vertex;
    std::size_t next_edge;
  };
  for (std::size_t start = 0; start < graph.size(); ++start) {
    if (colour[start] != white) {
      continue;
    }
    std::vector<Frame> stack{{start, 0}};
    colour[start] = grey;
    path.assign(1, start);
    while (!stack.empty()) {
      Frame& frame = stack.back();
      const Vertex& v = graph[frame.vertex];
      if (frame.next_edge == v.edges.size()) {
        colour[frame.vertex] = black;
        stack.pop_back();
        path.pop_back();
        continue;
      }
      const auto [to, ref] = v.edges[frame.next_edge++];
      if (colour[to] == grey) {
        std::string chain;
        auto it = std::find(path.begin(), path.end(), to);
        for (; it != path.end(); ++it) {
          chain += name(graph[*it]) + " -> ";
        }
        chain += name(graph[to]);
        context.report(ref->pos, fmt::format("alignment cycle: {}; an objective cannot support "
                                             "itself, so remove one of these links",
                                             chain));
      } else if (colour[to] == white) {
        colour[to] = grey;
        stack.push_back({to, 0});
        path.push_back(to);
      }
    }
  }
}

void parent_cycles(RuleContext& context) {
  // The organisation tree: owner -> parent must not loop. One parent per owner and cycle.
  for (const OkrFile& file : context.repo().okr_files) {
    if (!file.parent) {
      continue;
    }
    std::string chain = file.owner.value;
    const OkrFile* at = &file;
    for (int steps = 0; steps < 1000 && at && at->parent; ++steps) {
      chain += " -> " + at->parent->value;
      if (at->parent->value == file.owner.value) {
        context.report(file.parent->pos,
                       fmt::format("organisation cycle: {}; an owner cannot be its own ancestor, "
                                   "so fix one of these parents",
                                   chain));
        break;
      }
      const OkrFile* next = context.index().find(at->parent->value, file.cycle.value);
      if (!next) {
        const auto& files = context.index().files_of(at->parent->value);
        next = files.empty() ? nullptr : files.front();
      }
      at = next;
    }
  }
}

void run(RuleContext& context) {
  const Index& index = context.index();
  std::vector<Vertex> graph;
  std::unordered_map<const Objective*, std::size_t> vertex_of;
  for (const OkrFile& file : context.repo().okr_files) {
    for (const Objective& objective : file.objectives) {
      if (objective.shared) {
        continue; // a shared objective is the same objective; it adds no edge of its own
      }
      vertex_of.emplace(&objective, graph.size());
      graph.push_back({&file, &objective, {}});
    }
  }
  for (Vertex& v : graph) {
    const Cycle* cycle = index.cycle(v.file->cycle.value);
    for (const Ref& ref : v.objective->aligns_to) {
      const auto hit = index.find_objective(ref.owner, ref.objective, cycle);
      if (hit.objective) {
        if (const auto it = vertex_of.find(hit.objective); it != vertex_of.end()) {
          v.edges.emplace_back(it->second, &ref);
        }
      }
    }
  }
  find_cycles(context, graph);
  parent_cycles(context);
}

} // namespace

const RuleInfo alignment_cycle{
    "alignment-cycle",
    Severity::error,
    "objectives align to each other in a loop, or owners are each other's parents",
    "Vertical alignment runs from teams up to the strategy. When objective A aligns to B and B "
    "(directly or through others) back to A, neither connects to the strategy; likewise an owner "
    "cannot be its own ancestor through 'parent'.",
    "# okrs/2026-Q4/a.yaml\n  - id: x\n    aligns_to: [b/y]\n"
    "# okrs/2026-Q4/b.yaml\n  - id: y\n    aligns_to: [a/x]   # fires\n"
    "---\n"
    "  - id: y\n    aligns_to: [company/growth]   # clean",
    run};

} // namespace okr::rules
