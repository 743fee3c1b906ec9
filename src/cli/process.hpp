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

/// The first line of `git config user.name` in `folder`, else $USER, else empty.
std::string default_author(const std::string& folder);

} // namespace okr::cli
