#pragma once

// okr new --carry-over: the next cycle's OKR file of an owner, made from the previous one.
// What is carried and why is documented in okr-new(1).

#include <optional>
#include <string>
#include <vector>

#include <okr/date.hpp>
#include <okr/index.hpp>
#include <okr/model.hpp>
#include <okr/scaffold.hpp>

namespace okr {

/// The owner's OKR file of the latest cycle that starts before `next` starts (the latest end
/// first, then the latest start), or null when there is none.
const OkrFile* previous_okr_file(const Index& index, std::string_view owner, const Cycle& next);

struct CarryOverOptions {
  Cycle next; ///< the cycle of the file written
  Date as_of; ///< the latest values are those reported up to this day
  std::string okrs_path = "okrs";
};

/// An objective the carry-over leaves out, and why.
struct LeftOut {
  std::string id;
  std::optional<double> score;
  std::string why; ///< "met", or why it cannot be carried ("shared objective")
};

struct CarryOver {
  NewFile file;                  ///< okrs/<next>/<owner>.yaml; empty text when nothing is carried
  std::vector<LeftOut> left_out; ///< in the file's order
  std::size_t objectives = 0;    ///< carried
  std::size_t key_results = 0;   ///< carried
  /// Set when the text would not load back as one OKR file without findings (a bug).
  std::optional<std::string> error;
};

/// The next cycle's file from `from`: each objective not met, with its key results not at
/// target (progress and experimental below their target, milestones not done) re-baselined on
/// their latest value, and its guardrails unchanged; the KPIs unchanged. Ids are kept, and a
/// comment names where each objective and baseline came from. The text is loaded back to check
/// it (CarryOver::error).
CarryOver carry_over(const Index& index, const OkrFile& from, const CarryOverOptions& options);

} // namespace okr
