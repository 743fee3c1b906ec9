#pragma once

// What stat(2) says of a file, in the terms okr uses, and the clock its times are compared to.

#include <cstdint>
#include <filesystem>
#include <optional>

struct stat;

namespace okr::sys {

/// `unknown`: a folder entry whose type the file system did not say (stat it to know).
enum class FileType : std::uint8_t { file, folder, link, other, unknown };

struct FileStatus {
  FileType type = FileType::other;
  std::uint64_t device = 0;
  std::uint64_t inode = 0;
  std::int64_t size = 0;
  std::int64_t mtime_ns = 0; ///< last modification
  std::int64_t ctime_ns = 0; ///< last status change (cannot be set back)
};

/// stat(2) of `path`, following symbolic links (lstat(2) without `follow`); nullopt when it
/// fails.
std::optional<FileStatus> status_of(const std::filesystem::path& path, bool follow = true);

/// Whether `real` lies in the folder `top` (or is it); both resolved already (canonical), so
/// that no symbolic link or `..` is left to lead elsewhere.
bool is_within(const std::filesystem::path& top, const std::filesystem::path& real);

/// fstat(2) of the open file `fd`; nullopt when it fails.
std::optional<FileStatus> status_of(int fd);

/// The FileStatus of what stat(2) filled in.
FileStatus status_from(const struct stat& st);

/// Whether the open file `fd` is on a local file system (not NFS, SMB, FUSE, ...), where
/// file times and mappings can be trusted.
bool on_local_file_system(int fd);

/// The time now, in nanoseconds since the epoch, as file times are.
std::int64_t now_ns();

} // namespace okr::sys
