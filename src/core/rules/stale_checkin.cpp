#include <algorithm>
#include <fmt/format.h>

#include <okr/text.hpp>

#include "rules/rule_list.hpp"

namespace okr::rules {

namespace {

/// Days into a cycle before a team without any check-in is reported (or twice its cadence,
/// when that is longer).
constexpr int k_grace_days = 14;

void run(RuleContext& context) {
  const Index& index = context.index();
  const Date today = context.today();
  for (const OkrFile& file : context.repo().okr_files) {
    const int cadence = cadence_days(context.repo().config, file);
    const Cycle* cycle = index.cycle(file.cycle.value);
    if (!cycle || !cycle->contains(today)) {
      continue;
    }
    const auto& checkins = index.checkins_of(file.owner.value, file.cycle.value);
    std::optional<Date> last;
    for (const Checkin* checkin : checkins) {
      if (checkin->date <= today) {
        last = checkin->date;
      }
    }
    if (!last) {
      // Team OKRs live through their weekly check-ins; other owners are held to the cadence
      // once they start checking in.
      if (file.level == Level::team &&
          today - cycle->start >= std::max(k_grace_days, 2 * cadence)) {
        context.report(file.owner.pos,
                       fmt::format("{} has no check-in in {}, {} days after it started; check in "
                                   "every {} (GRIP: confidence, results, issues, plan)",
                                   file.owner.value, file.cycle.value, today - cycle->start,
                                   plural(static_cast<std::size_t>(cadence), "day", "days")));
      }
      continue;
    }
    const int age = today - *last;
    if (age > 2 * cadence) {
      context.report(file.owner.pos,
                     fmt::format("{}'s last check-in in {} is from {}, {} days ago, more than "
                                 "twice the {}-day cadence; check in to catch blockers before "
                                 "they derail the cycle",
                                 file.owner.value, file.cycle.value, last->str(), age, cadence));
    }
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
    run};

} // namespace okr::rules
