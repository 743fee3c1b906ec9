#include "sys/build_id.hpp"

#include <cstdint>
#include <cstring>
#include <elf.h>
#include <link.h>
#include <string>

namespace okr::sys {

namespace {

/// The build id note in one loaded object's PT_NOTE segments, in hex; empty without one.
std::string note_of(const dl_phdr_info& info) {
  for (ElfW(Half) i = 0; i < info.dlpi_phnum; ++i) {
    const ElfW(Phdr)& segment = info.dlpi_phdr[i];
    if (segment.p_type != PT_NOTE) {
      continue;
    }
    const char* at = reinterpret_cast<const char*>(info.dlpi_addr + segment.p_vaddr);
    const char* end = at + segment.p_memsz;
    const std::size_t align = segment.p_align >= 8 ? 8 : 4;
    auto padded = [&](std::size_t n) { return (n + align - 1) / align * align; };
    while (static_cast<std::size_t>(end - at) >= sizeof(ElfW(Nhdr))) {
      ElfW(Nhdr) note;
      std::memcpy(&note, at, sizeof note);
      const char* name = at + sizeof note;
      const char* desc = name + padded(note.n_namesz);
      const char* next = desc + padded(note.n_descsz);
      if (next > end || next <= at) {
        break;
      }
      if (note.n_type == NT_GNU_BUILD_ID && note.n_namesz == 4 &&
          std::memcmp(name, "GNU", 4) == 0 && note.n_descsz > 0) {
        static constexpr char k_hex[] = "0123456789abcdef";
        std::string hex;
        for (std::uint32_t k = 0; k < note.n_descsz; ++k) {
          const auto byte = static_cast<unsigned char>(desc[k]);
          hex += k_hex[byte >> 4];
          hex += k_hex[byte & 15];
        }
        return hex;
      }
      at = next;
    }
  }
  return {};
}

} // namespace

std::string_view build_id() {
  static const std::string id = [] {
    std::string found;
    // The first object dl_iterate_phdr reports is the executable itself.
    dl_iterate_phdr(
        [](dl_phdr_info* info, std::size_t, void* out) {
          *static_cast<std::string*>(out) = note_of(*info);
          return 1;
        },
        &found);
    return found;
  }();
  return id;
}

} // namespace okr::sys
