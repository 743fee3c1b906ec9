#pragma once

// Finding and loading the repository a command works on, with the messages every command
// prints when it cannot.

#include <CLI/CLI.hpp>
#include <memory>
#include <optional>
#include <string>

#include <okr/index.hpp>
#include <okr/loader.hpp>

namespace okr::cli {

/// A loaded repository and its index (the index points into the repository, so both live on
/// the heap together).
struct OpenRepository {
  LoadResult loaded;
  std::unique_ptr<Index> index;
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
};
OpenRepository* open_repository(const std::string& root, const OpenOptions& options = {});

/// A CLI11 check that an option is a date, YYYY-MM-DD (an empty value is not).
CLI::Validator date_check();

/// A CLI11 check that an option is a whole number from `min` to `max`, with a message that says
/// so ("--jobs: 'abc' is not a whole number from 0 to 4096") instead of a conversion error.
CLI::Validator number_check(long long min, long long max);

/// Parses a --date style option; prints an error naming the option when it is not a date.
std::optional<Date> parse_date_option(std::string_view option, const std::string& text);

} // namespace okr::cli
