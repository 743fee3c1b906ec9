// `okr score --format json`: {"cycle", "as_of", "owners": [...]}, scores in [0, 1] rounded to
// three decimals, null where not defined.

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

#include <okr/score_render.hpp>

#include "render/json_number.hpp"

namespace okr {

namespace {

using Json = nlohmann::ordered_json;

Json number(std::optional<double> value) {
  if (!value) {
    return nullptr;
  }
  return score_decimals(*value);
}

Json grade(Grade g) {
  return g == Grade::none ? Json(nullptr) : Json(to_string(g));
}

Json pace(Pace p) {
  return p == Pace::none ? Json(nullptr) : Json(to_string(p));
}

Json breaches(const GuardrailRecord& record) {
  Json out = Json::array();
  for (const Breach& b : record.breaches) {
    out.push_back({{"date", b.date.str()}, {"value", plain_number(b.value)}});
  }
  return out;
}

Json key_result(const KrScore& k, double expected) {
  Json value = nullptr;
  if (k.value) {
    value = plain_number(*k.value);
  } else if (k.done) {
    value = *k.done;
  }
  Json out = {{"id", k.kr->id.value},
              {"ref", k.ref},
              {"type", to_string(k.kr->type)},
              {"score", k.measured ? number(k.score) : Json(nullptr)},
              {"value", value},
              {"measured", k.measured},
              {"expected", number(expected)},
              {"forecast", number(k.forecast)},
              {"grade", grade(k.grade)},
              {"pace", pace(k.pace)},
              {"behind_pace", k.behind_pace},
              {"succeeded", k.succeeded},
              {"unit", k.kr->unit ? Json(k.kr->unit->value) : Json(nullptr)}};
  if (k.guardrail) {
    out["readings"] = k.guardrail->readings;
    out["breaches"] = breaches(*k.guardrail);
  }
  return out;
}

Json owner_json(const OwnerScore& o, const ScoreRenderOptions& options) {
  Json objectives = Json::array();
  for (const ObjectiveScore& objective : o.objectives) {
    Json krs = Json::array();
    for (const KrScore& k : objective.key_results) {
      krs.push_back(key_result(k, o.expected));
    }
    Json item = {{"id", objective.id},
                 {"score", number(objective.score)},
                 {"title", objective.title},
                 {"grade", grade(objective.grade)},
                 {"pace", pace(objective.pace)},
                 {"measured_count", objective.measured},
                 {"total_count", objective.parts},
                 {"rollup", objective.rollup()}};
    Json initiatives = Json::array();
    for (const Text& initiative : objective.objective->initiatives) {
      initiatives.push_back(initiative.value);
    }
    item["initiatives"] = std::move(initiatives);
    if (objective.rollup()) {
      Json sharers = Json::array();
      for (const SharerScore& sharer : objective.sharers) {
        sharers.push_back({{"ref", sharer.ref},
                           {"score", number(sharer.score)},
                           {"weight", plain_number(sharer.weight)}});
      }
      item["sharers"] = std::move(sharers);
    }
    if (options.rollup) {
      item["aligned_score"] = number(objective.aligned_score);
      item["aligned_count"] = objective.aligned_count;
    }
    item["key_results"] = std::move(krs);
    objectives.push_back(std::move(item));
  }
  Json owner = {{"owner", o.owner},
                {"score", number(o.score)},
                {"cycle", o.cycle},
                {"level", to_string(o.file->level)},
                {"grade", grade(o.grade)},
                {"pace", pace(o.pace)},
                {"measured_count", o.measured},
                {"total_count", o.objectives.size()},
                {"expected", number(o.expected)},
                {"latest_checkin", o.latest ? Json(o.latest->date.str()) : Json(nullptr)},
                {"confidence", o.confidence ? plain_number(o.confidence->value) : Json(nullptr)},
                {"status", o.status ? Json(to_string(*o.status)) : Json(nullptr)}};
  owner["objectives"] = std::move(objectives);
  return owner;
}

std::string dump(const Json& json, int indent) {
  return json.dump(indent, ' ', false, Json::error_handler_t::replace);
}

Json figures_json(const CycleFigures& f) {
  Json levels = Json::array();
  for (Level level : {Level::company, Level::unit, Level::team, Level::individual}) {
    const auto i = static_cast<std::size_t>(level);
    if (f.objectives[i] > 0) {
      levels.push_back({{"level", to_string(level)},
                        {"objectives", f.objectives[i]},
                        {"measured", f.measured[i]},
                        {"mean_score", number(f.mean(level))}});
    }
  }
  return {{"cycle", f.cycle},
          {"levels", std::move(levels)},
          {"committed_met", f.committed_met},
          {"committed_total", f.committed_total},
          {"stretch_sweet_spot", f.stretch_sweet},
          {"stretch_measured", f.stretch_measured}};
}

} // namespace

void render_score_json(std::ostream& out, const ScoreReport& report,
                       const ScoreRenderOptions& options) {
  // The document as nlohmann's dump(2) lays it out, written an owner at a time: the whole tree
  // of 10,000 teams took 230 MB. Each owner is dumped on its own and indented two levels (the
  // text of a dump has no line break but those of its layout: strings escape theirs).
  std::string text =
      "{\n  \"cycle\": " + dump(report.cycle ? Json(*report.cycle) : Json(nullptr), -1) +
      ",\n  \"as_of\": " + dump(Json(report.as_of.str()), -1) + ",\n";
  if (report.comparison) {
    // Indented as the document around it.
    const Json comparison = {{"current", figures_json(report.comparison->current)},
                             {"previous", figures_json(report.comparison->previous)}};
    text += "  \"comparison\": ";
    for (char c : dump(comparison, 2)) {
      text += c;
      if (c == '\n') {
        text += "  ";
      }
    }
    text += ",\n";
  }
  text += "  \"owners\": [";
  for (std::size_t i = 0; i < report.owners.size(); ++i) {
    text += i == 0 ? "\n    " : ",\n    ";
    for (char c : dump(owner_json(report.owners[i], options), 2)) {
      text += c;
      if (c == '\n') {
        text += "    ";
      }
    }
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    text.clear();
  }
  text += report.owners.empty() ? "]\n}\n" : "\n  ]\n}\n";
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
}

} // namespace okr
