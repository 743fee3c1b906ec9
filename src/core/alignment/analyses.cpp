// The analyses of an alignment session: gaps, orphans, overlaps, dependencies, individual
// copies and focus. okr align shows them as sections; four rules of okr check report them.

#include <algorithm>
#include <charconv>
#include <numeric>
#include <set>
#include <unordered_set>

#include <okr/alignment.hpp>

namespace okr {

namespace {

bool cycles_overlap(const Index& index, const OkrFile& a, const OkrFile& b) {
  const Cycle* x = index.cycle(a.cycle.value);
  const Cycle* y = index.cycle(b.cycle.value);
  return x && y && x->overlaps(*y);
}

bool strategic(Level level) {
  return level == Level::company || level == Level::unit;
}

/// The file of `owner` in a cycle overlapping `file`'s that has objectives, else null.
const OkrFile* file_with_objectives(const Index& index, std::string_view owner,
                                    const OkrFile& file) {
  for (const OkrFile* candidate : index.files_of(owner)) {
    if (!candidate->objectives.empty() && cycles_overlap(index, *candidate, file)) {
      return candidate;
    }
  }
  return nullptr;
}

/// The parent of `owner` as its files say: the one of an overlapping cycle, else any.
std::string parent_of(const Index& index, std::string_view owner, const OkrFile& file) {
  const OkrFile* any = nullptr;
  for (const OkrFile* candidate : index.files_of(owner)) {
    if (!candidate->parent) {
      continue;
    }
    if (cycles_overlap(index, *candidate, file)) {
      return candidate->parent->value;
    }
    any = any ? any : candidate;
  }
  return any ? any->parent->value : "";
}

class DisjointSets {
public:
  explicit DisjointSets(std::size_t n) : m_parent(n) {
    std::iota(m_parent.begin(), m_parent.end(), std::size_t{0});
  }
  std::size_t find(std::size_t x) {
    while (m_parent[x] != x) {
      m_parent[x] = m_parent[m_parent[x]];
      x = m_parent[x];
    }
    return x;
  }
  void join(std::size_t a, std::size_t b) {
    a = find(a);
    b = find(b);
    if (a != b) {
      m_parent[std::max(a, b)] = std::min(a, b);
    }
  }

private:
  std::vector<std::size_t> m_parent;
};

} // namespace

void find_gaps(Alignment& graph) {
  graph.gaps.clear();
  for (std::size_t n = 0; n < graph.objectives.size(); ++n) {
    const AlignObjective& o = graph.objectives[n];
    if (strategic(graph.owners[o.owner].level) && !o.objective->shared && o.supporters.empty() &&
        o.sharers.empty()) {
      graph.gaps.push_back({n});
    }
  }
}

void find_orphans(Alignment& graph, const Index& index) {
  graph.orphans.clear();
  for (std::size_t n = 0; n < graph.objectives.size(); ++n) {
    const AlignObjective& o = graph.objectives[n];
    const Level level = graph.owners[o.owner].level;
    if ((level != Level::team && level != Level::unit) || o.objective->shared) {
      continue;
    }
    // An aligns_to that names no objective (unresolved-ref) connects it to nothing either.
    const Cycle* within = index.cycle(o.file->cycle.value);
    const bool aligned = std::any_of(
        o.objective->aligns_to.begin(), o.objective->aligns_to.end(), [&](const Ref& ref) {
          return index.find_objective(ref.owner, ref.objective, within).objective;
        });
    if (aligned) {
      continue;
    }
    // The nearest ancestor with objectives in an overlapping cycle, if any.
    std::set<std::string> visited{graph.owners[o.owner].id};
    std::string ancestor = o.file->parent ? o.file->parent->value : "";
    while (!ancestor.empty() && visited.insert(ancestor).second) {
      if (file_with_objectives(index, ancestor, *o.file)) {
        graph.orphans.push_back({n, ancestor, !o.objective->aligns_to.empty()});
        break;
      }
      ancestor = parent_of(index, ancestor, *o.file);
    }
  }
}

void find_overlaps(Alignment& graph, const Index& index) {
  graph.overlaps.clear();
  std::vector<std::size_t> candidates;
  std::vector<TitleWords> words;
  for (std::size_t n = 0; n < graph.objectives.size(); ++n) {
    const AlignObjective& o = graph.objectives[n];
    if (!o.objective->shared && graph.owners[o.owner].level != Level::individual) {
      candidates.push_back(n);
      words.push_back(title_words(o.title));
    }
  }
  auto linked = [&](const AlignObjective& a, std::size_t b) {
    return std::find(a.aligns_to.begin(), a.aligns_to.end(), b) != a.aligns_to.end();
  };
  const auto pairs =
      similar_pairs(words, k_similarity_threshold, [&](std::size_t x, std::size_t y) {
        const std::size_t a = candidates[x];
        const std::size_t b = candidates[y];
        const AlignObjective& oa = graph.objectives[a];
        const AlignObjective& ob = graph.objectives[b];
        return oa.owner != ob.owner && !linked(oa, b) && !linked(ob, a) &&
               cycles_overlap(index, *oa.file, *ob.file);
      });
  DisjointSets sets(candidates.size());
  for (const SimilarPair& p : pairs) {
    sets.join(p.a, p.b);
  }
  std::vector<std::optional<std::size_t>> group_of(candidates.size());
  for (const SimilarPair& p : pairs) {
    const std::size_t root = sets.find(p.a);
    if (!group_of[root]) {
      group_of[root] = graph.overlaps.size();
      graph.overlaps.emplace_back();
    }
    Overlap& group = graph.overlaps[*group_of[root]];
    group.similarity = std::max(group.similarity, p.similarity);
    group.objectives.push_back(candidates[p.a]);
    group.objectives.push_back(candidates[p.b]);
  }
  for (Overlap& group : graph.overlaps) {
    std::sort(group.objectives.begin(), group.objectives.end());
    group.objectives.erase(std::unique(group.objectives.begin(), group.objectives.end()),
                           group.objectives.end());
  }
  std::sort(graph.overlaps.begin(), graph.overlaps.end(),
            [](const Overlap& a, const Overlap& b) { return a.objectives < b.objectives; });
}

void find_dependencies(Alignment& graph, const Index& index) {
  graph.dependencies.clear();
  std::set<std::pair<std::string_view, std::string_view>> pairs; // (from owner, on owner)
  for (const AlignObjective& o : graph.objectives) {
    for (const Text& on : o.objective->depends_on) {
      pairs.emplace(graph.owners[o.owner].id, on.value);
    }
  }
  for (std::size_t n = 0; n < graph.objectives.size(); ++n) {
    const AlignObjective& o = graph.objectives[n];
    const std::string& owner = graph.owners[o.owner].id;
    for (const Text& on : o.objective->depends_on) {
      const auto& files = index.files_of(on.value);
      if (on.value.empty() || on.value == owner) {
        continue;
      }
      const bool hidden =
          !graph.include_private && !files.empty() &&
          std::all_of(files.begin(), files.end(), [](const OkrFile* f) { return f->is_private; });
      if (hidden) {
        continue;
      }
      Dependency d;
      d.objective = n;
      d.on = on.value;
      d.pos = on.pos;
      d.has_okrs = std::any_of(files.begin(), files.end(), [&](const OkrFile* f) {
        return cycles_overlap(index, *f, *o.file);
      });
      d.mutual = pairs.contains({on.value, owner});
      graph.dependencies.push_back(std::move(d));
    }
  }
}

void find_individual_copies(Alignment& graph, const Index& index) {
  graph.individual_copies.clear();
  for (std::size_t n = 0; n < graph.objectives.size(); ++n) {
    const AlignObjective& mine = graph.objectives[n];
    const AlignOwner& person = graph.owners[mine.owner];
    if (person.level != Level::individual || mine.objective->shared) {
      continue;
    }
    const auto team = graph.find_owner(person.parent);
    if (!team) {
      continue;
    }
    std::vector<std::size_t> theirs;
    for (const std::size_t t : graph.owners[*team].objectives) {
      if (cycles_overlap(index, *graph.objectives[t].file, *mine.file)) {
        theirs.push_back(t);
      }
    }
    // The objective itself, then each key result, against the closest of the team's.
    const auto my_words = title_words(mine.title);
    IndividualCopy best{false, n, 0, 0};
    for (const std::size_t t : theirs) {
      const double s = similarity(my_words, title_words(graph.objectives[t].title));
      if (s > best.similarity) {
        best = {false, n, t, s};
      }
    }
    if (best.similarity >= k_similarity_threshold) {
      graph.individual_copies.push_back(best);
    }
    for (const std::size_t k : mine.key_results) {
      const auto kr_words = title_words(graph.key_results[k].key_result->title.value);
      best = {true, k, 0, 0};
      for (const std::size_t t : theirs) {
        for (const std::size_t tk : graph.objectives[t].key_results) {
          const double s =
              similarity(kr_words, title_words(graph.key_results[tk].key_result->title.value));
          if (s > best.similarity) {
            best = {true, k, tk, s};
          }
        }
      }
      if (best.similarity >= k_similarity_threshold) {
        graph.individual_copies.push_back(best);
      }
    }
  }
}

void find_focus(Alignment& graph, const FocusLimits& limits) {
  graph.focus.clear();
  for (std::size_t o = 0; o < graph.owners.size(); ++o) {
    const AlignOwner& owner = graph.owners[o];
    const bool top = strategic(owner.level);
    const std::size_t limit = top ? limits.max_priorities : limits.max_objectives;
    for (const OkrFile* file : owner.files) {
      if (file->objectives.size() > limit) {
        graph.focus.push_back({o, file->cycle.value, file->objectives.size(), limit,
                               top ? "too-many-priorities" : "objective-count"});
      }
    }
  }
}

FocusLimits focus_limits(const Config& config) {
  FocusLimits limits;
  for (const RuleSetting& rule : config.rules) {
    const auto it = rule.options.find("max");
    if (it == rule.options.end()) {
      continue;
    }
    const std::string& text = it->second.value;
    std::size_t max = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), max);
    if (error != std::errc() || end != text.data() + text.size() || max == 0) {
      continue;
    }
    if (rule.name.value == "objective-count") {
      limits.max_objectives = max;
    } else if (rule.name.value == "too-many-priorities") {
      limits.max_priorities = max;
    }
  }
  return limits;
}

void analyse_alignment(Alignment& graph, const Index& index, const FocusLimits& limits) {
  find_gaps(graph);
  find_orphans(graph, index);
  find_overlaps(graph, index);
  find_dependencies(graph, index);
  find_individual_copies(graph, index);
  find_focus(graph, limits);
}

} // namespace okr
