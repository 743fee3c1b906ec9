// `okr log --format json`: {"checkins": [...]} newest first, plus "key_result" for one KR.

#include <nlohmann/json.hpp>
#include <ostream>

#include <okr/checkin_log.hpp>
#include <okr/checkins.hpp>

#include "render/change_json.hpp"
#include "render/json_number.hpp"

namespace okr {

namespace {

using Json = nlohmann::ordered_json;

Json optional_text(const std::optional<Text>& t) {
  return t ? Json(t->value) : Json(nullptr);
}

Json texts(const std::vector<Text>& list) {
  Json out = Json::array();
  for (const Text& t : list) {
    out.push_back(t.value);
  }
  return out;
}

/// A value as a JSON scalar: a number, or true / false for done / not-done.
Json value_json(const std::string& text) {
  if (text == "done" || text == "not-done") {
    return text == "done";
  }
  if (auto n = parse_number(text)) {
    return plain_number(*n);
  }
  return text;
}

Json changes(const std::vector<LogChange>& list) {
  Json out = Json::array();
  for (const LogChange& c : list) {
    out.push_back({{"key", c.key},
                   {"value", value_json(c.after)},
                   {"previous", c.before ? value_json(*c.before) : Json(nullptr)}});
  }
  return out;
}

} // namespace

void render_log_json(std::ostream& out, const CheckinLog& log) {
  Json entries = Json::array();
  for (const LogEntry& e : log.entries) {
    const Checkin& c = *e.checkin;
    entries.push_back(
        {{"file", e.path},
         {"owner", c.owner.value},
         {"cycle", c.cycle.value},
         {"date", c.date.str()},
         {"kind", to_string(c.kind)},
         {"author", optional_text(c.author)},
         {"confidence", c.confidence ? plain_number(c.confidence->value) : Json(nullptr)},
         {"status", c.status ? Json(to_string(*c.status)) : Json(nullptr)},
         {"changes", changes(e.changes)},
         {"kpis", changes(e.kpis)},
         {"unchanged", e.unchanged},
         {"issues", optional_text(c.issues)},
         {"plan", optional_text(c.plan)},
         {"attractors", texts(c.attractors)},
         {"detractors", texts(c.detractors)},
         {"learned", texts(c.learned)}});
  }
  Json doc = Json::object();
  if (log.history) {
    Json series = Json::array();
    for (const ReportedValue& v : log.history->series) {
      series.push_back({{"date", v.date.str()},
                        {"value", v.done ? Json(*v.done) : plain_number(*v.number)},
                        {"author", v.checkin && v.checkin->author ? Json(v.checkin->author->value)
                                                                  : Json(nullptr)}});
    }
    doc["key_result"] = {{"ref", log.history->ref},
                         {"title", log.history->kr->title.value},
                         {"series", std::move(series)}};
    if (const auto& g = log.history->guardrail) {
      Json breaches = Json::array();
      for (const Breach& b : g->breaches) {
        breaches.push_back({{"date", b.date.str()}, {"value", plain_number(b.value)}});
      }
      doc["key_result"]["readings"] = g->readings;
      doc["key_result"]["held"] = g->held;
      doc["key_result"]["breaches"] = std::move(breaches);
    }
  }
  doc["checkins"] = std::move(entries);
  if (!log.definitions.empty()) {
    Json changes = Json::array();
    for (const Change& c : log.definitions) {
      changes.push_back(change_json(c));
    }
    doc["definition_changes"] = std::move(changes);
  }
  out << doc.dump(2, ' ', false, Json::error_handler_t::replace) << '\n';
}

} // namespace okr
