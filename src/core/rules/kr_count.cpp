#include <fmt/format.h>

#include "rules/rule_list.hpp"
#include "rules/walk.hpp"

namespace okr::rules {

namespace {

void run(RuleContext& context) {
  const auto min_own = static_cast<std::size_t>(context.setting("min"));
  const auto max = static_cast<std::size_t>(context.setting("max"));
  const auto shared_min = static_cast<std::size_t>(context.setting("shared_min"));
  for_each_objective(context, [&](const OkrFile&, const Objective& objective) {
    const std::size_t n = objective.key_results.size();
    // A team sharing an objective adds the few local key results its work can move.
    const std::size_t min = objective.shared ? shared_min : min_own;
    const Pos& at = objective.shared ? objective.shared->pos : objective.id.pos;
    const std::string name = objective.id.value.empty() ? "an objective" : objective.id.value;
    if (n < min) {
      context.report(at, fmt::format("objective '{}' has {} key result{}, fewer than {}; add the "
                                     "evidence that would show the change has happened",
                                     name, n, n == 1 ? "" : "s", min));
    } else if (n > max) {
      context.report(objective.key_results[max].pos,
                     fmt::format("objective '{}' has {} key results, more than {}; keep the few "
                                 "that best show the change and watch the rest as kpis",
                                 name, n, max));
    }
  });
}

} // namespace

const RuleInfo kr_count{
    "kr-count",
    Severity::warning,
    "an objective has fewer than 2 or more than 5 key results",
    "Two to five key results each: one key result rarely shows a change from more than one "
    "side, and more than five dilute focus. A shared objective's local key results (a team's "
    "part of a global objective) have their own minimum, `shared_min`, 1 by default. Too few "
    "is reported at the objective, too many at the first key result over the limit.",
    "- id: first-week  # fires: one key result\n  key_results:\n    - id: completion\n"
    "---\n"
    "- id: first-week  # clean\n  key_results:\n    - id: completion\n    - id: engagement",
    run,
    "min=2 max=5 shared_min=1",
    false,
    true};

} // namespace okr::rules
