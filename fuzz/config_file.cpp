// Fuzzes the loader of okr.yaml: any bytes must give findings, never a crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <okr/loader.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  okr::load_string(text, "okr.yaml");
  return 0;
}
