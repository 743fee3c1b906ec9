// The per-file cache (src/core/loader/cache.hpp): a file written by Cache::Writer maps back
// entry by entry, and entries read after done_with() gave their pages back are still whole.

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <unistd.h>
#include <vector>

#include <okr/check.hpp>
#include <okr/index.hpp>
#include <okr/loader.hpp>

#include "loader/cache.hpp"
#include "loader/check_record.hpp"
#include "support.hpp"
#include "sys/build_id.hpp"

namespace fs = std::filesystem;
using okr::loader::Cache;
using okr::test::TempDir;

namespace {

std::string payload_of(int i) {
  // 8 KiB apiece and different in every byte position: 3,000 entries span ~24 MB, several
  // of the pieces done_with() gives back.
  std::string p(8192, '\0');
  for (std::size_t k = 0; k < p.size(); ++k) {
    p[k] = static_cast<char>((i * 131 + static_cast<int>(k) * 7) & 0xff);
  }
  return p;
}

void write_cache(const fs::path& file, const std::string& key, int entries) {
  Cache empty(file, key);
  Cache::Writer writer(empty, 1);
  for (int i = 0; i < entries; ++i) {
    const std::string path = "checkins/" + std::to_string(i) + ".yaml";
    const std::string payload = payload_of(i);
    okr::loader::FileStamp stamp;
    stamp.size = i;
    writer.add({path, {stamp, {static_cast<std::uint64_t>(i), 7}, payload}});
  }
  writer.commit();
}

void write_file(const fs::path& root, const std::string& path, const std::string& text) {
  fs::create_directories((root / path).parent_path());
  std::ofstream(root / path) << text;
}

/// okr.yaml, the company file and `team` as the team file, below `root`.
void write_repository(const fs::path& root, const std::string& team) {
  write_file(root, "okr.yaml", "version: 1\n");
  write_file(root, okr::test::k_company_path, okr::test::k_company);
  write_file(root, okr::test::k_team_path, team);
}

/// Sets an environment variable while it lives.
struct EnvFor {
  std::string name;
  std::optional<std::string> saved;
  EnvFor(std::string variable, const std::string& value) : name(std::move(variable)) {
    if (const char* before = std::getenv(name.c_str())) {
      saved = before;
    }
    ::setenv(name.c_str(), value.c_str(), 1);
  }
  ~EnvFor() {
    if (saved) {
      ::setenv(name.c_str(), saved->c_str(), 1);
    } else {
      ::unsetenv(name.c_str());
    }
  }
  EnvFor(const EnvFor&) = delete;
  EnvFor& operator=(const EnvFor&) = delete;
};

/// Points OKR_CACHE_DIR at a test's folder while it lives.
struct CacheDirFor : EnvFor {
  explicit CacheDirFor(const fs::path& dir) : EnvFor("OKR_CACHE_DIR", (dir / "cache").string()) {}
};

/// Points XDG_CACHE_HOME, where the key of the caches is, at a folder while it lives.
struct KeyDirFor : EnvFor {
  explicit KeyDirFor(const fs::path& dir) : EnvFor("XDG_CACHE_HOME", dir.string()) {}
};

/// How many bytes this process has read so far (rchar of /proc/self/io: every read(2) and
/// pread(2), whether from the disk, the page cache or a file's holes).
std::uint64_t bytes_read() {
  std::ifstream io("/proc/self/io");
  std::string name;
  std::uint64_t value = 0;
  while (io >> name >> value) {
    if (name == "rchar:") {
      return value;
    }
  }
  return 0;
}

std::string contents(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// The checksum okr's cache files ended with before they were authenticated: FNV-1a over
/// 8-byte words, mixed; anyone can compute it.
std::uint64_t old_checksum(std::string_view bytes) {
  constexpr std::uint64_t k_prime = 0x100000001b3ULL;
  std::uint64_t h = 0xcbf29ce484222325ULL;
  std::size_t i = 0;
  for (; i + 8 <= bytes.size(); i += 8) {
    std::uint64_t word = 0;
    std::memcpy(&word, bytes.data() + i, 8);
    h = (h ^ word) * k_prime;
    h ^= h >> 29;
  }
  for (; i < bytes.size(); ++i) {
    h = (h ^ static_cast<unsigned char>(bytes[i])) * k_prime;
  }
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  return h;
}

/// The end of every cache file: the body's size, a tag of that size, a tag of everything.
constexpr std::size_t k_trailer = 8 + 16 + 32;

} // namespace

TEST_CASE("a cache file maps back whole, also after done_with() gave its pages back") {
  TempDir dir("okr-cache-test");
  const fs::path file = dir.path / "check.bin";
  constexpr int n = 3000;
  write_cache(file, "key", n);
  const Cache::Reading reading = GENERATE(Cache::Reading::automatic, Cache::Reading::into_memory);
  Cache cache(file, "key", reading);
  REQUIRE(cache.size() == n);
  // A first pass in order, giving pages back behind it.
  for (int i = 0; i < n; ++i) {
    const Cache::Entry* e = cache.find("checkins/" + std::to_string(i) + ".yaml");
    REQUIRE(e != nullptr);
    REQUIRE(e->payload == payload_of(i));
    cache.done_with(e->payload);
  }
  // A second pass, backward: every page given back faults in again from the file.
  for (int i = n - 1; i >= 0; --i) {
    const Cache::Entry* e = cache.find("checkins/" + std::to_string(i) + ".yaml");
    REQUIRE(e->payload == payload_of(i));
    REQUIRE(e->stamp.size == i);
    REQUIRE(e->hash == okr::loader::ContentHash{static_cast<std::uint64_t>(i), 7});
    cache.done_with(e->payload);
  }
  // Moved, it still holds its entries.
  Cache moved(std::move(cache));
  REQUIRE(moved.size() == n);
  REQUIRE(moved.find("checkins/7.yaml")->payload == payload_of(7));
}

TEST_CASE("a cache file under another key, truncated or changed in one byte is empty") {
  TempDir dir("okr-cache-test");
  const fs::path file = dir.path / "check.bin";
  write_cache(file, "key", 40);
  CHECK(Cache(file, "key").size() == 40);
  CHECK(Cache(file, "other key").size() == 0);
  CHECK(Cache(dir.path / "missing.bin", "key").size() == 0);

  const auto size = fs::file_size(file);
  {
    std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(size / 2));
    char c = 0;
    f.seekg(static_cast<std::streamoff>(size / 2));
    f.get(c);
    f.seekp(static_cast<std::streamoff>(size / 2));
    f.put(static_cast<char>(c ^ 1));
  }
  CHECK(Cache(file, "key").size() == 0);

