#include <fmt/format.h>

#include <okr/alignment.hpp>

#include "rules/rule_list.hpp"

namespace okr::rules {

namespace {

void run(RuleContext& context) {
  Alignment& graph = context.alignment();
  find_orphans(graph, context.index());
  for (const Orphan& orphan : graph.orphans) {
    if (orphan.broken) {
      continue; // unresolved-ref reports the aligns_to that names nothing
    }
    const AlignObjective& o = graph.objectives[orphan.objective];
    context.report(o.pos(),
                   fmt::format("objective '{}' aligns to nothing although '{}' has objectives for "
                               "this cycle; add 'aligns_to: {}/<objective>' naming the one it "
                               "serves, or ask whether it is a priority at all",
                               o.objective->id.value, orphan.ancestor, orphan.ancestor));
  }
}

} // namespace

const RuleInfo orphan_objective{
    "orphan-objective",
    Severity::warning,
    "a team or unit objective connects to no strategy",
    "Vertical alignment connects a team's objectives to the strategy: a team or unit objective "
    "should say which objective of its unit or company it serves (aligns_to) or share one. It "
    "fires only when an ancestor in the organisation (parent, grandparent, ...) has objectives "
    "in a cycle that overlaps the objective's, so there is something to align to. Alignment is "
    "a conversation, not a cascade: an objective that serves none may still be right, but it is "
    "worth asking why.",
    "parent: digital-services\nobjectives:\n  - id: faster-releases   # fires: no aligns_to\n"
    "---\n"
    "  - id: faster-releases\n    aligns_to: digital-services/delight-new-customers   # clean",
    run};

} // namespace okr::rules
