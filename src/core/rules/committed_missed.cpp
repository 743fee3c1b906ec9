#include <cmath>
#include <fmt/format.h>

#include <okr/number.hpp>
#include <okr/scoring.hpp>
#include <okr/text.hpp>

#include "rules/rule_list.hpp"

namespace okr::rules {

namespace {

/// "99.1 on 2026-10-16, 98.7 on 2026-10-23": a guardrail's breaches, the first few.
std::string breaches_text(const GuardrailRecord& record) {
  constexpr std::size_t k_shown = 3;
  std::string out;
  for (std::size_t i = 0; i < record.breaches.size() && i < k_shown; ++i) {
    const Breach& b = record.breaches[i];
    out += fmt::format("{}{} on {}", out.empty() ? "" : ", ", format_number(b.value), b.date.str());
  }
  if (record.breaches.size() > k_shown) {
    out += fmt::format(" and {} more", record.breaches.size() - k_shown);
  }
  return out;
}

void run(RuleContext& context) {
  const Index& index = context.index();
  for (const OkrFile& file : context.repo().okr_files) {
    const Cycle* cycle = index.cycle(file.cycle.value);
    if (!cycle || context.today() <= cycle->end) {
      continue;
    }
    // The scores okr score shows on the same day: one computation for both.
    const OwnerScore scores = score_owner(index, file, context.today(), 1);
    for (const ObjectiveScore& objective : scores.objectives) {
      for (const KrScore& k : objective.key_results) {
        const KeyResult& kr = *k.kr;
        if (kr.type != KrType::committed || kr.measure() == Measure::none || k.succeeded) {
          continue;
        }
        if (!k.measured) {
          context.report(kr.id.pos,
                         fmt::format("committed key result '{}' ended with {} and no recorded "
                                     "value; record the final value in a check-in, and if it "
                                     "was missed, hold a blameless postmortem",
                                     kr.id.value, cycle->id));
        } else if (k.guardrail) {
          const GuardrailRecord& g = *k.guardrail;
          context.report(kr.id.pos,
                         fmt::format("committed guardrail '{}' was breached in {} of {} readings "
                                     "of {} ({}); it had to hold all along, so hold a blameless "
                                     "postmortem on what got in the way",
                                     kr.id.value, g.breaches.size(), g.readings, cycle->id,
                                     breaches_text(g)));
        } else {
          const ReportedValue& last = k.series.back();
          const std::string value = kr.measure() == Measure::milestone
                                        ? std::string("not done")
                                        : format_number(last.number.value_or(0), last.decimals);
          context.report(kr.id.pos,
                         fmt::format("committed key result '{}' ended {} at {} ({} on {}); "
                                     "committed results are expected in full, so hold a "
                                     "blameless postmortem on what got in the way",
                                     kr.id.value, cycle->id, format_fraction(k.score), value,
                                     last.date.str()));
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
    "is after the cycle's end, each committed key result is scored as okr score scores it: "
    "from its latest check-in value, (value - baseline) / (target - baseline) clamped to 0..1, "
    "1 or 0 for a milestone done or not; a guardrail is missed when any reading of the cycle "
    "broke it. Stretch and experimental key results are not reported.",
    "type: committed\nbaseline: 65\ntarget: 90     # last check-in 80: fires (0.6)\n"
    "---\n"
    "type: committed\nbaseline: 65\ntarget: 90     # last check-in 90: clean",
    run};

} // namespace okr::rules
