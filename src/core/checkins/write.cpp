// Writing a check-in file so that a crash, a kill or a concurrent check-in can never leave a
// partial file or overwrite another one.

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fmt/format.h>
#include <optional>
#include <random>
#include <sys/stat.h>
#include <unistd.h>

#include <okr/checkins.hpp>

namespace fs = std::filesystem;

namespace okr {

namespace {

std::string errno_text(int error) {
  return std::strerror(error);
}

/// Writes all of `text` to `fd`, retrying short writes and interruptions.
bool write_all(int fd, std::string_view text) {
  while (!text.empty()) {
    const ssize_t n = ::write(fd, text.data(), text.size());
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      return false;
    }
    text.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

bool fsync_folder(const fs::path& folder) {
  const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    return false;
  }
  const bool ok = ::fsync(fd) == 0 || errno == EINVAL; // some file systems cannot sync folders
  ::close(fd);
  return ok;
}

/// The largest -n in use for `date` in `folder` (1 for the plain <date>.yaml), 0 for none.
int last_sequence(const fs::path& folder, const std::string& date) {
  int last = 0;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(folder, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(date, 0) == 0 && name.ends_with(".yaml")) {
      last = std::max(last, checkin_sequence(name));
    }
  }
  return last;
}

/// Links `temp` to `final_path` without ever replacing an existing file: 0, or an errno.
int link_no_replace(const fs::path& temp, const fs::path& final_path) {
  if (::link(temp.c_str(), final_path.c_str()) == 0) {
    return 0;
  }
  const int error = errno;
  if (error != EPERM && error != ENOTSUP && error != EOPNOTSUPP && error != EXDEV &&
      error != EMLINK) {
    return error;
  }
  // File systems without hard links: an exclusive rename.
  if (::renameat2(AT_FDCWD, temp.c_str(), AT_FDCWD, final_path.c_str(), RENAME_NOREPLACE) == 0) {
    return 0;
  }
  return errno;
}

/// Why writing into `folder` (relative to `root`) would leave the repository, or nothing: an
/// absolute path, a `..`, or a folder on the way that is a symbolic link to somewhere outside.
/// Checked before any folder is created, so that nothing is created outside either.
std::optional<std::string> leaves_repository(const fs::path& root, const std::string& folder) {
  const fs::path relative(folder);
  if (relative.is_absolute() || relative.has_root_name()) {
    return fmt::format("'{}' is an absolute path; check-ins are written inside the repository",
                       folder);
  }
  for (const fs::path& part : relative) {
    if (part == "..") {
      return fmt::format("'{}' leads out of the repository through '..'", folder);
    }
  }
  std::error_code ec;
  const fs::path top = fs::weakly_canonical(root, ec);
  if (ec) {
    return fmt::format("cannot resolve the repository folder '{}': {}", root.string(),
                       ec.message());
  }
  fs::path prefix;
  for (const fs::path& part : relative) {
    prefix /= part;
    const fs::path here = root / prefix;
    if (!fs::exists(fs::symlink_status(here, ec))) {
      break; // created below, inside the last folder that was checked
    }
    const fs::path real = fs::canonical(here, ec);
    if (ec) {
      return fmt::format("cannot resolve '{}': {}", prefix.string(), ec.message());
    }
    const auto [end, unused] = std::mismatch(top.begin(), top.end(), real.begin(), real.end());
    if (end != top.end()) {
      return fmt::format("'{}' is a symbolic link to '{}', outside the repository; okr writes "
                         "check-ins only inside it (replace the link with a folder)",
                         prefix.string(), real.string());
    }
  }
  return std::nullopt;
}

} // namespace

WrittenCheckin write_checkin_file(const fs::path& root, const std::string& folder, Date date,
                                  std::string_view text) {
  WrittenCheckin out;
  const fs::path dir = root / folder;
  if (auto why = leaves_repository(root, folder)) {
    out.error = "refusing to write the check-in: " + *why;
    return out;
  }
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) {
    out.error = fmt::format("cannot create the folder '{}': {}", folder, ec.message());
    return out;
  }
  // The temporary file is a dot-file, which the loader never reads.
  std::random_device device;
  const std::string temp_name = fmt::format(".{}.{}.{:08x}.tmp", date.str(), ::getpid(), device());
  const fs::path temp = dir / temp_name;
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0) {
    out.error = fmt::format("cannot create a file in '{}': {}", folder, errno_text(errno));
    return out;
  }
  const bool written = write_all(fd, text) && ::fsync(fd) == 0;
  const int write_error = errno;
  if (::close(fd) != 0 || !written) {
    ::unlink(temp.c_str());
    out.error = fmt::format("cannot write a file in '{}': {}", folder,
                            errno_text(written ? errno : write_error));
    return out;
  }
  const std::string day = date.str();
  int n = last_sequence(dir, day) + 1;
  for (int attempt = 0; attempt < 100000; ++attempt, ++n) {
    const std::string name = n <= 1 ? day + ".yaml" : fmt::format("{}-{}.yaml", day, n);
    const int error = link_no_replace(temp, dir / name);
    if (error == EEXIST) {
      continue; // another check-in took that name first: try the next one
    }
    if (error != 0) {
      ::unlink(temp.c_str());
      out.error = fmt::format("cannot create '{}/{}': {}", folder, name, errno_text(error));
      return out;
    }
    ::unlink(temp.c_str()); // a no-op when the rename moved it
    if (!fsync_folder(dir)) {
      out.warning = fmt::format("wrote '{}/{}' but could not sync its folder: {}", folder, name,
                                errno_text(errno));
    }
    out.path = folder + "/" + name;
    return out;
  }
  ::unlink(temp.c_str());
  out.error = fmt::format("cannot find a free file name for {} in '{}'", day, folder);
  return out;
}

} // namespace okr
