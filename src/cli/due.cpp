// okr due: the owners due or overdue for a check-in by their cadence.

#include <iostream>

#include <okr/check.hpp>
#include <okr/due.hpp>

#include "command.hpp"
#include "open_repository.hpp"

namespace okr::cli {

namespace {

struct DueCommandOptions {
  std::string as_of;
  std::string format = "text";
  std::string fail_on;
  std::string root;
  bool include_private = false;
  bool no_cache = false;
};

int run_due(const DueCommandOptions& options) {
  DueOptions due;
  due.as_of = Date::today();
  if (!options.as_of.empty()) {
    auto date = parse_date_option("--as-of", options.as_of);
    if (!date) {
      return k_failure;
    }
    due.as_of = *date;
  }
  due.include_private = options.include_private;
  // On a repository unchanged since the last `okr check` of the day, its record says all.
  std::unique_ptr<RecordedDue> recorded;
  if (!options.no_cache) {
    const auto root = repository_root(options.root);
    if (!root) {
      return k_failure;
    }
    recorded = recorded_due(*root);
  }
  DueReport report;
  if (recorded) {
    warn_of_errors(recorded->errors);
    report = find_due(recorded->subjects, due);
  } else {
    OpenOptions open_options;
    open_options.use_cache = !options.no_cache;
    auto open = open_repository(options.root, open_options);
    if (!open) {
      return k_failure;
    }
    report = find_due(*open->index, due);
  }
  DueRenderOptions render;
  render.color = use_color();
  find_due_format(options.format)->render(std::cout, report, render);
  std::cout.flush();
  return options.fail_on == "overdue" && report.any_overdue() ? k_findings : k_ok;
}

} // namespace

Runner setup_due(CLI::App& app) {
  auto options = std::make_shared<DueCommandOptions>();
  CLI::App* sub = app.add_subcommand("due", "List the owners due or overdue for a check-in");
  sub->add_option("--as-of", options->as_of, "Who is due on this date, YYYY-MM-DD (default: today)")
      ->check(date_check());
  std::vector<std::string> names;
  for (const DueFormat& f : due_formats()) {
    names.emplace_back(f.name);
  }
  sub->add_option("-f,--format", options->format,
                  "Output format: text, json, markdown, slack (a Block Kit message) or teams "
                  "(an Adaptive Card 1.5)")
      ->check(CLI::IsMember(names));
  sub->add_option("--fail-on", options->fail_on, "Exit with status 1 when anyone is overdue")
      ->check(CLI::IsMember({"overdue"}));
  sub->add_flag("--include-private", options->include_private,
                "Name the owners of private OKRs (counted, not named, by default)");
  sub->add_option("--root", options->root, "The repository root (default: found from here)");
  sub->add_flag("--no-cache", options->no_cache,
                "Parse every file again, neither reading nor writing the cache of parsed files");
  sub->footer("Examples:\n"
              "  okr due                              who is due today\n"
              "  okr due --as-of 2026-11-20 --fail-on overdue\n"
              "  okr due --format slack | curl -sS -H 'Content-Type: application/json' \\\n"
              "      --data-binary @- \"$OKR_SLACK_WEBHOOK\"\n\n"
              "Due: today is at least the last check-in + the cadence (the cycle's start +\n"
              "the cadence when there is none). Overdue: the day stale-checkin fires.\n\n"
              "Exit status: 0 listed, 1 someone is overdue with --fail-on overdue, 2 okr could\n"
              "not do its job (bad date, no repository). See okr-due(1).");
  return [options] { return run_due(*options); };
}

} // namespace okr::cli
