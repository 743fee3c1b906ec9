// Every input the fuzzers ever crashed on (fuzz/regressions/<target>/) must load cleanly into
// findings. Under the sanitizer build this replays each crash.

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <okr/loader.hpp>

namespace fs = std::filesystem;

namespace {
std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}
} // namespace

TEST_CASE("fuzz regressions load into findings") {
  const fs::path root = fs::path(OKR_SOURCE_DIR) / "fuzz" / "regressions";
  const std::pair<const char*, const char*> targets[] = {
      {"okr_file", "okrs/2026-Q4/fuzz.yaml"},
      {"checkin_file", "checkins/2026-Q4/fuzz/2026-10-09.yaml"},
      {"config_file", "okr.yaml"},
  };
  std::size_t replayed = 0;
  for (const auto& [target, name] : targets) {
    if (!fs::is_directory(root / target)) {
      continue;
    }
    for (const auto& entry : fs::directory_iterator(root / target)) {
      INFO(entry.path().string());
      const okr::LoadResult result = okr::load_string(read(entry.path()), name);
      CHECK(!result.diagnostics.empty());
      ++replayed;
    }
  }
  CHECK(replayed >= 1);
}

TEST_CASE("a cycle without 'end' in okr.yaml names the cycle (fuzz: stack-use-after-scope)") {
  const okr::LoadResult result = okr::load_string(
      "version: 1\ncycles:\n  2026-Q4: {start: 2026-10-01, en%d: 2026-13-31}\n", "okr.yaml");
  REQUIRE(result.diagnostics.size() == 2);
  CHECK(result.diagnostics[1].message ==
        "cycle '2026-Q4' needs 'end': its last day, such as 2026-12-31");
}
