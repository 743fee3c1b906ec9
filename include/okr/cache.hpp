#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <okr/diagnostic.hpp>
#include <okr/loader.hpp>

namespace okr {

/// Where okr keeps the cache of a repository's parsed files: $OKR_CACHE_DIR when set, else
/// ROOT/.git/okr-cache when the root is a git top level, else $XDG_CACHE_HOME/okr, else
/// ~/.cache/okr. Empty when none of them can be found.
std::filesystem::path default_cache_dir(const std::filesystem::path& root);

/// What a whole `okr check` run found, kept beside the cache of parsed files so that a run on
/// a repository where nothing changed prints it again after only stat(2)-ing the files.
struct CheckRecord {
  std::string root;                    ///< the repository's root, absolute
  std::vector<SourceFile> files;       ///< the files the run loaded (paths and kinds, no text)
  std::vector<std::string> ignore;     ///< the `lint.ignore` globs then in force
  std::vector<Diagnostic> diagnostics; ///< every finding, before any selection of paths
};

/// The record written for the repository at `root` when its files are as they were when it
/// was written (scan_repository(), reusing the folders the record lists), nothing was changed
/// too close to that run to be sure, and it was made by this build of okr under the same `key`
/// (the rule selection, today's date: whatever else the findings depend on). Nullopt
/// otherwise, or when the file is missing or damaged: then nothing was stat'ed.
/// `files` then holds only the files whose path `wanted` accepts (all without it): a run on a
/// few files of a large repository need not build the list of all of them.
std::optional<CheckRecord>
read_check_record(const std::filesystem::path& cache_dir, const std::filesystem::path& root,
                  const std::string& key,
                  const std::function<bool(std::string_view)>& wanted = nullptr);

/// Writes the record of a run whose files had `stamp` when it loaded them from the `folders`
/// it listed, with what it loaded, the `lint.ignore` globs and every finding (atomically;
/// errors are ignored, the record is an optimisation).
void write_check_record(const std::filesystem::path& cache_dir, const std::string& root,
                        const DiskStamp& stamp, const std::vector<ListedFolder>& folders,
                        const std::string& key, const std::vector<SourceFile>& files,
                        const std::vector<std::string>& ignore,
                        const std::vector<Diagnostic>& diagnostics);

} // namespace okr
