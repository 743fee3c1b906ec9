#include <fmt/format.h>

#include <okr/text.hpp>

#include "rules/rule_list.hpp"
#include "rules/walk.hpp"

namespace okr::rules {

namespace {

void run(RuleContext& context) {
  for_each_key_result(context, [&](const OkrFile&, const Objective&, const KeyResult& kr) {
    if (kr.measure() == Measure::progress && kr.baseline->value == kr.target->value) {
      context.report(kr.target->pos,
                     fmt::format("key result '{}' has baseline and target both {}, so it asks "
                                 "for no change; set a target that moves, or keep the value "
                                 "healthy as a KPI or a stay_above/stay_below guardrail",
                                 kr.id.value, kr.target->str()));
    }
  });
}

} // namespace

const RuleInfo no_change{
    "no-change",
    Severity::warning,
    "a key result's baseline equals its target",
    "A key result is a movement: a baseline equal to the target describes a value to keep "
    "healthy, which is a KPI (kpis:) or a guardrail key result (stay_above or stay_below), "
    "not a change.",
    "baseline: 99.5\ntarget: 99.5            # fires\n"
    "---\n"
    "stay_above: 99.5        # clean: a guardrail",
    run,
    {},
    false,
    true};

} // namespace okr::rules
