#pragma once

// What changed in the OKRs between two states of a repository: owners, objectives and key
// results added, removed, renamed or edited, compared as the model, not as lines of text.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <okr/history.hpp>
#include <okr/model.hpp>
#include <okr/rules.hpp>

namespace okr {

enum class ChangeKind : std::uint8_t {
  owner_added,
  owner_removed,
  owner_reparented,
  visibility,
  objective_added,
  objective_removed,
  objective_renamed,
  objective_retitled,
  objective_realigned, ///< field: aligns_to, shared or depends_on
  objective_reweighted,
  kr_added,
  kr_removed,
  kr_renamed,
  kr_retitled,
  kr_measure, ///< field: baseline, target, stay_above, stay_below, stay_between, milestone
  kr_type,
  kr_unit,
  kr_weight,
  kr_contributes_to,
};

/// The stable name of a kind in JSON and in okr-diff(1): "key-result-measure", ...
std::string_view to_string(ChangeKind kind);

struct Change {
  ChangeKind kind = ChangeKind::owner_added;
  std::string cycle;
  std::string owner;
  std::string objective;        ///< empty for an owner's change; the new id after a rename
  std::string kr;               ///< empty unless about a key result; the new id after a rename
  std::string field;            ///< what changed, for kinds that have several (realigned, measure)
  std::string from;             ///< the value before, as written ("" when there was none)
  std::string to;               ///< the value after
  std::optional<Commit> commit; ///< the commit that made it, when known over a range
};

/// The changes from `before` to `after`, by cycle and owner, then in the order of `after`'s
/// file. Files that failed to load on one side (`failed_before`, `failed_after`, paths) are not
/// compared: a file that cannot be read is not an owner removed.
std::vector<Change> diff_repositories(const Repository& before, const Repository& after,
                                      const std::vector<std::string>& failed_before = {},
                                      const std::vector<std::string>& failed_after = {});

/// The identity of a change, for attributing it to the commit that made it: two changes with
/// the same key are the same edit of the same thing.
std::string change_key(const Change& change);

/// A whole `okr diff`: the two states compared and their changes.
struct DiffReport {
  std::string from;                  ///< as the user named it
  std::string to;                    ///< as the user named it, or "the working tree"
  std::optional<Commit> from_commit; ///< unset for the working tree
  std::optional<Commit> to_commit;
  std::vector<Change> changes;
};

/// The sentence of one change without its owner: "key result growth/mqls target 3200 → 2800".
std::string describe_change(const Change& change);

/// `okr diff FROM [TO]` in the git repository of `history`, its OKR root at `root`: FROM and TO
/// are revisions or dates (History::resolve); TO unset is the working tree. Over a range of
/// commits, each change is attributed to the last commit of FROM..TO's first-parent line that
/// made it (unset for changes not committed yet). `findings` gets the errors of files that could
/// not be read at a revision, their paths as git names a file of a revision ("1b3d1c2:okrs/..."),
/// and `error` what stopped the diff (a revision that names no commit).
struct DiffRun {
  DiffReport report;
  std::vector<Diagnostic> findings;
  std::optional<std::string> error;
};
DiffRun diff_revisions(const History& history, const std::filesystem::path& root,
                       const std::string& from, const std::optional<std::string>& to);

/// Every change HEAD's first-parent line made to the OKR files below `folder` (the OKR root's
/// okrs path), commit by commit, newest first, each with its commit; with `since`, only the
/// commits of that day or later.
std::vector<Change> definition_history(const History& history, const std::string& folder,
                                       std::optional<Date> since = std::nullopt);

/// What the report's "What changed this cycle" lists: the changes to the OKRs of `cycle` that
/// move its promise (a key result's measure or type changed, key results and objectives added
/// or dropped) made after the cycle's first day (the author date, as moved-target counts) and
/// committed on or before `as_of`, newest first; when `as_of` is `today` or later, the
/// uncommitted ones first (without a commit).
std::vector<Change> cycle_changes(const History& history, const std::filesystem::path& root,
                                  const std::string& folder, const Cycle& cycle, Date as_of,
                                  Date today);

/// What the history rules (moved-target, backdated-checkin) read: the changes of key results'
/// measures and types (with `since_revision`, those since that revision, as a pull request
/// makes them; else those of the first-parent history since the earliest cycle of `repo`
/// started, and the uncommitted ones, dated `today`), and when each check-in file was first
/// committed.
HistoryFacts history_facts(const History& history, const std::filesystem::path& root,
                           const Repository& repo, const std::optional<std::string>& since_revision,
                           Date today);
/// The first day of the earliest cycle of `repo`'s OKR files: what history_facts() without
/// `since_revision` reads of `repo` besides its okr.yaml paths (the uncommitted changes are the
/// disk's), so that facts found for the same day, paths and earliest cycle can be reused.
std::optional<Date> earliest_cycle_start(const Repository& repo);

void render_diff_text(std::ostream& out, const DiffReport& report, bool color);
void render_diff_json(std::ostream& out, const DiffReport& report);
void render_diff_markdown(std::ostream& out, const DiffReport& report);

} // namespace okr
