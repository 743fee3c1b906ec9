#pragma once

// Listing a folder: its entries read with getdents64(2), its own and its entries' status.

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string_view>

#include "sys/file_status.hpp"

namespace okr::sys {

/// An open folder and its entries, read with getdents64(2) from a descriptor this owns:
/// opendir(3) would add an fstat and two fcntl calls to every folder, a sixth of the system
/// calls of a walk over a large repository.
class Folder {
public:
  /// The folder at `path`, opened only to be stat'ed and looked into (O_PATH, cheap).
  explicit Folder(const std::filesystem::path& path);
  /// The folder at `path`, relative to the open folder `at`. With `path_only` it is opened
  /// only to be stat'ed and looked into until open_to_read().
  Folder(const Folder& at, const char* path, bool path_only = false);
  ~Folder();
  Folder(const Folder&) = delete;
  Folder& operator=(const Folder&) = delete;

  /// errno of the failed open or read; 0 when there was none.
  int error() const { return m_error; }

  /// fstat(2) of the folder itself.
  std::optional<FileStatus> status() const;
  /// fstatat(2) of the entry `name`, following a symbolic link or not.
  std::optional<FileStatus> status_of(const char* name, bool follow) const;
  /// Whether the folder is on a local file system (not NFS, SMB, FUSE, ...), where times and
  /// mappings can be trusted.
  bool on_local_file_system() const;

  /// Opens the same folder, whatever happened to its path since, to read its entries.
  void open_to_read();

  struct Entry {
    const char* name = nullptr; ///< NUL-terminated, valid until the next call to next()
    FileType type = FileType::unknown;
  };
  /// The next entry ("." and ".." included); false at the end or after an error.
  bool next(Entry& entry);

private:
  int m_fd;
  int m_error;
  bool m_path_only;
  std::size_t m_size = 0;
  std::size_t m_at = 0;
  alignas(8) char m_buffer[32768];
};

} // namespace okr::sys
