// okr report: the quarterly (or monthly) report in Markdown, self-contained HTML or JSON.

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <functional>
#include <future>
#include <iostream>
#include <limits>
#include <sstream>

#include <okr/check.hpp>
#include <okr/date.hpp>
#include <okr/diff.hpp>
#include <okr/history.hpp>
#include <okr/index.hpp>
#include <okr/loader.hpp>
#include <okr/report.hpp>
#include <okr/text.hpp>
#include <okr/write_file.hpp>

#include "command.hpp"
#include "git.hpp"
#include "open_repository.hpp"
#include "output.hpp"

namespace fs = std::filesystem;

namespace okr::cli {

namespace {

struct ReportCliOptions {
  std::string cycle;
  std::string owner;
  std::optional<std::size_t> depth;
  std::string as_of;
  std::string definitions = "as-of";
  std::string format = "markdown";
  std::string output;
  std::string template_file;
  std::string root;
  bool include_private = false;
  bool no_cache = false;
};

/// Runs git with `args` in `root`; its standard output, or nothing when git fails or is absent.
std::optional<std::string> git(const fs::path& root, const std::vector<std::string>& args) {
  GitResult result = run_git(root, args);
  if (result.status != 0) {
    return std::nullopt;
  }
  return std::move(result.output);
}

/// The commit the repository is at, and whether its files under `root` were changed.
std::optional<ReportCommit> repository_commit(const fs::path& root) {
  auto hash = git(root, {"rev-parse", "--verify", "--quiet", "HEAD"});
  if (!hash) {
    return std::nullopt;
  }
  while (!hash->empty() && (hash->back() == '\n' || hash->back() == '\r')) {
    hash->pop_back();
  }
  if (hash->empty()) {
    return std::nullopt;
  }
  ReportCommit commit;
  commit.hash = *hash;
  auto status = git(root, {"status", "--porcelain", "--untracked-files=normal", "--", "."});
  commit.modified = status && !status->empty();
  return commit;
}

/// Whether `path` is okr.yaml or inside the OKR or check-in folders of the repository.
bool is_repository_file(const fs::path& path, const fs::path& root, const Repository& repo) {
  std::error_code ec;
  const fs::path target = fs::weakly_canonical(fs::absolute(path, ec), ec);
  const fs::path base = fs::weakly_canonical(root, ec);
  const std::string rel = fs::relative(target, base, ec).generic_string();
  if (ec || rel.empty() || rel == ".." || rel.rfind("../", 0) == 0) {
    return false;
  }
  auto under = [&](const std::string& folder) {
    return rel == folder || rel.rfind(folder + "/", 0) == 0;
  };
  return rel == "okr.yaml" || under(repo.config.okrs_path) || under(repo.config.checkins_path);
}

/// What changed in `cycle` after it started, from git history; nullopt outside git, in a
/// repository without commits, and in a shallow clone that does not reach back to the start.
std::optional<std::vector<Change>> changes_since_start(const fs::path& root,
                                                       const LoadResult& loaded, const Cycle& cycle,
                                                       Date as_of) {
  std::string error;
  const std::unique_ptr<History> history = History::open(root, error);
  if (!history || !history->head()) {
    return std::nullopt;
  }
  if (history->shallow()) {
    const std::optional<Date> first = history->first_date();
    if (!first || *first > cycle.start) {
      std::cerr << fmt::format("okr: note: the clone is shallow and its history begins after {} "
                               "started; the report leaves out what changed this cycle (fetch "
                               "the whole history: git fetch --unshallow, or fetch-depth: 0)\n",
                               cycle.id);
      return std::nullopt;
    }
  }
  return cycle_changes(*history, root, loaded.repo.config.okrs_path, cycle, as_of, Date::today());
}

int run_report(const ReportCliOptions& options) {
  ReportOptions report_options;
  if (!options.as_of.empty()) {
    std::string why;
    auto date = Date::parse(options.as_of, &why);
    if (!date) {
      print_error(fmt::format("--as-of '{}': {}", options.as_of, why));
      return k_failure;
    }
    report_options.as_of = *date;
  } else {
    report_options.as_of = Date::today();
  }
  std::string template_text;
  if (!options.template_file.empty() && (options.format == "json" || options.format == "site")) {
    print_error(
        fmt::format("--template applies to the markdown and html formats, not {}", options.format));
    return k_failure;
  }
  const bool site = options.format == "site";
  if (site && (options.output.empty() || is_stdout(options.output))) {
    print_error("--format site writes a folder: name it with -o DIR");
    return k_failure;
  }
  if (site && options.depth) {
    print_error("--depth applies to the markdown, html and json formats: a site shows every "
                "owner in full on its own page");
    return k_failure;
  }
  if (!options.template_file.empty()) {
    std::ifstream in(options.template_file, std::ios::binary);
    if (!in) {
      print_error(fmt::format("cannot read template '{}'", options.template_file));
      return k_failure;
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    template_text = buffer.str();
    if (template_text.empty()) {
      print_error(fmt::format("template '{}' is empty", options.template_file));
      return k_failure;
    }
  }
  std::error_code ec;
  const fs::path start = options.root.empty() ? fs::current_path(ec) : fs::path(options.root);
  if (!fs::is_directory(start, ec)) {
    print_error(fmt::format("cannot read '{}': no such folder", start.string()));
    return k_failure;
  }
  const fs::path root = options.root.empty() ? find_root(start) : fs::absolute(start, ec);
  // git (posix_spawn, so no page tables copied) runs while the files load: it only reads.
  std::future<std::optional<ReportCommit>> commit =
      std::async(std::launch::async, repository_commit, root);
  LoadOptions load_options;
  load_options.use_cache = !options.no_cache;
  std::optional<Commit> read_from; // the commit of the OKR files under --as-of
  const LoadResult& loaded = keep_until_exit(std::make_unique<LoadResult>(
      load_definitions(root, report_options.as_of, options.definitions, load_options, &read_from)));
  if (loaded.fatal) {
    print_error(*loaded.fatal);
    return k_failure;
  }
  if (!options.output.empty() && is_repository_file(options.output, root, loaded.repo)) {
    print_error(fmt::format("refusing to write the report into the repository's OKR files: '{}'",
                            options.output));
    return k_failure;
  }
  if (!options.cycle.empty()) {
    report_options.cycle = options.cycle;
  }
  if (!options.owner.empty()) {
    report_options.owner = options.owner;
  }
  report_options.depth = options.depth;
  if (site) {
    report_options.depth = std::numeric_limits<std::size_t>::max(); // every owner in full
  }
  report_options.include_private = options.include_private;
  report_options.commit = commit.get();
  if (read_from) {
    report_options.commit = ReportCommit{read_from->id, false};
  }
  report_options.changes = [&](const Cycle& cycle) {
    return changes_since_start(root, loaded, cycle, report_options.as_of);
  };

  // The report builds its owners from the index as it is rendered: the repository stays.
  const Index& index = keep_until_exit(std::make_unique<Index>(loaded.repo));
  if (const std::size_t errors = count_errors(loaded, index); errors > 0) {
    std::cerr << fmt::format("okr: warning: the repository has {} error{}; the report skips what "
                             "could not be read (run 'okr check')\n",
                             errors, errors == 1 ? "" : "s");
  }
  const ReportResult& result =
      keep_until_exit(std::make_unique<ReportResult>(build_report(index, report_options)));
  if (!result.report) {
    print_error(result.error);
    return k_failure;
  }
  const Report& report = *result.report;
  if (site) {
    std::string warning;
    auto failed = write_folder_atomically(
        options.output, ".okr-site",
        [&](const fs::path& folder) -> std::optional<std::string> {
          return render_report_site(
              report, [&](const std::string& name, const auto& fill) -> std::optional<std::string> {
                const std::string shown = (fs::path(options.output) / name).string();
                auto cannot_write = [&] {
                  return errno != 0
                             ? fmt::format("cannot write '{}': {}", shown, std::strerror(errno))
                             : fmt::format("cannot write '{}'", shown);
                };
                errno = 0;
                std::ofstream out(folder / name, std::ios::binary);
                if (!out) {
                  return cannot_write();
                }
                if (auto error = fill(out)) {
                  return error;
                }
                out.close(); // a failed write or close sets failbit; errno says why
                if (!out) {
                  return cannot_write();
                }
                return std::nullopt;
              });
        },
        &warning);
    if (failed) {
      print_error(*failed);
      return k_failure;
    }
    if (!warning.empty()) {
      std::cerr << "okr: warning: " << escape_controls(warning, "\t") << '\n';
    }
    return k_ok;
  }
  auto write = [&](std::ostream& out) -> std::optional<std::string> {
    std::optional<std::string> error;
    if (options.format == "json") {
      render_report_json(out, report);
    } else if (options.format == "html") {
      error = render_report_html(out, report, template_text);
    } else {
      error = render_report_markdown(out, report, template_text);
    }
    if (error) {
      return fmt::format("template '{}': {}", options.template_file, *error);
    }
    return std::nullopt;
  };
  if (options.output.empty() || is_stdout(options.output)) {
    if (auto failed = write(std::cout)) {
      print_error(*failed);
      return k_failure;
    }
    return k_ok; // main reports a failure to write standard output
  }
  if (auto failed = write_file(options.output, write)) {
    print_error(*failed);
    return k_failure;
  }
  return k_ok;
}

} // namespace

Runner setup_report(CLI::App& app) {
  auto options = std::make_shared<ReportCliOptions>();
  CLI::App* sub = app.add_subcommand(
      "report",
      "The cycle's report: scores, review, what changed, KPIs, alignment and retrospectives");
  sub->add_option("--cycle", options->cycle,
                  "The cycle to report on (default: the current cycle, else the last ended one)");
  sub->add_option("--owner", options->owner,
                  "Only this owner and everything beneath it in the organisation and the "
                  "alignment graph");
  sub->add_option(
         "--depth", options->depth,
         "Show in full the OKRs of this many generations of owners from --owner (or "
         "the top), the others as a line of the overview (1: the owner's own; 0: the "
         "overview alone; default: all, or in a report of more than 100 owners as many generations "
         "as hold at most 100)")
      ->check(number_check(0, 1000));
  sub->add_option("--as-of", options->as_of,
                  "Report as things stood on this date, YYYY-MM-DD (default: today)");
  add_definitions_option(*sub, options->definitions);
  sub->add_option("-f,--format", options->format,
                  "Output format: markdown, html, json or site (a folder of HTML pages: -o DIR)")
      ->check(CLI::IsMember({"markdown", "html", "json", "site"}));
  sub->add_option("-o,--output", options->output,
                  "Write the report to this file (atomically) instead of standard output; with "
                  "--format site, the folder to write (replaced whole, if an earlier site)");
  sub->add_flag("--include-private", options->include_private,
                "Include private OKRs (individual OKRs are private by default)");
  sub->add_option("--template", options->template_file,
                  "A Mustache template of your own for markdown or html, fed the same data");
  sub->add_option("--root", options->root,
                  "The repository root (default: the nearest folder above with okr.yaml, else "
                  "the git top level, else the current folder)");
  sub->add_flag("--no-cache", options->no_cache,
                "Parse every file again, neither reading nor writing the cache of parsed files");
  sub->footer("Examples:\n  okr report --as-of 2026-11-20\n"
              "  okr report --owner digital-services --format html -o report.html\n"
              "  okr report --owner digital-services --depth 1   the unit's monthly report\n"
              "  okr report --format json | jq .summary\n"
              "  okr report --format site -o public   a static site: index, units, owners\n"
              "  okr report --template our-report.md.mustache\n\n"
              "Exit status: 0 report written, 2 okr could not do its job.");
  return [options] { return run_report(*options); };
}

} // namespace okr::cli
