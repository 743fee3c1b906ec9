#pragma once

// The seam between the report and the scoring and alignment modules: everything the report
// builder needs from them, and nothing more; each function is a call into those modules.

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <okr/date.hpp>
#include <okr/index.hpp>
#include <okr/model.hpp>

namespace okr::report {

/// One value a check-in reported for a key result.
struct SeriesPoint {
  Date date;
  std::optional<double> number;
  std::optional<bool> done;
};

/// A key result as it stood on the as-of date.
struct KrFacts {
  bool measured = false;
  std::optional<double> value;          ///< the latest number
  std::optional<bool> done;             ///< the latest milestone state
  double score = 0;                     ///< 0 when not measured
  std::string_view grade;               ///< red | yellow | green; empty for experimental KRs
  bool succeeded = false;               ///< committed at 1.0, stretch at 0.7 or above
  bool behind_pace = false;             ///< score more than 0.15 below the expected pace
  std::optional<double> forecast;       ///< forecast score at the cycle's end
  std::optional<double> forecast_value; ///< forecast value at the cycle's end
  std::vector<SeriesPoint> series;      ///< values up to the as-of date, oldest first
};

/// The cycle to report on by default: the shortest cycle with OKR files that contains
/// `as_of`, else the latest one that ended before it.
std::optional<std::string> default_cycle(const Index& index, Date as_of);

/// The elapsed fraction of the cycle: 0 on its first day, 1 on its last, clamped.
double expected_pace(const Cycle& cycle, Date as_of);

/// red below 0.4, yellow below 0.7, else green.
std::string_view grade(double score);

/// Scores one key result of `file` (objective `objective`) as it stood on `as_of`.
KrFacts score_kr(const Index& index, const OkrFile& file, const Objective& objective,
                 const KeyResult& kr, Date as_of);

/// An objective in the alignment lists.
struct ObjectiveRef {
  std::string ref; ///< owner/objective
  std::string title;
};

struct AlignmentFacts {
  std::vector<ObjectiveRef> gaps;
  std::vector<ObjectiveRef> orphans;
  std::vector<std::vector<std::string>> overlaps; ///< groups of owner/objective refs
};

/// The gaps and orphans among the objectives of `files` (the OKR files the report shows) and
/// the overlaps that involve one of them, as okr align finds them in `cycle` (and the cycles
/// overlapping it), private files only with `include_private`.
AlignmentFacts alignment_facts(const Index& index, const std::vector<const OkrFile*>& files,
                               const std::string& cycle, bool include_private);

} // namespace okr::report
