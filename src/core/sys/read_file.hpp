#pragma once

// Reading files: whole (the files of a repository), or piece by piece at an offset (the cache).

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "sys/file_status.hpp"

namespace okr::sys {

/// read_file's answer for a path that is not a regular file (a FIFO, a device, a socket, a
/// folder): it is never read, nor waited on.
constexpr int k_not_regular = -2;

/// Reads the whole file at `path` into `out` with one read(2) call (a short read is retried):
/// 0, or an errno (EFBIG, with `size` set, when the file is larger than `max_size`; -1 when it
/// shrank while it was read; k_not_regular when it is not a regular file). Without `follow`, a
/// symbolic link is not opened: ELOOP.
int read_file(const std::filesystem::path& path, std::int64_t max_size, std::string& out,
              std::int64_t& size, bool follow = true);

/// What read_private_file() found.
enum class PrivateFile : std::uint8_t {
  read,      ///< a trusted file, read
  missing,   ///< no file by that name
  untrusted, ///< a link, not a regular file, another user's, open to others or of another size
  failed,    ///< it could not be opened or read (errno aside from ENOENT)
};

/// Reads the file at `path` into `out` only when it can hold a secret of this user: a regular
/// file, not a symbolic link, owned by the effective user, with no permission for its group or
/// others (0600 or stricter) and exactly `size` bytes long.
PrivateFile read_private_file(const std::filesystem::path& path, std::size_t size,
                              std::string& out);

/// A file open for reading.
class InputFile {
public:
  /// Opens `path` when it is a regular file (never a FIFO, device or socket: is_open() is
  /// false then).
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
  int m_fd = -1;
};

} // namespace okr::sys
