#include <fmt/format.h>
#include <unordered_map>

#include "rules/rule_list.hpp"

namespace okr::rules {

namespace {

/// Reports every id of `items` already seen earlier in the same list.
template <typename T, typename Describe>
void report_repeats(RuleContext& context, const std::vector<T>& items, Describe describe) {
  std::unordered_map<std::string_view, const T*> seen;
  for (const T& item : items) {
    if (item.id.value.empty()) {
      continue;
    }
    const auto [it, inserted] = seen.emplace(item.id.value, &item);
    if (!inserted) {
      context.report(item.id.pos, fmt::format("{} '{}' is already defined on line {}; ids must "
                                              "be unique, so rename or merge one of them",
                                              describe, item.id.value, it->second->id.pos.line));
    }
  }
}

void run(RuleContext& context) {
  const Repository& repo = context.repo();
  std::unordered_map<std::string, const OkrFile*> owners;
  for (const OkrFile& file : repo.okr_files) {
    const auto [it, inserted] = owners.emplace(file.owner.value + "\n" + file.cycle.value, &file);
    if (!inserted) {
      context.report(file.owner.pos,
                     fmt::format("owner '{}' already has an OKR file for cycle {} ({}); keep one "
                                 "file per owner and cycle",
                                 file.owner.value, file.cycle.value,
                                 repo.path_of(it->second->owner.pos)));
    }
    report_repeats(context, file.objectives, "objective");
    report_repeats(context, file.kpis, "KPI");
    for (const Objective& objective : file.objectives) {
      report_repeats(context, objective.key_results, "key result");
    }
  }
}

} // namespace

const RuleInfo duplicate_id{
    "duplicate-id",
    Severity::error,
    "an id is used twice in its scope",
    "Owners are unique per cycle across the repository (one OKR file per owner and cycle), "
    "objectives and KPIs within their owner, key results within their objective. References and "
    "check-ins name things by id, so a repeated id makes them ambiguous.",
    "key_results:\n  - id: completion\n  - id: completion   # fires\n"
    "---\n"
    "key_results:\n  - id: completion\n  - id: engagement   # clean",
    run};

} // namespace okr::rules
