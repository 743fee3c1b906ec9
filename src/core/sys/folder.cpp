#include "sys/folder.hpp"

#include <cerrno>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace okr::sys {

static_assert(alignof(struct dirent64) <= 8);

Folder::Folder(const std::filesystem::path& path)
    : m_fd(::open(path.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC)), m_error(m_fd < 0 ? errno : 0),
      m_path_only(true) {}

Folder::Folder(const Folder& at, const char* path, bool path_only)
    : m_fd(::openat(at.m_fd, path, (path_only ? O_PATH : O_RDONLY) | O_DIRECTORY | O_CLOEXEC)),
      m_error(m_fd < 0 ? errno : 0), m_path_only(path_only) {}

Folder::~Folder() {
  if (m_fd >= 0) {
    ::close(m_fd);
  }
}

std::optional<FileStatus> Folder::status() const {
  return sys::status_of(m_fd);
}

std::optional<FileStatus> Folder::status_of(const char* name, bool follow) const {
  struct stat st {};
  if (::fstatat(m_fd, name, &st, follow ? 0 : AT_SYMLINK_NOFOLLOW) != 0) {
    return std::nullopt;
  }
  return status_from(st);
}

bool Folder::on_local_file_system() const {
  return m_fd >= 0 && sys::on_local_file_system(m_fd);
}

void Folder::open_to_read() {
  if (!m_path_only || m_fd < 0) {
    return;
  }
  m_path_only = false;
  const int fd = ::openat(m_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    m_error = errno;
    return;
  }
  ::close(m_fd);
  m_fd = fd;
}

bool Folder::next(Entry& entry) {
  if (m_at >= m_size) {
    if (m_fd < 0 || m_error != 0) {
      return false;
    }
    if (m_path_only) {
      m_error = EBADF; // open_to_read() first
      return false;
    }
    const ssize_t n = ::getdents64(m_fd, m_buffer, sizeof m_buffer);
    if (n <= 0) {
      m_error = n < 0 ? errno : 0;
      return false;
    }
    m_size = static_cast<std::size_t>(n);
    m_at = 0;
  }
  const auto* e = reinterpret_cast<const struct dirent64*>(m_buffer + m_at);
  m_at += e->d_reclen;
  entry.name = e->d_name;
  switch (e->d_type) {
  case DT_REG:
    entry.type = FileType::file;
    break;
  case DT_DIR:
    entry.type = FileType::folder;
    break;
  case DT_LNK:
    entry.type = FileType::link;
    break;
  case DT_UNKNOWN:
    entry.type = FileType::unknown;
    break;
  default:
    entry.type = FileType::other;
  }
  return true;
}

} // namespace okr::sys
