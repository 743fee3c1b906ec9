#pragma once

#include <cstdint>
#include <filesystem>
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
struct DiskStamp {
  std::uint64_t digest = 0;
  std::int64_t taken_ns = 0;         ///< when the files were stat'ed (the run's start)
  std::int64_t newest_change_ns = 0; ///< the latest modification or status-change time seen
};

/// A folder as a listing of the repository read it, for scan_repository() to reuse: what
/// fstat(2) said of the folder just before its entries were read, and those entries. A folder
/// with the same device, inode, modification and status-change times holds the same entries:
/// creating, removing or renaming one changes both times, and the status-change time cannot be
/// set back.
struct ListedFolder {
  std::string path; ///< root-relative, "" for the root
  std::uint64_t device = 0;
  std::uint64_t inode = 0;
  std::int64_t mtime_ns = 0;
  std::int64_t ctime_ns = 0;
  std::vector<std::string> folders; ///< the names of its subfolders
  std::vector<std::string> files;   ///< the names of its *.yaml and *.yml entries that are not
                                    ///< folders (files, and links to anything)
  bool operator==(const ListedFolder&) const = default;
};

struct LoadResult {
  Repository repo;
  std::vector<Diagnostic> diagnostics;
  /// Set when okr could not do its job (unreadable root, okr.yaml with errors): exit status 2.
  std::optional<std::string> fatal;
  /// With use_cache, for a repository read from disk whose every file could be stat'ed: the
  /// stamp of the files as they were before they were read (what scan_repository() gives when
  /// nothing has changed since).
  std::optional<DiskStamp> stamp;
  /// With the stamp and keep_folders: the folders listed, sorted by path. Only folders on a local
  /// file system that had not changed for a while (k_racy) when they were listed are kept: a change
  /// within the timestamp granularity could leave their times as they were.
  std::vector<ListedFolder> folders;
};

struct LoadOptions {
  unsigned jobs = 0;    ///< worker threads; 0 means one per core
  bool checkins = true; ///< false: read okr.yaml and the OKR files only (faster)
  /// Reuse what an earlier run produced for files that have not changed since (okr/cache.hpp).
  /// Only for repositories loaded from disk with their check-ins.
  bool use_cache = false;
  std::filesystem::path cache_dir; ///< empty: default_cache_dir(root)
  /// With use_cache: keep the folders listed, with their stamps (LoadResult::folders), for the
  /// record of a whole `okr check` run.
  bool keep_folders = false;
};

/// The repository root for `start`: the nearest ancestor holding okr.yaml, else the git top
/// level, else `start` itself.
std::filesystem::path find_root(const std::filesystem::path& start);

/// Reads okr.yaml, every OKR file and every check-in file below `root`, in parallel.
LoadResult load_repository(const std::filesystem::path& root, const LoadOptions& options = {});

/// The files load_repository() would read, found and stat'ed but not read (okr.yaml is read:
/// it says where the others are), for the absolute `root`. Nothing per file is kept: only
/// their digest. Nullopt when something cannot be read: load_repository() then says what.
/// A folder of `known` (sorted by path, as LoadResult::folders) whose own stamp is unchanged
/// is not read again: its files are stat'ed by the names it lists.
struct Scan {
  std::string root;
  DiskStamp stamp;
  std::size_t folders_read = 0;  ///< folders whose entries were read
  std::size_t folders_known = 0; ///< folders found unchanged in `known`, not read
};
std::optional<Scan> scan_repository(const std::filesystem::path& root,
                                    const std::vector<ListedFolder>& known = {});

/// The text of a repository file. Files loaded from disk do not keep their text once parsed
/// (it would cost as much memory as the repository); this reads it again. Files loaded from
/// memory return their text.
std::string source_text(const Repository& repo, const SourceFile& file);

/// Loads files given in memory, kinds classified by their paths exactly as on disk
/// ("okr.yaml", "okrs/...", "checkins/..."). For tests and tools that need no disk.
LoadResult load_sources(std::vector<SourceFile> files, const LoadOptions& options = {});

/// Loads a single file in memory. `name` decides the kind as in load_sources; a name outside
/// okrs/ and checkins/ that is not okr.yaml is read as an OKR file.
LoadResult load_string(std::string_view text, std::string name);

} // namespace okr
