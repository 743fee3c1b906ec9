#pragma once

// Running git for the commands that need it, without a shell in between.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace okr::cli {

struct GitResult {
  int status = -1;    ///< git's exit status; -1 when it could not run
  std::string output; ///< its standard output
};

/// Runs `git -C dir ARGS...`, standard error discarded.
GitResult run_git(const std::filesystem::path& dir, const std::vector<std::string>& args);

/// The files changed between `ref` and the working tree (deleted and untracked ones too), as
/// paths relative to `root`, which must be inside a git work tree. Works in a shallow clone as
/// long as `ref` itself was fetched. On failure returns nullopt with `error` set.
std::optional<std::vector<std::string>> changed_files(const std::filesystem::path& root,
                                                      const std::string& ref, std::string& error);

} // namespace okr::cli
