// Builds the alignment graph of the files in a scope, and selects what a report shows.

#include <algorithm>
#include <functional>
#include <optional>
#include <unordered_map>

#include <okr/alignment.hpp>

namespace okr {

std::string_view to_string(EdgeKind kind) {
  switch (kind) {
  case EdgeKind::aligns_to:
    return "aligns_to";
  case EdgeKind::shared:
    return "shared";
  case EdgeKind::contributes_to:
    return "contributes_to";
  case EdgeKind::depends_on:
    return "depends_on";
  }
  return "aligns_to";
}

Pos AlignObjective::pos() const {
  return objective->id.pos.line > 0 ? objective->id.pos : objective->pos;
}

std::optional<std::size_t> Alignment::find_owner(std::string_view id) const {
  const auto it = owner_ids.find(std::string(id));
  return it == owner_ids.end() ? std::nullopt : std::optional<std::size_t>(it->second);
}

std::optional<std::size_t> Alignment::find_objective(std::string_view ref) const {
  const auto it = objective_refs.find(std::string(ref));
  return it == objective_refs.end() ? std::nullopt : std::optional<std::size_t>(it->second);
}

std::string Alignment::kr_ref(std::size_t k) const {
  const AlignKeyResult& kr = key_results[k];
  return objectives[kr.objective].ref + "/" + kr.key_result->id.value;
}

namespace {

/// Whether a file belongs to the scope: its cycle overlaps the scope's (a quarter shows the
/// year's company objectives; a year shows its quarters).
bool in_scope(const Index& index, const OkrFile& file, const Cycle* cycle,
              const AlignScope& scope) {
  if (file.is_private && !scope.include_private) {
    return false;
  }
  if (scope.cycle.empty()) {
    return true;
  }
  if (file.cycle.value == scope.cycle) {
    return true;
  }
  const Cycle* own = index.cycle(file.cycle.value);
  return cycle && own && own->overlaps(*cycle);
}

int level_rank(Level level) {
  return static_cast<int>(level);
}

} // namespace

Alignment build_alignment(const Index& index, const AlignScope& scope) {
  Alignment graph;
  graph.include_private = scope.include_private;
  const Cycle* scope_cycle = scope.cycle.empty() ? nullptr : index.cycle(scope.cycle);

  // Owners of the files in scope, with their files by cycle start.
  struct Draft {
    const OkrFile* first = nullptr;
    std::vector<const OkrFile*> files;
    std::vector<std::string> children;
  };
  std::unordered_map<std::string, Draft> drafts;
  std::vector<std::string> order;
  for (const OkrFile& file : index.repo().okr_files) {
    if (file.owner.value.empty() || !in_scope(index, file, scope_cycle, scope)) {
      continue;
    }
    auto [it, inserted] = drafts.try_emplace(file.owner.value);
    if (inserted) {
      order.push_back(file.owner.value);
    }
    it->second.files.push_back(&file);
  }
  auto cycle_start = [&](const OkrFile* f) {
    const Cycle* c = index.cycle(f->cycle.value);
    return c ? c->start : Date();
  };
  for (auto& [id, draft] : drafts) {
    std::stable_sort(draft.files.begin(), draft.files.end(),
                     [&](const OkrFile* a, const OkrFile* b) {
                       return cycle_start(a) != cycle_start(b) ? cycle_start(a) < cycle_start(b)
                                                               : a->cycle.value < b->cycle.value;
                     });
    // The file of the scope's own cycle describes the owner; else the first.
    draft.first = draft.files.front();
    for (const OkrFile* f : draft.files) {
      if (f->cycle.value == scope.cycle) {
        draft.first = f;
      }
    }
  }
  std::vector<std::string> tops;
  for (const std::string& id : order) {
    const OkrFile* f = drafts[id].first;
    const auto parent = f->parent ? drafts.find(f->parent->value) : drafts.end();
    if (parent == drafts.end() || f->parent->value == id) {
      tops.push_back(id);
    } else {
      parent->second.children.push_back(id);
    }
  }
  auto by_level_then_id = [&](const std::string& a, const std::string& b) {
    const int la = level_rank(drafts[a].first->level);
    const int lb = level_rank(drafts[b].first->level);
    return la != lb ? la < lb : a < b;
  };
  std::sort(tops.begin(), tops.end(), by_level_then_id);
  for (auto& [id, draft] : drafts) {
    std::sort(draft.children.begin(), draft.children.end());
  }

  // Owners depth first from the tops; owners in a parent loop are added after.
  std::unordered_map<std::string, std::size_t> owner_index;
  auto add_tree = [&](const std::string& top) {
    std::vector<std::pair<std::string, std::size_t>> stack{{top, 0}};
    while (!stack.empty()) {
      auto [id, depth] = stack.back();
      stack.pop_back();
      if (owner_index.contains(id)) {
        continue;
      }
      const Draft& draft = drafts[id];
      owner_index.emplace(id, graph.owners.size());
      AlignOwner owner;
      owner.id = id;
      owner.name = draft.first->display_name();
      owner.level = draft.first->level;
      owner.parent = draft.first->parent ? draft.first->parent->value : "";
      owner.files = draft.files;
      owner.depth = depth;
      graph.owners.push_back(std::move(owner));
      for (auto it = draft.children.rbegin(); it != draft.children.rend(); ++it) {
        stack.emplace_back(*it, depth + 1);
      }
    }
  };
  for (const std::string& top : tops) {
    add_tree(top);
  }
  std::sort(order.begin(), order.end());
  for (const std::string& id : order) {
    add_tree(id);
  }
  for (AlignOwner& owner : graph.owners) {
    if (const auto it = owner_index.find(owner.parent); it != owner_index.end()) {
      graph.owners[it->second].children.push_back(owner_index[owner.id]);
    }
  }

  for (std::size_t o = 0; o < graph.owners.size(); ++o) {
    graph.owner_ids.emplace(graph.owners[o].id, o);
  }

  // Objectives and key results, owner by owner, in vectors sized once: growing them by
  // doubling would hold up to twice the graph, the old copy and the new, at the moment of a
  // copy, while the whole repository is in memory.
  std::size_t objectives = 0;
  std::size_t key_results = 0;
  std::size_t edges = 0; // at most: every reference resolves
  for (const AlignOwner& owner : graph.owners) {
    for (const OkrFile* file : owner.files) {
      for (const Objective& objective : file->objectives) {
        ++objectives;
        edges +=
            (objective.shared ? 1 : 0) + objective.aligns_to.size() + objective.depends_on.size();
        key_results += objective.key_results.size();
        for (const KeyResult& kr : objective.key_results) {
          edges += kr.contributes_to.size();
        }
      }
    }
  }
  graph.objectives.reserve(objectives);
  graph.key_results.reserve(key_results);
  graph.edges.reserve(edges);
  graph.objective_refs.reserve(objectives);
  // Node index by model address, sorted once filled: 16 bytes an entry, a third of a hash map's.
  std::vector<std::pair<const Objective*, std::size_t>> objective_index;
  std::vector<std::pair<const KeyResult*, std::size_t>> kr_index;
  objective_index.reserve(objectives);
  kr_index.reserve(key_results);
  for (std::size_t o = 0; o < graph.owners.size(); ++o) {
    for (const OkrFile* file : graph.owners[o].files) {
      for (const Objective& objective : file->objectives) {
        const std::size_t n = graph.objectives.size();
        objective_index.emplace_back(&objective, n);
        graph.objective_refs.emplace(graph.owners[o].id + "/" + objective.id.value, n);
        graph.owners[o].objectives.push_back(n);
        AlignObjective node;
        node.ref = graph.owners[o].id + "/" + objective.id.value;
        node.owner = o;
        node.file = file;
        node.objective = &objective;
        node.title = objective.title.value;
        for (const KeyResult& kr : objective.key_results) {
          kr_index.emplace_back(&kr, graph.key_results.size());
          node.key_results.push_back(graph.key_results.size());
          graph.key_results.push_back({n, &kr, {}, {}});
        }
        graph.objectives.push_back(std::move(node));
      }
    }
  }

  // std::less orders any two addresses; `<` is unspecified across objects.
  auto by_address = [](const auto& x, const auto& y) { return std::less<>{}(x.first, y.first); };
  std::sort(objective_index.begin(), objective_index.end(), by_address);
  std::sort(kr_index.begin(), kr_index.end(), by_address);
  auto node_of = [](const auto& sorted, const auto* address) -> std::optional<std::size_t> {
    const auto it = std::lower_bound(
        sorted.begin(), sorted.end(), address,
        [](const auto& entry, const auto* a) { return std::less<>{}(entry.first, a); });
    if (address == nullptr || it == sorted.end() || it->first != address) {
      return std::nullopt;
    }
    return it->second;
  };

  // Edges, resolved the way okr check resolves references.
  auto is_hidden_owner = [&](const std::string& id) {
    if (scope.include_private) {
      return false;
    }
    const auto& files = index.files_of(id);
    return !files.empty() &&
           std::all_of(files.begin(), files.end(), [](const OkrFile* f) { return f->is_private; });
  };
  for (std::size_t n = 0; n < graph.objectives.size(); ++n) {
    AlignObjective& node = graph.objectives[n];
    const Objective& objective = *node.objective;
    const Cycle* cycle = index.cycle(node.file->cycle.value);
    if (objective.shared) {
      const auto hit =
          index.find_objective(objective.shared->owner, objective.shared->objective, cycle);
      if (const auto target = node_of(objective_index, hit.objective)) {
        node.title = hit.objective->title.value;
        node.shares = *target;
        graph.objectives[*target].sharers.push_back(n);
        graph.edges.push_back({EdgeKind::shared, node.ref, graph.objectives[*target].ref});
      }
    }
    for (const Ref& ref : objective.aligns_to) {
      const auto hit = index.find_objective(ref.owner, ref.objective, cycle);
      if (const auto target = node_of(objective_index, hit.objective); target && *target != n) {
        node.aligns_to.push_back(*target);
        graph.objectives[*target].supporters.push_back(n);
        graph.edges.push_back({EdgeKind::aligns_to, node.ref, graph.objectives[*target].ref});
      }
    }
    for (const Text& owner : objective.depends_on) {
      if (!owner.value.empty() && !is_hidden_owner(owner.value)) {
        graph.edges.push_back({EdgeKind::depends_on, node.ref, owner.value});
      }
    }
    for (const std::size_t k : node.key_results) {
      for (const Ref& ref : graph.key_results[k].key_result->contributes_to) {
        const auto target = node_of(kr_index, index.find_key_result(ref, cycle));
        if (target && *target != k) {
          graph.key_results[k].contributes_to.push_back(*target);
          graph.key_results[*target].contributors.push_back(k);
          graph.edges.push_back({EdgeKind::contributes_to, graph.kr_ref(k), graph.kr_ref(*target)});
        }
      }
    }
  }
  return graph;
}

void restrict_alignment(Alignment& graph, std::string_view owner, std::size_t depth) {
  std::vector<std::pair<std::size_t, std::size_t>> stack; // owner, depth below the selection
  for (std::size_t o = 0; o < graph.owners.size(); ++o) {
    graph.owners[o].visible = false;
    if (owner.empty() ? graph.owners[o].depth == 0 : graph.owners[o].id == owner) {
      stack.emplace_back(o, 0);
    }
  }
  while (!stack.empty()) {
    const auto [o, d] = stack.back();
    stack.pop_back();
    AlignOwner& node = graph.owners[o];
    if (node.visible || (depth > 0 && d >= depth)) {
      continue;
    }
    node.visible = true;
    node.depth = d;
    for (const std::size_t child : node.children) {
      stack.emplace_back(child, d + 1);
    }
  }
  for (AlignObjective& objective : graph.objectives) {
    objective.visible = graph.owners[objective.owner].visible;
  }
  auto shown = [&](std::size_t objective) { return graph.objectives[objective].visible; };
  std::erase_if(graph.gaps, [&](const Gap& g) { return !shown(g.objective); });
  std::erase_if(graph.orphans, [&](const Orphan& o) { return !shown(o.objective); });
  std::erase_if(graph.overlaps, [&](const Overlap& o) {
    return std::none_of(o.objectives.begin(), o.objectives.end(), shown);
  });
  std::erase_if(graph.dependencies, [&](const Dependency& d) { return !shown(d.objective); });
  std::erase_if(graph.individual_copies, [&](const IndividualCopy& c) {
    return !shown(c.key_result ? graph.key_results[c.individual].objective : c.individual);
  });
  std::erase_if(graph.focus, [&](const Focus& f) { return !graph.owners[f.owner].visible; });
}

void AlignScores::sort() {
  // Addresses are ordered with std::less, which is total for pointers; stable, so that the
  // first score added for an item is the one found.
  std::stable_sort(m_scores.begin(), m_scores.end(), [](const auto& a, const auto& b) {
    return std::less<const void*>()(a.first, b.first);
  });
  std::sort(m_rollups.begin(), m_rollups.end(), std::less<const void*>());
}

bool AlignScores::rollup(const Objective& objective) const {
  return std::binary_search(m_rollups.begin(), m_rollups.end(),
                            static_cast<const void*>(&objective), std::less<const void*>());
}

std::optional<double> AlignScores::find_item(const void* item) const {
  const auto it = std::lower_bound(m_scores.begin(), m_scores.end(), item,
                                   [](const auto& entry, const void* key) {
                                     return std::less<const void*>()(entry.first, key);
                                   });
  if (it == m_scores.end() || it->first != item) {
    return std::nullopt;
  }
  return it->second;
}

} // namespace okr
