#include "render/align_common.hpp"

#include <algorithm>
#include <array>
#include <fmt/format.h>

#include <okr/number.hpp>
#include <okr/text.hpp>

namespace okr {

namespace {

constexpr std::array k_section_texts = {
    align::SectionText{"gaps", "Gaps",
                       "company and unit objectives that nothing aligns to and no team shares: "
                       "ask which team can move each one, or drop it from the priorities"},
    align::SectionText{"orphans", "Orphans",
                       "team and unit objectives that connect to no strategy: align each to the "
                       "objective it serves, or ask whether it is a priority at all"},
    align::SectionText{"overlaps", "Overlaps",
                       "objectives of different owners that say nearly the same thing: make "
                       "one shared objective with each team's own key results"},
    align::SectionText{"dependencies", "Dependencies",
                       "who depends on whom: agree each dependency with the owner you depend "
                       "on, and make it part of their OKRs"},
    align::SectionText{"individual_copies", "Individual copies",
                       "individual objectives and key results that repeat their team's: write "
                       "what the person will do or learn to support it instead"},
    align::SectionText{"focus", "Focus",
                       "owners with more objectives than focus allows: keep the few changes "
                       "that matter most and move the rest to KPIs or a later cycle"},
};

/// The section names, in order: those of k_section_texts.
constexpr auto k_sections = [] {
  std::array<std::string_view, k_section_texts.size()> names{};
  for (std::size_t i = 0; i < names.size(); ++i) {
    names[i] = k_section_texts[i].name;
  }
  return names;
}();

} // namespace

std::span<const std::string_view> align_sections() {
  return k_sections;
}

std::size_t section_size(const Alignment& graph, std::string_view section) {
  if (section == "gaps") {
    return graph.gaps.size();
  }
  if (section == "orphans") {
    return graph.orphans.size();
  }
  if (section == "overlaps") {
    return graph.overlaps.size();
  }
  if (section == "dependencies") {
    return graph.dependencies.size();
  }
  if (section == "individual_copies") {
    return graph.individual_copies.size();
  }
  if (section == "focus") {
    return graph.focus.size();
  }
  return 0;
}

} // namespace okr

namespace okr::align {

namespace {

using Kind = TreeItem::Kind;

class Outliner {
public:
  explicit Outliner(const Alignment& graph)
      : m_graph(graph), m_shown(graph.objectives.size()), m_dependencies(graph.objectives.size()) {
    for (const Dependency& d : graph.dependencies) {
      m_dependencies[d.objective].push_back(&d);
    }
  }

  TreeItem objective(std::size_t n) {
    const AlignObjective& o = m_graph.objectives[n];
    TreeItem item{Kind::objective, n, {}, m_shown[n], {}};
    if (m_shown[n]) {
      return item;
    }
    m_shown[n] = true;
    if (o.shares) {
      // Shared from an objective shown elsewhere or not at all: its own key results matter.
      for (const std::size_t k : o.key_results) {
        item.children.push_back({Kind::key_result, k, {}, false, {}});
      }
    }
    add_notes(item, n);
    for (const std::size_t s : o.sharers) {
      if (m_graph.objectives[s].visible) {
        item.children.push_back(sharer(s));
      }
    }
    for (const std::size_t s : o.supporters) {
      if (m_graph.objectives[s].visible) {
        item.children.push_back(objective(s));
      }
    }
    return item;
  }

  TreeItem sharer(std::size_t n) {
    const AlignObjective& o = m_graph.objectives[n];
    m_shown[n] = true;
    TreeItem item{Kind::sharer, n, {}, false, {}};
    for (const std::size_t k : o.key_results) {
      item.children.push_back({Kind::key_result, k, {}, false, {}});
    }
    add_notes(item, n);
    for (const std::size_t s : o.supporters) {
      if (m_graph.objectives[s].visible) {
        item.children.push_back(objective(s));
      }
    }
    return item;
  }

