// Who is due for a check-in (okr/due.hpp): the check-in clock the stale-checkin rule reads,
// and the list `okr due` prints.

#include <algorithm>
#include <fmt/format.h>
#include <tuple>

#include <okr/due.hpp>
#include <okr/text.hpp>

namespace okr {

CheckinClock checkin_clock(const Index& index, const OkrFile& file, const Cycle& cycle, Date day) {
  CheckinClock clock;
  clock.cadence = cadence_days(index.repo().config, file);
  // Oldest first: the last one dated on or before the day.
  for (const Checkin* checkin : index.checkins_of(file.owner.value, file.cycle.value)) {
    if (checkin->date <= day) {
      clock.last = checkin->date;
    }
  }
  if (clock.last) {
    clock.due = *clock.last + clock.cadence;
    clock.overdue = *clock.last + 2 * clock.cadence + 1;
    return clock;
  }
  clock.due = cycle.start + clock.cadence;
  // Team OKRs live through their weekly check-ins; other owners are held to the cadence once
  // they start checking in.
  if (file.level == Level::team) {
    clock.overdue = cycle.start + std::max(k_first_checkin_grace_days, 2 * clock.cadence);
  }
  return clock;
}

DueReport find_due(const Index& index, const DueOptions& options) {
  DueReport report;
  report.as_of = options.as_of;
  for (const OkrFile& file : index.repo().okr_files) {
    const Cycle* cycle = index.cycle(file.cycle.value);
    if (!cycle || !cycle->contains(options.as_of)) {
      continue;
    }
    ++report.running;
    const CheckinClock clock = checkin_clock(index, file, *cycle, options.as_of);
    if (!clock.is_due(options.as_of)) {
      continue;
    }
    const bool overdue = clock.is_overdue(options.as_of);
    if (file.is_private && !options.include_private) {
      ++(overdue ? report.private_overdue : report.private_due);
      continue;
    }
    report.overdue += overdue ? 1 : 0;
    report.owners.push_back(DueOwner{&file, clock, options.as_of - clock.due, overdue});
  }
  std::sort(report.owners.begin(), report.owners.end(), [](const DueOwner& a, const DueOwner& b) {
    return std::forward_as_tuple(b.overdue, b.days_overdue, a.file->owner.value,
                                 a.file->cycle.value) <
           std::forward_as_tuple(a.overdue, a.days_overdue, b.file->owner.value,
                                 b.file->cycle.value);
  });
  return report;
}

std::string due_standing(const DueOwner& owner) {
  if (owner.overdue) {
    return fmt::format("overdue, due {} ago",
                       plural(static_cast<std::size_t>(owner.days_overdue), "day", "days"));
  }
  if (owner.days_overdue == 0) {
    return "due today";
  }
  return fmt::format("due {} ago",
                     plural(static_cast<std::size_t>(owner.days_overdue), "day", "days"));
}

std::string last_checkin_text(const DueOwner& owner) {
  return owner.clock.last ? "last check-in " + owner.clock.last->str() : "no check-in yet";
}

std::string private_due_note(const DueReport& report) {
  const std::size_t total = report.private_due + report.private_overdue;
  if (total == 0) {
    return "";
  }
  return fmt::format("{} private {} due ({} overdue); --include-private names them", total,
                     total == 1 ? "owner" : "owners", report.private_overdue);
}

std::string due_summary(const DueReport& report) {
  const std::size_t due = report.owners.size() + report.private_due + report.private_overdue;
  const std::size_t overdue = report.overdue + report.private_overdue;
  if (due == 0) {
    return fmt::format("No owner due for a check-in on {} (of {} in running cycles)",
                       report.as_of.str(), report.running);
  }
  return fmt::format("{} due for a check-in on {}, {} overdue (of {} in running cycles)",
                     plural(due, "owner", "owners"), report.as_of.str(), overdue, report.running);
}

} // namespace okr
