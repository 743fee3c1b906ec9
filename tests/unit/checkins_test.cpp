// Recording check-ins: validation of what was typed, the YAML written, and its file names.

#include <catch2/catch.hpp>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>

#include <okr/checkins.hpp>
#include <okr/index.hpp>
#include <okr/loader.hpp>

namespace {

using okr::Date;

const char* const k_team = R"(cycle: 2026-Q4
owner: team
level: company
objectives:
  - id: onboard
    title: Onboard
    key_results:
      - {id: completion, title: Up, baseline: 60, target: 80, unit: "%"}
      - {id: tutorial, title: Tutorial, milestone: true}
kpis:
  - {id: nps, title: NPS, stay_above: 20}
)";

struct Fixture {
  okr::LoadResult loaded;
  std::unique_ptr<okr::Index> index;
  Fixture() {
    loaded = okr::load_sources({{"okrs/2026-Q4/team.yaml", k_team, okr::FileKind::other}});
    for (const auto& d : loaded.diagnostics) {
      INFO(d.file << ":" << d.line << ":" << d.column << ": " << d.message);
      CHECK(false);
    }
    REQUIRE(loaded.diagnostics.empty());
    index = std::make_unique<okr::Index>(loaded.repo);
  }
  okr::PreparedCheckin prepare(okr::CheckinDraft draft) {
    return okr::prepare_checkin(*index, draft, *Date::parse("2026-11-20"));
  }
};

} // namespace

TEST_CASE("a valid draft becomes a record with defaults resolved") {
  Fixture f;
  okr::CheckinDraft d;
  d.owner = "team";
  d.author = "ana";
  d.results = {{"onboard/completion", "72.5"}, {"tutorial", "done"}};
  d.kpis = {{"nps", "24"}};
  d.confidence = "7";
  d.status = "on-track";
  const auto p = f.prepare(d);
  REQUIRE(p.errors.empty());
  const okr::CheckinRecord& r = *p.record;
  CHECK(r.cycle == "2026-Q4");
  CHECK(r.date == *Date::parse("2026-11-20"));
  CHECK(okr::checkin_yaml(r) == "owner: team\ncycle: 2026-Q4\ndate: 2026-11-20\n"
                                "author: \"ana\"\nconfidence: 7\nstatus: on-track\n"
                                "results:\n  onboard/completion: 72.5\n  onboard/tutorial: done\n"
                                "kpis:\n  nps: 24\n");
}

TEST_CASE("every problem in a draft is reported, each saying what to do") {
  Fixture f;
  okr::CheckinDraft d;
  d.owner = "team";
  d.date = "2026-12-01";
  d.results = {
      {"onboard/completon", "72"}, {"onboard/tutorial", "50"}, {"onboard/completion", "72%"}};
  d.kpis = {{"nsp", "3"}};
  d.confidence = "11";
  d.status = "ontrack";
  const auto p = f.prepare(d);
  CHECK_FALSE(p.record);
  CHECK(p.errors == std::vector<std::string>{
                        "the date 2026-12-01 is in the future (today is 2026-11-20); a check-in "
                        "records values as they are now",
                        "confidence is 11; it goes from 0 (no chance) to 10 (certain)",
                        "status must be on-track, behind or at-risk, not 'ontrack'; did you mean "
                        "'on-track'?",
                        "'onboard/completon' is not a key result of team in 2026-Q4; did you mean "
                        "'onboard/completion'? (valid ids: onboard/completion, onboard/tutorial)",
                        "'onboard/tutorial' is a milestone: write done or not-done, not '50'",
                        "'onboard/completion' takes a number (%), not '72%'; write 72 without "
                        "the '%'",
                        "'nsp' is not a KPI of team in 2026-Q4; did you mean 'nps'?"});
}

TEST_CASE("unknown owners, cycles and dates outside the cycle") {
  Fixture f;
  okr::CheckinDraft d;
  d.owner = "tema";
  CHECK(f.prepare(d).errors ==
        std::vector<std::string>{"no OKR file has the owner 'tema'; did you mean 'team'?"});
  d.owner = "team";
  d.cycle = "2026-Q3";
  CHECK(f.prepare(d).errors ==
        std::vector<std::string>{"team has no OKRs in cycle '2026-Q3'; its cycles: 2026-Q4"});
  d.cycle.reset();
  d.date = "2026-09-30";
  CHECK(f.prepare(d).errors ==
        std::vector<std::string>{"team has no OKRs in a cycle containing 2026-09-30; its "
                                 "cycles: 2026-Q4 (2026-10-01 to 2026-12-31); give --date or "
                                 "--cycle"});
  d.date = "2026-13-01";
  CHECK(f.prepare(d).errors.size() == 1);
}

