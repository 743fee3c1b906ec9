#include <fmt/format.h>

#include <okr/number.hpp>
#include <okr/text.hpp>

#include "rules/kr_score.hpp"
#include "rules/rule_list.hpp"

namespace okr::rules {

namespace {

void run(RuleContext& context) {
  const Index& index = context.index();
  for (const OkrFile& file : context.repo().okr_files) {
    const Cycle* cycle = index.cycle(file.cycle.value);
    if (!cycle || context.today() <= cycle->end) {
      continue;
    }
    for (const Objective& objective : file.objectives) {
      for (const KeyResult& kr : objective.key_results) {
        if (kr.type != KrType::committed || kr.measure() == Measure::none) {
          continue;
        }
        const auto score = latest_score(index, file, objective.id.value, kr);
        if (!score) {
          context.report(kr.id.pos,
                         fmt::format("committed key result '{}' ended with {} and no recorded "
                                     "value; record the final value in a check-in, and if it "
                                     "was missed, hold a blameless postmortem",
                                     kr.id.value, cycle->id));
        } else if (score->score < 1) {
          const std::string value = kr.measure() == Measure::milestone
                                        ? std::string("not done")
                                        : format_number(score->value, score->decimals);
          context.report(kr.id.pos,
                         fmt::format("committed key result '{}' ended {} at {} ({} on {}); "
                                     "committed results are expected in full, so hold a "
                                     "blameless postmortem on what got in the way",
                                     kr.id.value, cycle->id, format_fraction(score->score), value,
                                     score->date.str()));
        }
      }
    }
  }
}

} // namespace

const RuleInfo committed_missed{
    "committed-missed",
    Severity::info,
    "after a cycle ends, a committed key result scored below 1.0",
    "Committed key results are the non-negotiable ones, so missing one is a signal to learn "
    "from (the practice from Google's grading of committed and aspirational OKRs). Once today "
    "is after the cycle's end, each committed key result is scored from its latest check-in "
    "value: (value - baseline) / (target - baseline) clamped to 0..1, 1 or 0 for a guardrail "
    "held or broken and for a milestone done or not. Stretch and experimental key results are "
    "not reported.",
    "type: committed\nbaseline: 65\ntarget: 90     # last check-in 80: fires (0.6)\n"
    "---\n"
    "type: committed\nbaseline: 65\ntarget: 90     # last check-in 90: clean",
    run};

} // namespace okr::rules
