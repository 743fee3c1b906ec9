// The per-file cache (src/core/loader/cache.hpp): a file written by Cache::Writer maps back
// entry by entry, and entries read after done_with() gave their pages back are still whole.

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

#include <okr/check.hpp>
#include <okr/index.hpp>
#include <okr/loader.hpp>

#include "loader/cache.hpp"
#include "support.hpp"

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
    writer.add({path, {stamp, static_cast<std::uint64_t>(i), payload}});
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

/// Points OKR_CACHE_DIR at a test's folder while it lives.
struct CacheDirFor {
  std::optional<std::string> saved;
  explicit CacheDirFor(const fs::path& dir) {
    if (const char* before = std::getenv("OKR_CACHE_DIR")) {
      saved = before;
    }
    ::setenv("OKR_CACHE_DIR", (dir / "cache").c_str(), 1);
  }
  ~CacheDirFor() {
    if (saved) {
      ::setenv("OKR_CACHE_DIR", saved->c_str(), 1);
    } else {
      ::unsetenv("OKR_CACHE_DIR");
    }
  }
  CacheDirFor(const CacheDirFor&) = delete;
  CacheDirFor& operator=(const CacheDirFor&) = delete;
};

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
    REQUIRE(e->hash == static_cast<std::uint64_t>(i));
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
