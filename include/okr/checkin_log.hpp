#pragma once

// The history of check-ins behind `okr log`: newest first, each with the values that changed.

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include <okr/date.hpp>
#include <okr/diff.hpp>
#include <okr/index.hpp>
#include <okr/scoring.hpp>

namespace okr {

struct LogQuery {
  std::string owner;     ///< empty: every owner
  std::string objective; ///< empty: every objective
  std::string kr;        ///< empty: every key result (needs objective)
  std::optional<Date> since;
  std::optional<std::string> cycle;
  bool include_private = false;
  std::size_t max_count = 0; ///< 0: no limit
};

/// A value a check-in reported, and the one reported before it for the same key.
struct LogChange {
  std::string key; ///< objective/kr, or a KPI id
  std::optional<std::string> before;
  std::string after;
  std::string unit;
};

struct LogEntry {
  const Checkin* checkin = nullptr;
  std::string path;
  std::vector<LogChange> changes; ///< results that changed (or are new), in file order
  std::vector<LogChange> kpis;    ///< KPI values that changed
  std::size_t unchanged = 0;      ///< values reported again unchanged
};

/// The series of one key result, for `okr log OWNER/OBJECTIVE/KR`.
struct KrHistory {
  std::string ref;
  const KeyResult* kr = nullptr;
  std::vector<ReportedValue> series; ///< oldest first
  /// A guardrail's readings in `series` judged as okr score judges them, and its breaches.
  std::optional<GuardrailRecord> guardrail;
};

struct CheckinLog {
  std::vector<LogEntry> entries; ///< newest first
  std::optional<KrHistory> history;
  std::vector<std::string> errors; ///< what was asked for does not exist, or is private
  /// Changes to the definitions from git history (add_definition_changes()), newest first.
  std::vector<Change> definitions;
};

/// Parses OWNER, OWNER/OBJECTIVE or OWNER/OBJECTIVE/KR into `query`; false when malformed.
bool parse_log_target(std::string_view target, LogQuery& query);

CheckinLog build_log(const Index& index, const LogQuery& query);

/// Keeps of `changes` (definition_history(), newest first) those the query asks for: its owner,
/// objective, key result (renames included), cycle and since; a private owner's only with
/// include_private.
void add_definition_changes(CheckinLog& log, const Index& index, const LogQuery& query,
                            std::vector<Change> changes);

void render_log_text(std::ostream& out, const CheckinLog& log, bool color);
void render_log_json(std::ostream& out, const CheckinLog& log);

} // namespace okr
