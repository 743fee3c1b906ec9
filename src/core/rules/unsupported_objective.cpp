#include <fmt/format.h>

#include <okr/alignment.hpp>

#include "rules/rule_list.hpp"

namespace okr::rules {

namespace {

void run(RuleContext& context) {
  Alignment& graph = context.alignment();
  find_gaps(graph);
  for (const Gap& gap : graph.gaps) {
    const AlignObjective& o = graph.objectives[gap.objective];
    context.report(o.pos(),
                   fmt::format("no objective aligns to '{}' and no team shares it, which leaves "
                               "a strategy gap; ask which team can move it and have them align "
                               "to it, or drop it from the priorities",
                               o.ref));
  }
}

} // namespace

const RuleInfo unsupported_objective{
    "unsupported-objective",
    Severity::warning,
    "a company or unit objective has nothing aligned to it and no team shares it",
    "A company or unit objective is a priority that the units and teams below pursue: some "
    "objective should align to it (aligns_to) or some team should share it with its own key "
    "results (shared). One that nothing supports is a strategy gap that an alignment session "
    "should surface: nobody has said how it will move.",
    "# okrs/2026/acme.yaml\n  - id: resilience   # fires: nothing aligns to acme/resilience\n"
    "---\n"
    "# okrs/2026-Q4/payments.yaml\n  - id: resilient-payments\n    aligns_to: acme/resilience   "
    "# now clean",
    run};

} // namespace okr::rules
