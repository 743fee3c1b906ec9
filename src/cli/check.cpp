// okr check: validate the repository and report every finding.

#include <chrono>
#include <ctime>
#include <filesystem>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <iostream>
#include <iterator>
#include <limits>
#include <unistd.h>

#include <okr/check.hpp>
#include <okr/check_render.hpp>
#include <okr/loader.hpp>
#include <okr/rules.hpp>
#include <okr/text.hpp>

#include "command.hpp"
#include "git.hpp"
#include "open_repository.hpp"
#include "output.hpp"

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
  std::string stdin_filename; ///< with the PATH "-": the file standard input stands for
  bool include_private = false;
};

/// Where one format goes: a file, or standard output when `file` is empty.
struct Destination {
  const OutputFormat* format = nullptr;
  std::string file;
};

/// The formats to write, standard output's first: --format to standard output unless an
/// --output names a file for it (text when neither is given, plus github annotations inside
/// GitHub Actions), then each --output FORMAT=FILE in order. An --output that is standard output
/// ("-", /dev/stdout, the file it was redirected to) comes after the rest of standard output.
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
    files.push_back({format, is_stdout(file) ? std::string() : file});
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
  // Two documents on one stream make neither readable.
  std::vector<std::string_view> documents;
  for (const Destination& d : out) {
    if (d.file.empty() && d.format->document) {
      documents.push_back(d.format->name);
    }
  }
  if (documents.size() > 1) {
    print_error(fmt::format("{} and {} would both go to standard output, and neither could be "
                            "read; write one to a file with --output {}=FILE",
                            documents[0], documents[1], documents[1]));
    return std::nullopt;
  }
  return out;
}

/// Writes every destination: standard output's in order, then each file once, with every
/// format sent to it in order. False when a file could not be written (the message printed).
bool write_outputs(const std::vector<Destination>& outputs, const CheckReport& report,
                   RenderOptions render_options) {
  for (const Destination& d : outputs) {
    if (d.file.empty()) {
      render_options.color = d.format->name == "text" && use_color();
      d.format->render(std::cout, report, render_options);
    }
  }
  render_options.color = false;
  // Identities first: writing a file that did not exist changes how its name resolves.
  std::vector<std::string> identity;
  for (const Destination& d : outputs) {
    identity.push_back(d.file.empty() ? std::string() : file_identity(d.file));
  }
  bool written = true;
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    if (outputs[i].file.empty() ||
        std::find(identity.begin(), identity.begin() + static_cast<long>(i), identity[i]) !=
            identity.begin() + static_cast<long>(i)) {
      continue;
    }
    const auto failed =
        write_file(outputs[i].file, [&](std::ostream& out) -> std::optional<std::string> {
          for (std::size_t j = i; j < outputs.size(); ++j) {
            if (identity[j] == identity[i]) {
              outputs[j].format->render(out, report, render_options);
            }
          }
          return std::nullopt;
        });
    if (failed) {
      print_error(*failed);
      written = false;
    }
  }
  return written;
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

/// Whether an OKR or check-in file (or okr.yaml, with `config`) is among the selected files.
bool holds_okr_files(const Repository& repo, const std::vector<std::string>& selection,
                     bool config) {
  return std::any_of(repo.files.begin(), repo.files.end(), [&](const SourceFile& f) {
    return (f.kind == FileKind::okr || f.kind == FileKind::checkin ||
            (config && f.kind == FileKind::config)) &&
           selected(f.path, selection);
  });
}

/// Why there is nothing to check, or nothing: the PATHs given hold no OKR or check-in file, or
/// there is neither okr.yaml nor such a file at all (the wrong folder, most likely).
std::optional<std::string> nothing_to_check(const CheckOptions& options, const Repository& repo,
                                            const fs::path& root,
                                            const std::vector<std::string>& selection,
                                            bool scoped) {
  if (holds_okr_files(repo, selection, !options.paths.empty()) || scoped) {
    return std::nullopt;
  }
  if (!options.paths.empty()) {
    return fmt::format("no OKR file, check-in or okr.yaml in {}; OKR files live under '{}' "
                       "and check-ins under '{}' of the repository at '{}'",
                       options.paths.size() == 1 ? fmt::format("'{}'", options.paths.front())
                                                 : "the paths given",
                       repo.config.okrs_path, repo.config.checkins_path, root.string());
  }
  std::error_code ec;
  if (!fs::exists(root / "okr.yaml", ec)) {
    return fmt::format("no OKR repository here: no okr.yaml and no OKR file under '{}'; run "
                       "'okr init' to start one, or give --root",
                       (root / repo.config.okrs_path).string());
  }
  return std::nullopt;
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
    std::cerr << fmt::format("okr: {}, more than --max-warnings {}\n",
                             plural(counts.warnings, "warning", "warnings"), options.max_warnings);
    return k_findings;
  }
  return k_ok;
}

