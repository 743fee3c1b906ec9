#pragma once

#include <filesystem>
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
  std::vector<std::string> ignore;     ///< the `lint.ignore` globs then in force
  std::vector<Diagnostic> diagnostics; ///< every finding, before any selection of paths
};

/// The record written for the repository at `root` when `now` matches the stamp it was
/// written with, nothing was changed too close to that run to be sure, and it was made by
/// this build of okr under the same `key` (the rule selection, today's date: whatever else
/// the findings depend on). Nullopt otherwise, or when the file is missing or damaged.
std::optional<CheckRecord> read_check_record(const std::filesystem::path& cache_dir,
                                             const std::string& root, const DiskStamp& now,
                                             const std::string& key);

/// Writes the record of a run whose files had `stamp` when it loaded them (atomically;
/// errors are ignored, the record is an optimisation).
void write_check_record(const std::filesystem::path& cache_dir, const std::string& root,
                        const DiskStamp& stamp, const std::string& key, const CheckRecord& record);

} // namespace okr
