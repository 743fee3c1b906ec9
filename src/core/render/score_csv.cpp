// `okr score --format csv`: one row per key result (RFC 4180 quoting, text cells guarded
// against formula injection), for spreadsheets.

#include <fmt/format.h>
#include <ostream>

#include <okr/check_render.hpp>
#include <okr/number.hpp>
#include <okr/score_render.hpp>
#include <okr/text.hpp>

namespace okr {

namespace {

std::string rounded(std::optional<double> value) {
  return value ? fmt::format("{:.3f}", *value) : "";
}

} // namespace

namespace {

/// --compare: one row per figure and cycle, this cycle's first.
void render_comparison_csv(std::ostream& out, const CycleComparison& comparison) {
  out << "cycle,figure,level,value,count,total\r\n";
  for (const CycleFigures* f : {&comparison.current, &comparison.previous}) {
    const std::string cycle = csv_field(f->cycle, CsvCell::text);
    for (Level level : {Level::company, Level::unit, Level::team, Level::individual}) {
      const auto i = static_cast<std::size_t>(level);
      if (f->objectives[i] > 0) {
        out << fmt::format("{},mean_score,{},{},{},{}\r\n", cycle, to_string(level),
                           rounded(f->mean(level)), f->measured[i], f->objectives[i]);
      }
    }
    out << fmt::format("{},committed_met,,,{},{}\r\n", cycle, f->committed_met, f->committed_total);
    out << fmt::format("{},stretch_sweet_spot,,,{},{}\r\n", cycle, f->stretch_sweet,
                       f->stretch_measured);
  }
}

} // namespace

void render_score_csv(std::ostream& out, const ScoreReport& report, const ScoreRenderOptions&) {
  if (report.comparison) {
    render_comparison_csv(out, *report.comparison);
    return;
  }
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
        using enum CsvCell;
        const std::vector<std::pair<std::string, CsvCell>> row = {
            {o.cycle, text},
            {report.as_of.str(), text},
            {o.owner, text},
            {objective.id, text},
            {kr.id.value, text},
            {k.ref, text},
            {std::string(to_string(kr.type)), text},
            {kr.unit ? kr.unit->value : "", text},
            {baseline, number},
            {target, number},
            {value, k.done ? text : number},
            {k.measured ? "true" : "false", text},
            {k.measured ? rounded(k.score) : "", number},
            {k.measured && k.grade != Grade::none ? std::string(to_string(k.grade)) : "", text},
            {rounded(o.expected), number},
            {k.behind_pace ? "true" : "false", text},
            {rounded(k.forecast), number},
            {rounded(objective.score), number},
            {rounded(o.score), number},
            {o.confidence ? o.confidence->str() : "", number},
            {o.status ? std::string(to_string(*o.status)) : "", text},
            {std::string(to_string(k.pace)), text},
            {k.guardrail ? std::to_string(k.guardrail->breaches.size()) : "", number}};
        std::string line;
        for (std::size_t i = 0; i < row.size(); ++i) {
          line += (i ? "," : "") + csv_field(row[i].first, row[i].second);
        }
        out << line << "\r\n";
      }
    }
  }
}

} // namespace okr
