// `okr score --format csv`: one row per key result (RFC 4180 quoting), for spreadsheets.

#include <fmt/format.h>
#include <ostream>

#include <okr/number.hpp>
#include <okr/score_render.hpp>
#include <okr/text.hpp>

namespace okr {

namespace {

std::string cell(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
    return std::string(text);
  }
  std::string out = "\"";
  for (const char c : text) {
    out += c == '"' ? std::string("\"\"") : std::string(1, c);
  }
  return out + "\"";
}

std::string rounded(std::optional<double> value) {
  return value ? fmt::format("{:.3f}", *value) : "";
}

} // namespace

void render_score_csv(std::ostream& out, const ScoreReport& report, const ScoreRenderOptions&) {
  out << "cycle,as_of,owner,objective,kr,ref,type,unit,baseline,target,value,measured,score,"
         "grade,expected,behind_pace,forecast,objective_score,owner_score,confidence,status,pace,"
         "breaches\r\n";
  for (const OwnerScore& o : report.owners) {
    for (const ObjectiveScore& objective : o.objectives) {
      for (const KrScore& k : objective.key_results) {
        const KeyResult& kr = *k.kr;
        std::string value = k.value ? format_number(*k.value, k.value_decimals) : "";
        if (k.done) {
          value = *k.done ? "done" : "not-done";
        }
        // The guardrail's threshold (or range, as written) in the target column.
        const std::string baseline = kr.baseline ? kr.baseline->str() : "";
        std::string target = kr.target ? kr.target->str() : "";
        if (kr.stay_above) {
          target = kr.stay_above->str();
        } else if (kr.stay_below) {
          target = kr.stay_below->str();
        } else if (kr.stay_between) {
          target = kr.stay_between->str();
        }
        const std::vector<std::string> row = {
            o.cycle,
            report.as_of.str(),
            o.owner,
            objective.id,
            kr.id.value,
            k.ref,
            std::string(to_string(kr.type)),
            kr.unit ? kr.unit->value : "",
            baseline,
            target,
            value,
            k.measured ? "true" : "false",
            k.measured ? rounded(k.score) : "",
            k.grade != Grade::none ? std::string(to_string(k.grade)) : "",
            rounded(o.expected),
            k.behind_pace ? "true" : "false",
            rounded(k.forecast),
            rounded(objective.score),
            rounded(o.score),
            o.confidence ? o.confidence->str() : "",
            o.status ? std::string(to_string(*o.status)) : "",
            std::string(to_string(k.pace)),
            k.guardrail ? std::to_string(k.guardrail->breaches.size()) : ""};
        std::string line;
        for (std::size_t i = 0; i < row.size(); ++i) {
          line += (i ? "," : "") + cell(row[i]);
        }
        out << line << "\r\n";
      }
    }
  }
}

} // namespace okr
