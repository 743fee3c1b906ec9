#pragma once

// Scores of key results, objectives and owners as they stood on a date, from the values in
// check-ins. The rules are documented in okr-score(1).

#include <array>
#include <cstddef>
#include <iterator>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <okr/date.hpp>
#include <okr/index.hpp>
#include <okr/model.hpp>

namespace okr {

/// Google's grade colours: below 0.4 red, below 0.7 yellow, else green. Experimental key
/// results carry no grade, nor does anything not measured yet.
enum class Grade : std::uint8_t { none, red, yellow, green };

std::string_view to_string(Grade grade);
Grade grade_of(double score);

/// Where a score stands against the expected pace while its cycle runs (okr-score(1)); none
/// when not measured, and from the cycle's last day on.
enum class Pace : std::uint8_t { none, ahead, on_pace, behind, at_risk };

/// "ahead", "on-pace", "behind", "at-risk"; "" for none.
std::string_view to_string(Pace pace);

/// The pace thresholds: `ahead` at k_pace_ahead or more above the expected pace, `on-pace`
/// down to k_pace_tolerance below it, then `behind` while the forecast reaches success, else
/// `at-risk`.
constexpr double k_pace_ahead = 0.1;

/// The score at which a key result succeeds: 1.0 when committed, 0.7 otherwise.
double success_score(KrType type);

/// The pace of `score` against `expected`, with the forecast score at the cycle's end (none
/// when there is no forecast) and the score that counts as success.
Pace pace_of(double score, double expected, std::optional<double> forecast, double success);

/// The colour to show: the pace's while the cycle runs (ahead and on-pace green, behind
/// yellow, at-risk red), else the grade.
Grade colour_of(Grade grade, Pace pace);

/// Computed numbers (scores, means, expected paces, forecasts) are kept exact and rounded once,
/// when printed: to three decimals in JSON and CSV (score_decimals), to two for people.
double score_decimals(double value);

/// Keep every value of a key result's series (ScoreOptions::series_kept).
constexpr std::size_t k_all_values = std::numeric_limits<std::size_t>::max();

/// How far behind the expected pace a score may be and still be `on-pace`.
constexpr double k_pace_tolerance = 0.15;

/// One value a check-in reported for a key result.
struct ReportedValue {
  ReportedValue() = default;
  ReportedValue(Date on, std::optional<double> reported_number, std::optional<bool> reported_done,
                const Checkin* from, std::uint8_t written_decimals = k_shortest)
      : date(on), done(reported_done), decimals(written_decimals), number(reported_number),
        checkin(from) {}

  // In this order 32 bytes, not 40: 10,000 teams report 1.5 million values in a quarter.
  Date date;
  std::optional<bool> done;
  std::uint8_t decimals = k_shortest; ///< of the number as written (okr/number.hpp)
  std::optional<double> number;
  const Checkin* checkin = nullptr;

