// scan_repository() with the folders a listing recorded: an unchanged folder is not read
// again, and whatever changed, the scan gives the digest a scan that reads every folder gives.

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <sys/stat.h>
#include <thread>
#include <vector>

#include <okr/loader.hpp>

#include "loader/check_record.hpp"
#include "support.hpp"

namespace fs = std::filesystem;

namespace {

struct TempRepo {
  okr::test::TempDir dir{"okr-scan-test"};
  fs::path root = dir.path;
  void write(const std::string& path, const std::string& text) const {
    fs::create_directories((root / path).parent_path());
    std::ofstream(root / path) << text;
  }
};

const okr::ListedFolder* folder_at(const std::vector<okr::ListedFolder>& folders,
                                   const std::string& path) {
  for (const okr::ListedFolder& f : folders) {
    if (f.path == path) {
      return &f;
    }
  }
  return nullptr;
}

std::vector<std::string> sorted(std::vector<std::string> names) {
  std::sort(names.begin(), names.end());
  return names;
}

/// The scan with `known` gives the digest of a scan that reads every folder.
okr::Scan scan_as_if_read(const fs::path& root, const std::vector<okr::ListedFolder>& known) {
  const auto reused = okr::scan_repository(root, known);
  const auto read = okr::scan_repository(root);
  REQUIRE(reused);
  REQUIRE(read);
  CHECK(read->folders_known == 0);
  CHECK(reused->stamp.digest == read->stamp.digest);
  CHECK(reused->stamp.newest_change_ns == read->stamp.newest_change_ns);
  return *reused;
}

} // namespace

TEST_CASE("a scan reuses the folders a listing recorded while they are unchanged") {
  TempRepo repo;
  repo.write("okrs/2026-Q4/a.yaml", "a: 1\n");
  repo.write("okrs/2026-Q4/b.yml", "b: 1\n");
  repo.write("okrs/2026-Q4/notes.txt", "not read\n");
  repo.write("checkins/2026-Q4/a/2026-10-02.yaml", "c: 1\n");
  fs::create_directories(repo.root / "elsewhere");
  fs::create_directory_symlink(repo.root / "elsewhere", repo.root / "okrs/2026-Q4/link.yaml");
  // Folders changed within two seconds of a listing are not recorded: their times could stay
  // as they are through a change that follows within the clock's granularity.
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));

  okr::LoadOptions options;
  options.use_cache = true;
  options.cache_dir = repo.root / ".cache";
  okr::Listing loaded;
  okr::load_repository(repo.root, options, &loaded);
  REQUIRE(loaded.stamp);
  const std::vector<okr::ListedFolder> folders = loaded.folders;
  REQUIRE(folders.size() == 5);
  CHECK(std::is_sorted(folders.begin(), folders.end(),
                       [](const auto& a, const auto& b) { return a.path < b.path; }));
  const okr::ListedFolder* okrs = folder_at(folders, "okrs/2026-Q4");
  REQUIRE(okrs);
  CHECK(okrs->folders.empty());
  // The link to a folder is stat'ed again by every scan: its target could become a file.
  CHECK(sorted(okrs->files) == std::vector<std::string>{"a.yaml", "b.yml", "link.yaml"});
  REQUIRE(folder_at(folders, "checkins"));
  CHECK(folder_at(folders, "checkins")->folders == std::vector<std::string>{"2026-Q4"});
  CHECK(!folder_at(folders, "elsewhere"));

  // Each change below is seen: the digest moves, and always equals that of a scan reading
  // every folder. The folders read are those the changes so far touched.
  std::uint64_t last = loaded.stamp->digest;
  auto changed = [&](std::size_t read, std::size_t known) {
    const okr::Scan scan = scan_as_if_read(repo.root, folders);
    CHECK(scan.folders_read == read);
    CHECK(scan.folders_known == known);
    CHECK(scan.stamp.digest != last);
    last = scan.stamp.digest;
  };

  // Nothing changed: no folder is read, and the digest is the load's.
  const okr::Scan same = scan_as_if_read(repo.root, folders);
  CHECK(same.folders_read == 0);
  CHECK(same.folders_known == 5);
  CHECK(same.stamp.digest == loaded.stamp->digest);

  // A file changed in place: its folder is reused, and its own stamp shows the change.
  repo.write("checkins/2026-Q4/a/2026-10-02.yaml", "c: 2, longer\n");
  changed(0, 5);
  // The folder a link pointed to becomes a file: the link is a file now.
  fs::remove(repo.root / "elsewhere");
  repo.write("elsewhere", "e: 1\n");
  changed(0, 5);
  // A file added with the folder's modification time put back: its change time shows.
  const auto before = fs::last_write_time(repo.root / "okrs/2026-Q4");
  repo.write("okrs/2026-Q4/c.yaml", "c: 1\n");
  fs::last_write_time(repo.root / "okrs/2026-Q4", before);
  changed(1, 4);
  // A file removed, and one renamed.
  fs::remove(repo.root / "okrs/2026-Q4/c.yaml");
  changed(1, 4);
  fs::rename(repo.root / "okrs/2026-Q4/b.yml", repo.root / "okrs/2026-Q4/d.yml");
  changed(1, 4);
  // A new folder is read, and so is the folder it was made in.
  repo.write("checkins/2026-Q4/b/2026-10-09.yaml", "c: 1\n");
  changed(3, 3);
  // A folder replaced by another of the same name.
  fs::rename(repo.root / "checkins/2026-Q4/a", repo.root / "old");
  repo.write("checkins/2026-Q4/a/2026-10-02.yaml", "c: 1\n");
  changed(4, 2);

  // Folders changed just before a listing are not recorded.
  okr::Listing again;
  okr::load_repository(repo.root, options, &again);
  REQUIRE(again.stamp);
  CHECK(again.stamp->digest == last);
  CHECK(!folder_at(again.folders, "okrs/2026-Q4"));
  CHECK(!folder_at(again.folders, "checkins/2026-Q4/a"));
  CHECK(folder_at(again.folders, "okrs"));
  CHECK(folder_at(again.folders, "checkins"));
  const okr::Scan rescan = scan_as_if_read(repo.root, again.folders);
  CHECK(rescan.folders_read == 4);
  CHECK(rescan.folders_known == 2);
}

