#pragma once

#include <string_view>

namespace okr {

std::string_view version();    ///< such as "0.1.0"
std::string_view git_commit(); ///< the commit okr was built from, or "unknown"

} // namespace okr
