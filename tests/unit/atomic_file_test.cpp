// The atomic writer's housekeeping: stale temporary files of its own kind swept, nothing else
// touched, and the folders a failed first write made removed again.

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <unistd.h>

#include <okr/checkins.hpp>
#include <okr/scaffold.hpp>

#include "sys/atomic_file.hpp"
#include "sys/file_status.hpp"

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

/// A fresh, empty folder, removed with what it holds when the test ends.
struct TempFolder {
  fs::path path;
  explicit TempFolder(const std::string& name)
      : path(fs::temp_directory_path() / (name + "-" + std::to_string(::getpid()))) {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempFolder() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
};

void touch(const fs::path& path, fs::file_time_type::duration age = {}) {
  std::ofstream(path) << "x";
  fs::last_write_time(path, fs::file_time_type::clock::now() - age); // utimensat(2)
}

std::set<std::string> names_in(const fs::path& folder) {
  std::set<std::string> names;
  for (const auto& entry : fs::directory_iterator(folder)) {
    names.insert(entry.path().filename().string());
  }
  return names;
}

// A process id above the kernel's largest (pid_max is at most 2^22): never running.
const std::string k_dead = "99999999";

} // namespace

TEST_CASE("temporary names are read back exactly") {
  using okr::sys::parse_temporary_name;
  const auto t = parse_temporary_name(".report.html.tmp-4242-0badcafe");
  REQUIRE(t);
  CHECK(t->destination == "report.html");
  CHECK(t->pid == 4242);
  const auto dot = parse_temporary_name("...tmp-1-0badcafe"); // the destination "."
  REQUIRE(dot);
  CHECK(dot->destination == ".");
  for (const char* other :
       {"report.html.tmp-4242-0badcafe", ".report.html.tmp-4242-0BADCAFE",
        ".report.html.tmp-4242-0badcaf", ".report.html.tmp-4242-0badcafe0",
        ".report.html.tmp--0badcafe", ".report.html.tmp-04242-0badcafe",
        ".report.html.tmp-12345678901-0badcafe", ".report.html-4242-0badcafe", ".tmp-4242-0badcafe",
        ".report.html.tmp-4242_0badcafe", ".report.html.tmp-notes"}) {
    INFO(other);
    CHECK_FALSE(parse_temporary_name(other));
  }
}

TEST_CASE("a sweep removes only old temporary files of its kind whose writer is gone") {
  TempFolder dir("okr-sweep-test");
  const std::string me = std::to_string(::getpid());
  const std::string stale = ".report.html.tmp-" + k_dead + "-0123abcd";
  touch(dir.path / stale, 2min);                                        // removed
  touch(dir.path / (".report.html.tmp-" + k_dead + "-0123abce"), 10s);  // fresh: kept
  touch(dir.path / (".report.html.tmp-" + me + "-0123abcf"), 2min);     // its writer runs: kept
  touch(dir.path / "report.html", 2min);                                // the user's file
  touch(dir.path / ".report.html.tmp-notes", 2min);                     // not the pattern
  touch(dir.path / (".report.html.tmp-" + k_dead + "-0123ABCD"), 2min); // not the pattern
  touch(dir.path / (".other.html.tmp-" + k_dead + "-0123abcd"), 2min);  // another kind
  touch(dir.path / ("report.html.tmp-" + k_dead + "-0123abcd"), 2min);  // not a dot-file
  const std::string folder = ".report.html.tmp-" + k_dead + "-00000001";
  fs::create_directory(dir.path / folder); // a folder is not a file of this kind
  touch(dir.path / folder / "page.html", 2min);
  fs::last_write_time(dir.path / folder, fs::file_time_type::clock::now() - 2min);
  const std::string link = ".report.html.tmp-" + k_dead + "-00000002";
  fs::create_symlink("report.html", dir.path / link); // nor is a link

  std::set<std::string> expected = names_in(dir.path);
  const okr::sys::TemporaryKind kind{.name = "report.html"};
  CHECK(okr::sys::remove_stale_temporaries(dir.path, kind, okr::sys::now_ns()) == 1);
  expected.erase(stale);
  CHECK(names_in(dir.path) == expected);

  // Folders of the same pattern, for AtomicFolder: the old one goes with what it holds.
  CHECK(okr::sys::remove_stale_temporaries(
            dir.path, okr::sys::TemporaryKind{.name = "report.html", .folders = true},
            okr::sys::now_ns()) == 1);
  expected.erase(folder);
  CHECK(names_in(dir.path) == expected);
}

