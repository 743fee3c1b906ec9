// Fuzzes a whole `okr check` run: the input is split at lines holding only "%%" into
// okr.yaml, OKR files and check-in files of a small repository, which is checked as `okr check`
// checks one (check_repository()) and rendered as text and JSON.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <okr/check.hpp>
#include <okr/check_render.hpp>

namespace {
constexpr const char* k_paths[] = {
    "okr.yaml",
    "okrs/2026/acme.yaml",
    "okrs/2026-Q4/discover.yaml",
    "okrs/2026-Q4/payments.yaml",
    "checkins/2026-Q4/discover/2026-10-09.yaml",
    "checkins/2026-Q4/discover/2026-10-16.yaml",
};
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  std::vector<okr::SourceFile> files;
  for (const char* path : k_paths) {
    const std::size_t cut = rest.find("\n%%\n");
    okr::SourceFile file;
    file.path = path;
    file.text = std::string(rest.substr(0, cut));
    files.push_back(std::move(file));
    if (cut == std::string_view::npos) {
      break;
    }
    rest.remove_prefix(cut + 4);
  }
  okr::CheckRequest request;
  request.sources = std::move(files);
  request.jobs = 1; // no thread start-up per input
  request.today = *okr::Date::parse("2026-11-20");
  const auto result = okr::check_repository(request);
  const okr::CheckReport& report = result->report;
  std::ostringstream out;
  okr::render_text(out, report, {});
  okr::render_json(out, report, {});
  return 0;
}