  bool shown(std::size_t n) const { return m_shown[n]; }

private:
  void add_notes(TreeItem& item, std::size_t n) {
    const AlignObjective& o = m_graph.objectives[n];
    auto note = [&](std::string text) {
      item.children.push_back({Kind::note, 0, std::move(text), false, {}});
    };
    for (const std::size_t t : o.aligns_to) {
      if (!m_graph.objectives[t].visible) {
        note("aligns to " + m_graph.objectives[t].ref); // above the part shown
      }
    }
    for (const Dependency* d : m_dependencies[n]) {
      std::string text = "depends on " + d->on;
      if (const auto owner = m_graph.find_owner(d->on)) {
        text += " (" + m_graph.owners[*owner].name + ")";
      }
      if (d->mutual) {
        text += fmt::format(", which depends on {} too", m_graph.owners[o.owner].id);
      }
      if (!d->has_okrs) {
        text += ", which has no OKRs for " + o.file->cycle.value;
      }
      note(std::move(text));
    }
    for (const std::size_t k : o.key_results) {
      const AlignKeyResult& kr = m_graph.key_results[k];
      for (const std::size_t c : kr.contributors) {
        note(fmt::format("{} contributes to {}", m_graph.kr_ref(c), kr.key_result->id.value));
      }
      for (const std::size_t t : kr.contributes_to) {
        note(fmt::format("{} contributes to {}", kr.key_result->id.value, m_graph.kr_ref(t)));
      }
    }
  }

  const Alignment& m_graph;
  std::vector<bool> m_shown;
  std::vector<std::vector<const Dependency*>> m_dependencies; ///< by objective
};

} // namespace

std::vector<TreeItem> build_outline(const Alignment& graph) {
  Outliner outliner(graph);
  std::vector<TreeItem> roots;
  for (std::size_t o = 0; o < graph.owners.size(); ++o) {
    const AlignOwner& owner = graph.owners[o];
    if (!owner.visible || owner.depth != 0) {
      continue;
    }
    TreeItem top{Kind::owner, o, {}, false, {}};
    for (const std::size_t n : owner.objectives) {
      top.children.push_back(outliner.objective(n));
    }
    roots.push_back(std::move(top));
  }
  // What the tops' trees did not reach: each owner's remaining objectives, in org order.
  for (std::size_t o = 0; o < graph.owners.size(); ++o) {
    const AlignOwner& owner = graph.owners[o];
    if (!owner.visible || owner.depth == 0) {
      continue;
    }
    TreeItem rest{Kind::owner, o, {}, false, {}};
    for (const std::size_t n : owner.objectives) {
      if (!outliner.shown(n)) {
        rest.children.push_back(outliner.objective(n));
      }
    }
    if (!rest.children.empty()) {
      roots.push_back(std::move(rest));
    }
  }
  return roots;
}

namespace {

std::string shown_score(const AlignReport& report, auto find) {
  if (!report.scores) {
    return "";
  }
  const std::optional<double> score = find(*report.scores);
  return score ? format_fraction(*score) : "–";
}

} // namespace

std::string score_text(const AlignReport& report, const AlignObjective& objective) {
  std::string text =
      shown_score(report, [&](const AlignScores& s) { return s.find(*objective.objective); });
  if (report.scores && report.scores->rollup(*objective.objective)) {
    text += " roll-up";
  }
  return text;
}

std::string score_text(const AlignReport& report, const AlignKeyResult& kr) {
  return shown_score(report, [&](const AlignScores& s) { return s.find(*kr.key_result); });
}

const SectionText& section_text(std::string_view name) {
  for (const SectionText& text : k_section_texts) {
    if (text.name == name) {
      return text;
    }
  }
  return k_section_texts.front();
}

std::vector<std::string> section_lines(const Alignment& graph, std::string_view name) {
  std::vector<std::string> lines;
  auto objective = [&](std::size_t n) {
    return fmt::format("{}: {}", graph.objectives[n].ref, graph.objectives[n].title);
  };
  if (name == "gaps") {
    for (const Gap& g : graph.gaps) {
      lines.push_back(objective(g.objective));
    }
  } else if (name == "orphans") {
    for (const Orphan& o : graph.orphans) {
      if (!o.broken) {
        lines.push_back(objective(o.objective) +
                        fmt::format(" (aligns to nothing; {} has objectives)", o.ancestor));
        continue;
      }
      // Every objective its aligns_to names is missing: say which, so the fix is a typo away.
      std::vector<std::string> missing;
      for (const Ref& ref : graph.objectives[o.objective].objective->aligns_to) {
        missing.push_back(ref.str());
      }
      lines.push_back(objective(o.objective) +
                      fmt::format(" (aligns_to {}, which {} not exist; {} has objectives)",
                                  fmt::join(missing, ", "), missing.size() == 1 ? "does" : "do",
                                  o.ancestor));
    }
  } else if (name == "overlaps") {
    for (const Overlap& o : graph.overlaps) {
      std::vector<std::string> refs;
      for (const std::size_t n : o.objectives) {
        refs.push_back(graph.objectives[n].ref);
      }
      lines.push_back(
          fmt::format("{} (similarity {}):", fmt::join(refs, ", "), format_fraction(o.similarity)));
      for (const std::size_t n : o.objectives) {
        lines.push_back("  " + objective(n));
      }
    }
  } else if (name == "dependencies") {
    for (const Dependency& d : graph.dependencies) {
      std::string line = fmt::format("{} depends on {}", graph.objectives[d.objective].ref, d.on);
      if (d.mutual) {
        line += fmt::format(" (mutual: {} depends on {} too)", d.on,
                            graph.owners[graph.objectives[d.objective].owner].id);
      }
      if (!d.has_okrs) {
        line += fmt::format(" (no OKRs: {} has no OKR file for {})", d.on,
                            graph.objectives[d.objective].file->cycle.value);
      }
      lines.push_back(std::move(line));
    }
  } else if (name == "individual_copies") {
    for (const IndividualCopy& c : graph.individual_copies) {
      const std::string& mine =
          c.key_result ? graph.kr_ref(c.individual) : graph.objectives[c.individual].ref;
      const std::string& theirs =
          c.key_result ? graph.kr_ref(c.team) : graph.objectives[c.team].ref;
      lines.push_back(fmt::format("{} repeats {} (similarity {})", mine, theirs,
                                  format_fraction(c.similarity)));
    }
  } else if (name == "focus") {
    for (const Focus& f : graph.focus) {
      const AlignOwner& owner = graph.owners[f.owner];
      lines.push_back(fmt::format("{} ({}, {}): {} objectives, more than {} [{}]", owner.id,
                                  to_string(owner.level), f.cycle, f.objectives, f.limit, f.rule));
    }
  }
  return lines;
}

std::string report_title(const AlignReport& report) {
  std::string title = "Alignment";
  if (!report.organization.empty()) {
    title += " of " + report.organization;
  }
  if (!report.owner.empty()) {
    title += ", from " + report.owner;
  }
  if (!report.cycle.empty()) {
    title += ", cycle " + report.cycle;
  }
  return title;
}

std::string summary_line(const Alignment& graph) {
  return fmt::format(
      "{}, {}, {}, {}, {}, {}", plural(graph.gaps.size(), "gap", "gaps"),
      plural(graph.orphans.size(), "orphan", "orphans"),
      plural(graph.overlaps.size(), "overlap", "overlaps"),
      plural(graph.dependencies.size(), "dependency", "dependencies"),
      plural(graph.individual_copies.size(), "individual copy", "individual copies"),
      plural(graph.focus.size(), "owner over the focus limits", "owners over the focus limits"));
}

bool edge_shown(const Alignment& graph, const AlignEdge& edge) {
  auto objective_shown = [&](const std::string& ref) {
    const auto n = graph.find_objective(ref);
    return n && graph.objectives[*n].visible;
  };
  auto kr_objective = [](const std::string& ref) { return ref.substr(0, ref.rfind('/')); };
  switch (edge.kind) {
  case EdgeKind::aligns_to:
  case EdgeKind::shared:
    return objective_shown(edge.from) && objective_shown(edge.to);
  case EdgeKind::contributes_to:
    return objective_shown(kr_objective(edge.from)) && objective_shown(kr_objective(edge.to));
  case EdgeKind::depends_on:
    return objective_shown(edge.from);
  }
  return false;
}

} // namespace okr::align