TEST_CASE("free text of any kind survives the YAML round trip") {
  Fixture f;
  okr::CheckinDraft d;
  d.owner = "team";
  d.author = "O'Brien \"the\" #1: yes";
  d.issues =
      "a: b # c\n- d\n'e' \"f\" \\ g\ttab — ünïcødé ✓ \xE2\x80\xA8 \xC2\x85 {x: [y]} &a *b !t %";
  d.plan = "null";
  d.retro = "end";
  d.attractors = {"yes", "- item", "@at"};
  d.learned = {"true"};
  const auto p = f.prepare(d);
  REQUIRE(p.errors.empty());
  const std::string text = okr::checkin_yaml(*p.record);
  CHECK_FALSE(okr::verify_checkin_yaml(text, *p.record, "checkins/2026-Q4/team/2026-11-20.yaml"));
  CHECK(text.find("kind: retro\nretro: end\n") != std::string::npos);
}

TEST_CASE("control characters and invalid UTF-8 are refused") {
  Fixture f;
  okr::CheckinDraft d;
  d.owner = "team";
  d.issues = "bell\a";
  d.plan = "bad \xFF";
  const auto p = f.prepare(d);
  CHECK(p.errors == std::vector<std::string>{"--issues holds control characters; write plain text",
                                             "--plan is not valid UTF-8 text"});
}

TEST_CASE("numbers as YAML reads them") {
  CHECK(okr::parse_number("72") == 72);
  CHECK(okr::parse_number("-3.5") == -3.5);
  CHECK(okr::parse_number("+1e3") == 1000);
  CHECK_FALSE(okr::parse_number("72%"));
  CHECK_FALSE(okr::parse_number("nan"));
  CHECK_FALSE(okr::parse_number("1e999"));
  CHECK_FALSE(okr::parse_number(""));
  CHECK_FALSE(okr::parse_number("0x10"));
}

TEST_CASE("file names and their order within a day") {
  CHECK(okr::checkin_sequence("checkins/2026-Q4/team/2026-10-09.yaml") == 1);
  CHECK(okr::checkin_sequence("2026-10-09-2.yaml") == 2);
  CHECK(okr::checkin_sequence("2026-10-09-10.yaml") == 10);
  CHECK(okr::checkin_folder(okr::Config{}, "2026-Q4", "team") == "checkins/2026-Q4/team");
}

TEST_CASE("writing never replaces an existing check-in") {
  namespace fs = std::filesystem;
  const fs::path root =
      fs::temp_directory_path() / fs::path("okr-write-test-" + std::to_string(::getpid()));
  fs::remove_all(root);
  const Date day = *Date::parse("2026-10-09");
  const auto a = okr::write_checkin_file(root, "checkins/2026-Q4/team", day, "owner: a\n");
  const auto b = okr::write_checkin_file(root, "checkins/2026-Q4/team", day, "owner: b\n");
  const auto c = okr::write_checkin_file(root, "checkins/2026-Q4/team", day, "owner: c\n");
  CHECK(a.path == "checkins/2026-Q4/team/2026-10-09.yaml");
  CHECK(b.path == "checkins/2026-Q4/team/2026-10-09-2.yaml");
  CHECK(c.path == "checkins/2026-Q4/team/2026-10-09-3.yaml");
  std::ifstream in(root / a.path);
  std::string first;
  std::getline(in, first);
  CHECK(first == "owner: a");
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(root / "checkins/2026-Q4/team")) {
    ++files;
  }
  CHECK(files == 3); // no temporary file left
  fs::remove_all(root);
}

