#pragma once

// Every rule of okr. Adding a rule: one file in this folder defining its RuleInfo, one line
// here and one in registry.cpp, and its tests.

#include <okr/rules.hpp>

namespace okr::rules {

extern const RuleInfo syntax;
extern const RuleInfo schema;
extern const RuleInfo duplicate_key;
extern const RuleInfo duplicate_id;
extern const RuleInfo unresolved_ref;
extern const RuleInfo alignment_cycle;
extern const RuleInfo missing_measure;
extern const RuleInfo unknown_cycle;
extern const RuleInfo checkin_unknown_kr;
extern const RuleInfo checkin_bad_value;
extern const RuleInfo checkin_out_of_cycle;
extern const RuleInfo objective_count;
extern const RuleInfo kr_count;
extern const RuleInfo output_kr;
extern const RuleInfo measurable_objective;
extern const RuleInfo missing_unit;
extern const RuleInfo no_change;
extern const RuleInfo long_objective;
extern const RuleInfo too_many_priorities;
extern const RuleInfo stale_checkin;
extern const RuleInfo committed_missed;
extern const RuleInfo unused_suppression;
extern const RuleInfo orphan_objective;
extern const RuleInfo unsupported_objective;
extern const RuleInfo overlapping_objectives;
extern const RuleInfo individual_copy;
extern const RuleInfo moved_target;
extern const RuleInfo backdated_checkin;

} // namespace okr::rules
