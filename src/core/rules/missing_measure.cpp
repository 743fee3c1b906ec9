#include <fmt/format.h>

#include "rules/rule_list.hpp"

namespace okr::rules {

namespace {

void run(RuleContext& context) {
  for (const OkrFile& file : context.repo().okr_files) {
    if (!context.wants(file.file)) {
      continue;
    }
    for (const Objective& objective : file.objectives) {
      for (const KeyResult& kr : objective.key_results) {
        if (kr.measure() != Measure::none || kr.has_schema_errors) {
          continue;
        }
        std::vector<std::string_view> kinds;
        if (kr.baseline || kr.target) {
          kinds.push_back("baseline/target");
        }
        if (kr.stay_above) {
          kinds.push_back("stay_above");
        }
        if (kr.stay_below) {
          kinds.push_back("stay_below");
        }
        if (kr.stay_between) {
          kinds.push_back("stay_between");
        }
        if (kr.milestone) {
          kinds.push_back("milestone");
        }
        const Pos& at = kr.id.value.empty() ? kr.pos : kr.id.pos;
        const std::string name = kr.id.value.empty() ? "" : " '" + kr.id.value + "'";
        if (kinds.empty()) {
          context.report(at,
                         fmt::format("key result{} has no measure; give it baseline and "
                                     "target, stay_above, stay_below, stay_between, or milestone: "
                                     "true",
                                     name));
        } else if (kinds.size() > 1) {
          context.report(at, fmt::format("key result{} has {} measures ({}); keep exactly one",
                                         name, kinds.size(), fmt::join(kinds, ", ")));
        } else if (kr.baseline) {
          context.report(
              kr.baseline->pos,
              fmt::format("key result{} has a baseline but no target; add 'target'", name));
        } else {
          context.report(kr.target->pos,
                         fmt::format("key result{} has a target but no baseline; add 'baseline', "
                                     "the value when the cycle starts",
                                     name));
        }
      }
    }
  }
}

} // namespace

const RuleInfo missing_measure{
    "missing-measure",
    Severity::error,
    "a key result does not have exactly one measure",
    "A key result is measurable: it has a baseline and a target, or is a guardrail (stay_above, "
    "stay_below or stay_between), or a milestone (milestone: true). Without one, okr cannot score "
    "it; with "
    "several, it cannot tell which one counts.",
    "- id: completion\n  title: Increase onboarding completion\n  target: 90        # fires: "
    "no baseline\n"
    "---\n"
    "- id: completion\n  title: Increase onboarding completion from 65% to 90%\n"
    "  baseline: 65\n  target: 90\n  unit: \"%\"        # clean",
    run,
    {},
    false,
    true};

} // namespace okr::rules
