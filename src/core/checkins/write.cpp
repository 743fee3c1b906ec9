// Writing a check-in file so that a crash, a kill or a concurrent check-in can never leave a
// partial file or overwrite another one.

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fmt/format.h>
#include <optional>

#include <okr/checkins.hpp>

#include "sys/atomic_file.hpp"
#include "sys/work_queue.hpp"

namespace fs = std::filesystem;

namespace okr {

namespace {

std::string errno_text(int error) {
  return std::strerror(error);
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
                                  std::string_view text, const WriteOptions& options) {
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
  const std::string day = date.str();
  sys::AtomicFile file(dir / (day + ".yaml"));
  if (file.error() != 0) {
    out.error = fmt::format("cannot create a file in '{}': {}", folder, errno_text(file.error()));
    return out;
  }
  file.write(text);
  int n = options.name ? 1 : last_sequence(dir, day) + 1;
  for (int attempt = 0; attempt < 100000; ++attempt, ++n) {
    const std::string name = options.name ? *options.name
                             : n <= 1     ? day + ".yaml"
                                          : fmt::format("{}-{}.yaml", day, n);
    const int error = file.create(dir / name);
    if (error == EEXIST && options.name) {
      out.taken = true;
      out.path = folder + "/" + name;
      return out;
    }
    if (error == EEXIST) {
      continue; // another check-in took that name first: try the next one
    }
    if (error != 0) {
      out.error = file.error() != 0
                      ? fmt::format("cannot write a file in '{}': {}", folder, errno_text(error))
                      : fmt::format("cannot create '{}/{}': {}", folder, name, errno_text(error));
      return out;
    }
    if (const int synced = options.sync ? sys::sync_folder(dir) : 0; synced != 0) {
      out.warning = fmt::format("wrote '{}/{}' but could not sync its folder: {}", folder, name,
                                errno_text(synced));
    }
    out.path = folder + "/" + name;
    return out;
  }
  out.error = fmt::format("cannot find a free file name for {} in '{}'", day, folder);
  return out;
}

std::vector<WrittenCheckin>
write_checkin_files(const fs::path& root, const std::vector<CheckinToWrite>& files, unsigned jobs) {
  std::vector<WrittenCheckin> written(files.size());
  sys::parallel_for(files.size(), jobs, [&](std::size_t i) {
    const CheckinToWrite& f = files[i];
    written[i] = write_checkin_file(root, f.folder, f.date, f.text, f.options);
  });
  return written;
}

std::optional<std::string> sync_checkin_folder(const fs::path& root, const std::string& folder) {
  if (const int synced = sys::sync_folder(root / folder); synced != 0) {
    return fmt::format("could not sync the folder '{}': {}", folder, errno_text(synced));
  }
  return std::nullopt;
}

} // namespace okr
