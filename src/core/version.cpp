#include <okr/version.hpp>

namespace okr {

std::string_view version() {
  return OKR_VERSION;
}
std::string_view git_commit() {
  return OKR_GIT_COMMIT;
}

} // namespace okr
