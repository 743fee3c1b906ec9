#pragma once

// Numbers in JSON output as people write them: 13, not 13.0.

#include <cmath>
#include <nlohmann/json.hpp>

namespace okr {

inline nlohmann::ordered_json plain_number(double value) {
  if (value == std::floor(value) && std::fabs(value) < 1e15) {
    return static_cast<long long>(value);
  }
  return value;
}

} // namespace okr
