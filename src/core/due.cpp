// Who is due for a check-in (okr/due.hpp): the check-in clock the stale-checkin rule reads,
// and the list `okr due` prints.

#include <algorithm>
#include <fmt/format.h>
#include <tuple>

#include <okr/due.hpp>
#include <okr/text.hpp>

namespace okr {

CheckinFacts checkin_facts(const Index& index, const OkrFile& file, const Cycle& cycle) {
  CheckinFacts facts;
  facts.level = file.level;
  facts.cadence = cadence_days(index.repo().config, file);
  facts.cycle = cycle;
  const auto& checkins = index.checkins_of(file.owner.value, file.cycle.value);
  facts.dates.reserve(checkins.size());
  for (const Checkin* checkin : checkins) {
    facts.dates.push_back(checkin->date);
  }
  return facts;
}

CheckinClock checkin_clock(const CheckinFacts& facts, Date day) {
  CheckinClock clock;
  clock.cadence = facts.cadence;
  // Oldest first: the last one dated on or before the day.
  for (const Date date : facts.dates) {
    if (date <= day) {
      clock.last = date;
    }
  }
  if (clock.last) {
    clock.due = *clock.last + clock.cadence;
    clock.overdue = *clock.last + 2 * clock.cadence + 1;
    return clock;
  }
  clock.due = facts.cycle.start + clock.cadence;
  // Team OKRs live through their weekly check-ins; other owners are held to the cadence once
  // they start checking in.
  if (facts.level == Level::team) {
    clock.overdue = facts.cycle.start + std::max(k_first_checkin_grace_days, 2 * clock.cadence);
  }
  return clock;
}

DueReport find_due(std::span<const DueSubject> subjects, const DueOptions& options) {
  DueReport report;
  report.as_of = options.as_of;
  for (const DueSubject& subject : subjects) {
    if (!subject.facts.cycle.contains(options.as_of)) {
      continue;
    }
    ++report.running;
    const CheckinClock clock = checkin_clock(subject.facts, options.as_of);
    if (!clock.is_due(options.as_of)) {
      continue;
    }
    const bool overdue = clock.is_overdue(options.as_of);
    if (subject.file->is_private && !options.include_private) {
      ++(overdue ? report.private_overdue : report.private_due);
      continue;
    }
    report.overdue += overdue ? 1 : 0;
    report.owners.push_back(DueOwner{subject.file, clock, options.as_of - clock.due, overdue});
  }
  std::sort(report.owners.begin(), report.owners.end(), [](const DueOwner& a, const DueOwner& b) {
    return std::forward_as_tuple(b.overdue, b.days_overdue, a.file->owner.value,
                                 a.file->cycle.value) <
           std::forward_as_tuple(a.overdue, a.days_overdue, b.file->owner.value,
                                 b.file->cycle.value);
  });
  return report;
}

std::vector<DueSubject> due_subjects(const Index& index) {
  std::vector<DueSubject> subjects;
  subjects.reserve(index.repo().okr_files.size());
  for (const OkrFile& file : index.repo().okr_files) {
    if (const Cycle* cycle = index.cycle(file.cycle.value)) {
      subjects.push_back(DueSubject{&file, checkin_facts(index, file, *cycle)});
    }
  }
  return subjects;
}

DueReport find_due(const Index& index, const DueOptions& options) {
  return find_due(due_subjects(index), options);
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
