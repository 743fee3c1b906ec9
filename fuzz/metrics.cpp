// Fuzzes a parser of metrics files (okr import), built once per format as fuzz_metrics_json,
// fuzz_metrics_csv and fuzz_metrics_openmetrics (OKR_FUZZ_FORMAT): any bytes must give samples
// or findings, never a crash, and every sample a finite value.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include <okr/metrics.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const okr::metrics::ParseResult result =
      okr::metrics::parse(text, okr::metrics::Format::OKR_FUZZ_FORMAT, "metrics");
  for (const okr::metrics::Sample& s : result.samples) {
    if (!std::isfinite(s.value) || s.name.empty() || s.line == 0) {
      std::abort();
    }
  }
  if (result.about.size() != result.diagnostics.size()) {
    std::abort();
  }
  return 0;
}
