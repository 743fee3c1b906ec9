// okr align: the alignment of a cycle's OKRs as a tree, a graph or data, with the gaps,
// orphans, overlaps, dependencies, individual copies and focus problems an alignment session
// should talk about.

#include <algorithm>
#include <filesystem>
#include <fmt/format.h>
#include <iostream>

#include <okr/alignment.hpp>
#include <okr/check.hpp>
#include <okr/loader.hpp>
#include <okr/scoring.hpp>
#include <okr/text.hpp>

#include "command.hpp"
#include "open_repository.hpp"

namespace fs = std::filesystem;

namespace okr::cli {

namespace {

struct AlignOptions {
  std::string owner;
  std::string root;
  std::string cycle;
  std::string as_of;
  std::string definitions = "as-of";
  std::size_t depth = 0;
  bool include_private = false;
  std::string format = "tree";
  std::vector<std::string> fail_on;
  unsigned jobs = 0;
  bool no_cache = false;
};

/// The section named by a --fail-on word ("individual-copies" is accepted too).
std::optional<std::string_view> section_named(std::string word) {
  std::replace(word.begin(), word.end(), '-', '_');
  for (const std::string_view name : align_sections()) {
    if (name == word) {
      return name;
    }
  }
  return std::nullopt;
}

/// Why OWNER is not in the graph, in words.
std::string unknown_owner(const Index& index, const Alignment& graph, const std::string& owner,
                          const std::string& cycle) {
  const auto& files = index.files_of(owner);
  if (!files.empty()) {
    const bool all_private =
        std::all_of(files.begin(), files.end(), [](const OkrFile* f) { return f->is_private; });
    if (all_private && !graph.include_private) {
      return fmt::format("the OKRs of '{}' are private; add --include-private to show them", owner);
    }
    return fmt::format("'{}' has no OKR file for cycle {}; choose another with --cycle", owner,
                       cycle);
  }
  std::vector<std::string_view> ids;
  for (const AlignOwner& o : graph.owners) {
    ids.push_back(o.id);
  }
  std::string message = fmt::format("no OKR file has owner '{}'", owner);
  if (const auto near = closest_match(owner, ids); !near.empty()) {
    message += fmt::format("; did you mean '{}'?", near);
  }
  return message;
}

int run_align(const AlignOptions& options) {
  const AlignFormat* format = find_align_format(options.format);
  std::vector<std::string_view> fail_on;
  for (const std::string& word : options.fail_on) {
    const auto name = section_named(word);
    if (!name) {
      print_error(fmt::format("--fail-on: unknown section '{}'; choose from gaps, orphans, "
                              "overlaps, dependencies, individual_copies, focus",
                              word));
      return k_failure;
    }
    fail_on.push_back(*name);
  }
  const Date today = Date::today();
  Date as_of = today;
  if (!options.as_of.empty()) {
    std::string why;
    const auto parsed = Date::parse(options.as_of, &why);
    if (!parsed) {
      print_error(fmt::format("--as-of '{}' is not a date: {}", options.as_of, why));
      return k_failure;
    }
    if (*parsed > today) {
      print_error(
          fmt::format("--as-of {} is in the future (today is {})", parsed->str(), today.str()));
      return k_failure;
    }
    as_of = *parsed;
  }

  std::error_code ec;
  const fs::path start = options.root.empty() ? fs::current_path(ec) : fs::path(options.root);
  if (!fs::is_directory(start, ec)) {
    print_error(fmt::format("cannot read '{}': no such folder", start.string()));
    return k_failure;
  }
  const fs::path root = options.root.empty() ? find_root(start) : fs::absolute(start, ec);
  LoadOptions load_options;
  load_options.jobs = options.jobs;
  load_options.use_cache = !options.no_cache;
  const LoadResult& loaded = keep_until_exit(std::make_unique<LoadResult>(
      load_definitions(root, options.as_of.empty() ? std::nullopt : std::optional<Date>(as_of),
                       options.definitions, load_options)));
  if (loaded.fatal) {
    print_error(*loaded.fatal);
    return k_failure;
  }
  const Index& index = keep_until_exit(std::make_unique<Index>(loaded.repo));

  std::string cycle = options.cycle;
  if (cycle.empty()) {
    const auto chosen = default_cycle(index, as_of);
    if (!chosen) {
      print_error(fmt::format("nothing to align: no OKR files under '{}'",
                              (root / loaded.repo.config.okrs_path).string()));
      return k_failure;
    }
    cycle = *chosen;
  } else {
    const bool used = std::any_of(loaded.repo.okr_files.begin(), loaded.repo.okr_files.end(),
                                  [&](const OkrFile& f) { return f.cycle.value == cycle; });
    if (!used) {
      std::vector<std::string> ids;
      for (const OkrFile& f : loaded.repo.okr_files) {
        ids.push_back(f.cycle.value);
      }
      std::sort(ids.begin(), ids.end());
      ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
      print_error(fmt::format("no OKR file is in cycle '{}'; cycles with OKRs: {}", cycle,
                              ids.empty() ? "none" : fmt::format("{}", fmt::join(ids, ", "))));
      return k_failure;
    }
  }

  const std::size_t errors = count_errors(loaded, index);
  if (errors > 0) {
    std::cerr << fmt::format("okr: warning: the repository has {} error{} that may hide part of "
                             "the alignment; run 'okr check'\n",
                             errors, errors == 1 ? "" : "s");
  }

  AlignScope scope;
  scope.cycle = cycle;
  scope.include_private = options.include_private;
  Alignment graph = build_alignment(index, scope);
  if (!options.owner.empty() && !graph.find_owner(options.owner)) {
    print_error(unknown_owner(index, graph, options.owner, cycle));
    return k_failure;
  }
  analyse_alignment(graph, index, focus_limits(loaded.repo.config));
  restrict_alignment(graph, options.owner, options.depth);

  AlignReport report;
  report.graph = &graph;
  report.repo = &loaded.repo;
  report.organization =
      loaded.repo.config.organization ? loaded.repo.config.organization->value : "";
  report.cycle = cycle;
  report.as_of = as_of;
  report.owner = options.owner;
  // Scores as okr score computes them, once anything has been measured: before the first
  // check-in, the views show no scores at all rather than a column of zeros.
  AlignScores scores;
  std::vector<const OkrFile*> files;
  for (const AlignOwner& owner : graph.owners) {
    files.insert(files.end(), owner.files.begin(), owner.files.end());
  }
  const RollUps rollups = roll_ups(index, as_of, files, options.include_private, false);
  for (const OkrFile* file : files) {
    for (const ObjectiveScore& o : score_owner(index, *file, as_of, 0, &rollups).objectives) {
      for (const KrScore& kr : o.key_results) {
        if (kr.measured) {
          scores.add(*kr.kr, kr.score);
        }
      }
      if (o.score) {
        scores.add(*o.objective, *o.score);
      }
      if (o.rollup()) {
        scores.add_rollup(*o.objective);
      }
    }
  }
  scores.sort();
  report.scores = scores.empty() ? nullptr : &scores;
  AlignRenderOptions render_options;
  render_options.color = use_color();
  format->render(std::cout, report, render_options);
  std::cout.flush();

  int status = k_ok;
  for (const std::string_view name : fail_on) {
    if (const std::size_t n = section_size(graph, name); n > 0) {
      std::cerr << fmt::format("okr: align: --fail-on {}: {} found\n", name, n);
      status = k_findings;
    }
  }
  return status;
}

} // namespace

Runner setup_align(CLI::App& app) {
  auto options = std::make_shared<AlignOptions>();
  CLI::App* sub = app.add_subcommand(
      "align", "Show how objectives align, with gaps, orphans, overlaps and dependencies");
  sub->add_option("owner", options->owner,
                  "Start from this owner instead of the top of the organisation");
  std::vector<std::string> names;
  for (const AlignFormat& f : align_formats()) {
    names.emplace_back(f.name);
  }
  sub->add_option("-f,--format", options->format,
                  "Output format: tree, mermaid, dot, json or markdown")
      ->check(CLI::IsMember(names));
  sub->add_option("--cycle", options->cycle,
                  "The cycle to show, with the cycles that overlap it (default: the shortest "
                  "cycle with OKR files that contains --as-of)");
  sub->add_option("--as-of", options->as_of,
                  "The date to report as of, YYYY-MM-DD (default: "
                  "today)");
  add_definitions_option(*sub, options->definitions);
  sub->add_option("--depth", options->depth,
                  "Show this many levels of the organisation (1: only the top; default: all)")
      ->check(number_check(1, 1000));
  sub->add_flag("--include-private", options->include_private,
                "Show private OKRs (individuals' are private by default)");
  sub->add_option("--fail-on", options->fail_on,
                  "Exit with status 1 when one of these sections is not empty: gaps, orphans, "
                  "overlaps, dependencies, individual_copies, focus (comma-separated)")
      ->delimiter(',');
  sub->add_option("--root", options->root,
                  "The repository root (default: the nearest folder above with okr.yaml, else "
                  "the git top level, else the current folder)");
  sub->add_option("-j,--jobs", options->jobs, "Files parsed in parallel (default: one per core)")
      ->check(number_check(0, k_max_jobs));
  sub->add_flag("--no-cache", options->no_cache,
                "Parse every file again, neither reading nor writing the cache of parsed files");
  sub->footer("Examples:\n"
              "  okr align                               the tree of the current cycle\n"
              "  okr align digital-services --depth 2    one unit and its teams\n"
              "  okr align --format mermaid > align.mmd  a chart for a pull request\n"
              "  okr align --format dot | dot -Tsvg > align.svg\n"
              "  okr align --fail-on gaps,orphans        a CI gate\n\n"
              "Exit status: 0 done, 1 a --fail-on section is not empty, 2 okr could not do its "
              "job.\nSee okr-align(1).");
  return [options] { return run_align(*options); };
}

} // namespace okr::cli
