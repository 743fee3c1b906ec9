// `okr score --format markdown`: a heading and a table per owner, for wikis and pull requests.

#include <fmt/format.h>
#include <ostream>

#include <okr/check_render.hpp>
#include <okr/number.hpp>
#include <okr/score_render.hpp>
#include <okr/text.hpp>

namespace okr {

namespace {

std::string join_notes(const std::vector<std::string>& notes) {
  std::string out;
  for (const std::string& note : notes) {
    if (!note.empty()) {
      out += (out.empty() ? "" : ", ") + note;
    }
  }
  return out;
}

} // namespace

void render_score_markdown(std::ostream& out, const ScoreReport& report,
                           const ScoreRenderOptions& options) {
  out << fmt::format("# OKR scores{} as of {}\n", report.cycle ? ", " + *report.cycle : "",
                     report.as_of.str());
  if (report.owners.empty()) {
    out << "\nNo OKRs to score.\n";
  }
  for (const OwnerScore& o : report.owners) {
    const OkrFile& file = *o.file;
    out << fmt::format("\n## {}{}: {} {}\n\n", escape_markdown(o.owner),
                       file.name && file.name->value != o.owner
                           ? " (" + escape_markdown(file.name->value) + ")"
                           : "",
                       score_text(o.score), standing_label(o.score.has_value(), o.grade, o.pace));
    std::string facts = "Expected pace " + format_fraction(o.expected);
    if (const std::string note = measured_note(o.measured, o.objectives.size(), "objectives");
        !note.empty()) {
      facts += " · " + note;
    }
    facts += o.latest ? fmt::format(" · latest check-in {}", o.latest->date.str())
                      : " · no check-in yet";
    if (o.confidence) {
      facts += fmt::format(" · confidence {}", o.confidence->str());
    }
    if (o.status) {
      facts += fmt::format(" · {}", to_string(*o.status));
    }
    out << facts << "\n\n";
    out << "| objective / key result | type | standing | score | pace or grade | notes |\n";
    out << "|---|---|---|---:|---|---|\n";
    for (const ObjectiveScore& objective : o.objectives) {
      std::vector<std::string> notes = {rollup_note(objective),
                                        measured_note(objective.measured, objective.parts)};
      if (options.rollup && objective.aligned_count > 0) {
        notes.push_back(fmt::format("{} aligned, mean {}", objective.aligned_count,
                                    format_score(objective.aligned_score)));
      }
      out << fmt::format(
          "| **{}**: {} | | | **{}** | {} | {} |\n", escape_markdown(objective.id),
          escape_markdown(objective.title), score_text(objective.score),
          standing_label(objective.score.has_value(), objective.grade, objective.pace),
          escape_markdown(join_notes(notes)));
      for (const KrScore& k : objective.key_results) {
        std::vector<std::string> kr_notes = {k.guardrail ? guardrail_note(*k.guardrail) : ""};
        if (k.forecast) {
          kr_notes.push_back("forecast " + format_fraction(*k.forecast));
        }
        out << fmt::format("| {} | {} | {} | {} | {} | {} |\n", escape_markdown(k.kr->id.value),
                           to_string(k.kr->type), escape_markdown(describe_standing(k)),
                           score_text(measured_score(k)),
                           standing_label(k.measured, k.grade, k.pace),
                           escape_markdown(join_notes(kr_notes)));
      }
    }
  }
  if (report.comparison) {
    const CycleComparison& c = *report.comparison;
    out << fmt::format("\n## Compared with {}\n\n| | {} | {} |\n|---|---:|---:|\n",
                       escape_markdown(c.previous.cycle), escape_markdown(c.current.cycle),
                       escape_markdown(c.previous.cycle));
    for (const ComparisonRow& row : comparison_rows(c)) {
      out << fmt::format("| {} | {} | {} |\n", escape_markdown(row.label), row.current,
                         row.previous);
    }
  }
}

} // namespace okr
