#include "sys/read_file.hpp"

#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace okr::sys {

namespace {

/// Opens `path` for reading only when it is a regular file: O_NONBLOCK, so that a FIFO is
/// never waited on (opening one blocks until a writer comes), and fstat before any read, so
/// that a FIFO, device or socket is never read. The descriptor, or -1 with errno set (0 when
/// the file is not a regular one).
int open_regular(const std::filesystem::path& path, struct stat& st, bool follow = true) {
  const int fd = ::open(path.c_str(),
                        O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY | (follow ? 0 : O_NOFOLLOW));
  if (fd < 0) {
    return -1;
  }
  if (::fstat(fd, &st) != 0) {
    const int error = errno;
    ::close(fd);
    errno = error;
    return -1;
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    errno = 0;
    return -1;
  }
  return fd;
}

} // namespace

int read_file(const std::filesystem::path& path, std::int64_t max_size, std::string& out,
              std::int64_t& size, bool follow) {
  size = 0;
  struct stat st {};
  const int fd = open_regular(path, st, follow);
  if (fd < 0) {
    return errno == 0 ? k_not_regular : errno;
  }
  size = st.st_size;
  if (st.st_size > max_size) {
    ::close(fd);
    return EFBIG;
  }
  out.resize(static_cast<std::size_t>(st.st_size));
  std::size_t done = 0;
  while (done < out.size()) {
    const ssize_t n = ::read(fd, out.data() + done, out.size() - done);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      const int error = errno;
      ::close(fd);
      return n == 0 ? -1 : error;
    }
    done += static_cast<std::size_t>(n);
  }
  ::close(fd);
  return 0;
}

PrivateFile read_private_file(const std::filesystem::path& path, std::size_t size,
                              std::string& out) {
  out.clear();
  struct stat st {};
  const int fd = open_regular(path, st, false);
  if (fd < 0) {
    // O_NOFOLLOW on a link: ELOOP; not a regular file: errno 0.
    return errno == ENOENT                ? PrivateFile::missing
           : errno == 0 || errno == ELOOP ? PrivateFile::untrusted
                                          : PrivateFile::failed;
  }
  if (st.st_uid != ::geteuid() || (st.st_mode & 077) != 0 ||
      st.st_size != static_cast<off_t>(size)) {
    ::close(fd);
    return PrivateFile::untrusted;
  }
  out.resize(size);
  std::size_t done = 0;
  while (done < size) {
    const ssize_t n = ::read(fd, out.data() + done, size - done);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      break;
    }
    done += static_cast<std::size_t>(n);
  }
  ::close(fd);
  if (done != size) {
    out.clear();
    return PrivateFile::failed;
  }
  return PrivateFile::read;
}

InputFile::InputFile(const std::filesystem::path& path) {
  struct stat st {};
  m_fd = open_regular(path, st);
}

InputFile::~InputFile() {
  if (m_fd >= 0) {
    ::close(m_fd);
  }
}

std::optional<FileStatus> InputFile::status() const {
  return sys::status_of(m_fd);
}

bool InputFile::on_local_file_system() const {
  return m_fd >= 0 && sys::on_local_file_system(m_fd);
}

std::size_t InputFile::read_at(std::size_t offset, char* to, std::size_t n) const {
  const ssize_t got = ::pread(m_fd, to, n, static_cast<off_t>(offset));
  return got > 0 ? static_cast<std::size_t>(got) : 0;
}

} // namespace okr::sys