TEST_CASE("every writer sweeps its own kind: a report, a site, a check-in, a new file") {
  TempFolder dir("okr-sweep-writers");
  const std::string old_report = ".out.html.tmp-" + k_dead + "-0000000a";
  const std::string old_checkin = ".2026-11-19.yaml.tmp-" + k_dead + "-0000000b";
  const std::string old_site = ".site.tmp-" + k_dead + "-0000000c";
  const std::string old_new = ".team.yaml.tmp-" + k_dead + "-0000000d";
  touch(dir.path / old_report, 5min);
  touch(dir.path / old_checkin, 5min);
  touch(dir.path / old_new, 5min);
  fs::create_directory(dir.path / old_site);
  fs::last_write_time(dir.path / old_site, fs::file_time_type::clock::now() - 5min);

  {
    okr::sys::AtomicFile file(dir.path / "out.html");
    file.write("<p>report</p>\n");
    REQUIRE(file.replace() == 0);
  }
  CHECK_FALSE(fs::exists(dir.path / old_report));
  CHECK(fs::exists(dir.path / old_checkin)); // another writer's kind
  CHECK(fs::exists(dir.path / old_site));

  {
    okr::sys::AtomicFolder site(dir.path / "site");
    REQUIRE(site.error() == 0);
    REQUIRE(site.replace() == 0);
  }
  CHECK_FALSE(fs::exists(dir.path / old_site));

  // A check-in of another day sweeps the temporary file of any day's check-in.
  const okr::WrittenCheckin written =
      okr::write_checkin_file(dir.path, ".", okr::Date::parse("2026-11-20").value(), "x: 1\n");
  REQUIRE_FALSE(written.error);
  CHECK_FALSE(fs::exists(dir.path / old_checkin));
  CHECK(fs::exists(dir.path / old_new));

  // The bulk writer of okr import sweeps each folder once.
  const std::string old_bulk = ".2026-11-18.yaml.tmp-" + k_dead + "-0000000e";
  fs::create_directory(dir.path / "team");
  touch(dir.path / "team" / old_bulk, 5min);
  const auto bulk = okr::write_checkin_files(
      dir.path, {okr::CheckinToWrite{"team", okr::Date::parse("2026-11-20").value(), "x: 1\n", {}}},
      1);
  REQUIRE_FALSE(bulk.at(0).error);
  CHECK_FALSE(fs::exists(dir.path / "team" / old_bulk));

  bool existed = false;
  REQUIRE_FALSE(okr::create_new_file((dir.path / "team.yaml").string(), "owner: team\n", existed));
  CHECK_FALSE(fs::exists(dir.path / old_new));
  for (const std::string& name : names_in(dir.path)) {
    CHECK_FALSE(okr::sys::parse_temporary_name(name));
  }
}

TEST_CASE("a failed first write removes the folders it made, and only those") {
  TempFolder dir("okr-made-folders");
  fs::create_directories(dir.path / "checkins" / "2026-Q4");
  {
    okr::sys::AtomicFile file(dir.path / "checkins" / "2026-Q4" / "team" / "deep" / "x.yaml",
                              okr::sys::AtomicFile::Options{.make_folders = true});
    REQUIRE(file.error() == 0);
    CHECK(fs::is_directory(dir.path / "checkins" / "2026-Q4" / "team" / "deep"));
  } // destroyed before it took its name
  CHECK_FALSE(fs::exists(dir.path / "checkins" / "2026-Q4" / "team"));
  CHECK(fs::is_directory(dir.path / "checkins" / "2026-Q4")); // it existed before

  {
    okr::sys::AtomicFile file(dir.path / "checkins" / "2026-Q4" / "team" / "x.yaml",
                              okr::sys::AtomicFile::Options{.make_folders = true});
    file.write("x: 1\n");
    REQUIRE(file.replace() == 0);
  }
  CHECK(fs::exists(dir.path / "checkins" / "2026-Q4" / "team" / "x.yaml"));

  // A folder made, then filled by someone else meanwhile, stays.
  {
    okr::sys::MadeFolders made;
    REQUIRE(made.make(dir.path / "a" / "b") == 0);
    touch(dir.path / "a" / "user.txt");
  }
  CHECK(fs::exists(dir.path / "a" / "user.txt"));
  CHECK_FALSE(fs::exists(dir.path / "a" / "b"));
}

TEST_CASE("creating several new files is all or nothing") {
  TempFolder dir("okr-create-all");
  touch(dir.path / "blocker"); // a file where a folder must go
  const okr::CreatedFiles done =
      okr::create_new_files(dir.path, {{"okr.yaml", "version: 1\n"},
                                       {"okrs/2026/acme.yaml", "owner: acme\n"},
                                       {"blocker/x.yaml", "x: 1\n"}});
  REQUIRE(done.error);
  CHECK(done.created.empty());
  CHECK(names_in(dir.path) == std::set<std::string>{"blocker"}); // no file, folder or temp left

  const okr::CreatedFiles again = okr::create_new_files(
      dir.path, {{"okr.yaml", "version: 1\n"}, {"blocker", "x\n"}, {"okrs/a.yaml", "a: 1\n"}});
  REQUIRE_FALSE(again.error);
  CHECK(again.created == std::vector<std::string>{"okr.yaml", "okrs/a.yaml"});
  CHECK(again.existed == std::vector<std::string>{"blocker"});
}
