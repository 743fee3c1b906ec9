#pragma once

// Who is due for a check-in: the one truth of when an owner's next check-in is due and from
// which day it is overdue, read by the stale-checkin rule and by `okr due`.

#include <cstddef>
#include <iosfwd>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include <okr/date.hpp>
#include <okr/index.hpp>
#include <okr/model.hpp>

namespace okr {

/// Days into a cycle before a team without any check-in is overdue (or twice its cadence, when
/// that is longer).
inline constexpr int k_first_checkin_grace_days = 14;

/// Where an owner stands with its check-ins in the cycle of one OKR file, on a day.
struct CheckinClock {
  int cadence = 7;          ///< cadence_days(config, file)
  std::optional<Date> last; ///< the last check-in dated on or before the day, in the file's cycle
  Date due;                 ///< last + cadence; cycle start + cadence when there is no check-in
  /// The first day stale-checkin fires: the day after last + 2 x cadence; with no check-in, a
  /// team's cycle start + max(14, 2 x cadence), and never for other levels (they are held to the
  /// cadence once they start checking in).
  std::optional<Date> overdue;

  bool is_due(Date day) const { return day >= due; }
  bool is_overdue(Date day) const { return overdue && day >= *overdue; }
};

/// What the check-in clock of an OKR file's owner in the file's cycle is computed from.
struct CheckinFacts {
  Level level = Level::team;
  int cadence = 7; ///< cadence_days(config, file)
  Cycle cycle;     ///< the file's cycle (its id, start and end)
  /// The dates of the owner's check-ins in the cycle (Index::checkins_of), oldest first.
  std::vector<Date> dates;
};

/// The facts of `file`'s owner in `cycle` (the file's cycle).
CheckinFacts checkin_facts(const Index& index, const OkrFile& file, const Cycle& cycle);

/// The check-in clock on `day`: the one truth of due and overdue.
CheckinClock checkin_clock(const CheckinFacts& facts, Date day);

/// The check-in clock of `file`'s owner in `cycle` (the file's cycle) on `day`.
inline CheckinClock checkin_clock(const Index& index, const OkrFile& file, const Cycle& cycle,
                                  Date day) {
  return checkin_clock(checkin_facts(index, file, cycle), day);
}

/// One OKR file whose owner `okr due` looks at: the file (owner, name, level, cycle, privacy)
/// and its check-in facts. From the repository (find_due(Index)), or from the record of the
/// last whole check (recorded_due(), okr/check.hpp), which keeps them so that `okr due` on an
/// unchanged repository loads no file.
struct DueSubject {
  const OkrFile* file = nullptr;
  CheckinFacts facts;
};

/// One owner due (or overdue) for a check-in in one running cycle.
struct DueOwner {
  const OkrFile* file = nullptr; ///< owner, name, level, cycle
  CheckinClock clock;
  int days_overdue = 0; ///< days since the check-in was due: 0 on the day it is due
  bool overdue = false; ///< stale-checkin fires on this day
};

struct DueOptions {
  Date as_of;
  bool include_private = false; ///< name private owners (else they are only counted)
};

/// `okr due`: the owners due or overdue on `as_of`, in the cycles running that day.
struct DueReport {
  Date as_of;
  /// Named owners, the overdue first, then by days overdue (most first), owner and cycle.
  std::vector<DueOwner> owners;
  std::size_t overdue = 0;         ///< how many of `owners` are overdue
  std::size_t private_due = 0;     ///< private owners due but not overdue, not named
  std::size_t private_overdue = 0; ///< private owners overdue, not named
  std::size_t running = 0;         ///< owner-cycles running on `as_of`, private ones included

  bool any_overdue() const { return overdue + private_overdue > 0; }
};

/// The owners of `subjects` due on `options.as_of`.
DueReport find_due(std::span<const DueSubject> subjects, const DueOptions& options);

/// The owners of the repository `index` indexes due on `options.as_of`.
DueReport find_due(const Index& index, const DueOptions& options);

/// The check-in facts of every OKR file of the repository `index` indexes whose cycle is
/// known, in the repository's order: what the record of a check keeps for `okr due`.
std::vector<DueSubject> due_subjects(const Index& index);

/// Renderers of `okr due`, one file each in src/core/render/due_*.cpp.
struct DueRenderOptions {
  bool color = false; ///< ANSI colours (text only)
};
using DueRenderFn = void (*)(std::ostream& out, const DueReport& report,
                             const DueRenderOptions& options);
struct DueFormat {
  std::string_view name;
  DueRenderFn render;
};
std::span<const DueFormat> due_formats();
const DueFormat* find_due_format(std::string_view name);

void render_due_text(std::ostream& out, const DueReport& report, const DueRenderOptions& options);
void render_due_json(std::ostream& out, const DueReport& report, const DueRenderOptions& options);
void render_due_markdown(std::ostream& out, const DueReport& report,
                         const DueRenderOptions& options);
/// A Slack Block Kit message payload ({"text", "blocks"}), within Block Kit's limits (at most
/// 50 blocks, section text at most 3000 characters): long lists end with "and N more".
void render_due_slack(std::ostream& out, const DueReport& report, const DueRenderOptions& options);
/// An Adaptive Card, version 1.5, as Microsoft Teams reads them.
void render_due_teams(std::ostream& out, const DueReport& report, const DueRenderOptions& options);

/// "overdue 3 days", "due today", "due 2 days ago": how one owner stands, for every format.
std::string due_standing(const DueOwner& owner);

/// "last check-in 2026-10-30", or "no check-in yet".
std::string last_checkin_text(const DueOwner& owner);

/// "3 owners due for a check-in on 2026-11-20, 1 overdue (of 12 in running cycles)", or "No
/// owner due ..." : the first line of every format.
std::string due_summary(const DueReport& report);

/// "2 private owners due (1 overdue); --include-private names them", or "" when none.
std::string private_due_note(const DueReport& report);

} // namespace okr
