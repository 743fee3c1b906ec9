#pragma once

// A read-only memory map of a file, whose pages can be given back as reading moves past them.

#include <cstddef>

#include "sys/read_file.hpp"

namespace okr::sys {

class MappedFile {
public:
  MappedFile() = default;
  /// Maps the first `size` bytes of `file` read-only (private); empty when that fails.
  MappedFile(const InputFile& file, std::size_t size);
  ~MappedFile();
  MappedFile(MappedFile&& other) noexcept;
  MappedFile& operator=(MappedFile&& other) noexcept;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  const char* data() const { return m_data; }
  std::size_t size() const { return m_size; }
  explicit operator bool() const { return m_data != nullptr; }

  /// Gives the pages of [from, to) back (they stay in the page cache; reading them again
  /// faults them back in), from any thread.
  void release(std::size_t from, std::size_t to) const;

private:
  const char* m_data = nullptr;
  std::size_t m_size = 0;
};

} // namespace okr::sys
