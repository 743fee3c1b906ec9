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
    if (file.level == Level::company || file.level == Level::unit) {
      continue; // too-many-priorities
    }
    if (file.objectives.size() > max) {
      const Objective& first_extra = file.objectives[max];
      context.report(first_extra.pos,
                     fmt::format("{} has {} objectives in {}, more than {}; keep the {} "
                                 "changes that matter most and move the rest to a later cycle or "
                                 "to kpis",
                                 file.owner.value, file.objectives.size(), file.cycle.value, max,
                                 max));
    }
  }
}

} // namespace

const RuleInfo objective_count{
    "objective-count",
    Severity::warning,
    "a team or person has more than 3 objectives in a cycle",
    "Few objectives preserve focus: one to three objectives with two to five key results each "
    "is more useful than a catalogue of every good intention. The finding points at the first "
    "objective over the limit. Companies and units are held to too-many-priorities instead.",
    "objectives:       # fires on the fourth\n  - id: first-week\n  - id: trust\n"
    "  - id: speed\n  - id: costs\n"
    "---\n"
    "objectives:       # clean\n  - id: first-week\n  - id: trust",
    run,
    "max=3",
    false,
    true};

} // namespace okr::rules
