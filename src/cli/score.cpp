// okr score: scores of key results, objectives and owners as they stood on a date.

#include <fmt/format.h>
#include <iostream>

#include <okr/score_render.hpp>
#include <okr/scoring.hpp>

#include "command.hpp"
#include "open_repository.hpp"

namespace okr::cli {

namespace {

struct ScoreCommandOptions {
  std::vector<std::string> owners;
  std::string as_of;
  std::string definitions = "as-of";
  std::string cycle;
  std::string level;
  std::string format = "table";
  std::string compare; ///< --compare CYCLE
  std::string root;
  bool include_private = false;
  bool rollup = false;
  bool no_cache = false;
};

int run_score(const ScoreCommandOptions& options) {
  ScoreOptions score;
  score.as_of = Date::today();
  if (!options.as_of.empty()) {
    auto date = parse_date_option("--as-of", options.as_of);
    if (!date) {
      return k_failure;
    }
    score.as_of = *date;
  }
  if (!options.cycle.empty()) {
    score.cycle = options.cycle;
  }
  if (!options.level.empty()) {
    constexpr std::array<std::string_view, 4> k_levels = {"company", "unit", "team", "individual"};
    for (std::size_t i = 0; i < k_levels.size(); ++i) {
      if (k_levels[i] == options.level) {
        score.level = static_cast<Level>(i);
      }
    }
  }
  score.owners = options.owners;
  score.include_private = options.include_private;
  score.rollup = options.rollup;
  // Only the table shows values beyond the latest, in its sparklines.
  score.series_kept = options.format == "table" ? k_sparkline_width : 0;
  OpenOptions open_options;
  open_options.use_cache = !options.no_cache;
  open_options.as_of = score.as_of;
  open_options.definitions = options.definitions;
  auto open = open_repository(options.root, open_options);
  if (!open) {
    return k_failure;
  }
  ScoreReport report = score_repository(*open->index, score);
  if (!report.errors.empty()) {
    for (const std::string& e : report.errors) {
      print_error(e);
    }
    return k_failure;
  }
  if (!options.compare.empty()) {
    std::string error;
    report.comparison = compare_cycles(*open->index, score, report, options.compare, error);
    if (!report.comparison) {
      print_error(error);
      return k_failure;
    }
  }
  ScoreRenderOptions render;
  render.color = use_color();
  render.rollup = options.rollup;
  find_score_format(options.format)->render(std::cout, report, render);
  std::cout.flush();
  return k_ok;
}

} // namespace

Runner setup_score(CLI::App& app) {
  auto options = std::make_shared<ScoreCommandOptions>();
  CLI::App* sub =
      app.add_subcommand("score", "Score key results, objectives and owners from their check-ins");
  sub->add_option("owners", options->owners, "Only these owners (default: every owner)");
  sub->add_option("--as-of", options->as_of,
                  "Score as things stood on this date, YYYY-MM-DD (default: today)")
      ->check(date_check());
  add_definitions_option(*sub, options->definitions);
  sub->add_option("--cycle", options->cycle,
                  "The cycle (default: the shortest cycle with OKRs containing the date)");
  sub->add_option("--level", options->level, "Only owners of this level")
      ->check(CLI::IsMember({"company", "unit", "team", "individual"}));
  sub->add_flag("--include-private", options->include_private,
                "Include private OKRs (hidden by default)");
  sub->add_flag("--rollup", options->rollup,
                "Also show, for each objective, the mean score of the objectives aligned to "
                "or sharing it");
  std::vector<std::string> names;
  for (const ScoreFormat& f : score_formats()) {
    names.emplace_back(f.name);
  }
  sub->add_option("-f,--format", options->format, "Output format: table, json, csv or markdown")
      ->check(CLI::IsMember(names));
  sub->add_option("--compare", options->compare,
                  "Also show the figures of this cycle beside the scored one's: mean score per "
                  "level, committed met, stretch in the sweet spot (csv: those figures only)");
  sub->add_option("--root", options->root, "The repository root (default: found from here)");
  sub->add_flag("--no-cache", options->no_cache,
                "Parse every file again, neither reading nor writing the cache of parsed files");
  sub->footer("Examples:\n"
              "  okr score                          every owner, as of today\n"
              "  okr score discover --as-of 2026-11-01\n"
              "  okr score --level team --rollup\n"
              "  okr score --format json | jq '.owners[] | {owner, score}'\n"
              "  okr score --cycle 2026-Q4 --compare 2026-Q3\n\n"
              "Exit status: 0 scores printed, 2 okr could not do its job (unknown owner or\n"
              "cycle, bad date, no repository). See okr-score(1) for the scoring rules.");
  return [options] { return run_score(*options); };
}

} // namespace okr::cli