namespace okr::align {

Drawing drawing(const Alignment& graph) {
  Drawing d;
  d.gap.assign(graph.objectives.size(), false);
  d.orphan.assign(graph.objectives.size(), false);
  for (const Gap& g : graph.gaps) {
    d.gap[g.objective] = true;
  }
  for (const Orphan& o : graph.orphans) {
    d.orphan[o.objective] = true;
  }
  std::vector<bool> drawn(graph.key_results.size(), false);
  for (std::size_t k = 0; k < graph.key_results.size(); ++k) {
    const AlignKeyResult& kr = graph.key_results[k];
    for (const std::size_t t : kr.contributes_to) {
      if (graph.objectives[kr.objective].visible &&
          graph.objectives[graph.key_results[t].objective].visible) {
        drawn[k] = true;
        drawn[t] = true;
      }
    }
  }
  for (std::size_t k = 0; k < drawn.size(); ++k) {
    if (drawn[k]) {
      d.key_results.push_back(k);
    }
  }
  for (const Dependency& dep : graph.dependencies) {
    d.dependency_owners.push_back(dep.on);
  }
  std::sort(d.dependency_owners.begin(), d.dependency_owners.end());
  d.dependency_owners.erase(std::unique(d.dependency_owners.begin(), d.dependency_owners.end()),
                            d.dependency_owners.end());
  return d;
}

} // namespace okr::align
