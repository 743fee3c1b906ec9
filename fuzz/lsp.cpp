// Fuzzes okr lsp's framing and JSON-RPC handling: any bytes on standard input must give
// responses or errors, never a crash or a hang. No workspace is opened (nothing is read from
// disk whatever rootUri says); the UTF-16 column mapping runs on the bytes too.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <string_view>

#include <okr/lsp.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  std::istringstream in{std::string(bytes)};
  std::ostringstream out;
  okr::lsp::ServerOptions options;
  options.open_workspace = false;
  options.max_message = 1 << 20;
  okr::lsp::serve(in, out, options);
  // The column mapping on the same bytes, as one line.
  const auto columns = static_cast<std::uint32_t>(bytes.size() % 64);
  const std::uint32_t units = okr::lsp::to_utf16(bytes, columns);
  (void)okr::lsp::from_utf16(bytes, units);
  (void)okr::lsp::from_uri(bytes);
  return 0;
}
