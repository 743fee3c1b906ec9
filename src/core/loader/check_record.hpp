#pragma once

// The record of the last whole `okr check` run, kept beside the cache of parsed files so that a
// run on a repository where nothing changed prints what it found after only stat(2)-ing the
// files: the files' stamps, the folders listed, and the findings. Internal to the core: only
// check_repository() (okr/check.hpp) reads and writes it.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <okr/diagnostic.hpp>
#include <okr/due.hpp>
#include <okr/loader.hpp>
#include <okr/model.hpp>

namespace okr {

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

/// What load_repository() learns of the files on disk, for the record: with
/// LoadOptions::use_cache, for a repository whose every file could be stat'ed, the stamp of
/// the files as they were before they were read (what scan_repository() gives when nothing has
/// changed since), and the folders listed, sorted by path. Only folders on a local file system
/// that had not changed for a while (k_racy) when they were listed are kept: a change within
/// the timestamp granularity could leave their times as they were.
struct Listing {
  std::optional<DiskStamp> stamp;
  std::vector<ListedFolder> folders;
};

/// load_repository(), also filling `listing` (when it is not null).
LoadResult load_repository(const std::filesystem::path& root, const LoadOptions& options,
                           Listing* listing);

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

/// What a whole `okr check` run found, kept beside the cache of parsed files so that a run on
/// a repository where nothing changed prints it again after only stat(2)-ing the files.
struct CheckRecord {
  std::string root;                    ///< the repository's root, absolute
  std::vector<SourceFile> files;       ///< the files the run loaded (paths and kinds, no text)
  std::vector<std::string> ignore;     ///< the `lint.ignore` globs then in force
  std::vector<Diagnostic> diagnostics; ///< every finding, before any selection of paths
  /// With read_check_record's `due`: what `okr due` reads of each OKR file whose cycle was
  /// known (its owner, name, level, cycle and privacy; nothing else is set), and `due_facts`,
  /// the check-in facts of each (due_subjects()), so that it need not load the repository.
  std::vector<OkrFile> due_files;
  std::vector<CheckinFacts> due_facts;
};

/// The record written for the repository at `root` when its files are as they were when it
/// was written (scan_repository(), reusing the folders the record lists), nothing was changed
/// too close to that run to be sure, and it was made by this build of okr (its build id) under
/// the same `key` (the rule selection, today's date: whatever else the findings depend on) and
/// authenticated with this user's cache key (loader/cache.hpp, cache_key_file()). Nullopt
/// otherwise, or when the file is missing or damaged: then nothing was stat'ed.
/// `files` then holds only the files whose path `wanted` accepts (all without it): a run on a
/// few files of a large repository need not build the list of all of them.
/// With `now`, the stamp of the files as a load just took it, nothing is stat'ed again.
/// With `due`, CheckRecord::due_files and due_facts are read too.
std::optional<CheckRecord>
read_check_record(const std::filesystem::path& cache_dir, const std::filesystem::path& root,
                  const std::string& key,
                  const std::function<bool(std::string_view)>& wanted = nullptr,
                  const DiskStamp* now = nullptr, bool due = false);

/// Whether a record was written for the repository at `root` (whatever it holds): a command
/// that would read it need not gather its key otherwise.
bool check_record_exists(const std::filesystem::path& cache_dir, const std::filesystem::path& root);

/// Writes the record of a run whose files had `stamp` when it loaded them from the `folders`
/// it listed, with what it loaded, the `lint.ignore` globs, every finding and what `okr due`
/// reads (due_subjects()) (atomically; errors are ignored, the record is an optimisation).
void write_check_record(const std::filesystem::path& cache_dir, const std::string& root,
                        const DiskStamp& stamp, const std::vector<ListedFolder>& folders,
                        const std::string& key, const std::vector<SourceFile>& files,
                        const std::vector<std::string>& ignore,
                        const std::vector<Diagnostic>& diagnostics,
                        const std::vector<DueSubject>& due);

} // namespace okr