/// The time now, UTC, as 2026-11-20T09:30:00: midnight of OKR_TODAY when it is set.
std::string start_time() {
  if (const char* today = std::getenv("OKR_TODAY"); today && *today) {
    return Date::today().str() + "T00:00:00";
  }
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", utc.tm_year + 1900, utc.tm_mon + 1,
                     utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec);
}

/// With the PATH "-": checks that it is the only PATH and that --stdin-filename names the file
/// it stands for, which then replaces it in `paths`. False when not (the message printed).
bool stdin_arguments(CheckOptions& options) {
  const bool dash =
      std::find(options.paths.begin(), options.paths.end(), "-") != options.paths.end();
  if (!dash) {
    if (!options.stdin_filename.empty()) {
      print_error("--stdin-filename PATH says which file standard input stands for, and needs "
                  "the PATH '-' to read it: okr check --stdin-filename PATH -");
      return false;
    }
    return true;
  }
  if (options.stdin_filename.empty()) {
    print_error("'-' checks standard input, and needs --stdin-filename PATH to say which file it "
                "stands for: okr check --stdin-filename okrs/2026-Q4/team.yaml -");
    return false;
  }
  if (options.paths.size() > 1) {
    print_error("'-' checks standard input alone: give no other PATH with it");
    return false;
  }
  std::error_code ec;
  if (fs::is_directory(options.stdin_filename, ec)) {
    print_error(
        fmt::format("--stdin-filename names a file, not the folder '{}'", options.stdin_filename));
    return false;
  }
  options.paths = {options.stdin_filename};
  return true;
}

/// The nearest folder at or above `path` that exists (the current folder for a relative path
/// none of whose folders exists).
fs::path existing_folder(const fs::path& path) {
  std::error_code ec;
  fs::path folder = fs::absolute(path, ec).parent_path();
  while (!fs::is_directory(folder, ec) && folder.has_relative_path()) {
    folder = folder.parent_path();
  }
  return folder;
}

