#pragma once

// Where okr's output goes, and the one place that checks it arrived: standard output is written
// through a buffer that remembers the first write error (main reports it with exit status 2),
// and files are written atomically, or in place when they are devices or pipes.

#include <array>
#include <filesystem>
#include <functional>
#include <optional>
#include <ostream>
#include <streambuf>
#include <string>

namespace okr::cli {

/// An output stream buffer over a file descriptor; remembers the first write error (errno) and
/// writes nothing after it.
class FdBuffer : public std::streambuf {
public:
  explicit FdBuffer(int fd) : m_fd(fd) { setp(m_buffer.data(), m_buffer.data() + m_buffer.size()); }
  int error() const { return m_error; }

protected:
  int_type overflow(int_type c) override;
  int sync() override;

private:
  bool drain();

  int m_fd;
  int m_error = 0;
  std::array<char, 64 * 1024> m_buffer{};
};

/// Makes std::cout write through an FdBuffer on descriptor 1. Called once, first thing in main.
void install_stdout();

/// Flushes standard output and returns `status`, or, when a write to it failed, prints
/// "okr: error: cannot write standard output: REASON" and returns k_failure. A closed pipe
/// (EPIPE, when SIGPIPE is ignored) is not an error worth a message, as for other filters: the
/// reader has all it wanted.
int finish_stdout(int status);

/// Whether `path` names standard output: "-", or the same file as descriptor 1 (/dev/stdout,
/// /dev/fd/1, or the file standard output was redirected to).
bool is_stdout(const std::string& path);

/// A key equal for two paths that name the same file (device and inode when it exists, else
/// the absolute, normalised path).
std::string file_identity(const std::string& path);

/// What fills a file; returns its own error, reported as it is.
using WriteFn = std::function<std::optional<std::string>(std::ostream&)>;

/// Lets `write` fill `path`: a regular (or new) file atomically, through a temporary file in
/// the same folder renamed over it only when everything was written; a device or pipe
/// (/dev/null, a FIFO) in place, without truncating it. The error in words, or nothing.
std::optional<std::string> write_file(const std::filesystem::path& path, const WriteFn& write);

} // namespace okr::cli
