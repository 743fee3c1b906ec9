// The `okr check` use case: load, configure, run the rules, apply the configuration, and keep
// the record of the last whole run.

#include <algorithm>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <iterator>
#include <unordered_set>

#include <okr/cache.hpp>
#include <okr/changes.hpp>
#include <okr/check.hpp>
#include <okr/diff.hpp>
#include <okr/history.hpp>

#include "loader/check_record.hpp"

namespace fs = std::filesystem;

namespace okr {

bool selected(std::string_view file, const std::vector<std::string>& paths) {
  if (paths.empty()) {
    return true;
  }
  for (const std::string& s : paths) {
    if (s.empty() || file == s ||
        (file.size() > s.size() && file.compare(0, s.size(), s) == 0 && file[s.size()] == '/')) {
      return true;
    }
  }
  return false;
}

namespace {

/// Everything besides the files that the findings depend on: a record made under another key
/// is not used. The history rules read git history: a new commit (HEAD) may change their
/// findings.
std::string record_key(const CheckRequest& request, const std::optional<Commit>& head) {
  return fmt::format(
      "select {}\nignore {}\ntoday {}\nhead {}", fmt::join(request.selection.select, ","),
      fmt::join(request.selection.ignore, ","), request.today.str(), head ? head->id : "");
}

/// The findings of the repository in `result.loaded`, before any selection of paths; false
/// when the check stops with `result.errors`.
bool run_check(const CheckRequest& request, CheckResult& result, std::vector<std::string>& ignore,
               std::optional<ChangeScope>& scope, const History* history) {
  LoadResult& loaded = result.loaded;
  CheckOptions options;
  options.today = request.today;
  std::vector<std::string> unknown;
  std::vector<Diagnostic> config_errors =
      configure_rules(loaded.repo, request.selection, options, unknown);
  if (!unknown.empty()) {
    result.errors = std::move(unknown);
    return false;
  }
  if (request.changed_files) {
    std::string error;
    const auto changed = request.changed_files(error);
    if (!changed) {
      result.errors.push_back(std::move(error));
      return false;
    }
    scope = change_scope(loaded.repo, *changed);
  }
  HistoryFacts facts;
  if (history && history->head()) {
    facts = history_facts(*history, request.root, loaded.repo,
                          request.changed_since.empty()
                              ? std::nullopt
                              : std::optional<std::string>(request.changed_since),
                          options.today);
    options.history = &facts;
  }
  std::vector<Diagnostic>& all = result.report.diagnostics;
  all = std::move(loaded.diagnostics);
  result.fatal = loaded.fatal;
  if (!config_errors.empty()) {
    all.insert(all.end(), config_errors.begin(), config_errors.end());
    result.fatal = "okr.yaml has errors; fix them first";
  }
  if (!result.fatal) {
    auto found = run_rules(loaded.repo, options);
    all.insert(all.end(), std::make_move_iterator(found.begin()),
               std::make_move_iterator(found.end()));
    apply_configuration(loaded.repo, options, all);
  }
  ignore = std::move(options.ignore);
  return true;
}

} // namespace

std::unique_ptr<CheckResult> check_repository(const CheckRequest& request) {
  auto result = std::make_unique<CheckResult>();
  CheckReport& report = result->report;
  const std::vector<std::string>& paths = request.paths;
  // A run on a repository where nothing changed prints what the last whole run found, after
  // only stat(2)-ing the files.
  const bool on_disk = !request.sources;
  const bool use_record =
      on_disk && request.use_cache && request.overlays.empty() && !request.changed_files;
  // Git history, for the rules that read it; none for a repository given in memory.
  std::string not_git;
  const std::unique_ptr<History> history = on_disk ? History::open(request.root, not_git) : nullptr;
  const std::string key =
      use_record ? record_key(request, history ? history->head() : std::nullopt) : std::string();
  std::vector<std::string> ignore;
  std::optional<ChangeScope> scope;
  std::optional<CheckRecord> record;
  if (use_record) {
    std::function<bool(std::string_view)> wanted;
    if (!paths.empty()) {
      wanted = [&](std::string_view path) { return selected(path, paths); };
    }
    record = read_check_record(default_cache_dir(request.root), request.root, key, wanted);
  }
  if (record) {
    result->from_record = true;
    result->loaded.repo.root = record->root;
    result->loaded.repo.files = std::move(record->files);
    report.diagnostics = std::move(record->diagnostics);
    ignore = std::move(record->ignore);
  } else {
    Listing listing;
    if (on_disk) {
      LoadOptions load_options;
      load_options.jobs = request.jobs;
      load_options.use_cache = request.use_cache && request.overlays.empty();
      load_options.overlays = request.overlays.empty() ? nullptr : &request.overlays;
      result->loaded = load_repository(request.root, load_options, use_record ? &listing : nullptr);
    } else {
      LoadOptions load_options;
      load_options.jobs = request.jobs;
      result->loaded = load_sources(*request.sources, load_options);
    }
    if (result->loaded.fatal && result->loaded.repo.files.empty()) {
      result->errors.push_back(*result->loaded.fatal);
      return result;
    }
    if (!run_check(request, *result, ignore, scope, history.get())) {
      return result;
    }
    if (use_record && !result->fatal && listing.stamp) {
      write_check_record(default_cache_dir(request.root), result->loaded.repo.root, *listing.stamp,
                         listing.folders, key, result->loaded.repo.files, ignore,
                         report.diagnostics);
    }
  }
  std::erase_if(report.diagnostics, [&](const Diagnostic& d) {
    return !selected(d.file, paths) || (scope && !in_scope(*scope, d));
  });
  sort_diagnostics(report.diagnostics);
  // The renderers show the lines of the files with findings: the texts the loader dropped.
  std::unordered_set<std::string_view> with_findings;
  for (const Diagnostic& d : report.diagnostics) {
    with_findings.insert(d.file);
  }
  if (!with_findings.empty()) {
    read_texts(result->loaded.repo,
               [&](std::string_view path) { return with_findings.contains(path); });
  }
  report.repo = &result->loaded.repo;
  for (const SourceFile& file : report.repo->files) {
    const bool ignored = std::any_of(ignore.begin(), ignore.end(), [&](const std::string& glob) {
      return glob_match(glob, file.path);
    });
    if (file.kind != FileKind::other && !ignored && selected(file.path, paths) &&
        (!scope || scope->everything || scope->changed.contains(file.path))) {
      ++report.files_checked;
      report.files.push_back(file.path);
    }
  }
  return result;
}

std::size_t count_errors(const LoadResult& loaded, const Index& index, Date today) {
  if (const std::size_t errors = count(loaded.diagnostics).errors; errors > 0) {
    return errors;
  }
  const fs::path root(loaded.repo.root);
  if (loaded.stamp && !root.empty() && check_record_exists(default_cache_dir(root), root)) {
    std::string not_git;
    const std::unique_ptr<History> history = History::open(root, not_git);
    CheckRequest plain;
    plain.today = today;
    const std::string key = record_key(plain, history ? history->head() : std::nullopt);
    const auto no_files = [](std::string_view) { return false; };
    if (auto record =
            read_check_record(default_cache_dir(root), root, key, no_files, &*loaded.stamp)) {
      return count(record->diagnostics).errors;
    }
  }
  CheckOptions check;
  check.today = today;
  std::vector<std::string> unknown;
  if (count(configure_rules(loaded.repo, {}, check, unknown)).errors > 0) {
    return 0;
  }
  std::vector<Diagnostic> found = run_rules(index, check);
  apply_configuration(loaded.repo, check, found);
  return count(found).errors;
}

} // namespace okr