  write_cache(file, "key", 40);
  fs::resize_file(file, size - 1);
  CHECK(Cache(file, "key").size() == 0);
}

TEST_CASE("threads reading a mapped cache in about its order, giving pages back, read it whole") {
  TempDir dir("okr-cache-test");
  const fs::path file = dir.path / "check.bin";
  constexpr int n = 3000;
  write_cache(file, "key", n);
  const Cache cache(file, "key");
  REQUIRE(cache.size() == n);
  // As the loader does: each thread takes the next file, reads its entry, says it is done.
  std::atomic<int> next{0};
  std::atomic<int> wrong{0};
  auto work = [&] {
    for (int i = next++; i < n; i = next++) {
      const Cache::Entry* e = cache.find("checkins/" + std::to_string(i) + ".yaml");
      if (e == nullptr || e->payload != payload_of(i)) {
        ++wrong;
      }
      if (e != nullptr) {
        cache.done_with(e->payload);
      }
    }
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back(work);
  }
  for (std::thread& t : threads) {
    t.join();
  }
  CHECK(wrong == 0);
}

// A named namespace: clang warns of an undefined function with internal linkage, although
// AnyField's conversion is only named in unevaluated requires-expressions.
namespace field_counting {

/// Converts to anything: brace-initialising an aggregate with N of them compiles exactly when
/// it has at least N fields.
struct AnyField {
  template <typename T> operator T() const; // NOLINT: never called, only named
};

/// The number of fields of the aggregate T.
template <typename T, typename... Fields> constexpr std::size_t field_count() {
  if constexpr (requires { T{Fields{}..., AnyField{}}; }) {
    return field_count<T, Fields..., AnyField>();
  } else {
    return sizeof...(Fields);
  }
}

} // namespace field_counting

