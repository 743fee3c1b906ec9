// okr check: validate the repository and report every finding.

#include <filesystem>
#include <fmt/format.h>
#include <iostream>

#include <okr/loader.hpp>
#include <okr/render.hpp>
#include <okr/rules.hpp>

#include "command.hpp"

namespace fs = std::filesystem;

namespace okr::cli {

namespace {

struct CheckOptions {
  std::vector<std::string> paths;
  std::string format = "text";
  std::string root;
  unsigned jobs = 0;
  bool no_cache = false;
};

/// Whether `file` is one of the selected root-relative paths or inside one of them.
bool selected(const std::string& file, const std::vector<std::string>& selection) {
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

int run_check(const CheckOptions& options) {
  const OutputFormat* format = find_output_format(options.format);
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
  const fs::path root = options.root.empty() ? find_root(start) : fs::absolute(start, ec);
  std::vector<std::string> selection;
  for (const std::string& path : options.paths) {
    if (!fs::exists(path, ec)) {
      print_error(fmt::format("cannot read '{}': no such file or folder", path));
      return k_failure;
    }
    const fs::path relative =
        fs::relative(fs::weakly_canonical(path, ec), fs::weakly_canonical(root, ec), ec);
    const std::string rel = relative.generic_string();
    if (ec || rel == ".." || rel.rfind("../", 0) == 0) {
      print_error(fmt::format("'{}' is outside the repository at '{}'", path, root.string()));
      return k_failure;
    }
    selection.push_back(rel == "." ? "" : rel);
  }

  LoadOptions load_options;
  load_options.jobs = options.jobs;
  load_options.use_cache = !options.no_cache;
  LoadResult loaded = load_repository(root, load_options);
  if (loaded.fatal && loaded.repo.files.empty()) {
    print_error(*loaded.fatal);
    return k_failure;
  }
  CheckReport report;
  report.repo = &loaded.repo;
  report.diagnostics = std::move(loaded.diagnostics);
  if (!loaded.fatal) {
    okr::CheckOptions check_options;
    auto found = run_rules(loaded.repo, check_options);
    report.diagnostics.insert(report.diagnostics.end(), std::make_move_iterator(found.begin()),
                              std::make_move_iterator(found.end()));
  }
  std::erase_if(report.diagnostics,
                [&](const Diagnostic& d) { return !selected(d.file, selection); });
  sort_diagnostics(report.diagnostics);
  for (const SourceFile& file : loaded.repo.files) {
    if (file.kind != FileKind::other && selected(file.path, selection)) {
      ++report.files_checked;
    }
  }
  RenderOptions render_options;
  render_options.color = use_color();
  format->render(std::cout, report, render_options);
  std::cout.flush();
  if (loaded.fatal) {
    print_error(*loaded.fatal);
    return k_failure;
  }
  return count(report.diagnostics).errors > 0 ? k_findings : k_ok;
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
  sub->add_option("-f,--format", options->format, "Output format: text or json")
      ->check(CLI::IsMember(names));
  sub->add_option("--root", options->root,
                  "The repository root (default: the nearest folder above with okr.yaml, else "
                  "the git top level, else the current folder)");
  sub->add_option("-j,--jobs", options->jobs, "Files parsed in parallel (default: one per core)");
  sub->add_flag("--no-cache", options->no_cache,
                "Parse every file again, neither reading nor writing the cache of parsed files");
  sub->footer("Examples:\n  okr check\n  okr check okrs/2026-Q4/discover.yaml\n"
              "  okr check --format json examples/\n\n"
              "Exit status: 0 no errors, 1 errors found, 2 okr could not do its job.");
  return [options] { return run_check(*options); };
}

} // namespace okr::cli
