#pragma once

// The report model as JSON: what `okr report --format json` prints, and the data the Mustache
// templates render.

#include <nlohmann/json.hpp>

#include <okr/report.hpp>

namespace okr::report {

nlohmann::ordered_json to_json(const Report& report);

/// Scores, paces and means are rounded to three decimals so that output is stable.
double round3(double value);

} // namespace okr::report