  /// The value as a number: the number, or 1/0 for a milestone done/not done.
  double as_number() const { return number ? *number : (done.value_or(false) ? 1 : 0); }
  /// The decimals of as_number() as written: 0 for a milestone's 1/0.
  std::uint8_t as_number_decimals() const { return number ? decimals : 0; }
};

/// The check-ins of an owner in a cycle, oldest first: by date, then by their order within the
/// day (2026-10-09.yaml, 2026-10-09-2.yaml, ..., 2026-10-09-10.yaml).
std::vector<const Checkin*> ordered_checkins(const Index& index, std::string_view owner,
                                             std::string_view cycle);

/// The values reported for `key` ("objective/kr") in `checkins` up to and including `as_of`,
/// oldest first. Values of the wrong kind (a number for a milestone) are skipped.
std::vector<ReportedValue> value_series(const std::vector<const Checkin*>& checkins,
                                        std::string_view key, const KeyResult& kr, Date as_of);

/// The score of one value: progress clamped to [0, 1] (no upper clamp when
/// `allow_over_target`), 1 or 0 for guardrails and milestones.
double score_value(const KeyResult& kr, const ReportedValue& value, bool allow_over_target);

/// Whether the key result is a guardrail: a threshold that must hold on every reading.
bool is_guardrail(const KeyResult& kr);

/// Whether `value` holds the guardrail `kr`: the one place that knows each guardrail kind.
bool holds(const KeyResult& kr, double value);
/// Whether `value` holds the KPI's guardrail (true when it has none), as holds(KeyResult).
bool holds(const Kpi& kpi, double value);

/// The numbers a key result is measured against, as written, as its measure reads them (null
/// where it has none): a progress KR's baseline and target, a stay_above or stay_below
/// guardrail's threshold (as `target`), a stay_between guardrail's range.
struct Bounds {
  const Number* baseline = nullptr;
  const Number* target = nullptr;
  const Range* range = nullptr;
};
Bounds bounds_of(const KeyResult& kr);
/// bounds_of() for a key result whose measure() is known.
Bounds bounds_of(const KeyResult& kr, Measure measure);

/// A reading of a guardrail that did not hold.
struct Breach {
  Date date;
  double value = 0;
  std::uint8_t decimals = k_shortest; ///< as written (okr/number.hpp)
};

/// A guardrail judged on every reading up to the as-of date.
struct GuardrailRecord {
  std::size_t readings = 0;
  std::size_t held = 0;
  std::vector<Breach> breaches; ///< oldest first
};

/// Judges every reading of `series` against the guardrail `kr`.
GuardrailRecord judge_guardrail(const KeyResult& kr, const std::vector<ReportedValue>& series);

/// The elapsed fraction of the cycle on `as_of`: 0 on its first day, 1 on its last, clamped.
double expected_pace(const Cycle& cycle, Date as_of);

/// The least-squares line through (day, value) points, evaluated at `at`. Needs 3 or more
/// points; when they all fall on one day, their mean.
std::optional<double> forecast_value(const std::vector<ReportedValue>& series, Date at);

struct KrScore {
  const Objective* objective = nullptr;
  const KeyResult* kr = nullptr;
  std::string key;                          ///< objective/kr, as check-ins write it
  std::string ref;                          ///< owner/objective/kr
  std::optional<double> value;              ///< the latest number
  std::uint8_t value_decimals = k_shortest; ///< its decimals as written
  std::optional<double> forecast;           ///< forecast score at the cycle's end
  std::optional<double> forecast_value;     ///< forecast value at the cycle's end
  /// 0 when not measured (it counts 0 in its objective's mean); renderers show it only when
  /// `measured`. A guardrail's is the share of its readings that held.
  double score = 0;
  /// The values up to the as-of date, oldest first; only the latest ones when scored with a
  /// `series_kept` (the forecast is made from all of them).
  std::vector<ReportedValue> series;
  std::optional<bool> done; ///< the latest milestone state
  /// Guardrails only: every reading judged, and the breaches.
  std::optional<GuardrailRecord> guardrail;
  bool measured = false;
  Grade grade = Grade::none;  ///< the absolute grade of the score; none when not measured
  Pace pace = Pace::none;     ///< none when not measured, and from the cycle's last day on
  Grade colour = Grade::none; ///< colour_of(grade, pace)
  bool succeeded = false;     ///< committed at 1.0, stretch at 0.7 or above; a guardrail all held
  bool behind_pace = false;   ///< pace is behind or at-risk

