#include "sys/atomic_file.hpp"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <csignal>
#include <cstdio>
#include <fcntl.h>
#include <random>
#include <sys/stat.h>
#include <unistd.h>

#include "sys/file_status.hpp"
#include "sys/folder.hpp"

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

fs::path folder_of(const fs::path& path) {
  return path.has_parent_path() ? path.parent_path() : fs::path();
}

/// A temporary name beside `destination`: `.NAME.tmp-PID-RANDOM`, a dot-file okr's loader
/// never reads (parse_temporary_name reads it back).
fs::path temporary_beside(const fs::path& destination, std::random_device& random) {
  return folder_of(destination) / ("." + destination.filename().string() + ".tmp-" +
                                   std::to_string(::getpid()) + "-" + hex(random()));
}

bool is_lower_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

/// Whether process `pid` runs on this machine (as anyone's: EPERM means it exists).
bool is_running(long pid) {
  return pid > 0 && pid <= INT_MAX && (::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM);
}

} // namespace

std::optional<TemporaryName> parse_temporary_name(std::string_view name) {
  constexpr std::size_t k_random = 8;
  constexpr std::string_view k_tmp = ".tmp-";
  if (name.size() < 1 + 1 + k_tmp.size() + 1 + 1 + k_random || name.front() != '.') {
    return std::nullopt;
  }
  const std::string_view random = name.substr(name.size() - k_random);
  if (!std::all_of(random.begin(), random.end(), is_lower_hex) ||
      name[name.size() - k_random - 1] != '-') {
    return std::nullopt;
  }
  std::string_view rest = name.substr(0, name.size() - k_random - 1);
  std::size_t digits = 0;
  while (digits < rest.size() && rest[rest.size() - 1 - digits] >= '0' &&
         rest[rest.size() - 1 - digits] <= '9') {
    ++digits;
  }
  if (digits == 0 || digits > 10 || rest[rest.size() - digits] == '0') {
    return std::nullopt; // getpid() is written without leading zeros
  }
  long pid = 0;
  for (const char c : rest.substr(rest.size() - digits)) {
    pid = pid * 10 + (c - '0');
  }
  rest.remove_suffix(digits);
  if (!rest.ends_with(k_tmp) || rest.size() < 1 + 1 + k_tmp.size()) {
    return std::nullopt;
  }
  return TemporaryName{rest.substr(1, rest.size() - 1 - k_tmp.size()), pid};
}

std::size_t remove_stale_temporaries(const fs::path& folder, const TemporaryKind& kind,
                                     std::int64_t now_ns) {
  Folder dir(folder.empty() ? fs::path(".") : folder);
  dir.open_to_read();
  std::vector<std::string> stale;
  Folder::Entry entry;
  while (dir.next(entry)) {
    if (entry.name[0] != '.') {
      continue;
    }
    const auto temp = parse_temporary_name(entry.name);
    if (!temp || !(kind.accepts ? kind.accepts(temp->destination)
                                : temp->destination == std::string_view(kind.name))) {
      continue;
    }
    const auto status = dir.status_of(entry.name, false);
    if (!status || status->type != (kind.folders ? FileType::folder : FileType::file) ||
        now_ns - status->mtime_ns < k_stale_temporary_ns || is_running(temp->pid)) {
      continue;
    }
    stale.emplace_back(entry.name);
  }
  std::size_t removed = 0;
  for (const std::string& name : stale) {
    const fs::path path = folder / name;
    std::error_code ec;
    if (kind.folders ? fs::remove_all(path, ec) > 0 : ::unlink(path.c_str()) == 0) {
      ++removed;
    }
  }
  return removed;
}

int MadeFolders::make(const fs::path& folder) {
  fs::path at = folder.lexically_normal();
  if (!at.empty() && !at.has_filename()) {
    at = at.parent_path(); // "a/b/" is "a/b"
  }
  std::vector<fs::path> missing;
  while (!at.empty()) {
    const auto status = status_of(at);
    if (status) {
      if (status->type != FileType::folder) {
        return ENOTDIR;
      }
      break;
    }
    if (errno != ENOENT) {
      return errno;
    }
    missing.push_back(at);
    if (!at.has_parent_path() || at.parent_path() == at) {
      break;
    }
    at = at.parent_path();
  }
  for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
    if (::mkdir(it->c_str(), 0777) == 0) {
      m_made.push_back(*it);
      continue;
    }
    const int error = errno;
    const auto status = status_of(*it);
    if (error != EEXIST || !status || status->type != FileType::folder) {
      return error; // EEXIST of a folder: another writer made it first, and it is not ours
    }
  }
  return 0;
}