using field_counting::field_count;

TEST_CASE("the cache encodes every field of the model") {
  // A field added to one of these structs must be added to its io() function in cache.cpp, or
  // cached runs would lose it. Counted, not sized: independent of the compiler's layout.
  const okr::loader::EncodedFields listed = okr::loader::encoded_fields();
  CHECK(field_count<okr::KeyResult>() == listed.key_result);
  CHECK(field_count<okr::Objective>() == listed.objective);
  CHECK(field_count<okr::Kpi>() == listed.kpi);
  // `file`, the index of the file in the repository, is set when a cached file is loaded.
  CHECK(field_count<okr::OkrFile>() == listed.okr_file + 1);
  CHECK(field_count<okr::Checkin>() == listed.checkin + 1);
  CHECK(field_count<okr::Diagnostic>() == listed.diagnostic);
}

TEST_CASE("a check-in's values of every kind come back from the cache as they were") {
  const okr::LoadResult loaded =
      okr::load_string("owner: discover\ncycle: 2026-Q4\ndate: 2026-10-09\nresults:\n"
                       "  first-week/completion: 71.5\n  first-week/tutorial: done\n"
                       "  first-week/webinar: not-done\n",
                       "checkins/2026-Q4/discover/2026-10-09.yaml");
  REQUIRE(loaded.repo.checkins.size() == 1);
  okr::loader::FileResult result;
  result.checkin = std::make_unique<okr::Checkin>(loaded.repo.checkins[0]);
  okr::loader::FileResult back;
  REQUIRE(Cache::decode(Cache::encode(result), 0, back));
  REQUIRE(back.checkin);
  const auto& before = result.checkin->results;
  const auto& after = back.checkin->results;
  REQUIRE(after.size() == before.size());
  for (std::size_t i = 0; i < before.size(); ++i) {
    CHECK(after[i].key == before[i].key);
    CHECK(after[i].kind() == before[i].kind());
    CHECK(after[i].number() == before[i].number());
    CHECK(after[i].done() == before[i].done());
    CHECK(after[i].key_pos(0).line == before[i].key_pos(0).line);
    CHECK(after[i].key_pos(0).column == before[i].key_pos(0).column);
    CHECK(after[i].pos(0).line == before[i].pos(0).line);
    CHECK(after[i].pos(0).column == before[i].pos(0).column);
  }
  // Re-encoding what was decoded gives the same bytes: nothing was lost on the way.
  CHECK(Cache::encode(back) == Cache::encode(result));
}

TEST_CASE("a file's suppression comments come back from the cache, and do their work") {
  okr::loader::FileResult result;
  result.suppressions = okr::find_suppressions("a: 1 # okr: ignore[kr-count, output-kr]\n");
  REQUIRE(result.suppressions.size() == 2);
  okr::loader::FileResult back;
  REQUIRE(Cache::decode(Cache::encode(result), 0, back));
  CHECK(back.suppressions == result.suppressions);

  // On disk: the second check takes the team file from the cache (the company file changed, so
  // the record of the last run is not used), and its comment still silences the finding.
  TempDir dir("okr-cache-suppressions");
  auto write = [&](const std::string& path, const std::string& text) {
    write_file(dir.path, path, text);
  };
  write_repository(dir.path,
                   okr::test::replace(okr::test::k_team, "        milestone: true\n",
                                      "        milestone: true  # okr: ignore[output-kr]\n"));
  okr::CheckRequest request;
  request.root = dir.path;
  request.today = *okr::Date::parse("2026-11-20");
  const CacheDirFor cache_dir(dir.path); // the caches go into the test's folder
  auto rules_found = [&] {
    const auto checked = okr::check_repository(request);
    std::vector<std::string> out;
    for (const okr::Diagnostic& d : checked->report.diagnostics) {
      if (d.file == okr::test::k_team_path) {
        out.push_back(d.rule);
        // The renderers read the lines of a file with findings from its text.
        const auto& files = checked->loaded.repo.files;
        const auto it = std::find_if(files.begin(), files.end(),
                                     [&](const okr::SourceFile& f) { return f.path == d.file; });
        CHECK((it != files.end() && !it->text.empty()));
      }
    }
    return out;
  };
  const std::vector<std::string> first = rules_found();
  CHECK(std::find(first.begin(), first.end(), "output-kr") == first.end());
  CHECK(std::find(first.begin(), first.end(), "unused-suppression") == first.end());
  write(okr::test::k_company_path, okr::test::k_company + "# changed\n");
  const std::vector<std::string> second = rules_found();
  CHECK(second == first);
}

