#include <okr/version.hpp>

namespace okr {

std::string_view version() {
  return OKR_VERSION;
}
std::string_view homepage() {
  return OKR_HOMEPAGE_URL;
}
std::string rule_help_uri(std::string_view name) {
  return std::string(homepage()) + "/rules/" + std::string(name);
}
std::string_view git_commit() {
  return OKR_GIT_COMMIT;
}

} // namespace okr
