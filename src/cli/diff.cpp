// okr diff: what changed in the OKRs between two revisions, or a revision and the working tree.

#include <filesystem>
#include <fmt/format.h>
#include <iostream>

#include <okr/diff.hpp>
#include <okr/history.hpp>

#include "command.hpp"
#include "open_repository.hpp"

namespace fs = std::filesystem;

namespace okr::cli {

namespace {

struct DiffOptions {
  std::string from = "HEAD";
  std::string to;
  std::string format = "text";
  std::string root;
  bool exit_code = false;
};

int run_diff(const DiffOptions& options) {
  const std::optional<fs::path> root = repository_root(options.root);
  if (!root) {
    return k_failure;
  }
  std::string error;
  const std::unique_ptr<History> history = History::open(*root, error);
  if (!history) {
    print_error(fmt::format("{}; okr diff compares the OKRs of two commits of git history (run "
                            "it inside a git work tree, or pass --root)",
                            error));
    return k_failure;
  }
  if (!history->head()) {
    print_error("the git repository has no commits yet; commit the OKR files first, then okr "
                "diff compares later changes with them");
    return k_failure;
  }
  const DiffRun run =
      diff_revisions(*history, *root, options.from,
                     options.to.empty() ? std::nullopt : std::optional<std::string>(options.to));
  if (run.error) {
    print_error(*run.error);
    return k_failure;
  }
  for (const Diagnostic& d : run.findings) {
    std::cerr << fmt::format("{}:{}:{}: {}: {} [{}]\n", d.file, d.line, d.column,
                             to_string(d.severity), d.message, d.rule);
  }
  if (!run.findings.empty()) {
    std::cerr << "okr: warning: files that could not be read are left out of the comparison\n";
  }
  if (options.format == "json") {
    render_diff_json(std::cout, run.report);
  } else if (options.format == "markdown") {
    render_diff_markdown(std::cout, run.report);
  } else {
    render_diff_text(std::cout, run.report, use_color());
  }
  std::cout.flush();
  return options.exit_code && !run.report.changes.empty() ? k_findings : k_ok;
}

} // namespace

Runner setup_diff(CLI::App& app) {
  auto options = std::make_shared<DiffOptions>();
  CLI::App* sub = app.add_subcommand(
      "diff",
      "Show what changed in the OKRs between two commits, or a commit and the working tree");
  sub->add_option("from", options->from,
                  "A git revision or a date YYYY-MM-DD (the last commit of that day) to compare "
                  "from (default: HEAD)");
  sub->add_option("to", options->to,
                  "A git revision or a date to compare to (default: the working tree)");
  sub->add_option("-f,--format", options->format, "Output format: text, json or markdown")
      ->check(CLI::IsMember({"text", "json", "markdown"}));
  sub->add_flag("--exit-code", options->exit_code,
                "Exit with status 1 when there are changes, 0 when there are none");
  sub->add_option("--root", options->root, "The repository root (default: found from here)");
  sub->footer("Examples:\n"
              "  okr diff                           uncommitted changes to the OKRs\n"
              "  okr diff 2027-01-05                since the first week of the quarter\n"
              "  okr diff origin/main HEAD --format markdown   for a pull-request comment\n"
              "  okr diff v1 v2 --format json | jq '.changes[].kind'\n\n"
              "Exit status: 0 shown (with --exit-code: no changes), 1 with --exit-code: there\n"
              "are changes, 2 okr could not do its job (not a git repository, a revision that\n"
              "names no commit). See okr-diff(1).");
  return [options] { return run_diff(*options); };
}

} // namespace okr::cli
