#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <okr/diagnostic.hpp>
#include <okr/model.hpp>

namespace okr {

/// What stat(2) said about the files of a repository: a digest of okr.yaml's bytes and of every
/// other file's path, size, modification and status-change times and inode. Equal digests mean
/// the same files unchanged, unless one changed within the file system's timestamp granularity
/// of the moment it was taken (`newest_change_ns` tells).
/// The record of the last `okr check` is kept under the stamp of the files it checked.
struct DiskStamp {
  std::uint64_t digest = 0;
  std::int64_t taken_ns = 0;         ///< when the files were stat'ed (the run's start)
  std::int64_t newest_change_ns = 0; ///< the latest modification or status-change time seen
};

struct LoadResult {
  Repository repo;
  std::vector<Diagnostic> diagnostics;
  /// Set when okr could not do its job (unreadable root, okr.yaml with errors): exit status 2.
  std::optional<std::string> fatal;
  /// With LoadOptions::use_cache, for files read from disk that could all be stat'ed: their
  /// stamp just before they were read.
  std::optional<DiskStamp> stamp;
};

struct LoadOptions {
  unsigned jobs = 0;    ///< worker threads; 0 means one per core
  bool checkins = true; ///< false: read okr.yaml and the OKR files only (faster)
  /// Reuse what an earlier run produced for files that have not changed since (okr/cache.hpp).
  /// Only for repositories loaded from disk with their check-ins.
  bool use_cache = false;
  std::filesystem::path cache_dir; ///< empty: default_cache_dir(root)
  /// Texts by root-relative path read instead of those files on disk (an editor's unsaved
  /// buffers); such files keep their text. An OKR or check-in file given here that is not on
  /// disk (a buffer never saved) is loaded too. With use_cache, the cache of parsed files
  /// serves the files not overlaid; an overlaid file's entry stays the disk's (a buffer is
  /// never written to it).
  const std::map<std::string, std::string, std::less<>>* overlays = nullptr;
};

/// The repository root for `start`: the nearest ancestor holding okr.yaml, else the git top
/// level, else `start` itself.
std::filesystem::path find_root(const std::filesystem::path& start);

/// How the files of the private repository overlaid on `root` are named (Config::private_prefix,
/// such as "../okr-private/"), when okr.yaml's private.path or OKR_PRIVATE_DIR names one that
/// is there; empty otherwise.
std::string private_prefix(const std::filesystem::path& root);

/// Reads okr.yaml, every OKR file and every check-in file below `root`, in parallel.
LoadResult load_repository(const std::filesystem::path& root, const LoadOptions& options = {});

/// Reads again, from the repository's root, the text of each file that `wanted` names (by its
/// root-relative path) and whose text the loader dropped (see SourceFile::text): for the few
/// files whose lines a report shows. A file that cannot be read keeps an empty text.
void read_texts(Repository& repo, const std::function<bool(std::string_view path)>& wanted);

/// Parses `text` as the new contents of `repo.files[index]` (an editor's buffer, kept as the
/// file's text) and puts its model and suppression comments in place of the file's old ones, as
/// load_repository() with the text as an overlay would have loaded it; returns the file's loader
/// findings. False (nothing changed) for okr.yaml, whose settings decide how every other file is
/// read: load the repository again.
bool reparse_file(Repository& repo, std::uint32_t index, std::string text,
                  std::vector<Diagnostic>& findings);

/// Loads files given in memory, kinds classified by their paths exactly as on disk
/// ("okr.yaml", "okrs/...", "checkins/..."). For tests and tools that need no disk.
LoadResult load_sources(std::vector<SourceFile> files, const LoadOptions& options = {});

/// Loads a single file in memory. `name` decides the kind as in load_sources; a name outside
/// okrs/ and checkins/ that is not okr.yaml is read as an OKR file.
LoadResult load_string(std::string_view text, std::string name);

} // namespace okr
