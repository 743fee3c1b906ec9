#include <cstring>
#include <fmt/format.h>
#include <ostream>

#include <okr/write_file.hpp>

#include "sys/atomic_file.hpp"

namespace okr {

std::optional<std::string>
write_file_atomically(const std::filesystem::path& path,
                      const std::function<std::optional<std::string>(std::ostream&)>& write) {
  auto failed = [&](int error) {
    return fmt::format("cannot write '{}': {}", path.string(), std::strerror(error));
  };
  sys::AtomicFile file(path);
  if (file.error() != 0) {
    return failed(file.error());
  }
  if (auto error = write(file.stream())) {
    return error;
  }
  if (const int error = file.replace(); error != 0) {
    return failed(error);
  }
  return std::nullopt;
}

} // namespace okr
