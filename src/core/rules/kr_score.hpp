#pragma once

// A key result's score from its latest check-in value: the minimum committed-missed needs.
// TODO(issue 4): move to the scoring module and share it with `okr score`.

#include <optional>

#include <okr/index.hpp>

namespace okr::rules {

struct KrScore {
  double score = 0; ///< 0 to 1
  double value = 0; ///< the latest number; 1 or 0 for a milestone's done / not-done
  std::uint8_t decimals = k_shortest; ///< of the number as written
  Date date;                          ///< of the check-in that reported it
};

/// The score of `kr` (of objective `objective_id`) from the latest check-in of `owner` in
/// `cycle` that reports it (by date, then file order), or nullopt when none does.
/// Progress: (value - baseline) / (target - baseline) clamped to [0, 1]; a guardrail 1 or 0;
/// a milestone 1 when done.
std::optional<KrScore> latest_score(const Index& index, const OkrFile& file,
                                    std::string_view objective_id, const KeyResult& kr);

} // namespace okr::rules