int MadeFolders::sync() const {
  for (const fs::path& made : m_made) {
    if (const int error = sync_folder(folder_of(made)); error != 0) {
      return error;
    }
  }
  return 0;
}

void MadeFolders::undo() {
  for (auto it = m_made.rbegin(); it != m_made.rend(); ++it) {
    ::rmdir(it->c_str()); // fails, and keeps it, when something is in it
  }
  m_made.clear();
}

AtomicFile::AtomicFile(const fs::path& destination, Options options)
    : m_destination(destination), m_sync(options.sync) {
  const fs::path folder = folder_of(destination);
  if (options.make_folders && !folder.empty()) {
    if (const int error = m_made.make(folder); error != 0) {
      m_error = error;
      return;
    }
  }
  if (options.sweep && !m_made.any()) {
    remove_stale_temporaries(
        folder, TemporaryKind{.name = destination.filename().string(), .accepts = options.kind},
        now_ns());
  }
  std::random_device random;
  int error = 0;
  for (int attempt = 0; attempt < 100 && m_fd < 0; ++attempt) {
    m_temp = temporary_beside(destination, random).string();
    m_fd = ::open(m_temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, options.mode);
    error = m_fd < 0 ? errno : 0;
    if (error == ENOENT && options.make_folders && attempt < 3 && m_made.make(folder) == 0) {
      continue; // another writer's failed first write removed the folder it had just made
    }
    if (error != 0 && error != EEXIST) {
      break;
    }
  }
  if (m_fd < 0) {
    m_error = error;
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
  // The folders made for the file reach the disk before it takes its name in them.
  if (m_error == 0 && m_sync) {
    m_error = m_made.sync();
  }
  return m_error == 0;
}

void AtomicFile::placed() {
  m_made.keep();
}

int AtomicFile::replace() {
  if (!finish()) {
    return m_error;
  }
  if (std::rename(m_temp.c_str(), m_destination.c_str()) != 0) {
    return errno;
  }
  m_temp.clear();
  placed();
  return 0;
}

int AtomicFile::create(const fs::path& name) {
  if (!finish()) {
    return m_error;
  }
  if (::link(m_temp.c_str(), name.c_str()) != 0) {
    const int error = errno;
    if (error != EPERM && error != ENOTSUP && error != EOPNOTSUPP && error != EXDEV &&
        error != EMLINK) {
      return error;
    }
    // File systems without hard links: an exclusive rename.
    if (::renameat2(AT_FDCWD, m_temp.c_str(), AT_FDCWD, name.c_str(), RENAME_NOREPLACE) != 0) {
      return errno;
    }
    m_temp.clear();
  }
  // The new name reaches the disk before success is reported; when it cannot, it is taken
  // back (it is ours: link and the exclusive rename never take an existing name).
  if (m_sync) {
    if (const int error = sync_folder(folder_of(name)); error != 0) {
      ::unlink(name.c_str());
      m_error = error;
      return error;
    }
  }
  placed();
  return 0;
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
  remove_stale_temporaries(folder_of(destination),
                           TemporaryKind{.name = destination.filename().string(), .folders = true},
                           now_ns());
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
  const char* temp = m_temp.c_str();
  const char* destination = m_destination.c_str();
  bool exchanged = false;
  if (::renameat2(AT_FDCWD, temp, AT_FDCWD, destination, RENAME_NOREPLACE) != 0) {
    if (errno != EEXIST) {
      return errno;
    }
    // The old folder takes the temporary name, and goes once the new one is synced.
    if (::renameat2(AT_FDCWD, temp, AT_FDCWD, destination, RENAME_EXCHANGE) != 0) {
      return errno;
    }
    exchanged = true;
  }
  if (const int error = sync_folder(folder_of(m_destination)); error != 0) {
    // Not known to be on the disk: undone, so that a failure leaves the old folder in place
    // (the destructor removes the new one under its temporary name).
    if (exchanged) {
      ::renameat2(AT_FDCWD, temp, AT_FDCWD, destination, RENAME_EXCHANGE);
    } else {
      ::renameat2(AT_FDCWD, destination, AT_FDCWD, temp, RENAME_NOREPLACE);
    }
    return error;
  }
  if (exchanged) {
    std::error_code ec;
    fs::remove_all(m_temp, ec);
    if (ec) {
      m_left = m_temp;
      m_left_error = ec.value();
    }
  }
  m_temp.clear();
  return 0;
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
