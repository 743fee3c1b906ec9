#include "sys/file_status.hpp"

#include <algorithm>
#include <chrono>
#include <iterator>
#include <sys/stat.h>
#include <sys/vfs.h>

namespace okr::sys {

FileStatus status_from(const struct stat& st) {
  FileStatus s;
  s.type = S_ISREG(st.st_mode)   ? FileType::file
           : S_ISDIR(st.st_mode) ? FileType::folder
           : S_ISLNK(st.st_mode) ? FileType::link
                                 : FileType::other;
  s.device = static_cast<std::uint64_t>(st.st_dev);
  s.inode = st.st_ino;
  s.size = st.st_size;
  s.mtime_ns = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
  s.ctime_ns = static_cast<std::int64_t>(st.st_ctim.tv_sec) * 1'000'000'000 + st.st_ctim.tv_nsec;
  return s;
}

std::optional<FileStatus> status_of(int fd) {
  struct stat st {};
  if (fd < 0 || ::fstat(fd, &st) != 0) {
    return std::nullopt;
  }
  return status_from(st);
}

std::optional<FileStatus> status_of(const std::filesystem::path& path, bool follow) {
  struct stat st {};
  if ((follow ? ::stat(path.c_str(), &st) : ::lstat(path.c_str(), &st)) != 0) {
    return std::nullopt;
  }
  return status_from(st);
}

bool is_within(const std::filesystem::path& top, const std::filesystem::path& real) {
  return std::mismatch(top.begin(), top.end(), real.begin(), real.end()).first == top.end();
}

bool on_local_file_system(int fd) {
  // statfs(2) magic numbers of network, cluster and user-space file systems.
  constexpr std::uint32_t k_remote[] = {
      0x6969,     // NFS
      0x517b,     // SMB
      0xff534d42, // CIFS
      0xfe534d42, // SMB2
      0x65735546, // FUSE
      0x01021997, // 9P
      0x00c36400, // Ceph
      0x5346414f, // AFS
      0x6b414653, // kAFS
      0x73757245, // Coda
      0x47504653, // GPFS
      0x0bd00bd0, // Lustre
  };
  struct statfs fs {};
  if (::fstatfs(fd, &fs) != 0) {
    return false;
  }
  const auto type = static_cast<std::uint32_t>(fs.f_type);
  return std::find(std::begin(k_remote), std::end(k_remote), type) == std::end(k_remote);
}

std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

} // namespace okr::sys
