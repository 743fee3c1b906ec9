#include "sys/mapped_file.hpp"

#include <sys/mman.h>
#include <utility>

namespace okr::sys {

MappedFile::MappedFile(const InputFile& file, std::size_t size) {
  if (file.m_fd < 0 || size == 0) {
    return;
  }
  void* p = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, file.m_fd, 0);
  if (p != MAP_FAILED) {
    m_data = static_cast<const char*>(p);
    m_size = size;
  }
}

MappedFile::~MappedFile() {
  if (m_data != nullptr) {
    ::munmap(const_cast<char*>(m_data), m_size);
  }
}

MappedFile::MappedFile(MappedFile&& other) noexcept
    : m_data(std::exchange(other.m_data, nullptr)), m_size(std::exchange(other.m_size, 0)) {}

MappedFile& MappedFile::operator=(MappedFile&& other) noexcept {
  if (this != &other) {
    if (m_data != nullptr) {
      ::munmap(const_cast<char*>(m_data), m_size);
    }
    m_data = std::exchange(other.m_data, nullptr);
    m_size = std::exchange(other.m_size, 0);
  }
  return *this;
}

void MappedFile::release(std::size_t from, std::size_t to) const {
  if (m_data != nullptr && from < to && to <= m_size) {
    ::madvise(const_cast<char*>(m_data) + from, to - from, MADV_DONTNEED);
  }
}

} // namespace okr::sys
