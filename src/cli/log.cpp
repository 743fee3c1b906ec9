#include "command.hpp"
namespace okr::cli {
Runner setup_log(CLI::App& app) {
  app.add_subcommand("log", "x");
  return [] { return 0; };
}
} // namespace okr::cli
