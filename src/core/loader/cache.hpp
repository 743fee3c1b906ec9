#pragma once

// The per-file cache of what loading produced: each file's model and loader findings, keyed by
// its path, size, times and content hash, so that an unchanged file is not parsed again.
// One binary file per repository, written atomically and authenticated with the user's key;
// anything wrong with it makes it empty.

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <okr/diagnostic.hpp>
#include <okr/model.hpp>

#include "sys/file_status.hpp"
#include "sys/mapped_file.hpp"

namespace okr::loader {

class CheckedWriter;

/// What loading one file produced. On the heap: a repository of 100,000 files keeps one per
/// file while loading, and most hold either an OKR file or a check-in, not both.
struct FileResult {
  std::unique_ptr<OkrFile> okr;
  std::unique_ptr<Checkin> checkin;
  std::vector<Diagnostic> diagnostics;
  std::vector<Suppression> suppressions; ///< the text's suppression comments
};

/// What stat(2) says about a file. Equal stamps mean an unchanged file unless the file was
/// changed within the timestamp granularity of the run that cached it (see Cache::trusts).
struct FileStamp {
  std::int64_t size = -1;
  std::int64_t mtime_ns = 0;
  std::int64_t ctime_ns = 0;
  std::uint64_t inode = 0;
  bool operator==(const FileStamp&) const = default;
};

/// A file or folder changed this close to a moment (the start of the run that cached it, the
/// listing of a folder) may have changed again within the file system's timestamp granularity
/// without its times showing it.
inline constexpr std::int64_t k_racy_ns = 2'000'000'000;

std::optional<FileStamp> stamp_of(const std::filesystem::path& path);
/// The stamp of what stat(2) or fstatat(2) returned.
FileStamp stamp_from(const sys::FileStatus& status);

/// How many fields of each model struct the encoding lists (one io() function per struct in
/// cache.cpp). tests/unit/cache_test.cpp checks them against the structs themselves: a field
/// added to the model but not to the encoding would be lost by every cached run.
struct EncodedFields {
  std::size_t key_result = 0;
  std::size_t objective = 0;
  std::size_t kpi = 0;
  std::size_t okr_file = 0;
  std::size_t checkin = 0;
  std::size_t diagnostic = 0;
};
EncodedFields encoded_fields();

/// What identifies a file's bytes: their XXH3-128 hash (xxHash).
struct ContentHash {
  std::uint64_t low = 0;
  std::uint64_t high = 0;
  bool operator==(const ContentHash&) const = default;
  std::string hex() const; ///< 32 lowercase hex digits
};
ContentHash content_hash(std::string_view bytes);
/// XXH3-64, for the digests of file stamps below (not to identify contents).
std::uint64_t short_hash(std::string_view bytes);

/// Where the key of this user's caches is: $XDG_CACHE_HOME/okr/key, else ~/.cache/okr/key
/// (never in OKR_CACHE_DIR nor in a repository); empty when neither can be found. Every cache
/// file ends with a keyed BLAKE2b tag (libsodium) made with it: a file okr did not write with
/// it, or no trusted key (a link, another user's file, open to others, not 32 bytes), and
/// nothing is read from the cache.
std::filesystem::path cache_key_file();

/// One file's share of a DiskStamp digest (loader/check_record.hpp): its folder (root-relative,
/// hashed once per folder with short_hash; "" for a file at the root), its name and its stamp.
/// The shares are added up, so files may be stat'ed in any order and on any thread.
std::uint64_t file_digest(std::uint64_t folder_hash, std::string_view name, const FileStamp& stamp);
/// The digest of okr.yaml's hash, the sum of the files' shares and how many there are.
std::uint64_t files_digest(std::uint64_t settings, std::uint64_t sum, std::uint64_t count);

class Cache {
public:
  struct Entry {
    FileStamp stamp;
    ContentHash hash;
    std::string_view payload; ///< FileResult, encoded; points into the cache's mapping
  };

  /// Maps `file` read-only (reads it, on a network file system) when it holds a cache made
  /// under `key` (okr's build id, the settings' hash and the root) and authenticated with this
  /// user's key (cache_key_file()); otherwise the cache is empty.
  enum class Reading : std::uint8_t { automatic, into_memory };
  Cache(std::filesystem::path file, std::string key, Reading reading = Reading::automatic);
  ~Cache();
  Cache(Cache&& other) noexcept;
  Cache& operator=(Cache&&) = delete;
  Cache(const Cache&) = delete;

  const Entry* find(const std::string& path) const;
  /// Whether an entry's stamp can be believed without hashing the content: the file was last
  /// changed well before the run that wrote the cache started.
  bool trusts(const FileStamp& stamp) const;
  std::size_t size() const { return m_entries.size(); }

  /// Decodes a payload, positions pointing at file `index`; false when it is malformed.
  static bool decode(std::string_view payload, std::uint32_t index, FileResult& out);

  /// Says that the entries before `payload` in the file are no longer needed, from any
  /// thread: the pages more than a few megabytes behind it leave the process's memory (they
  /// stay in the page cache; an entry read again later faults them back in). Files are
  /// loaded in about the order the cache lists them, so the cache never costs its whole size
  /// in resident memory on top of the repository it holds.
  void done_with(std::string_view payload) const;

  /// A FileResult, encoded (what decode() reads back).
  static std::string encode(const FileResult& result);
  /// The same into `out`, replacing what it held: a buffer reused from file to file keeps its
  /// capacity, so that encoding allocates nothing once it has grown.
  static void encode(const FileResult& result, std::string& out);

  struct NewEntry {
    std::string_view path;
    Entry entry;
  };
  /// Writes a new cache file, stamped with `run_start_ns`, entry by entry as they come (from
  /// any thread, one at a time): through a temporary file and a rename on commit(), so that
  /// nothing is kept in memory and readers see the old file or the new one. Errors are
  /// ignored: the cache is an optimisation.
  class Writer {
  public:
    Writer(const Cache& cache, std::int64_t run_start_ns);
    ~Writer();
    void add(const NewEntry& entry);
    void commit();
    std::size_t count() const { return m_count; }

  private:
    std::unique_ptr<CheckedWriter> m_file;
    std::string m_head;
    std::size_t m_count = 0;
  };

private:
  void unmap();
  std::filesystem::path m_file;
  std::string m_key;
  std::string m_buffer;         ///< the file, read, when it is not mapped
  sys::MappedFile m_map;        ///< the file, mapped, on a local file system
  const char* m_data = nullptr; ///< the file, mapped read-only or in m_buffer
  std::size_t m_size = 0;
  bool m_mapped = false;
  mutable std::atomic<std::size_t> m_piece{0}; ///< 1 + the latest piece done_with() saw
  std::int64_t m_written_at_ns = 0;
  std::unordered_map<std::string_view, Entry> m_entries;
};

} // namespace okr::loader
