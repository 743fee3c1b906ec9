// Writing a check-in file so that a crash, a kill or a concurrent check-in can never leave a
// partial file or overwrite another one.

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fmt/format.h>
#include <map>
#include <memory>
#include <optional>
#include <set>

#include <okr/checkins.hpp>

#include "sys/atomic_file.hpp"
#include "sys/file_status.hpp"
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
  fs::path prefix;
  for (const fs::path& part : relative) {
    prefix /= part;
    const fs::path here = root / prefix;
    const fs::file_status status = fs::symlink_status(here, ec);
    if (!fs::exists(status)) {
      break; // created below, inside the last folder that was checked
    }
    if (!fs::is_symlink(status)) {
      continue; // a folder (or a file, which create_directories refuses) inside the last one
    }
    const fs::path top = fs::weakly_canonical(root, ec);
    if (ec) {
      return fmt::format("cannot resolve the repository folder '{}': {}", root.string(),
                         ec.message());
    }
    const fs::path real = fs::canonical(here, ec);
    if (ec) {
      return fmt::format("cannot resolve '{}': {}", prefix.string(), ec.message());
    }
    if (!sys::is_within(top, real)) {
      return fmt::format("'{}' is a symbolic link to '{}', outside the repository; okr writes "
                         "check-ins only inside it (replace the link with a folder)",
                         prefix.string(), real.string());
    }
  }
  return std::nullopt;
}

/// Whether `name` is a check-in's destination, `YYYY-MM-DD.yaml`: what a check-in writer's
/// temporary files are named after, and so swept by (sys::remove_stale_temporaries).
bool is_checkin_destination(std::string_view name) {
  constexpr std::string_view k_shape = "dddd-dd-dd.yaml";
  if (name.size() != k_shape.size()) {
    return false;
  }
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (k_shape[i] == 'd' ? name[i] < '0' || name[i] > '9' : name[i] != k_shape[i]) {
      return false;
    }
  }
  return true;
}

/// leaves_repository for a folder that, when it starts with `within` (WriteOptions::within, the
/// private repository's prefix), must stay inside that repository instead.
std::optional<std::string> leaves_repository(const fs::path& root, const std::string& folder,
                                             std::string_view within) {
  if (!within.empty() && folder.starts_with(within)) {
    return leaves_repository(root / within, folder.substr(within.size()));
  }
  return leaves_repository(root, folder);
}

/// A check-in written to its temporary dot-file and closed, not yet linked into place.
struct Staged {
  std::unique_ptr<sys::AtomicFile> file;
  std::optional<std::string> error;
};

/// Writes `text` to a temporary dot-file (which the loader never reads) in root/folder, fsynced
/// when `sync`, and closes it. The folder is created when missing (and removed again when the
/// check-in is not written); the stale temporary files of check-ins there are swept unless
/// `bulk` (whose writer sweeps each folder once).
Staged stage(const fs::path& root, const std::string& folder, Date date, std::string_view text,
             bool sync, bool bulk, std::string_view within) {
  Staged out;
  if (auto why = leaves_repository(root, folder, within)) {
    out.error = "refusing to write the check-in: " + *why;
    return out;
  }
  const fs::path dir = root / folder;
  out.file = std::make_unique<sys::AtomicFile>(
      dir / (date.str() + ".yaml"),
      sys::AtomicFile::Options{
          .sync = sync, .kind = is_checkin_destination, .sweep = !bulk, .make_folders = true});
  if (out.file->error() != 0) {
    out.error =
        fmt::format("cannot create a file in '{}': {}", folder, errno_text(out.file->error()));
    return out;
  }
  out.file->write(text);
  if (const int error = out.file->close(); error != 0) {
    out.error = fmt::format("cannot write a file in '{}': {}", folder, errno_text(error));
  }
  return out;
}

/// Links a staged check-in to its final name, which never replaces a file; the folder is synced
/// when it was staged with `sync` (when it cannot be, the check-in is removed again: an error).
WrittenCheckin place(Staged& staged, const fs::path& root, const std::string& folder, Date date,
                     const WriteOptions& options) {
  WrittenCheckin out;
  if (staged.error) {
    out.error = staged.error;
    return out;
  }
  const fs::path dir = root / folder;
  const std::string day = date.str();
  sys::AtomicFile& file = *staged.file;
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
    out.path = folder + "/" + name; // and the folder synced by create() when options.sync
    return out;
  }
  out.error = fmt::format("cannot find a free file name for {} in '{}'", day, folder);
  return out;
}

} // namespace

WrittenCheckin write_checkin_file(const fs::path& root, const std::string& folder, Date date,
                                  std::string_view text, const WriteOptions& options) {
  Staged staged = stage(root, folder, date, text, options.sync, false, options.within);
  return place(staged, root, folder, date, options);
}

std::vector<WrittenCheckin>
write_checkin_files(const fs::path& root, const std::vector<CheckinToWrite>& files, unsigned jobs) {
  // Every file is written unsynced, the file system is flushed once (syncfs), and only then is
  // each file linked into place: a crash leaves each check-in absent or complete, as with one
  // fsync per file, for one flush instead of one per file.
  // The stale temporary files of check-ins are swept once per folder, not once per file.
  std::map<std::string, std::string_view> folders; // each folder, and the repository it is in
  for (const CheckinToWrite& file : files) {
    folders.emplace(file.folder, file.options.within);
  }
  const std::int64_t now = sys::now_ns();
  for (const auto& [folder, within] : folders) {
    if (!leaves_repository(root, folder, within)) {
      sys::remove_stale_temporaries(root / folder,
                                    sys::TemporaryKind{.accepts = is_checkin_destination}, now);
    }
  }
  std::vector<Staged> staged(files.size());
  sys::parallel_for(files.size(), jobs, [&](std::size_t i) {
    staged[i] = stage(root, files[i].folder, files[i].date, files[i].text, false, true,
                      files[i].options.within);
  });
  const bool any = std::any_of(staged.begin(), staged.end(),
                               [](const Staged& s) { return !s.error.has_value(); });
  if (const int synced = any ? sys::sync_file_system(root) : 0; synced != 0) {
    for (Staged& s : staged) {
      if (!s.error) {
        s.error = fmt::format("cannot flush the new check-ins to disk: {}", errno_text(synced));
      }
    }
  }
  std::vector<WrittenCheckin> written(files.size());
  sys::parallel_for(files.size(), jobs, [&](std::size_t i) {
    written[i] = place(staged[i], root, files[i].folder, files[i].date, files[i].options);
    staged[i].file.reset(); // removes the temporary file
  });
  return written;
}

std::optional<std::string> sync_checkin_folders(const fs::path& root,
                                                const std::set<std::string>& folders) {
  if (folders.size() > 1) {
    if (const int synced = sys::sync_file_system(root); synced != 0) {
      return fmt::format("could not flush the new check-ins to disk: {}", errno_text(synced));
    }
    return std::nullopt;
  }
  for (const std::string& folder : folders) {
    if (auto error = sync_checkin_folder(root, folder)) {
      return error;
    }
  }
  return std::nullopt;
}

std::optional<std::string> sync_checkin_folder(const fs::path& root, const std::string& folder) {
  if (const int synced = sys::sync_folder(root / folder); synced != 0) {
    return fmt::format("could not sync the folder '{}': {}", folder, errno_text(synced));
  }
  return std::nullopt;
}

} // namespace okr