  /// The score when measured, else null.
  std::optional<double> measured_score() const {
    return measured ? std::optional<double>(score) : std::nullopt;
  }
  /// The latest value as a number (ReportedValue::as_number): a milestone's 1/0 too.
  std::optional<double> latest_number() const {
    return done ? std::optional<double>(*done ? 1 : 0) : value;
  }
  /// The decimals of latest_number() as written.
  std::uint8_t latest_decimals() const { return done ? 0 : value_decimals; }
};

/// A sharer's local objective, counted in the roll-up of the objective it shares.
struct SharerScore {
  std::string ref;             ///< owner/objective of the sharer's local objective
  std::optional<double> score; ///< null when none of its key results is measured
  double weight = 1;           ///< the objective's weight in the sharer's file
};

struct ObjectiveScore {
  const Objective* objective = nullptr;
  std::string id;
  std::string title; ///< for a shared objective, the referenced objective's title
  /// The weighted mean of its KRs (and, for a roll-up, its sharers' local objectives), where
  /// an unmeasured one counts 0; null when none is measured.
  std::optional<double> score;
  Grade grade = Grade::none;
  Pace pace = Pace::none;
  Grade colour = Grade::none;
  std::optional<double> forecast; ///< the KRs' forecasts (a KR without one: its score)
  std::size_t measured = 0;       ///< parts measured (key results, and sharers for a roll-up)
  std::size_t parts = 0;          ///< parts in the mean
  std::vector<KrScore> key_results;
  /// A shared objective's owner: the local objectives of the owners sharing it, which count in
  /// its score beside its own key results. Empty otherwise.
  std::vector<SharerScore> sharers;
  bool rollup() const { return !sharers.empty(); }
  /// --rollup: the mean score of the objectives aligned to this one, and how many there are.
  std::optional<double> aligned_score;
  std::size_t aligned_count = 0;
};

struct OwnerScore {
  const OkrFile* file = nullptr;
  std::string owner;
  std::string cycle;
  /// The weighted mean of its objectives, an unscored one counting 0; null when none is scored.
  std::optional<double> score;
  Grade grade = Grade::none;
  Pace pace = Pace::none;
  Grade colour = Grade::none;
  std::size_t measured = 0;        ///< objectives with a score
  bool ended = false;              ///< the as-of date is on or after the cycle's last day
  double expected = 0;             ///< the expected pace on the as-of date
  const Checkin* latest = nullptr; ///< the latest check-in on or before the as-of date
  /// The latest confidence and status reported on or before the as-of date.
  std::optional<Number> confidence;
  std::optional<Status> status;
  std::vector<ObjectiveScore> objectives;
};

struct ScoreOptions {
  Date as_of;
  std::optional<std::string> cycle; ///< default: see select_files
  std::vector<std::string> owners;  ///< empty: every owner
  std::optional<Level> level;
  bool include_private = false;
  bool rollup = false;
  /// How many of each key result's latest values KrScore::series keeps: the table's sparklines
  /// show 8, the other formats none. A series can be long, and there is one per key result.
  std::size_t series_kept = k_all_values;
};

struct ScoreReport;

/// The mean score of the objectives aligned to one objective (or sharing it), and how many
/// there are.
struct AlignedScore {
  std::optional<double> score;
  std::size_t count = 0;
};

/// What scoring an owner needs of the others, found in a first pass that scores only their
/// objectives: the local objectives sharing each objective (a shared objective's roll-up), and
/// with --rollup the mean of the objectives aligned to or sharing each.
struct RollUps {
  std::unordered_map<const Objective*, std::vector<SharerScore>> shared;
  std::unordered_map<const Objective*, AlignedScore> aligned;
};

/// The roll-ups of the objectives of `files` as of `as_of`: sharers are the objectives of
/// OKR files whose cycle has started by then (private ones only with `include_private`);
/// `aligned` also fills RollUps::aligned.
RollUps roll_ups(const Index& index, Date as_of, const std::vector<const OkrFile*>& files,
                 bool include_private, bool aligned);

class ScoredOwners {
public:
  /// Reaching an owner scores it; the iterator holds that owner's scores until it moves on.
  class iterator {
  public:
    using iterator_category = std::input_iterator_tag;
    using value_type = OwnerScore;
    using difference_type = std::ptrdiff_t;
    using pointer = const OwnerScore*;
    using reference = const OwnerScore&;

    iterator() = default;
    iterator(const ScoredOwners* owners, std::size_t at) : m_owners(owners), m_at(at) {}
    reference operator*() const;
    pointer operator->() const { return &**this; }
    iterator& operator++() {
      ++m_at;
      m_current.reset();
      return *this;
    }
    bool operator==(const iterator& other) const { return m_at == other.m_at; }

  private:
    const ScoredOwners* m_owners = nullptr;
    std::size_t m_at = 0;
    mutable std::optional<OwnerScore> m_current;
  };

  std::size_t size() const { return m_files.size(); }
  bool empty() const { return m_files.empty(); }
  /// Scores the owner at `i` (each call scores it again).
  OwnerScore operator[](std::size_t i) const;
  /// The OKR file of the owner at `i`, without scoring it.
  const OkrFile& file(std::size_t i) const { return *m_files[i]; }
  iterator begin() const { return {this, 0}; }
  iterator end() const { return {this, m_files.size()}; }

private:
  friend ScoreReport score_repository(const Index& index, const ScoreOptions& options);

