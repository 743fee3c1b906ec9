#include <fmt/format.h>

#include "rules/rule_list.hpp"
#include "rules/walk.hpp"

namespace okr::rules {

namespace {

void run(RuleContext& context) {
  for_each_key_result(context, [&](const OkrFile&, const Objective&, const KeyResult& kr) {
    const Measure measure = kr.measure();
    if (kr.unit || kr.has_schema_errors || measure == Measure::none ||
        measure == Measure::milestone) {
      return;
    }
    context.report(kr.id.value.empty() ? kr.pos : kr.id.pos,
                   fmt::format("key result '{}' has numbers but no unit; add 'unit' (such as "
                               "\"%\", customers, minutes) so that everyone reads them the same "
                               "way",
                               kr.id.value));
  });
  for (const OkrFile& file : context.repo().okr_files) {
    if (!context.wants(file.file)) {
      continue;
    }
    for (const Kpi& kpi : file.kpis) {
      if (!kpi.unit) {
        context.report(kpi.id.value.empty() ? kpi.pos : kpi.id.pos,
                       fmt::format("KPI '{}' has no unit; add 'unit' (such as \"%\", points, "
                                   "minutes) so that everyone reads it the same way",
                                   kpi.id.value));
      }
    }
  }
}

} // namespace

const RuleInfo missing_unit{
    "missing-unit",
    Severity::warning,
    "a numeric key result or KPI has no unit",
    "Good key results have a baseline, a target, a unit and a time frame. Without a unit, "
    "\"from 65 to 90\" can be a percentage, a count or a score, and people will read it "
    "differently.",
    "- id: completion          # fires\n  baseline: 65\n  target: 90\n"
    "---\n"
    "- id: completion          # clean\n  baseline: 65\n  target: 90\n  unit: \"%\"",
    run,
    {},
    false,
    true};

} // namespace okr::rules
