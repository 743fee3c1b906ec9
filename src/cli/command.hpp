#pragma once

// What every subcommand file provides: setup_NAME(app) adds the subcommand with its options
// and returns the function that runs it and gives the exit status.

#include <CLI/CLI.hpp>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace okr::cli {

/// Exit statuses, documented in okr(1).
enum Exit : int { k_ok = 0, k_findings = 1, k_failure = 2 };

using Runner = std::function<int()>;

/// The most files --jobs parses in parallel.
constexpr long long k_max_jobs = 1024;

/// Options every subcommand shares.
struct GlobalOptions {
  std::string color = "auto";
};
GlobalOptions& global_options();

/// Whether to colour standard output: --color, NO_COLOR and whether it is a terminal.
bool use_color();

/// Every name of every option of `app` ("--format", "-f"), not of its subcommands.
std::vector<std::string> option_names(const CLI::App& app);

/// Prints "okr: error: MESSAGE" to standard error.
void print_error(const std::string& message);

/// Keeps `owned` until the process exits, without ever destroying it, and returns it. For the
/// repository's model and what points into it: okr exits as soon as it is done with them, and
/// freeing them allocation by allocation cost 60 to 150 ms of a run on 10,000 teams, memory the
/// kernel takes back at once. Still reachable (from a static list), so leak checkers accept it.
void keep_pointer_until_exit(const void* pointer);
template <typename T> T& keep_until_exit(std::unique_ptr<T> owned) {
  T* kept = owned.release();
  keep_pointer_until_exit(kept);
  return *kept;
}

Runner setup_check(CLI::App& app);
Runner setup_align(CLI::App& app);
Runner setup_report(CLI::App& app);
Runner setup_checkin(CLI::App& app);
Runner setup_import(CLI::App& app);
Runner setup_score(CLI::App& app);
Runner setup_log(CLI::App& app);
Runner setup_due(CLI::App& app);
Runner setup_diff(CLI::App& app);
Runner setup_rules(CLI::App& app);
Runner setup_schema(CLI::App& app);
Runner setup_lsp(CLI::App& app);

/// okr __complete WORD...: completion candidates for the shell scripts in completions/.
int complete_words(CLI::App& app, const std::vector<std::string>& words);
Runner setup_init(CLI::App& app);
Runner setup_new(CLI::App& app);

} // namespace okr::cli
