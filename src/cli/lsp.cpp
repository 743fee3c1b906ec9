// okr lsp: the language server for editors, over standard input and output (okr/lsp.hpp does
// the work). The log goes to standard error.

#include <iostream>

#include <okr/lsp.hpp>

#include "command.hpp"

namespace okr::cli {

namespace {

struct LspOptions {
  std::string log_level = "warn";
};

} // namespace

Runner setup_lsp(CLI::App& app) {
  auto options = std::make_shared<LspOptions>();
  CLI::App* sub = app.add_subcommand(
      "lsp", "Run the language server for editors: findings as you type, completion, navigation");
  sub->add_option("--log-level", options->log_level,
                  "What to log on standard error: error, warn, info or debug")
      ->check(CLI::IsMember({"error", "warn", "info", "debug"}));
  sub->footer(
      "An editor starts it: see okr-lsp(1) and the README's Editors section for Neovim,\n"
      "VS Code, Helix and Emacs. Diagnostics are okr check's findings on the unsaved\n"
      "buffers; okr lsp never writes an OKR, check-in or settings file (only okr's cache).\n\n"
      "Exit status: 0 after shutdown and exit, 1 when the client exits without shutdown\n"
      "or goes away.");
  return [options] {
    lsp::ServerOptions server;
    lsp::parse_log_level(options->log_level, server.log_level);
    server.log = &std::cerr;
    // Standard input through its own buffer, which tells how much is waiting (FIONREAD): a
    // burst of edits is checked once (ServerOptions::coalesce_changes).
    std::ios::sync_with_stdio(false);
    return lsp::serve(std::cin, std::cout, server);
  };
}

} // namespace okr::cli
