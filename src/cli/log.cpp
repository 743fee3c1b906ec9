// okr log: the history of check-ins, newest first.

#include <fmt/format.h>
#include <iostream>
#include <limits>

#include <okr/checkin_log.hpp>
#include <okr/diff.hpp>
#include <okr/history.hpp>

#include "command.hpp"
#include "open_repository.hpp"

namespace okr::cli {

namespace {

struct LogOptions {
  std::string target;
  std::string since;
  std::string as_of;
  std::string definitions = "as-of";
  std::string cycle;
  std::string format = "text";
  std::string root;
  std::size_t max_count = 0;
  bool include_private = false;
  bool no_cache = false;
};

int run_log(const LogOptions& options) {
  LogQuery query;
  if (!options.target.empty() && !parse_log_target(options.target, query)) {
    print_error(
        fmt::format("'{}' is not OWNER, OWNER/OBJECTIVE or OWNER/OBJECTIVE/KR", options.target));
    return k_failure;
  }
  if (!options.since.empty()) {
    query.since = parse_date_option("--since", options.since);
    if (!query.since) {
      return k_failure;
    }
  }
  if (!options.cycle.empty()) {
    query.cycle = options.cycle;
  }
  std::optional<Date> as_of;
  if (!options.as_of.empty()) {
    as_of = parse_date_option("--as-of", options.as_of);
    if (!as_of) {
      return k_failure;
    }
  }
  query.include_private = options.include_private;
  query.max_count = options.max_count;
  OpenOptions open_options;
  open_options.use_cache = !options.no_cache;
  open_options.as_of = as_of;
  open_options.definitions = options.definitions;
  auto open = open_repository(options.root, open_options);
  if (!open) {
    return k_failure;
  }
  CheckinLog log = build_log(*open->index, query);
  if (!log.errors.empty()) {
    for (const std::string& e : log.errors) {
      print_error(e);
    }
    return k_failure;
  }
  // Beside the check-ins, the changes git history holds of the definitions (none outside git).
  std::string not_git;
  if (auto history = History::open(open->root, not_git)) {
    add_definition_changes(
        log, *open->index, query,
        definition_history(*history, open->repo().config.okrs_path, query.since));
  }
  if (options.format == "json") {
    render_log_json(std::cout, log);
  } else {
    render_log_text(std::cout, log, use_color());
  }
  std::cout.flush();
  return k_ok;
}

} // namespace

Runner setup_log(CLI::App& app) {
  auto options = std::make_shared<LogOptions>();
  CLI::App* sub = app.add_subcommand("log", "Show the history of check-ins, newest first");
  sub->add_option("target", options->target,
                  "OWNER, OWNER/OBJECTIVE or OWNER/OBJECTIVE/KR (default: every owner)");
  sub->add_option("--since", options->since, "Only check-ins on or after this date, YYYY-MM-DD")
      ->check(date_check());
  sub->add_option("--as-of", options->as_of,
                  "Read the OKR files as they stood on this date in git history, YYYY-MM-DD "
                  "(default: today)")
      ->check(date_check());
  add_definitions_option(*sub, options->definitions);
  sub->add_option("--cycle", options->cycle, "Only check-ins of this cycle");
  sub->add_option("-n,--max-count", options->max_count, "Show at most this many check-ins")
      ->check(number_check(0, std::numeric_limits<long long>::max()));
  sub->add_flag("--include-private", options->include_private,
                "Include the check-ins of private OKRs (hidden by default)");
  sub->add_option("-f,--format", options->format, "Output format: text or json")
      ->check(CLI::IsMember({"text", "json"}));
  sub->add_option("--root", options->root, "The repository root (default: found from here)");
  sub->add_flag("--no-cache", options->no_cache,
                "Parse every file again, neither reading nor writing the cache of parsed files");
  sub->footer("Examples:\n"
              "  okr log                                every check-in, newest first\n"
              "  okr log discover --since 2026-11-01\n"
              "  okr log discover/first-week            one objective's values\n"
              "  okr log discover/first-week/completion one key result's series\n"
              "  okr log --format json | jq '.checkins[0]'\n\n"
              "Exit status: 0 shown, 2 okr could not do its job (unknown owner, objective or\n"
              "key result, bad date, no repository). See okr-log(1).");
  return [options] { return run_log(*options); };
}

} // namespace okr::cli
