#pragma once

// Reading files: whole (the files of a repository), or piece by piece at an offset (the cache).

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "sys/file_status.hpp"

namespace okr::sys {

/// Reads the whole file at `path` into `out` with one read(2) call (a short read is retried):
/// 0, or an errno (EFBIG, with `size` set, when the file is larger than `max_size`; -1 when it
/// shrank while it was read).
int read_file(const std::filesystem::path& path, std::int64_t max_size, std::string& out,
              std::int64_t& size);

/// A file open for reading.
class InputFile {
public:
  explicit InputFile(const std::filesystem::path& path);
  ~InputFile();
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;

  bool is_open() const { return m_fd >= 0; }
  std::optional<FileStatus> status() const;
  /// Whether the file is on a local file system (not NFS, SMB, FUSE, ...), where a mapping
  /// cannot fail to read back.
  bool on_local_file_system() const;
  /// Reads up to `n` bytes at `offset` into `to`: how many, 0 at the end or on failure.
  std::size_t read_at(std::size_t offset, char* to, std::size_t n) const;

private:
  friend class MappedFile;
  int m_fd;
};

} // namespace okr::sys
