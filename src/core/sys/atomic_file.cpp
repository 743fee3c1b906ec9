#include "sys/atomic_file.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <fcntl.h>
#include <random>
#include <sys/stat.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace okr::sys {

namespace {

constexpr std::size_t k_buffer_size = std::size_t{1} << 20;

std::string hex(unsigned value) {
  static constexpr char k_digits[] = "0123456789abcdef";
  std::string out(8, '0');
  for (int i = 7; i >= 0; --i, value >>= 4) {
    out[static_cast<std::size_t>(i)] = k_digits[value & 15];
  }
  return out;
}

/// A temporary name beside `destination`: `.NAME.tmp-PID-RANDOM`, a dot-file okr's loader
/// never reads.
fs::path temporary_beside(const fs::path& destination, std::random_device& random) {
  const fs::path folder = destination.has_parent_path() ? destination.parent_path() : fs::path();
  return folder / ("." + destination.filename().string() + ".tmp-" + std::to_string(::getpid()) +
                   "-" + hex(random()));
}

} // namespace

AtomicFile::AtomicFile(const fs::path& destination, Options options)
    : m_destination(destination), m_sync(options.sync) {
  std::random_device random;
  for (int attempt = 0; attempt < 100 && m_fd < 0; ++attempt) {
    m_temp = temporary_beside(destination, random).string();
    m_fd = ::open(m_temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, options.mode);
    if (m_fd < 0 && errno != EEXIST) {
      break;
    }
  }
  if (m_fd < 0) {
    m_error = errno;
    m_temp.clear();
  }
}

AtomicFile::~AtomicFile() {
  if (m_fd >= 0) {
    ::close(m_fd);
  }
  if (!m_temp.empty()) {
    ::unlink(m_temp.c_str());
  }
}

void AtomicFile::write(std::string_view bytes) {
  if (m_buffer.size() + bytes.size() > k_buffer_size) {
    flush();
  }
  if (bytes.size() >= k_buffer_size) {
    m_buffer.assign(bytes);
    flush();
    return;
  }
  if (m_buffer.capacity() == 0) {
    m_buffer.reserve(std::min<std::size_t>(k_buffer_size, 64 * 1024));
  }
  m_buffer.append(bytes);
}

void AtomicFile::flush() {
  std::size_t done = 0;
  while (m_error == 0 && m_fd >= 0 && done < m_buffer.size()) {
    const ssize_t n = ::write(m_fd, m_buffer.data() + done, m_buffer.size() - done);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      m_error = n < 0 ? errno : EIO;
      break;
    }
    done += static_cast<std::size_t>(n);
  }
  m_buffer.clear();
}

bool AtomicFile::finish() {
  if (m_fd < 0) {
    return m_error == 0 && !m_temp.empty();
  }
  m_stream.flush();
  flush();
  if (m_error == 0 && m_sync && ::fsync(m_fd) != 0) {
    m_error = errno;
  }
  if (::close(m_fd) != 0 && m_error == 0) {
    m_error = errno;
  }
  m_fd = -1;
  std::string().swap(m_buffer);
  return m_error == 0;
}

int AtomicFile::replace() {
  if (!finish()) {
    return m_error;
  }
  if (std::rename(m_temp.c_str(), m_destination.c_str()) != 0) {
    return errno;
  }
  m_temp.clear();
  return 0;
}

int AtomicFile::create(const fs::path& name) {
  if (!finish()) {
    return m_error;
  }
  if (::link(m_temp.c_str(), name.c_str()) == 0) {
    return 0;
  }
  const int error = errno;
  if (error != EPERM && error != ENOTSUP && error != EOPNOTSUPP && error != EXDEV &&
      error != EMLINK) {
    return error;
  }
  // File systems without hard links: an exclusive rename.
  if (::renameat2(AT_FDCWD, m_temp.c_str(), AT_FDCWD, name.c_str(), RENAME_NOREPLACE) == 0) {
    m_temp.clear();
    return 0;
  }
  return errno;
}

AtomicFile::Buffer::int_type AtomicFile::Buffer::overflow(int_type c) {
  sync();
  if (!m_bytes) {
    m_bytes = std::make_unique<char[]>(k_size);
    setp(m_bytes.get(), m_bytes.get() + k_size);
  }
  if (!traits_type::eq_int_type(c, traits_type::eof())) {
    *pptr() = traits_type::to_char_type(c);
    pbump(1);
  }
  return m_file.error() == 0 ? traits_type::not_eof(c) : traits_type::eof();
}

int AtomicFile::Buffer::sync() {
  m_file.write(std::string_view(pbase(), static_cast<std::size_t>(pptr() - pbase())));
  if (m_bytes) {
    setp(m_bytes.get(), m_bytes.get() + k_size);
  }
  return m_file.error() == 0 ? 0 : -1;
}

AtomicFolder::AtomicFolder(const fs::path& destination) : m_destination(destination) {
  std::random_device random;
  for (int attempt = 0; attempt < 100; ++attempt) {
    const fs::path temp = temporary_beside(destination, random);
    if (::mkdir(temp.c_str(), 0777) == 0) {
      m_temp = temp;
      return;
    }
    if (errno != EEXIST) {
      break;
    }
  }
  m_error = errno;
}

AtomicFolder::~AtomicFolder() {
  if (!m_temp.empty()) {
    std::error_code ignored;
    fs::remove_all(m_temp, ignored);
  }
}

int AtomicFolder::replace() {
  if (m_error != 0) {
    return m_error;
  }
  // What was written in the folder reaches the disk before the folder takes its name: one
  // flush of the file system, not one fsync per file.
  if (const int error = sync_file_system(m_temp); error != 0) {
    return error;
  }
  if (::renameat2(AT_FDCWD, m_temp.c_str(), AT_FDCWD, m_destination.c_str(), RENAME_NOREPLACE) !=
      0) {
    if (errno != EEXIST) {
      return errno;
    }
    // The old folder takes the temporary name, and goes with it (the destructor).
    if (::renameat2(AT_FDCWD, m_temp.c_str(), AT_FDCWD, m_destination.c_str(), RENAME_EXCHANGE) !=
        0) {
      return errno;
    }
    std::error_code ignored;
    fs::remove_all(m_temp, ignored);
  }
  m_temp.clear();
  const fs::path parent =
      m_destination.has_parent_path() ? m_destination.parent_path() : fs::path();
  return sync_folder(parent);
}

int sync_folder(const fs::path& folder) {
  const int fd = ::open(folder.empty() ? "." : folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    return errno;
  }
  const int error = ::fsync(fd) == 0 || errno == EINVAL ? 0 : errno; // EINVAL: cannot sync folders
  ::close(fd);
  return error;
}

int sync_file_system(const fs::path& path) {
  const int fd = ::open(path.empty() ? "." : path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return errno;
  }
  const int error = ::syncfs(fd) == 0 ? 0 : errno;
  ::close(fd);
  return error;
}

} // namespace okr::sys
