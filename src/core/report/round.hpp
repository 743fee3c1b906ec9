#pragma once

namespace okr::report {

/// Scores, paces and means are rounded to three decimals so that output is stable.
double round3(double value);

} // namespace okr::report
