#pragma once

// Running another program (git) without a shell: arguments are passed as they are.

#include <optional>
#include <string>
#include <vector>

namespace okr::cli {

struct ProcessResult {
  int status = -1;    ///< the exit status, or -1 when it could not run or was killed
  std::string output; ///< what it wrote to standard output
};

/// Runs `args` (args[0] looked up in PATH) in `folder`, capturing standard output. Standard
/// error goes to okr's own unless `quiet`.
ProcessResult run_process(const std::vector<std::string>& args, const std::string& folder,
                          bool quiet = false);

/// For --commit, before anything is written: whether `root` is in a git work tree; prints
/// "--commit needs a git repository..." when it is not.
bool can_commit(const std::string& root);

/// Stages and commits `paths` (relative to `root`) and only them, leaving what else is staged
/// alone; false when git fails. The paths that start with `private_prefix` (Config::
/// private_prefix) are committed in the private repository, which holds them, with the same
/// message.
bool commit_files(const std::string& root, const std::vector<std::string>& paths,
                  const std::string& message, const std::string& private_prefix = {});

/// The first line of `git config user.name` in `folder`, else $USER, else empty.
std::string default_author(const std::string& folder);

} // namespace okr::cli