TEST_CASE("count_errors() reads the record of the last check while the files are as it found "
          "them") {
  const okr::test::TempDir dir("okr-count-errors-test");
  // One error: the objective aligns to one that does not exist (unresolved-ref).
  write_repository(dir.path, okr::test::replace(okr::test::k_team, "aligns_to: acme/delight",
                                                "aligns_to: acme/nope"));
  const CacheDirFor cache_dir(dir.path);
  const okr::Date today = *okr::Date::parse("2026-11-20");
  auto load = [&] {
    okr::LoadOptions options;
    options.use_cache = true;
    return okr::load_repository(dir.path, options);
  };
  // The record trusts no file changed within two seconds of the run that wrote it.
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));
  const okr::LoadResult before_check = load();
  REQUIRE(before_check.stamp);
  const okr::Index index(before_check.repo);
  CHECK(okr::count_errors(before_check, index, today) == 1); // no record yet: the rules count

  okr::CheckRequest request;
  request.root = dir.path;
  request.today = today;
  REQUIRE(okr::count(okr::check_repository(request)->report.diagnostics).errors == 1);
  const okr::LoadResult loaded = load();
  // From the record, not the rules: the index given holds a repository without the error.
  okr::LoadResult clean =
      okr::load_sources({{"okr.yaml", "version: 1\n", okr::FileKind::other},
                         {okr::test::k_company_path, okr::test::k_company, okr::FileKind::other},
                         {okr::test::k_team_path, okr::test::k_team, okr::FileKind::other}});
  const okr::Index clean_index(clean.repo);
  CHECK(okr::count_errors(clean, clean_index, today) == 0);
  CHECK(okr::count_errors(loaded, clean_index, today) == 1);
  // Another day is another record's; changed files are no longer the record's.
  CHECK(okr::count_errors(loaded, clean_index, *okr::Date::parse("2026-11-21")) == 0);
  write_file(dir.path, okr::test::k_team_path, okr::test::k_team);
  const okr::LoadResult fixed = load();
  CHECK(okr::count_errors(fixed, okr::Index(fixed.repo), today) == 0);
}

