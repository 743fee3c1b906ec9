// okr check: validate the repository and report every finding.

#include <filesystem>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <fstream>
#include <iostream>
#include <unistd.h>

#include <okr/cache.hpp>
#include <okr/changes.hpp>
#include <okr/diff.hpp>
#include <okr/history.hpp>
#include <okr/loader.hpp>
#include <okr/render.hpp>
#include <okr/rules.hpp>

#include "command.hpp"
#include "git.hpp"

namespace fs = std::filesystem;

namespace okr::cli {

namespace {

struct CheckOptions {
  std::vector<std::string> paths;
  std::vector<std::string> formats;
  std::vector<std::string> outputs; ///< FORMAT=FILE
  std::string root;
  unsigned jobs = 0;
  bool strict = false;
  long max_warnings = -1;
  bool exit_zero = false;
  bool quiet = false;
  RuleSelection selection;
  std::string changed_since;
  bool no_cache = false;
};

/// Whether `file` is one of the selected root-relative paths or inside one of them.
bool selected(std::string_view file, const std::vector<std::string>& selection) {
  if (selection.empty()) {
    return true;
  }
  for (const std::string& s : selection) {
    if (s.empty() || file == s ||
        (file.size() > s.size() && file.compare(0, s.size(), s) == 0 && file[s.size()] == '/')) {
      return true;
    }
  }
  return false;
}

/// Where one format goes: a file, or standard output when `file` is empty.
struct Destination {
  const OutputFormat* format = nullptr;
  std::string file;
};

/// The formats to write: --format to standard output unless an --output names a file for it;
/// each --output FORMAT=FILE; text when neither is given, plus github annotations inside
/// GitHub Actions.
std::optional<std::vector<Destination>> destinations(const CheckOptions& options) {
  std::vector<Destination> out;
  std::vector<Destination> files;
  for (const std::string& spec : options.outputs) {
    const std::size_t equals = spec.find('=');
    const OutputFormat* format =
        equals == std::string::npos ? nullptr : find_output_format(spec.substr(0, equals));
    if (!format || equals + 1 >= spec.size()) {
      print_error(
          fmt::format("--output takes FORMAT=FILE, such as sarif=okr.sarif, not '{}'", spec));
      return std::nullopt;
    }
    const std::string file = spec.substr(equals + 1);
    files.push_back({format, file == "-" ? std::string() : file});
  }
  for (const std::string& name : options.formats) {
    const OutputFormat* format = find_output_format(name);
    const bool to_file = std::any_of(files.begin(), files.end(),
                                     [&](const Destination& d) { return d.format == format; });
    if (!to_file) {
      out.push_back({format, {}});
    }
  }
  if (options.formats.empty() &&
      std::none_of(files.begin(), files.end(), [](const auto& d) { return d.file.empty(); })) {
    out.push_back({find_output_format("text"), {}});
    const char* actions = std::getenv("GITHUB_ACTIONS");
    if (actions && std::string_view(actions) == "true" && isatty(STDOUT_FILENO) == 0) {
      out.push_back({find_output_format("github"), {}});
    }
  }
  out.insert(out.end(), files.begin(), files.end());
  return out;
}

/// The git top level above `root` (a folder holding .git), or nullopt.
std::optional<fs::path> git_top_level(const fs::path& root) {
  std::error_code ec;
  for (fs::path d = root;; d = d.parent_path()) {
    if (fs::exists(d / ".git", ec)) {
      return d;
    }
    if (d == d.root_path() || d.parent_path() == d) {
      return std::nullopt;
    }
  }
}

int exit_status(const CheckOptions& options, const Counts& counts) {
  if (options.exit_zero) {
    return k_ok;
  }
  if (counts.errors > 0) {
    return k_findings;
  }
  if (options.strict && counts.warnings > 0) {
    return k_findings;
  }
  if (options.max_warnings >= 0 &&
      counts.warnings > static_cast<std::size_t>(options.max_warnings)) {
    std::cerr << fmt::format("okr: {} warnings, more than --max-warnings {}\n", counts.warnings,
                             options.max_warnings);
    return k_findings;
  }
  return k_ok;
}

int run_check(const CheckOptions& options) {
  const auto outputs = destinations(options);
  if (!outputs) {
    return k_failure;
  }
  std::error_code ec;
  // The root: --root, else found from the first PATH, else from the current directory.
  fs::path start = options.root.empty() ? fs::current_path(ec) : fs::path(options.root);
  if (options.root.empty() && !options.paths.empty()) {
    start = options.paths.front();
  }
  if (!fs::exists(start, ec)) {
    print_error(fmt::format("cannot read '{}': no such file or folder", start.string()));
    return k_failure;
  }
  const fs::path root =
      fs::weakly_canonical(options.root.empty() ? find_root(start) : fs::absolute(start, ec), ec);
  std::vector<std::string> selection;
  for (const std::string& path : options.paths) {
    if (!fs::exists(path, ec)) {
      print_error(fmt::format("cannot read '{}': no such file or folder", path));
      return k_failure;
    }
    const fs::path relative = fs::relative(fs::weakly_canonical(path, ec), root, ec);
    const std::string rel = relative.generic_string();
    if (ec || rel == ".." || rel.rfind("../", 0) == 0) {
      print_error(fmt::format("'{}' is outside the repository at '{}'", path, root.string()));
      return k_failure;
    }
    selection.push_back(rel == "." ? "" : rel);
  }

  // A run on a repository where nothing changed prints what the last whole run found, after
  // only stat(2)-ing the files. The record is keyed by everything else the findings depend on.
  // The history rules read git history: a new commit (HEAD) may change their findings.
  std::string not_git;
  const std::unique_ptr<History> history = History::open(root, not_git);
  const std::optional<Commit> head = history ? history->head() : std::nullopt;
  const std::string record_key = fmt::format(
      "select {}\nignore {}\ntoday {}\nhead {}", fmt::join(options.selection.select, ","),
      fmt::join(options.selection.ignore, ","), Date::today().str(), head ? head->id : "");
  const bool use_record = !options.no_cache && options.changed_since.empty();
  std::optional<CheckRecord> record;
  Repository scanned;
  if (use_record) {
    std::function<bool(std::string_view)> wanted;
    if (!selection.empty()) {
      wanted = [&](std::string_view path) { return selected(path, selection); };
    }
    record = read_check_record(default_cache_dir(root), root, record_key, wanted);
    if (record) {
      scanned.root = record->root;
      scanned.files = std::move(record->files);
    }
  }

  LoadResult& loaded = keep_until_exit(std::make_unique<LoadResult>());
  CheckReport report;
  std::vector<std::string> ignore;
  std::optional<ChangeScope> scope;
  std::string fatal;
  if (record) {
    report.repo = &scanned;
    report.diagnostics = std::move(record->diagnostics);
    ignore = std::move(record->ignore);
  } else {
    LoadOptions load_options;
    load_options.jobs = options.jobs;
    load_options.use_cache = !options.no_cache;
    load_options.keep_folders = use_record;
    loaded = load_repository(root, load_options);
    if (loaded.fatal && loaded.repo.files.empty()) {
      print_error(*loaded.fatal);
      return k_failure;
    }
    okr::CheckOptions check_options;
    std::vector<std::string> unknown;
    std::vector<Diagnostic> config_errors =
        configure_rules(loaded.repo, options.selection, check_options, unknown);
    if (!unknown.empty()) {
      for (const std::string& message : unknown) {
        print_error(message);
      }
      return k_failure;
    }
    if (!options.changed_since.empty()) {
      std::string error;
      const auto changed = changed_files(root, options.changed_since, error);
      if (!changed) {
        print_error(error);
        return k_failure;
      }
      scope = change_scope(loaded.repo, *changed);
    }

    HistoryFacts facts;
    if (head) {
      facts = history_facts(*history, root, loaded.repo,
                            options.changed_since.empty()
                                ? std::nullopt
                                : std::optional<std::string>(options.changed_since),
                            check_options.today);
      check_options.history = &facts;
    }

    report.repo = &loaded.repo;
    report.diagnostics = std::move(loaded.diagnostics);
    fatal = loaded.fatal.value_or("");
    if (!config_errors.empty()) {
      report.diagnostics.insert(report.diagnostics.end(), config_errors.begin(),
                                config_errors.end());
      fatal = "okr.yaml has errors; fix them first";
    }
    if (fatal.empty()) {
      auto found = run_rules(loaded.repo, check_options);
      report.diagnostics.insert(report.diagnostics.end(), std::make_move_iterator(found.begin()),
                                std::make_move_iterator(found.end()));
      apply_configuration(loaded.repo, check_options, report.diagnostics);
    }
    ignore = std::move(check_options.ignore);
    if (use_record && fatal.empty() && loaded.stamp) {
      write_check_record(default_cache_dir(root), loaded.repo.root, *loaded.stamp, loaded.folders,
                         record_key, loaded.repo.files, ignore, report.diagnostics);
    }
  }
  std::erase_if(report.diagnostics, [&](const Diagnostic& d) {
    return !selected(d.file, selection) || (scope && !in_scope(*scope, d));
  });
  sort_diagnostics(report.diagnostics);
  for (const SourceFile& file : report.repo->files) {
    const bool ignored = std::any_of(ignore.begin(), ignore.end(), [&](const std::string& glob) {
      return glob_match(glob, file.path);
    });
    if (file.kind != FileKind::other && !ignored && selected(file.path, selection) &&
        (!scope || scope->everything || scope->changed.contains(file.path))) {
      ++report.files_checked;
      report.files.push_back(file.path);
    }
  }
  const Counts counts = count(report.diagnostics);
  if (options.quiet) {
    std::erase_if(report.diagnostics,
                  [](const Diagnostic& d) { return d.severity != Severity::error; });
    report.hidden = {0, counts.warnings, counts.infos};
  }

  RenderOptions render_options;
  if (const auto top = git_top_level(root)) {
    const std::string prefix = fs::relative(root, *top, ec).generic_string();
    render_options.path_prefix = prefix.empty() || prefix == "." ? "" : prefix + "/";
    render_options.source_root = top->string();
  } else {
    render_options.source_root = root.string();
  }
  for (const Destination& destination : *outputs) {
    if (destination.file.empty()) {
      render_options.color = destination.format->name == "text" && use_color();
      destination.format->render(std::cout, report, render_options);
      continue;
    }
    std::ofstream file(destination.file, std::ios::binary);
    render_options.color = false;
    destination.format->render(file, report, render_options);
    file.close();
    if (!file) {
      print_error(fmt::format("cannot write '{}'", destination.file));
      return k_failure;
    }
  }
  std::cout.flush();
  if (!fatal.empty()) {
    print_error(fatal);
    return k_failure;
  }
  return exit_status(options, counts);
}

} // namespace

Runner setup_check(CLI::App& app) {
  auto options = std::make_shared<CheckOptions>();
  CLI::App* sub = app.add_subcommand("check", "Validate OKR and check-in files and report every "
                                              "problem");
  sub->add_option("paths", options->paths,
                  "Report only on these files or folders (references still resolve against the "
                  "whole repository)");
  std::vector<std::string> names;
  for (const OutputFormat& f : output_formats()) {
    names.emplace_back(f.name);
  }
  sub->add_option("-f,--format", options->formats,
                  "Output format, may be repeated: text (default), concise, json, sarif, github, "
                  "gitlab, junit")
      ->check(CLI::IsMember(names))
      ->allow_extra_args(false);
  sub->add_option("-o,--output", options->outputs,
                  "Write FORMAT to FILE instead of standard output, may be repeated "
                  "(--output sarif=okr.sarif)")
      ->type_name("FORMAT=FILE")
      ->allow_extra_args(false);
  sub->add_option("--root", options->root,
                  "The repository root (default: the nearest folder above with okr.yaml, else "
                  "the git top level, else the current folder)");
  sub->add_option("-j,--jobs", options->jobs, "Files parsed in parallel (default: one per core)");
  sub->add_flag("--no-cache", options->no_cache,
                "Parse every file again, neither reading nor writing the cache of parsed files");
  sub->add_flag("--strict", options->strict, "Warnings fail the check too (exit status 1)");
  sub->add_option("--max-warnings", options->max_warnings,
                  "Fail (exit status 1) when there are more than N warnings")
      ->check(CLI::NonNegativeNumber)
      ->type_name("N")
      ->default_str("");
  sub->add_flag("--exit-zero", options->exit_zero,
                "Exit 0 even when findings fail the check (2 still means okr could not run)");
  sub->add_flag("-q,--quiet", options->quiet,
                "Show errors only (warnings still count for --strict and --max-warnings)");
  sub->add_option("--select", options->selection.select,
                  "Run only these rules (comma-separated, may be repeated)")
      ->type_name("RULE,...")
      ->delimiter(',')
      ->allow_extra_args(false);
  sub->add_option("--ignore", options->selection.ignore,
                  "Do not run these rules (comma-separated, may be repeated)")
      ->type_name("RULE,...")
      ->delimiter(',')
      ->allow_extra_args(false);
  sub->add_option("--changed-since", options->changed_since,
                  "Report only on files changed since the git commit REF, and on references "
                  "those changes break (works in a shallow clone that has REF)")
      ->type_name("REF");
  sub->footer("Examples:\n"
              "  okr check\n"
              "  okr check okrs/2026-Q4/discover.yaml\n"
              "  okr check --strict --format concise\n"
              "  okr check --select output-kr,kr-count okrs/2026-Q4\n"
              "  okr check --changed-since origin/main --output sarif=okr.sarif\n"
              "  okr check --format github --format junit --output junit=okr.xml\n\n"
              "Exit status: 0 no errors, 1 errors found (or warnings with --strict or over "
              "--max-warnings), 2 okr could not do its job.\nSee okr-check(1); rules: okr "
              "rules.");
  return [options] { return run_check(*options); };
}

} // namespace okr::cli
