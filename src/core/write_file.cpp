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

std::optional<std::string> write_folder_atomically(
    const std::filesystem::path& path, const std::string& marker,
    const std::function<std::optional<std::string>(const std::filesystem::path& folder)>& fill,
    std::string* warning) {
  namespace fs = std::filesystem;
  auto failed = [&](int error) {
    return fmt::format("cannot write '{}': {}", path.string(), std::strerror(error));
  };
  std::error_code ec;
  const fs::file_status status = fs::symlink_status(path, ec);
  if (fs::exists(status)) {
    if (!fs::is_directory(status)) {
      return fmt::format("refusing to replace '{}': it is not a folder", path.string());
    }
    if (!fs::exists(path / marker, ec) && !fs::is_empty(path, ec)) {
      return fmt::format("refusing to replace '{}': a folder okr did not write (it has no {}); "
                         "remove it or choose another",
                         path.string(), marker);
    }
  }
  sys::AtomicFolder folder(path);
  if (folder.error() != 0) {
    return failed(folder.error());
  }
  if (auto error = fill(folder.path())) {
    return error;
  }
  {
    sys::AtomicFile file(folder.path() / marker,
                         sys::AtomicFile::Options{.sync = false, .sweep = false}); // a new folder
    file.write(
        "This folder was written by okr, which replaces it whole when it writes it again.\n");
    if (const int error = file.replace(); error != 0) {
      return failed(error);
    }
  }
  if (const int error = folder.replace(); error != 0) {
    return failed(error);
  }
  if (!folder.left_behind().empty() && warning != nullptr) {
    *warning = fmt::format("wrote '{}', but could not remove the old one, left as '{}': {} (the "
                           "next write removes it)",
                           path.string(), folder.left_behind().string(),
                           std::strerror(folder.left_error()));
  }
  return std::nullopt;
}

} // namespace okr