TEST_CASE("a bulk write links every file once, never replacing one, and leaves no dot-file") {
  namespace fs = std::filesystem;
  const fs::path root =
      fs::temp_directory_path() / fs::path("okr-bulk-test-" + std::to_string(::getpid()));
  fs::remove_all(root);
  const Date day = *Date::parse("2026-10-09");
  // One name taken already, one folder written twice, one folder that leads outside.
  REQUIRE(okr::write_checkin_file(root, "checkins/2026-Q4/a", day, "owner: old\n").error ==
          std::nullopt);
  std::vector<okr::CheckinToWrite> files;
  for (int i = 0; i < 40; ++i) {
    okr::WriteOptions options;
    options.sync = false;
    options.name = i == 0 ? std::string("2026-10-09.yaml") : fmt::format("n-{}.yaml", i);
    files.push_back({fmt::format("checkins/2026-Q4/{}", i < 2 ? "a" : std::to_string(i)), day,
                     fmt::format("owner: {}\n", i), options});
  }
  files.push_back({"../outside", day, "owner: x\n", {}});
  const auto written = okr::write_checkin_files(root, files, 4);
  REQUIRE(written.size() == files.size());
  CHECK(written[0].taken);
  CHECK(written[0].path == "checkins/2026-Q4/a/2026-10-09.yaml");
  CHECK(written[1].path == "checkins/2026-Q4/a/n-1.yaml");
  CHECK(written[39].path == "checkins/2026-Q4/39/n-39.yaml");
  CHECK(written[40].error);
  CHECK_FALSE(fs::exists(root.parent_path() / "outside"));
  std::set<std::string> folders;
  std::size_t files_found = 0;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (e.is_regular_file()) {
      ++files_found;
      CHECK(e.path().filename().string()[0] != '.'); // no temporary file left
      folders.insert(fs::relative(e.path().parent_path(), root).string());
    }
  }
  CHECK(files_found == 40); // the old one and 39 new
  std::ifstream in(root / "checkins/2026-Q4/a/2026-10-09.yaml");
  std::string first;
  std::getline(in, first);
  CHECK(first == "owner: old");
  CHECK(okr::sync_checkin_folders(root, folders) == std::nullopt);
  CHECK(okr::sync_checkin_folders(root, {"checkins/2026-Q4/a"}) == std::nullopt);
  fs::remove_all(root);
}

TEST_CASE("writing refuses a check-in folder that leads out of the repository") {
  namespace fs = std::filesystem;
  const fs::path base =
      fs::temp_directory_path() / fs::path("okr-escape-test-" + std::to_string(::getpid()));
  fs::remove_all(base);
  const fs::path root = base / "repo";
  const fs::path outside = base / "outside";
  fs::create_directories(root / "checkins" / "2026-Q4");
  fs::create_directories(outside);
  fs::create_directories(root / "archive");
  const Date day = *Date::parse("2026-10-09");
  auto files_in = [](const fs::path& folder) {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& e : fs::recursive_directory_iterator(folder)) {
      ++n;
    }
    return n;
  };

  SECTION("a link to a folder outside") {
    fs::create_directory_symlink(outside, root / "checkins" / "2026-Q4" / "team");
    const auto w = okr::write_checkin_file(root, "checkins/2026-Q4/team", day, "owner: a\n");
    CHECK(w.path.empty());
    REQUIRE(w.error);
    CHECK_THAT(*w.error, Catch::Contains("outside the repository"));
    CHECK(files_in(outside) == 0);
  }
  SECTION("a link higher up, and a folder that does not exist yet below it") {
    fs::create_directory_symlink(outside, root / "checkins" / "2026-Q3");
    const auto w = okr::write_checkin_file(root, "checkins/2026-Q3/team", day, "owner: a\n");
    REQUIRE(w.error);
    CHECK(files_in(outside) == 0); // not even the folder 'team' was created
  }
  SECTION("'..' and absolute paths") {
    CHECK(okr::write_checkin_file(root, "../outside", day, "owner: a\n").error);
    CHECK(okr::write_checkin_file(root, outside.string(), day, "owner: a\n").error);
    CHECK(files_in(outside) == 0);
  }
  SECTION("a link that stays inside is followed") {
    fs::create_directory_symlink(root / "archive", root / "checkins" / "2026-Q4" / "team");
    const auto w = okr::write_checkin_file(root, "checkins/2026-Q4/team", day, "owner: a\n");
    CHECK_FALSE(w.error);
    CHECK(fs::exists(root / "archive" / "2026-10-09.yaml"));
  }
  fs::remove_all(base);
}

TEST_CASE("a bare KR id resolves only when it is unique in the owner's file") {
  const char* const two = R"(cycle: 2026-Q4
owner: team
level: company
objectives:
  - id: a
    title: A
    key_results:
      - {id: speed, title: Speed, baseline: 1, target: 2}
      - {id: only-a, title: Only in A, baseline: 1, target: 2}
  - id: b
    title: B
    key_results:
      - {id: speed, title: Speed, baseline: 1, target: 2}
)";
  const okr::LoadResult loaded =
      okr::load_sources({{"okrs/2026-Q4/team.yaml", two, okr::FileKind::other}});
  REQUIRE(loaded.diagnostics.empty());
  const okr::OkrFile& file = loaded.repo.okr_files.at(0);
  std::string canonical;
  std::string error;
  CHECK(okr::resolve_kr(file, "only-a", &canonical, &error));
  CHECK(canonical == "a/only-a");
  CHECK(okr::resolve_kr(file, "b/speed", &canonical, &error));
  CHECK(canonical == "b/speed");
  CHECK_FALSE(okr::resolve_kr(file, "speed", &canonical, &error));
  CHECK(error == "'speed' names a key result in more than one objective; write it as "
                 "objective/kr, one of: a/speed, b/speed");
}
