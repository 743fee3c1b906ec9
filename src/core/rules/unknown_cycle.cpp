#include <fmt/format.h>

#include <okr/text.hpp>

#include "rules/rule_list.hpp"

namespace okr::rules {

namespace {

void check(RuleContext& context, const Text& cycle, std::vector<std::string_view>& known) {
  if (cycle.value.empty() || context.index().cycle(cycle.value)) {
    return;
  }
  std::string message = fmt::format("unknown cycle '{}'", cycle.value);
  if (auto near = closest_match(cycle.value, known); !near.empty()) {
    message += fmt::format("; did you mean '{}'?", near);
  } else {
    message += "; use an id such as 2026-Q4, 2026-H1 or 2026, or declare it under 'cycles' in "
               "okr.yaml";
  }
  context.report(cycle.pos, std::move(message));
}

void run(RuleContext& context) {
  const Repository& repo = context.repo();
  std::vector<std::string_view> known;
  for (const Cycle& cycle : repo.config.cycles) {
    known.push_back(cycle.id);
  }
  for (const OkrFile& file : repo.okr_files) {
    if (context.index().cycle(file.cycle.value)) {
      known.push_back(file.cycle.value);
    }
  }
  for (const OkrFile& file : repo.okr_files) {
    check(context, file.cycle, known);
  }
  for (const Checkin& checkin : repo.checkins) {
    check(context, checkin.cycle, known);
  }
}

} // namespace

const RuleInfo unknown_cycle{
    "unknown-cycle",
    Severity::error,
    "a cycle id is neither declared in okr.yaml nor of a known form",
    "A cycle gives OKRs their time frame. okr knows the cycles declared under 'cycles' in "
    "okr.yaml and infers the dates of ids written YYYY (a year), YYYY-H1/H2 (half years), "
    "YYYY-Q1..Q4 (quarters) and YYYY-M01..M12 (months).",
    "cycle: Q4-2026          # fires\n---\ncycle: 2026-Q4          # clean",
    run};

} // namespace okr::rules
