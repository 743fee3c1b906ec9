#pragma once

#include <string>
#include <string_view>

namespace okr {

std::string_view version(); ///< such as "0.1.0"
/// The project's home page (the OKR_HOMEPAGE_URL build setting), for SARIF's informationUri.
std::string_view homepage();
/// The page that documents rule `name`: the home page's rules/NAME.
std::string rule_help_uri(std::string_view name);
std::string_view git_commit(); ///< the commit okr was built from, or "unknown"

} // namespace okr
