#include <fmt/format.h>

#include "rules/rule_list.hpp"

namespace okr::rules {

namespace {

void run(RuleContext& context) {
  const auto max = static_cast<std::size_t>(context.setting("max"));
  for (const OkrFile& file : context.repo().okr_files) {
    if (!context.wants(file.file)) {
      continue;
    }
    if (file.level != Level::company && file.level != Level::unit) {
      continue; // objective-count
    }
    if (file.objectives.size() > max) {
      context.report(file.objectives[max].pos,
                     fmt::format("{} ({}) has {} objectives in {}, more than {}; keep the "
                                 "organisation-wide priorities few enough to shape trade-offs",
                                 file.owner.value, to_string(file.level), file.objectives.size(),
                                 file.cycle.value, max));
    }
  }
}

} // namespace

const RuleInfo too_many_priorities{
    "too-many-priorities",
    Severity::warning,
    "a company or unit has more than 5 objectives in a cycle",
    "The priorities of a company or business unit are choices: a handful of bold bets leaves "
    "room for units and teams to take ownership, while a long list shapes no trade-off. The "
    "finding points at the first objective over the limit.",
    "level: company    # fires on the sixth objective\nobjectives:\n  - id: onboarding\n"
    "  - id: small-business\n  - id: resilience\n  - id: costs\n  - id: brand\n  - id: talent\n"
    "---\n"
    "level: company    # clean\nobjectives:\n  - id: onboarding\n  - id: small-business\n"
    "  - id: resilience",
    run,
    "max=5",
    false,
    true};

} // namespace okr::rules
