// `okr score --format markdown`: a heading and a table per owner, for wikis and pull requests.

#include <fmt/format.h>
#include <ostream>

#include <okr/check_render.hpp>
#include <okr/score_render.hpp>
#include <okr/text.hpp>

namespace okr {

namespace {

std::string grade_text(std::optional<double> score, Grade grade) {
  return score && grade != Grade::none ? std::string(to_string(grade)) : "";
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
                       format_score(o.score), grade_text(o.score, o.grade));
    std::string facts = fmt::format("Expected pace {:.2f}", o.expected);
    facts += o.latest ? fmt::format(" · latest check-in {}", o.latest->date.str())
                      : " · no check-in yet";
    if (o.confidence) {
      facts += fmt::format(" · confidence {}", format_number(*o.confidence));
    }
    if (o.status) {
      facts += fmt::format(" · {}", to_string(*o.status));
    }
    out << facts << "\n\n";
    out << "| objective / key result | type | standing | score | grade | notes |\n";
    out << "|---|---|---|---:|---|---|\n";
    for (const ObjectiveScore& objective : o.objectives) {
      std::string notes;
      if (options.rollup && objective.aligned_count > 0) {
        notes = fmt::format("{} aligned, mean {}", objective.aligned_count,
                            format_score(objective.aligned_score));
      }
      out << fmt::format("| **{}**: {} | | | **{}** | {} | {} |\n", escape_markdown(objective.id),
                         escape_markdown(objective.title), format_score(objective.score),
                         grade_text(objective.score, objective.grade), notes);
      for (const KrScore& k : objective.key_results) {
        std::string kr_notes = k.measured ? "" : "not measured";
        if (k.behind_pace) {
          kr_notes += std::string(kr_notes.empty() ? "" : ", ") + "behind pace";
        }
        if (k.forecast) {
          kr_notes += fmt::format("{}forecast {:.2f}", kr_notes.empty() ? "" : ", ", *k.forecast);
        }
        out << fmt::format("| {} | {} | {} | {} | {} | {} |\n", escape_markdown(k.kr->id.value),
                           to_string(k.kr->type), escape_markdown(describe_standing(k)),
                           k.measured ? format_score(k.score) : "–",
                           k.measured ? grade_text(k.score, k.grade) : "", kr_notes);
      }
    }
  }
}

} // namespace okr
