#include <fmt/format.h>

#include <okr/due.hpp>
#include <okr/text.hpp>

#include "rules/rule_list.hpp"

namespace okr::rules {

namespace {

void run(RuleContext& context) {
  const Index& index = context.index();
  const Date today = context.today();
  for (const OkrFile& file : context.repo().okr_files) {
    if (!context.wants(file.file)) {
      continue;
    }
    const Cycle* cycle = index.cycle(file.cycle.value);
    if (!cycle || !cycle->contains(today)) {
      continue;
    }
    // The day it fires is the day `okr due` calls the owner overdue: one clock for both.
    const CheckinClock clock = checkin_clock(index, file, *cycle, today);
    if (!clock.is_overdue(today)) {
      continue;
    }
    if (!clock.last) {
      context.report(file.owner.pos,
                     fmt::format("{} has no check-in in {}, {} days after it started; check in "
                                 "every {} (GRIP: confidence, results, issues, plan)",
                                 file.owner.value, file.cycle.value, today - cycle->start,
                                 plural(static_cast<std::size_t>(clock.cadence), "day", "days")));
      continue;
    }
    context.report(file.owner.pos,
                   fmt::format("{}'s last check-in in {} is from {}, {} days ago, more than "
                               "twice the {}-day cadence; check in to catch blockers before "
                               "they derail the cycle",
                               file.owner.value, file.cycle.value, clock.last->str(),
                               today - *clock.last, clock.cadence));
  }
}

} // namespace

const RuleInfo stale_checkin{
    "stale-checkin",
    Severity::warning,
    "a running cycle's last check-in is older than twice the cadence",
    "Check-ins are the heartbeat of the OKR cycle. While a cycle is running (today is between "
    "its start and end), an owner's last check-in must be at most twice the owner's cadence "
    "old: the OKR file's cadence_days, else okr.yaml's checkin.cadence_by_level for its level "
    "(a monthly unit, a quarterly company), else checkin.cadence_days (default 7 days). A team "
    "with no check-in at all is reported once the cycle is two weeks old (or twice its cadence); "
    "companies, units and individuals only once they have started checking in. The finding is "
    "placed on the owner of the OKR file.",
    "# today 2026-11-20, cadence 7 days\n"
    "checkins/2026-Q4/discover/2026-10-30.yaml   # the last one: fires (21 days)\n"
    "---\n"
    "checkins/2026-Q4/discover/2026-11-13.yaml   # the last one: clean (7 days)",
    run,
    {},
    false,
    true};

} // namespace okr::rules