TEST_CASE("a record whose folders could lead the scan astray is not used") {
  TempRepo repo;
  repo.write("okr.yaml", "version: 1\npaths:\n  okrs: \".\"\n");
  repo.write("team.yaml", "a: 1\n");
  const fs::path cache = repo.root / ".cache";
  fs::create_directories(cache); // before the root's stamp is taken
  const std::string root = fs::absolute(repo.root).string();
  struct stat st {};
  REQUIRE(::stat(repo.root.c_str(), &st) == 0);
  okr::ListedFolder top; // the root as it is now, so that it is found unchanged
  top.path = "";
  top.device = st.st_dev;
  top.inode = st.st_ino;
  top.mtime_ns = st.st_mtim.tv_sec * 1'000'000'000LL + st.st_mtim.tv_nsec;
  top.ctime_ns = st.st_ctim.tv_sec * 1'000'000'000LL + st.st_ctim.tv_nsec;
  top.files = {"team.yaml"};
  okr::DiskStamp stamp;
  stamp.taken_ns = top.ctime_ns + 10'000'000'000LL;
  auto read_with = [&](const std::vector<okr::ListedFolder>& folders) {
    okr::write_check_record(cache, root, stamp, folders, "key", {}, {}, {}, {});
    REQUIRE(fs::exists(cache));
    return okr::read_check_record(cache, repo.root, "key");
  };

  // Written as a listing writes them, the folders are used: the scan runs, and only the
  // digest (0 here) keeps the record from being believed.
  CHECK(!read_with({top}));
  // A subfolder named "" would be the root again, for ever; ".." leads out of it.
  for (const std::string name : {"", ".", "..", "a/b"}) {
    okr::ListedFolder astray = top;
    astray.folders = {name};
    CHECK(!read_with({astray}));
    astray = top;
    astray.files = {name};
    CHECK(!read_with({astray}));
  }
  okr::ListedFolder other = top;
  other.path = "a";
  CHECK(!read_with({other, top})); // not sorted
}

TEST_CASE("the record keeps what okr due reads, and gives it back only when asked") {
  TempRepo repo;
  repo.write("okr.yaml", "version: 1\n");
  repo.write("okrs/2026-Q4/team.yaml", "a: 1\n");
  const fs::path cache = repo.root / ".cache";
  fs::create_directories(cache);
  const std::string root = fs::absolute(repo.root).string();
  const auto scan = okr::scan_repository(repo.root);
  REQUIRE(scan);
  okr::DiskStamp stamp = scan->stamp;
  stamp.taken_ns = stamp.newest_change_ns + 10'000'000'000LL; // every stamp trusted

  okr::OkrFile file;
  file.owner.value = "team-é";
  file.name = okr::Text{"Team É", {}};
  file.level = okr::Level::unit;
  file.cycle.value = "2026-Q4";
  file.is_private = true;
  okr::CheckinFacts facts;
  facts.level = file.level;
  facts.cadence = 14;
  facts.cycle = *okr::infer_cycle("2026-Q4");
  facts.dates = {*okr::Date::from_ymd(2026, 10, 2), *okr::Date::from_ymd(2026, 10, 16)};
  okr::write_check_record(cache, root, stamp, {}, "key", {}, {}, {},
                          {okr::DueSubject{&file, facts}});

  const auto plain = okr::read_check_record(cache, repo.root, "key", nullptr, &scan->stamp);
  REQUIRE(plain);
  CHECK(plain->due_files.empty()); // not asked: not decoded
  const auto record = okr::read_check_record(cache, repo.root, "key", nullptr, &scan->stamp, true);
  REQUIRE(record);
  REQUIRE(record->due_files.size() == 1);
  REQUIRE(record->due_facts.size() == 1);
  const okr::OkrFile& back = record->due_files[0];
  CHECK(back.owner.value == "team-é");
  REQUIRE(back.name);
  CHECK(back.name->value == "Team É");
  CHECK(back.level == okr::Level::unit);
  CHECK(back.cycle.value == "2026-Q4");
  CHECK(back.is_private);
  const okr::CheckinFacts& f = record->due_facts[0];
  CHECK(f.level == okr::Level::unit);
  CHECK(f.cadence == 14);
  CHECK(f.cycle.id == "2026-Q4");
  CHECK(f.cycle.start == facts.cycle.start);
  CHECK(f.cycle.end == facts.cycle.end);
  CHECK(f.dates == facts.dates);
  // The same clock as from the repository.
  const okr::Date day = *okr::Date::from_ymd(2026, 11, 20);
  CHECK(okr::checkin_clock(f, day).due == okr::checkin_clock(facts, day).due);
  CHECK(okr::checkin_clock(f, day).is_overdue(day));
}