TEST_CASE("a check with overlays takes the other files from the cache and never caches a buffer") {
  const TempDir dir("okr-cache-overlays");
  write_repository(dir.path, okr::test::k_team);
  const CacheDirFor cache_dir(dir.path);
  // The cache trusts no file changed within two seconds of the run that wrote it.
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));
  okr::CheckRequest request;
  request.root = dir.path;
  request.today = *okr::Date::parse("2026-11-20");
  request.include_private = true; // as okr lsp asks: never the record of the last run
  auto found = [&](const okr::CheckRequest& r) {
    std::vector<std::string> out;
    const auto checked = okr::check_repository(r);
    for (const okr::Diagnostic& d : checked->report.diagnostics) {
      out.push_back(d.file + ":" + std::to_string(d.line) + ":" + d.rule + ": " + d.message);
    }
    return out;
  };
  const std::vector<std::string> clean = found(request); // fills the cache
  std::vector<fs::path> caches;
  for (const auto& entry : fs::directory_iterator(dir.path / "cache")) {
    if (entry.path().filename().string().starts_with("check-")) {
      caches.push_back(entry.path());
    }
  }
  REQUIRE(caches.size() == 1);
  const auto written = fs::last_write_time(caches[0]);

  okr::CheckRequest edited = request;
  edited.overlays.emplace(
      okr::test::k_team_path,
      okr::test::replace(okr::test::k_team, "aligns_to: acme/delight", "aligns_to: acme/delite"));
  const std::vector<std::string> with_cache = found(edited);
  edited.use_cache = false;
  const std::vector<std::string> without_cache = found(edited);
  CHECK(with_cache == without_cache);
  CHECK(std::any_of(with_cache.begin(), with_cache.end(), [](const std::string& f) {
    return f.find("unresolved-ref") != std::string::npos;
  }));
  CHECK(with_cache != clean);
  // Nothing changed on disk: the cache was not written again, and it holds the disk's team
  // file, not the buffer.
  CHECK(fs::last_write_time(caches[0]) == written);
  CHECK(found(request) == clean);
}

TEST_CASE("okr knows which binary it is: the linker's build id") {
  const std::string_view id = okr::sys::build_id();
  CHECK(id.size() == 40); // --build-id=sha1
  CHECK(id.find_first_not_of("0123456789abcdef") == std::string_view::npos);
  CHECK(okr::sys::build_id() == id); // read once
}

TEST_CASE("a cache file written under another user's key is empty") {
  TempDir dir("okr-cache-test");
  const fs::path file = dir.path / "check.bin";
  {
    const KeyDirFor other(dir.path / "other-home");
    write_cache(file, "key", 40);
    CHECK(Cache(file, "key").size() == 40);
  }
  CHECK(Cache(file, "key").size() == 0);
  write_cache(file, "key", 40);
  CHECK(Cache(file, "key").size() == 40);
}

TEST_CASE("the key of the caches is made once, private, and a key that cannot be trusted turns "
          "the cache off") {
  TempDir dir("okr-cache-key");
  const KeyDirFor home(dir.path / "xdg");
  const CacheDirFor elsewhere(dir.path); // never where the key goes
  const fs::path key = dir.path / "xdg" / "okr" / "key";
  CHECK(okr::loader::cache_key_file() == key);
  const fs::path file = dir.path / "check.bin";
  write_cache(file, "key", 3);
  REQUIRE(fs::is_regular_file(fs::symlink_status(key)));
  CHECK(fs::file_size(key) == 32);
  CHECK(fs::status(key).permissions() == (fs::perms::owner_read | fs::perms::owner_write));
  CHECK(!fs::exists(dir.path / "cache" / "key"));
  const std::string made = contents(key);
  write_cache(file, "key", 3);
  CHECK(contents(key) == made); // made once
  CHECK(Cache(file, "key").size() == 3);

  // Readable by others: not a secret any more.
  fs::permissions(key, fs::perms::group_read | fs::perms::others_read, fs::perm_options::add);
  CHECK(Cache(file, "key").size() == 0);
  fs::permissions(key, fs::perms::owner_read | fs::perms::owner_write);
  CHECK(Cache(file, "key").size() == 3);
  // Another size.
  std::ofstream(key, std::ios::app | std::ios::binary) << 'x';
  CHECK(Cache(file, "key").size() == 0);
  fs::resize_file(key, 32);
  CHECK(Cache(file, "key").size() == 3);
  // A link, even to the key itself.
  fs::rename(key, dir.path / "real-key");
  fs::create_symlink(dir.path / "real-key", key);
  CHECK(Cache(file, "key").size() == 0);
  fs::remove(key);
  fs::rename(dir.path / "real-key", key);
  CHECK(Cache(file, "key").size() == 3);
  // Another user's (only root can give a file away).
  if (::geteuid() == 0) {
    REQUIRE(::chown(key.c_str(), 65534, 65534) == 0);
    CHECK(Cache(file, "key").size() == 0);
    REQUIRE(::chown(key.c_str(), 0, 0) == 0);
    CHECK(Cache(file, "key").size() == 3);
  }
  // Untrusted, it is never replaced: with it gone, a new key makes the old files worthless.
  fs::remove(key);
  CHECK(Cache(file, "key").size() == 0);
  CHECK(fs::file_size(key) == 32);
}

