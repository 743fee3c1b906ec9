// Every input the fuzzers ever crashed on (fuzz/regressions/<target>/) must load cleanly into
// findings. Under the sanitizer build this replays each crash.

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <okr/loader.hpp>
#include <okr/okr_sheet.hpp>

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

TEST_CASE("fuzz regressions of okr import --okrs give files or findings, never a file that "
          "would not load") {
  // What fuzz/okr_sheet.cpp asserts: the emitter's own "the file made for ..." finding means a
  // row the reader let through made a file the loader refuses.
  const fs::path root = fs::path(OKR_SOURCE_DIR) / "fuzz" / "regressions" / "okr_sheet";
  std::size_t replayed = 0;
  for (const auto& entry : fs::directory_iterator(root)) {
    INFO(entry.path().string());
    okr::SheetRequest request;
    request.cycle = "2027-Q1";
    const okr::SheetPlan plan = okr::plan_okr_sheet(read(entry.path()), "okrs.csv", request);
    CHECK((plan.findings.empty() || plan.files.empty()));
    for (const okr::Diagnostic& d : plan.findings) {
      INFO(d.message);
      CHECK(!d.message.starts_with("the file made for "));
    }
    ++replayed;
  }
  CHECK(replayed >= 3);
}

TEST_CASE("a key result id over 100 characters in a spreadsheet is refused at its cell "
          "(fuzz: the file made would not load)") {
  const std::string id(101, 'k');
  okr::SheetRequest request;
  request.cycle = "2027-Q1";
  const okr::SheetPlan plan =
      okr::plan_okr_sheet("owner,level,objective,objective_title,kr,kr_title,baseline,target\n"
                          "discover,team,first-week,Make the first week seamless," +
                              id + ",Lift completion,65,90\n",
                          "okrs.csv", request);
  REQUIRE(plan.findings.size() == 1);
  CHECK(plan.findings[0].line == 2);
  CHECK(plan.findings[0].column == 55);
  CHECK(plan.findings[0].message == "kr is 101 characters long; keep ids under 100");
  CHECK(plan.files.empty());
}

TEST_CASE("a cycle without 'end' in okr.yaml names the cycle (fuzz: stack-use-after-scope)") {
  const okr::LoadResult result = okr::load_string(
      "version: 1\ncycles:\n  2026-Q4: {start: 2026-10-01, en%d: 2026-13-31}\n", "okr.yaml");
  REQUIRE(result.diagnostics.size() == 2);
  CHECK(result.diagnostics[1].message ==
        "cycle '2026-Q4' needs 'end': its last day, such as 2026-12-31");
}
