#include "git.hpp"

#include <array>
#include <cstdio>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace okr::cli {

namespace {

std::vector<std::string> split_nul(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\0', start);
    const std::size_t stop = end == std::string::npos ? text.size() : end;
    if (stop > start) {
      out.push_back(text.substr(start, stop - start));
    }
    start = stop + 1;
  }
  return out;
}

} // namespace

GitResult run_git(const std::filesystem::path& dir, const std::vector<std::string>& args) {
  GitResult result;
  std::vector<std::string> argv_strings = {"git", "-C", dir.string()};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& s : argv_strings) {
    argv.push_back(s.data());
  }
  argv.push_back(nullptr);
  std::array<int, 2> pipe_fds{};
  if (pipe(pipe_fds.data()) != 0) {
    return result;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
  posix_spawn_file_actions_addclose(&actions, pipe_fds[1]);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  pid_t pid = 0;
  const int spawned = posix_spawnp(&pid, "git", &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(pipe_fds[1]);
  if (spawned != 0) {
    close(pipe_fds[0]);
    return result;
  }
  std::array<char, 65536> buffer{};
  for (;;) {
    const ssize_t n = read(pipe_fds[0], buffer.data(), buffer.size());
    if (n <= 0) {
      break;
    }
    result.output.append(buffer.data(), static_cast<std::size_t>(n));
  }
  close(pipe_fds[0]);
  int status = 0;
  if (waitpid(pid, &status, 0) == pid && WIFEXITED(status)) {
    result.status = WEXITSTATUS(status);
  }
  return result;
}

std::optional<std::vector<std::string>> changed_files(const std::filesystem::path& root,
                                                      const std::string& ref, std::string& error) {
  if (run_git(root, {"rev-parse", "--is-inside-work-tree"}).status != 0) {
    error = "--changed-since needs a git repository, and the repository root is not in one";
    return std::nullopt;
  }
  if (ref.empty() || ref.front() == '-' ||
      run_git(root, {"rev-parse", "--verify", "--quiet", "--end-of-options", ref + "^{commit}"})
              .status != 0) {
    error = "--changed-since: git knows no commit '" + ref +
            "'; in a shallow clone fetch it first, e.g. git fetch --depth=1 origin " + ref;
    return std::nullopt;
  }
  // Against the working tree, not REF...HEAD: that needs the merge base, which a shallow
  // clone may not have.
  GitResult diff =
      run_git(root, {"diff", "--name-only", "--no-renames", "--relative", "-z", ref, "--"});
  GitResult untracked = run_git(root, {"ls-files", "--others", "--exclude-standard", "-z"});
  if (diff.status != 0 || untracked.status != 0) {
    error = "--changed-since: git could not list the files changed since '" + ref + "'";
    return std::nullopt;
  }
  std::vector<std::string> files = split_nul(diff.output);
  for (std::string& file : split_nul(untracked.output)) {
    files.push_back(std::move(file));
  }
  return files;
}

} // namespace okr::cli
