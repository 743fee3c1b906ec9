// okr align --format json: {"version", "cycle", "as_of", "nodes", "edges", "gaps", "orphans",
// "overlaps", "dependencies", "individual_copies", "focus", "summary"}.

#include <nlohmann/json.hpp>
#include <ostream>

#include <okr/number.hpp>
#include <okr/scoring.hpp>

#include "render/align_common.hpp"

namespace okr {

namespace {

using Json = nlohmann::ordered_json;

Json score(const AlignReport& report, const auto& item) {
  if (report.scores) {
    if (const std::optional<double> s = report.scores->find(item)) {
      return score_decimals(*s);
    }
  }
  return nullptr;
}

void add_where(Json& j, const AlignReport& report, const Pos& pos) {
  if (report.repo) {
    j["file"] = report.repo->path_of(pos);
    j["line"] = pos.line;
    j["column"] = pos.column;
  }
}

Json nodes(const AlignReport& report) {
  const Alignment& graph = *report.graph;
  Json out = Json::array();
  for (const AlignOwner& owner : graph.owners) {
    if (owner.visible) {
      out.push_back({{"id", owner.id},
                     {"type", "owner"},
                     {"name", owner.name},
                     {"level", to_string(owner.level)},
                     {"parent", owner.parent.empty() ? Json(nullptr) : Json(owner.parent)}});
    }
  }
  for (const AlignObjective& o : graph.objectives) {
    if (!o.visible) {
      continue;
    }
    Json j = {{"id", o.ref},
              {"type", "objective"},
              {"owner", graph.owners[o.owner].id},
              {"cycle", o.file->cycle.value},
              {"title", o.title}};
    Json initiatives = Json::array();
    for (const Text& initiative : o.objective->initiatives) {
      initiatives.push_back(initiative.value);
    }
    j["initiatives"] = std::move(initiatives);
    if (o.shares) {
      j["shared"] = graph.objectives[*o.shares].ref;
    }
    j["score"] = score(report, *o.objective);
    if (report.scores && report.scores->rollup(*o.objective)) {
      j["rollup"] = true;
    }
    add_where(j, report, o.pos());
    out.push_back(std::move(j));
    for (const std::size_t k : o.key_results) {
      const AlignKeyResult& kr = graph.key_results[k];
      const std::string ref = graph.kr_ref(k);
      Json jk = {{"id", ref},
                 {"type", "key_result"},
                 {"objective", o.ref},
                 {"title", kr.key_result->title.value},
                 {"kr_type", to_string(kr.key_result->type)},
                 {"score", score(report, *kr.key_result)}};
      add_where(jk, report, kr.key_result->id.pos);
      out.push_back(std::move(jk));
    }
  }
  return out;
}

Json sections(const AlignReport& report, Json doc) {
  const Alignment& graph = *report.graph;
  auto objective = [&](std::size_t n) {
    const AlignObjective& o = graph.objectives[n];
    Json j = {{"objective", o.ref}, {"owner", graph.owners[o.owner].id}, {"title", o.title}};
    add_where(j, report, o.pos());
    return j;
  };
  Json& gaps = doc["gaps"] = Json::array();
  for (const Gap& g : graph.gaps) {
    gaps.push_back(objective(g.objective));
  }
  Json& orphans = doc["orphans"] = Json::array();
  for (const Orphan& o : graph.orphans) {
    Json j = objective(o.objective);
    j["ancestor"] = o.ancestor;
    orphans.push_back(std::move(j));
  }
  Json& overlaps = doc["overlaps"] = Json::array();
  for (const Overlap& o : graph.overlaps) {
    Json refs = Json::array();
    for (const std::size_t n : o.objectives) {
      refs.push_back(graph.objectives[n].ref);
    }
    overlaps.push_back(
        {{"objectives", std::move(refs)}, {"similarity", round_fraction(o.similarity)}});
  }
  Json& dependencies = doc["dependencies"] = Json::array();
  for (const Dependency& d : graph.dependencies) {
    Json j = {{"from", graph.objectives[d.objective].ref},
              {"on", d.on},
              {"has_okrs", d.has_okrs},
              {"mutual", d.mutual}};
    add_where(j, report, d.pos);
    dependencies.push_back(std::move(j));
  }
  Json& copies = doc["individual_copies"] = Json::array();
  for (const IndividualCopy& c : graph.individual_copies) {
    copies.push_back({{"type", c.key_result ? "key_result" : "objective"},
                      {"individual", c.key_result ? graph.kr_ref(c.individual)
                                                  : graph.objectives[c.individual].ref},
                      {"team", c.key_result ? graph.kr_ref(c.team) : graph.objectives[c.team].ref},
                      {"similarity", round_fraction(c.similarity)}});
  }
  Json& focus = doc["focus"] = Json::array();
  for (const Focus& f : graph.focus) {
    focus.push_back({{"owner", graph.owners[f.owner].id},
                     {"cycle", f.cycle},
                     {"objectives", f.objectives},
                     {"limit", f.limit},
                     {"rule", f.rule}});
  }
  Json summary = Json::object();
  for (const std::string_view name : align_sections()) {
    summary[std::string(name)] = section_size(graph, name);
  }
  doc["summary"] = std::move(summary);
  return doc;
}

} // namespace

void render_align_json(std::ostream& out, const AlignReport& report, const AlignRenderOptions&) {
  const Alignment& graph = *report.graph;
  Json doc = {{"version", 1},
              {"cycle", report.cycle.empty() ? Json(nullptr) : Json(report.cycle)},
              {"as_of", report.as_of.str()},
              {"owner", report.owner.empty() ? Json(nullptr) : Json(report.owner)}};
  doc["nodes"] = nodes(report);
  Json edges = Json::array();
  for (const AlignEdge& e : graph.edges) {
    if (align::edge_shown(graph, e)) {
      edges.push_back({{"type", to_string(e.kind)}, {"from", e.from}, {"to", e.to}});
    }
  }
  doc["edges"] = std::move(edges);
  doc = sections(report, std::move(doc));
  out << doc.dump(2, ' ', false, Json::error_handler_t::replace) << '\n';
}

} // namespace okr
