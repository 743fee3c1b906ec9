// Standard output and files, written with every error seen (see output.hpp).

#include "output.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <fmt/format.h>
#include <iostream>
#include <sys/stat.h>
#include <unistd.h>

#include <okr/write_file.hpp>

#include "command.hpp"

namespace fs = std::filesystem;

namespace okr::cli {

FdBuffer::int_type FdBuffer::overflow(int_type c) {
  if (!drain()) {
    return traits_type::eof();
  }
  if (!traits_type::eq_int_type(c, traits_type::eof())) {
    *pptr() = traits_type::to_char_type(c);
    pbump(1);
  }
  return traits_type::not_eof(c);
}

int FdBuffer::sync() {
  return drain() ? 0 : -1;
}

bool FdBuffer::drain() {
  const char* next = pbase();
  while (next < pptr() && m_error == 0) {
    const ssize_t n = ::write(m_fd, next, static_cast<std::size_t>(pptr() - next));
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      m_error = n < 0 ? errno : EIO;
      break;
    }
    next += n;
  }
  setp(m_buffer.data(), m_buffer.data() + m_buffer.size());
  return m_error == 0;
}

namespace {
FdBuffer* g_stdout = nullptr;
} // namespace

void install_stdout() {
  if (g_stdout == nullptr) {
    // Never destroyed: std::cout may be flushed by the runtime after main returns.
    g_stdout = new FdBuffer(STDOUT_FILENO);
    std::cout.rdbuf(g_stdout);
    if (isatty(STDOUT_FILENO) != 0) {
      std::cout.setf(std::ios::unitbuf); // a terminal shows each piece as it is written
    }
  }
}

int finish_stdout(int status) {
  std::cout.flush();
  const int error = g_stdout ? g_stdout->error() : (std::cout ? 0 : EIO);
  if (error == 0 || error == EPIPE) {
    return status;
  }
  print_error(fmt::format("cannot write standard output: {}", std::strerror(error)));
  return k_failure;
}

bool is_stdout(const std::string& path) {
  if (path == "-") {
    return true;
  }
  struct stat out {};
  struct stat target {};
  return fstat(STDOUT_FILENO, &out) == 0 && stat(path.c_str(), &target) == 0 &&
         out.st_dev == target.st_dev && out.st_ino == target.st_ino;
}

std::string file_identity(const std::string& path) {
  struct stat target {};
  if (stat(path.c_str(), &target) == 0) {
    return fmt::format("inode {}:{}", target.st_dev, target.st_ino);
  }
  std::error_code ec;
  return "path " + fs::weakly_canonical(fs::absolute(path, ec), ec).lexically_normal().string();
}

namespace {

/// Writes into a device or pipe that already exists, in place.
std::optional<std::string> write_in_place(const fs::path& path, const WriteFn& write) {
  const int fd = open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
  if (fd < 0) {
    return fmt::format("cannot write '{}': {}", path.string(), std::strerror(errno));
  }
  FdBuffer buffer(fd);
  std::ostream out(&buffer);
  auto failed = write(out);
  out.flush();
  const int error = buffer.error();
  close(fd);
  if (failed) {
    return failed;
  }
  if (error != 0) {
    return fmt::format("cannot write '{}': {}", path.string(), std::strerror(error));
  }
  return std::nullopt;
}

} // namespace

std::optional<std::string> write_file(const fs::path& given, const WriteFn& write) {
  std::error_code ec;
  // Through symbolic links: the file they name is the one replaced, and they stay.
  const fs::path path = fs::is_symlink(given, ec) ? fs::weakly_canonical(given, ec) : given;
  struct stat existing {};
  if (stat(path.c_str(), &existing) == 0 && !S_ISREG(existing.st_mode)) {
    if (S_ISDIR(existing.st_mode)) {
      return fmt::format("cannot write '{}': it is a folder", given.string());
    }
    return write_in_place(path, write);
  }
  return write_file_atomically(path, write);
}

} // namespace okr::cli
