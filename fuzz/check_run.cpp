// Fuzzes a whole `okr check` run: the input is split at lines holding only "%%" into
// okr.yaml, OKR files and check-in files of a small repository, which is loaded, checked by
// every rule and rendered as text and JSON.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <okr/loader.hpp>
#include <okr/render.hpp>
#include <okr/rules.hpp>

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
  okr::LoadOptions load_options;
  load_options.jobs = 1; // no thread start-up per input
  okr::LoadResult loaded = okr::load_sources(std::move(files), load_options);
  okr::CheckReport report;
  report.repo = &loaded.repo;
  report.diagnostics = std::move(loaded.diagnostics);
  report.files_checked = loaded.repo.files.size();
  if (!loaded.fatal) {
    okr::CheckOptions options;
    options.today = *okr::Date::parse("2026-11-20");
    auto found = okr::run_rules(loaded.repo, options);
    report.diagnostics.insert(report.diagnostics.end(), found.begin(), found.end());
  }
  okr::sort_diagnostics(report.diagnostics);
  std::ostringstream out;
  okr::render_text(out, report, {});
  okr::render_json(out, report, {});
  return 0;
}