int run_check(CheckOptions options) {
  const auto started = std::chrono::steady_clock::now();
  const std::string started_at = start_time();
  const auto outputs = destinations(options);
  if (!outputs || !stdin_arguments(options)) {
    return k_failure;
  }
  const bool from_stdin = !options.stdin_filename.empty();
  std::error_code ec;
  // The root: --root, else found from the first PATH, else from the current directory. A file
  // given on standard input need not exist: its folder, or the nearest above, then serves.
  fs::path start = options.root.empty() ? fs::current_path(ec) : fs::path(options.root);
  if (options.root.empty() && !options.paths.empty()) {
    start = from_stdin && !fs::exists(options.paths.front(), ec)
                ? existing_folder(options.paths.front())
                : fs::path(options.paths.front());
  }
  if (!fs::exists(start, ec)) {
    print_error(fmt::format("cannot read '{}': no such file or folder", start.string()));
    return k_failure;
  }
  const fs::path root =
      fs::weakly_canonical(options.root.empty() ? find_root(start) : fs::absolute(start, ec), ec);
  std::vector<std::string> selection;
  // A file of the private repository overlaid on this one is named under its prefix.
  const std::string private_files = options.paths.empty() ? "" : private_prefix(root);
  const fs::path private_root =
      private_files.empty() ? fs::path() : fs::weakly_canonical(root / private_files, ec);
  for (const std::string& path : options.paths) {
    if (!from_stdin && !fs::exists(path, ec)) {
      print_error(fmt::format("cannot read '{}': no such file or folder", path));
      return k_failure;
    }
    // Resolved as the loader resolves a file: every symbolic link followed, so that a folder
    // link inside the repository selects the files of its target, the names the loader lists.
    fs::path target = fs::weakly_canonical(path, ec);
    if (!target.has_filename()) { // "q4/"
      target = target.parent_path();
    }
    auto inside_of = [](const fs::path& p, const fs::path& top) {
      const std::string rel = p.lexically_relative(top).generic_string();
      return !rel.empty() && rel != ".." && rel.rfind("../", 0) != 0;
    };
    auto inside = [&](const fs::path& p) { return inside_of(p, root); };
    if (!ec && !private_root.empty() && !inside(target) && inside_of(target, private_root)) {
      const std::string rel = target.lexically_relative(private_root).generic_string();
      selection.push_back(rel == "." ? private_files.substr(0, private_files.size() - 1)
                                     : private_files + rel);
      continue;
    }
    if (ec || !inside(target)) {
      const fs::path written = fs::absolute(path, ec).lexically_normal();
      print_error(!ec && inside(written)
                      ? fmt::format("'{}' leads out of the repository at '{}' through a "
                                    "symbolic link (to '{}'); okr reads no file outside it",
                                    path, root.string(), target.string())
                      : fmt::format("'{}' is outside the repository at '{}'", path, root.string()));
      return k_failure;
    }
    const std::string rel = target.lexically_relative(root).generic_string();
    selection.push_back(rel == "." ? "" : rel);
  }

  CheckRequest request;
  request.root = root;
  request.paths = selection;
  request.include_private = options.include_private;
  if (from_stdin) {
    // In place of the file on disk: the caches never hold an overlay (the cache of parsed
    // files serves the other files), so nothing of the buffer is kept.
    std::string text((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
    if (std::cin.bad()) {
      print_error("cannot read standard input");
      return k_failure;
    }
    request.overlays.emplace(selection.front(), std::move(text));
  }
  request.selection = options.selection;
  request.jobs = options.jobs;
  request.use_cache = !options.no_cache;
  if (!options.changed_since.empty()) {
    request.changed_files = [&](std::string& error) {
      return changed_files(root, options.changed_since, error);
    };
    request.changed_since = options.changed_since;
  }
  CheckResult& result = keep_until_exit(check_repository(request));
  if (!result.errors.empty()) {
    for (const std::string& message : result.errors) {
      print_error(message);
    }
    return k_failure;
  }
  CheckReport& report = result.report;
  const Repository& repo = result.loaded.repo;
  const bool scoped = !options.changed_since.empty();
  if (const auto nothing = nothing_to_check(options, repo, root, selection, scoped)) {
    print_error(*nothing);
    return k_failure;
  }
  if (!scoped && options.paths.empty() && !holds_okr_files(repo, selection, false)) {
    std::cerr << fmt::format("okr: warning: no OKR or check-in file under '{}' or '{}'; nothing "
                             "was checked\n",
                             repo.config.okrs_path, repo.config.checkins_path);
  }
  const Counts counts = count(report.diagnostics);
  if (options.quiet) {
    std::erase_if(report.diagnostics,
                  [](const Diagnostic& d) { return d.severity != Severity::error; });
    report.hidden = {0, counts.warnings, counts.infos};
  }

  report.fatal = result.fatal.value_or("");
  report.started = started_at;
  if (const char* today = std::getenv("OKR_TODAY"); !today || !*today) {
    report.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  }
  RenderOptions render_options;
  if (const auto top = git_top_level(root)) {
    const std::string prefix = fs::relative(root, *top, ec).generic_string();
    render_options.path_prefix = prefix.empty() || prefix == "." ? "" : prefix + "/";
    render_options.source_root = top->string();
  } else {
    render_options.source_root = root.string();
  }
  if (!write_outputs(*outputs, report, render_options)) {
    return k_failure;
  }
  std::cout.flush(); // before the messages on standard error
  if (result.fatal) {
    print_error(*result.fatal);
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
                  "whole repository); '-' reads standard input, with --stdin-filename");
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
  sub->add_option("-j,--jobs", options->jobs, "Files parsed in parallel (default: one per core)")
      ->check(number_check(0, k_max_jobs));
  sub->add_flag("--no-cache", options->no_cache,
                "Parse every file again, neither reading nor writing the cache of parsed files");
  sub->add_flag("--strict", options->strict, "Warnings fail the check too (exit status 1)");
  sub->add_option("--max-warnings", options->max_warnings,
                  "Fail (exit status 1) when there are more than N warnings")
      ->check(number_check(0, std::numeric_limits<long long>::max()))
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
  sub->add_option("--stdin-filename", options->stdin_filename,
                  "With the PATH '-': check standard input in place of the file PATH (an "
                  "editor's unsaved buffer), references resolved against the repository")
      ->type_name("PATH");
  sub->add_flag("--include-private", options->include_private,
                "Show the messages and lines of findings in private OKR files and their "
                "check-ins (hidden by default: they name only the file, position and rule)");
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
              "  okr check --format github --format junit --output junit=okr.xml\n"
              "  okr check --stdin-filename okrs/2026-Q4/discover.yaml - < buffer.yaml\n\n"
              "Exit status: 0 no errors, 1 errors found (or warnings with --strict or over "
              "--max-warnings), 2 okr could not do its job.\nSee okr-check(1); rules: okr "
              "rules.");
  return [options] { return run_check(*options); };
}

} // namespace okr::cli
