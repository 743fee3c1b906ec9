#include <fmt/format.h>

#include <okr/alignment.hpp>

#include "rules/rule_list.hpp"

namespace okr::rules {

namespace {

void run(RuleContext& context) {
  Alignment& graph = context.alignment();
  find_individual_copies(graph, context.index());
  for (const IndividualCopy& copy : graph.individual_copies) {
    if (copy.key_result) {
      const KeyResult& kr = *graph.key_results[copy.individual].key_result;
      context.report(kr.id.pos,
                     fmt::format("key result '{}' repeats the team's key result '{}'; write the "
                                 "result you will personally move to support it instead",
                                 kr.id.value, graph.kr_ref(copy.team)));
    } else {
      const AlignObjective& o = graph.objectives[copy.individual];
      context.report(o.pos(),
                     fmt::format("objective '{}' repeats the team's objective '{}'; write what "
                                 "you will personally do or learn to support it, and align to it",
                                 o.objective->id.value, graph.objectives[copy.team].ref));
    }
  }
}

} // namespace

const RuleInfo individual_copy{
    "individual-copy",
    Severity::warning,
    "an individual's objective or key result repeats their team's",
    "Individual OKRs are for a person's own contribution and growth. Copying the team's "
    "objective or key result into a personal file adds nothing but a second place to update; "
    "write what the person will do or learn to support the team's OKR, and align to it. Titles "
    "are compared with the parent team's in overlapping cycles by their normalised words (see "
    "okr-align(1)).",
    "# okrs/2026-Q4/ana.yaml (parent: discover)\n  - id: first-week\n    title: Make the first "
    "week seamless for new users   # fires\n"
    "---\n"
    "  - id: research-craft\n    title: Turn usability research into a team habit\n    "
    "aligns_to: discover/first-week   # clean",
    run};

} // namespace okr::rules
