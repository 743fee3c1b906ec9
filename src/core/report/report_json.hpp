#pragma once

// The report model as JSON: what `okr report --format json` prints, and the data the Mustache
// templates render.

#include <nlohmann/json.hpp>

#include <okr/report.hpp>

#include "round.hpp"

namespace okr::report {

nlohmann::ordered_json to_json(const Report& report);

} // namespace okr::report
