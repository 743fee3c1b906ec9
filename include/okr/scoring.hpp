#pragma once

// Scores of key results, objectives and owners as they stood on a date, from the values in
// check-ins. The rules are documented in okr-score(1).

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
/// results carry no grade.
enum class Grade : std::uint8_t { none, red, yellow, green };

std::string_view to_string(Grade grade);
Grade grade_of(double score);

/// Keep every value of a key result's series (ScoreOptions::series_kept).
constexpr std::size_t k_all_values = std::numeric_limits<std::size_t>::max();

/// How far behind the expected pace a key result may be before it is "behind pace".
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
  double score = 0;                         ///< 0 when not measured
  /// The values up to the as-of date, oldest first; only the latest ones when scored with a
  /// `series_kept` (the forecast is made from all of them).
  std::vector<ReportedValue> series;
  std::optional<bool> done; ///< the latest milestone state
  bool measured = false;
  Grade grade = Grade::none;
  bool succeeded = false;   ///< committed at 1.0, stretch at 0.7 or above
  bool behind_pace = false; ///< score more than k_pace_tolerance below the expected pace
};

struct ObjectiveScore {
  const Objective* objective = nullptr;
  std::string id;
  std::string title;           ///< for a shared objective, the referenced objective's title
  std::optional<double> score; ///< weighted mean of its KRs; null without KRs
  Grade grade = Grade::none;
  std::vector<KrScore> key_results;
  /// --rollup: the mean score of the objectives aligned to this one, and how many there are.
  std::optional<double> aligned_score;
  std::size_t aligned_count = 0;
};

struct OwnerScore {
  const OkrFile* file = nullptr;
  std::string owner;
  std::string cycle;
  std::optional<double> score; ///< weighted mean of its objectives
  Grade grade = Grade::none;
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

/// The mean score of the objectives aligned to one objective, and how many there are.
struct AlignedScore {
  std::optional<double> score;
  std::size_t count = 0;
};

/// The owners `okr score` shows, each scored when it is reached: a repository of 10,000 teams
/// has 126,000 key results, and no more than one owner's scores need to be held at a time.
/// Refers to the Index it was made from, which must outlive it.
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
  /// --rollup: the objectives of these owners that others align to; empty without it.
  std::unordered_map<const Objective*, AlignedScore> m_aligned;
};

struct ScoreReport {
  std::optional<std::string> cycle; ///< the cycle scored, when all owners share one
  Date as_of;
  ScoredOwners owners;
  std::vector<std::string> errors; ///< unknown owner, private owner, unknown cycle, ...
};

/// The cycle okr scores by default on `as_of`: the shortest cycle with OKR files that contains
/// it, else the latest one that ended before it.
std::optional<std::string> default_cycle(const Index& index, Date as_of);

/// Scores one OKR file as it stood on `as_of`, keeping the latest `series_kept` values of each
/// key result's series.
OwnerScore score_owner(const Index& index, const OkrFile& file, Date as_of,
                       std::size_t series_kept = k_all_values);

/// Selects OKR files to score. Owners come in the order given, else sorted by level (company
/// first) and id; each is scored as `report.owners` reaches it.
ScoreReport score_repository(const Index& index, const ScoreOptions& options);

} // namespace okr
