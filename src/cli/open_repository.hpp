#pragma once

// Finding and loading the repository a command works on, with the messages every command
// prints when it cannot.

#include <CLI/CLI.hpp>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include <okr/history.hpp>
#include <okr/index.hpp>
#include <okr/loader.hpp>

namespace okr::cli {

/// A loaded repository and its index (the index points into the repository, so both live on
/// the heap together).
struct OpenRepository {
  LoadResult loaded;
  std::unique_ptr<Index> index;
  std::filesystem::path root; ///< the repository root found (loaded.repo.root may be empty)
  const Repository& repo() const { return loaded.repo; }
};

/// Loads the repository at `root` (or found from the current folder when empty), kept until
/// okr exits (keep_until_exit). Prints "okr: error: ..." and returns null when okr cannot work
/// on it (exit status 2). When files have errors, prints a one-line warning that results may
/// be incomplete and goes on.
struct OpenOptions {
  bool checkins = true;   ///< false: skip the check-in files (only the OKR files are needed)
  bool warn = true;       ///< run the rules and warn when the repository has errors
  bool use_cache = false; ///< reuse the parsed files of earlier runs (LoadOptions::use_cache)
  /// The OKRs of this day (--as-of): okr.yaml and the OKR files from git history when it is
  /// before today (load_definitions()).
  std::optional<Date> as_of;
  std::string definitions = "as-of"; ///< --definitions: "as-of", or "today" (the working tree)
};
OpenRepository* open_repository(const std::string& root, const OpenOptions& options = {});

/// The warning of a repository with `errors` errors (count_errors()); nothing when there are
/// none.
void warn_of_errors(std::size_t errors);

/// The repository root of --root `root` (absolute), or found from the current folder when it is
/// empty; prints an error and returns nullopt when `root` is not a folder.
std::optional<std::filesystem::path> repository_root(const std::string& root);

/// Loads the repository at `root` for a command with --as-of and --definitions: as it stood on
/// `as_of` (okr/history.hpp) when that is before today and `definitions` is "as-of", else as it
/// is. Prints "okr: note: ..." when history cannot answer and the working tree is read instead.
/// `commit`, when given, gets the commit the OKR files were read from, if they were.
LoadResult load_definitions(const std::filesystem::path& root, std::optional<Date> as_of,
                            const std::string& definitions, const LoadOptions& options,
                            std::optional<Commit>* commit = nullptr);

/// Adds --definitions to a command that has --as-of.
void add_definitions_option(CLI::App& command, std::string& definitions);

/// A CLI11 check that an option is a date, YYYY-MM-DD (an empty value is not).
CLI::Validator date_check();

/// A CLI11 check that an option is a whole number from `min` to `max`, with a message that says
/// so ("--jobs: 'abc' is not a whole number from 0 to 4096") instead of a conversion error.
CLI::Validator number_check(long long min, long long max);

/// Parses a --date style option; prints an error naming the option when it is not a date.
std::optional<Date> parse_date_option(std::string_view option, const std::string& text);

} // namespace okr::cli
