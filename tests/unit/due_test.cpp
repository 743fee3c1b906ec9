#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <set>
#include <string>
#include <vector>

#include <okr/due.hpp>
#include <okr/index.hpp>
#include <okr/loader.hpp>
#include <okr/rules.hpp>

namespace okr {

namespace {

std::string okr_file(std::string_view owner, std::string_view level, std::string_view extra = "") {
  return fmt::format("cycle: 2026-Q4\nowner: {}\nlevel: {}\n{}objectives:\n  - id: grow\n"
                     "    title: Grow the business we are in\n    key_results:\n"
                     "      - {{id: users, title: Grow users from 10 to 20, baseline: 10, "
                     "target: 20}}\n",
                     owner, level, extra);
}

SourceFile checkin(std::string_view owner, std::string_view date) {
  return {fmt::format("checkins/2026-Q4/{}/{}.yaml", owner, date),
          fmt::format("owner: {}\ncycle: 2026-Q4\ndate: {}\nconfidence: 7\n", owner, date),
          FileKind::other};
}

std::vector<SourceFile> repository() {
  return {
      {"okr.yaml",
       "version: 1\ncycles:\n  2026-Q4: {start: 2026-10-01, end: 2026-12-31}\n"
       "checkin:\n  cadence_days: 7\n  cadence_by_level: {unit: 30}\n",
       FileKind::other},
      {"okrs/2026-Q4/weekly.yaml", okr_file("weekly", "team"), FileKind::other},
      {"okrs/2026-Q4/silent.yaml", okr_file("silent", "team"), FileKind::other},
      {"okrs/2026-Q4/slow.yaml", okr_file("slow", "team", "cadence_days: 10\n"), FileKind::other},
      {"okrs/2026-Q4/unit.yaml", okr_file("unit", "unit"), FileKind::other},
      {"okrs/2026-Q4/quiet-unit.yaml", okr_file("quiet-unit", "unit"), FileKind::other},
      {"okrs/2026-Q4/ana.yaml", okr_file("ana", "individual"), FileKind::other},
      checkin("weekly", "2026-10-09"),
      checkin("weekly", "2026-10-30"),
      checkin("weekly", "2026-10-30-2"),
      checkin("slow", "2026-11-02"),
      checkin("unit", "2026-10-05"),
      checkin("ana", "2026-11-13"),
  };
}

} // namespace

TEST_CASE("okr due calls overdue exactly the owners stale-checkin reports, every day") {
  const LoadResult loaded = load_sources(repository());
  const Index index(loaded.repo);
  const Date first = *Date::parse("2026-09-20");
  const Date last = *Date::parse("2027-01-10");
  std::size_t overdue_days = 0;
  for (Date day = first; day <= last; day = day + 1) {
    CheckOptions options;
    options.today = day;
    std::set<std::string> stale;
    for (const Diagnostic& d : run_rules(index, options)) {
      if (d.rule == "stale-checkin") {
        stale.insert(d.file);
      }
    }
    const DueReport report = find_due(index, DueOptions{day, true});
    std::set<std::string> overdue;
    for (const DueOwner& owner : report.owners) {
      INFO(day.str() << " " << owner.file->owner.value);
      CHECK(day >= owner.clock.due);
      CHECK(owner.days_overdue == day - owner.clock.due);
      if (owner.overdue) {
        overdue.insert(loaded.repo.files[owner.file->file].path);
      }
    }
    INFO(day.str());
    CHECK(overdue == stale);
    overdue_days += overdue.empty() ? 0 : 1;
  }
  CHECK(overdue_days > 0);
}

TEST_CASE("checkin_clock: due at the cadence, overdue the day after twice the cadence") {
  const LoadResult loaded = load_sources(repository());
  const Index index(loaded.repo);
  const Cycle& cycle = *index.cycle("2026-Q4");
  const auto clock = [&](std::string_view owner, std::string_view day) {
    return checkin_clock(index, *index.find(owner, "2026-Q4"), cycle, *Date::parse(day));
  };
  // Last check-in 2026-10-30 (two that day), cadence 7.
  const CheckinClock weekly = clock("weekly", "2026-11-20");
  REQUIRE(weekly.last == Date::parse("2026-10-30"));
  CHECK(weekly.due == *Date::parse("2026-11-06"));
  CHECK(weekly.overdue == Date::parse("2026-11-14"));
  CHECK_FALSE(weekly.is_due(*Date::parse("2026-11-05")));
  CHECK(weekly.is_due(*Date::parse("2026-11-06")));
  CHECK_FALSE(weekly.is_overdue(*Date::parse("2026-11-13")));
  CHECK(weekly.is_overdue(*Date::parse("2026-11-14")));
  // Check-ins after the day do not count.
  CHECK(clock("weekly", "2026-10-20").last == Date::parse("2026-10-09"));
  // A team that never checked in: due a cadence after the start, overdue after 14 days.
  const CheckinClock silent = clock("silent", "2026-11-20");
  CHECK_FALSE(silent.last);
  CHECK(silent.due == *Date::parse("2026-10-08"));
  CHECK(silent.overdue == Date::parse("2026-10-15"));
  // The file's own cadence.
  CHECK(clock("slow", "2026-11-20").due == *Date::parse("2026-11-12"));
  // A unit that never checked in is due, never overdue.
  const CheckinClock quiet = clock("quiet-unit", "2026-12-31");
  CHECK(quiet.due == *Date::parse("2026-10-31"));
  CHECK_FALSE(quiet.overdue);
}

TEST_CASE("find_due counts private owners without naming them") {
  const LoadResult loaded = load_sources(repository());
  const Index index(loaded.repo);
  const Date day = *Date::parse("2026-12-01");
  const DueReport hidden = find_due(index, DueOptions{day, false});
  const DueReport named = find_due(index, DueOptions{day, true});
  CHECK(hidden.private_overdue == 1); // ana: last check-in 2026-11-13
  CHECK(hidden.owners.size() + 1 == named.owners.size());
  for (const DueOwner& owner : hidden.owners) {
    CHECK(owner.file->owner.value != "ana");
  }
  CHECK(named.private_due + named.private_overdue == 0);
  CHECK(hidden.any_overdue());
  CHECK(hidden.running == named.running);
}

} // namespace okr