TEST_CASE("a cache file larger than its authenticated size is refused without reading it") {
  TempDir dir("okr-cache-test");
  const fs::path file = dir.path / "check.bin";
  const Cache::Reading reading = GENERATE(Cache::Reading::automatic, Cache::Reading::into_memory);
  // Sparse: a few kilobytes on disk; read whole, gigabytes of zeros.
  for (const std::uintmax_t size : {std::uintmax_t{3} << 30, std::uintmax_t{4} << 30}) {
    write_cache(file, "key", 40);
    REQUIRE(Cache(file, "key", reading).size() == 40);
    fs::resize_file(file, size);
    const std::uint64_t before = bytes_read();
    CHECK(Cache(file, "key", reading).size() == 0);
    CHECK(bytes_read() - before < (std::uint64_t{1} << 20));
  }
}

TEST_CASE("a record of the last check forged with the old checksum or another key is ignored, "
          "and the errors are still reported") {
  const TempDir dir("okr-forged-record");
  // One error: the objective aligns to one that does not exist (unresolved-ref).
  write_repository(dir.path, okr::test::replace(okr::test::k_team, "aligns_to: acme/delight",
                                                "aligns_to: acme/nope"));
  const CacheDirFor cache_dir(dir.path);
  // The record trusts no file changed within two seconds of the run that wrote it.
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));
  okr::CheckRequest request;
  request.root = dir.path;
  request.today = *okr::Date::parse("2026-11-20");
  auto check = [&] { return okr::check_repository(request); };
  const auto first = check();
  REQUIRE(okr::count(first->report.diagnostics).errors == 1);
  const std::string root = first->loaded.repo.root;
  REQUIRE(check()->from_record);
  std::vector<fs::path> records;
  for (const auto& entry : fs::directory_iterator(dir.path / "cache")) {
    if (entry.path().filename().string().starts_with("run-")) {
      records.push_back(entry.path());
    }
  }
  REQUIRE(records.size() == 1);
  const fs::path record = records[0];

  // What a forger writes: the record of these very files, under the key of this check
  // (select, ignore, today, head: none outside git), saying there is nothing to report.
  const auto scan = okr::scan_repository(dir.path);
  REQUIRE(scan);
  okr::DiskStamp stamp = scan->stamp;
  stamp.taken_ns = stamp.newest_change_ns + 10'000'000'000LL;
  const std::string key = "select \nignore \ntoday 2026-11-20\nhead ";
  auto forge = [&] {
    okr::write_check_record(dir.path / "cache", root, stamp, {}, key, {}, {}, {}, {});
  };
  // Written with this user's key, such a record is believed: the forgery is well made, and
  // only its tag can give it away.
  forge();
  const auto believed = check();
  CHECK(believed->from_record);
  CHECK(okr::count(believed->report.diagnostics).errors == 0);

  // The same bytes ended with the old checksum, recomputed as anyone can.
  forge();
  std::string bytes = contents(record);
  REQUIRE(bytes.size() > k_trailer);
  bytes.resize(bytes.size() - k_trailer);
  const std::uint64_t sum = old_checksum(bytes);
  bytes.append(reinterpret_cast<const char*>(&sum), sizeof sum);
  std::ofstream(record, std::ios::binary | std::ios::trunc) << bytes;
  const auto old_method = check();
  CHECK(!old_method->from_record);
  CHECK(okr::count(old_method->report.diagnostics).errors == 1);

  // Written by another okr with its own key (a CI cache restored from a fork's run).
  {
    const KeyDirFor attacker(dir.path / "attacker");
    forge();
  }
  const auto other_key = check();
  CHECK(!other_key->from_record);
  CHECK(okr::count(other_key->report.diagnostics).errors == 1);
}