  const Index* m_index = nullptr;
  std::vector<const OkrFile*> m_files;
  Date m_as_of;
  std::size_t m_series_kept = k_all_values;
  RollUps m_rollups;
};

/// The sweet spot of a stretch key result's score, both ends included: Google's "0.6 to 0.7"
/// (seed 001): lower, the bet was missed; higher, it was not a stretch.
constexpr double k_sweet_spot_low = 0.6;
constexpr double k_sweet_spot_high = 0.7;
inline bool in_sweet_spot(double score) {
  return k_sweet_spot_low <= score && score <= k_sweet_spot_high;
}

/// The figures two cycles are compared by (okr score --compare, okr report): the mean score of
/// the scored objectives of each level, the committed key results met, the measured stretch
/// ones in the sweet spot.
struct CycleFigures {
  std::string cycle;
  std::array<std::size_t, k_level_count> objectives{}; ///< by Level
  std::array<std::size_t, k_level_count> measured{};   ///< objectives with a score, by Level
  std::array<double, k_level_count> sums{};            ///< of their scores
  std::size_t committed_met = 0;
  std::size_t committed_total = 0; ///< measured or not
  std::size_t stretch_sweet = 0;
  std::size_t stretch_measured = 0;

  /// The mean score of the level's scored objectives; null when none is scored.
  std::optional<double> mean(Level level) const;
  /// Counts an owner's objectives and key results.
  void add(const OwnerScore& owner);
};

/// This cycle's figures beside another's.
struct CycleComparison {
  CycleFigures current;
  CycleFigures previous;
};

struct ScoreReport {
  std::optional<std::string> cycle; ///< the cycle scored, when all owners share one
  Date as_of;
  ScoredOwners owners;
  std::vector<std::string> errors; ///< unknown owner, private owner, unknown cycle, ...
  /// --compare: set by compare_cycles().
  std::optional<CycleComparison> comparison;
};

/// The cycle okr scores by default on `as_of`: the shortest cycle with OKR files that contains
/// it, else the latest one that ended before it.
std::optional<std::string> default_cycle(const Index& index, Date as_of);

/// Scores one OKR file as it stood on `as_of`, keeping the latest `series_kept` values of each
/// key result's series. Without `rollups`, a shared objective's owner scores it from its own
/// key results alone.
OwnerScore score_owner(const Index& index, const OkrFile& file, Date as_of,
                       std::size_t series_kept = k_all_values, const RollUps* rollups = nullptr);

/// How an owner's score moved since its check-in before the latest one: the trend the report's
/// overview shows beside the score.
struct ScoreChange {
  Date since;          ///< the day of the check-in before the latest (an earlier day)
  double previous = 0; ///< the owner's score as of that day
  double change = 0;   ///< `now` minus `previous`, exact
  /// The direction people see: the sign of `change` once rounded to two decimals
  /// (round_fraction), so that a change printed as 0 is neither up nor down.
  int direction = 0;
};

/// The change of `now`, the score of `file`'s owner as of `as_of`, since the owner's check-in
/// before the latest on or before `as_of`: the owner scored again as of that check-in's day
/// (with `rollups`, the report's, so a shared objective's sharers count as of `as_of`: the
/// change is the owner's own). Null when `now` is null, there is no earlier check-in, or the
/// owner had no score then.
std::optional<ScoreChange> score_change(const Index& index, const OkrFile& file, Date as_of,
                                        std::optional<double> now,
                                        const RollUps* rollups = nullptr);

/// The figures of `report` (each owner scored again) beside those of the cycle `previous`,
/// selected as `options` selects (the owners it names that have OKRs in `previous`), scored as
/// of the same day. An error message when `report` spans several cycles or `previous` has no
/// OKR file.
std::optional<CycleComparison> compare_cycles(const Index& index, const ScoreOptions& options,
                                              const ScoreReport& report,
                                              const std::string& previous, std::string& error);

/// The cycle before `current` to compare it with: of the cycles with OKR files that end before
/// `current` starts, the one that ends last (the shortest on a tie); nullopt when none does.
std::optional<std::string> previous_cycle(const Index& index, const Cycle& current);

/// Selects OKR files to score. Owners come in the order given, else sorted by level (company
/// first) and id; each is scored as `report.owners` reaches it.
ScoreReport score_repository(const Index& index, const ScoreOptions& options);

} // namespace okr
