#include "process.hpp"

#include <cerrno>
#include <cstdlib>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/wait.h>
#include <unistd.h>

#include "command.hpp"

namespace okr::cli {

ProcessResult run_process(const std::vector<std::string>& args, const std::string& folder,
                          bool quiet) {
  ProcessResult result;
  int fds[2];
  if (args.empty() || ::pipe2(fds, O_CLOEXEC) != 0) {
    return result;
  }
  std::vector<char*> argv;
  for (const std::string& a : args) {
    argv.push_back(const_cast<char*>(a.c_str()));
  }
  argv.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    return result;
  }
  if (pid == 0) {
    ::dup2(fds[1], STDOUT_FILENO);
    if (quiet) {
      const int null = ::open("/dev/null", O_WRONLY);
      if (null >= 0) {
        ::dup2(null, STDERR_FILENO);
      }
    }
    const int in = ::open("/dev/null", O_RDONLY);
    if (in >= 0) {
      ::dup2(in, STDIN_FILENO);
    }
    if (!folder.empty() && ::chdir(folder.c_str()) != 0) {
      ::_exit(127);
    }
    ::execvp(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(fds[1]);
  char buffer[4096];
  for (;;) {
    const ssize_t n = ::read(fds[0], buffer, sizeof buffer);
    if (n > 0) {
      result.output.append(buffer, static_cast<std::size_t>(n));
    } else if (n == 0 || errno != EINTR) {
      break;
    }
  }
  ::close(fds[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      return result;
    }
  }
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

std::string default_author(const std::string& folder) {
  ProcessResult git = run_process({"git", "config", "user.name"}, folder, true);
  if (git.status == 0) {
    const std::string name = git.output.substr(0, git.output.find('\n'));
    if (!name.empty()) {
      return name;
    }
  }
  const char* user = std::getenv("USER");
  return user ? user : "";
}

bool can_commit(const std::string& root) {
  if (run_process({"git", "rev-parse", "--show-toplevel"}, root, true).status == 0) {
    return true;
  }
  print_error(fmt::format(
      "--commit needs a git repository, and '{}' is not in one; nothing was written", root));
  return false;
}

bool commit_files(const std::string& root, const std::vector<std::string>& paths,
                  const std::string& message, const std::string& private_prefix) {
  if (!private_prefix.empty()) {
    std::vector<std::string> main;
    std::vector<std::string> held;
    for (const std::string& path : paths) {
      if (path.starts_with(private_prefix)) {
        held.push_back(path.substr(private_prefix.size()));
      } else {
        main.push_back(path);
      }
    }
    const std::string private_root = root + "/" + private_prefix;
    return (main.empty() || commit_files(root, main, message)) &&
           (held.empty() ||
            (can_commit(private_root) && commit_files(private_root, held, message)));
  }
  std::vector<std::string> add = {"git", "add", "--"};
  std::vector<std::string> commit = {"git", "commit", "--quiet", "--only", "-m", message, "--"};
  add.insert(add.end(), paths.begin(), paths.end());
  commit.insert(commit.end(), paths.begin(), paths.end());
  return run_process(add, root).status == 0 && run_process(commit, root).status == 0;
}

} // namespace okr::cli
