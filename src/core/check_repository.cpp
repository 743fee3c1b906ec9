// The `okr check` use case: load, configure, run the rules, apply the configuration, and keep
// the record of the last whole run.

#include <algorithm>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <iterator>
#include <optional>
#include <unordered_map>
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

/// How run_check() runs the rules: run_rules() unless given.
using RulesRunner = std::function<std::vector<Diagnostic>(const Index&, CheckOptions&)>;

/// The findings of `repo`, whose loader found `loader_findings` (and `load_fatal`), before any
/// selection of paths, in `all`; false when the check stops with `errors`.
/// With `due`, also what the record keeps for `okr due` (due_subjects()).
bool run_check(const CheckRequest& request, const Repository& repo,
               std::vector<Diagnostic> loader_findings,
               const std::optional<std::string>& load_fatal, std::vector<Diagnostic>& all,
               std::optional<std::string>& fatal, std::vector<std::string>& errors,
               std::vector<std::string>& ignore, std::optional<ChangeScope>& scope,
               const History* history, std::vector<DueSubject>* due,
               const HistoryFacts* known_facts = nullptr, const RulesRunner* runner = nullptr) {
  CheckOptions options;
  options.today = request.today;
  std::vector<std::string> unknown;
  std::vector<Diagnostic> config_errors =
      configure_rules(repo, request.selection, options, unknown);
  if (!unknown.empty()) {
    errors = std::move(unknown);
    return false;
  }
  if (request.changed_files) {
    std::string error;
    const auto changed = request.changed_files(error);
    if (!changed) {
      errors.push_back(std::move(error));
      return false;
    }
    scope = change_scope(repo, *changed);
  }
  HistoryFacts facts;
  if (history && known_facts) {
    options.history = known_facts;
  } else if (history && history->head()) {
    facts = history_facts(*history, request.root, repo,
                          request.changed_since.empty()
                              ? std::nullopt
                              : std::optional<std::string>(request.changed_since),
                          options.today);
    options.history = &facts;
  }
  all = std::move(loader_findings);
  fatal = load_fatal;
  if (!config_errors.empty()) {
    all.insert(all.end(), config_errors.begin(), config_errors.end());
    fatal = "okr.yaml has errors; fix them first";
  }
  if (!fatal) {
    const Index index(repo);
    auto found = runner ? (*runner)(index, options) : run_rules(index, options);
    if (due) {
      *due = due_subjects(index);
    }
    all.insert(all.end(), std::make_move_iterator(found.begin()),
               std::make_move_iterator(found.end()));
    apply_configuration(repo, options, all);
  }
  ignore = std::move(options.ignore);
  return true;
}

/// The value of the first top-level `key` ("owner:") of a file's text, unquoted, up to a blank
/// or a comment; nullopt when no line starts with `key`. For files the loader could not read.
std::optional<std::string_view> top_level_value(std::string_view text, std::string_view key) {
  for (std::size_t start = 0; start < text.size();) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    if (line.rfind(key, 0) == 0) {
      line.remove_prefix(key.size());
      line.remove_prefix(std::min(line.find_first_not_of(" \t\"'"), line.size()));
      return line.substr(0, line.find_first_of(" \t\"'#\r"));
    }
  }
  return std::nullopt;
}

/// Whether the text of an OKR file the loader could not read says it is private, erring towards
/// private: `visibility: private`, or `level: individual` without `visibility: public`.
bool text_looks_private(std::string_view text) {
  if (const auto visibility = top_level_value(text, "visibility:")) {
    return *visibility != "public";
  }
  return top_level_value(text, "level:") == "individual";
}

/// The private files of `repo`: OKR files that are private (OkrFile::is_private) and check-ins
/// whose owner's OKR file of the same cycle is private (else, when the owner has none in that
/// cycle, or no cycle is known, every one of the owner's OKR files). Files the loader could not
/// read into the model are judged from their text.
std::unordered_set<std::string> private_files(Repository& repo) {
  std::unordered_set<std::string> out;
  std::unordered_map<std::string_view, std::vector<const OkrFile*>> by_owner;
  std::vector<char> modelled(repo.files.size(), 0);
  for (const OkrFile& f : repo.okr_files) {
    by_owner[f.owner.value].push_back(&f);
    modelled[f.file] = 1;
    if (f.is_private) {
      out.insert(repo.files[f.file].path);
    }
  }
  const auto owner_private = [&](std::string_view owner, std::string_view cycle) {
    const auto it = by_owner.find(owner);
    if (it == by_owner.end()) {
      return false;
    }
    for (const OkrFile* f : it->second) {
      if (!cycle.empty() && f->cycle.value == cycle) {
        return f->is_private;
      }
    }
    return std::all_of(it->second.begin(), it->second.end(),
                       [](const OkrFile* f) { return f->is_private; });
  };
  for (const Checkin& c : repo.checkins) {
    modelled[c.file] = 1;
    if (owner_private(c.owner.value, c.cycle.value)) {
      out.insert(repo.files[c.file].path);
    }
  }
  std::unordered_set<std::string_view> unmodelled;
  for (std::size_t i = 0; i < repo.files.size(); ++i) {
    const FileKind kind = repo.files[i].kind;
    if (modelled[i] == 0 && (kind == FileKind::okr || kind == FileKind::checkin)) {
      unmodelled.insert(repo.files[i].path);
    }
  }
  if (unmodelled.empty()) {
    return out;
  }
  read_texts(repo, [&](std::string_view path) { return unmodelled.contains(path); });
  for (const SourceFile& file : repo.files) {
    if (!unmodelled.contains(file.path)) {
      continue;
    }
    if (file.kind == FileKind::okr
            ? text_looks_private(file.text)
            : owner_private(top_level_value(file.text, "owner:").value_or(""), {})) {
      out.insert(file.path);
    }
  }
  return out;
}

} // namespace

std::unique_ptr<CheckResult> check_repository(const CheckRequest& request) {
  auto result = std::make_unique<CheckResult>();
  CheckReport& report = result->report;
  const std::vector<std::string>& paths = request.paths;
  // A run on a repository where nothing changed prints what the last whole run found, after
  // only stat(2)-ing the files.
  const bool on_disk = !request.sources;
  // The record holds findings with private details hidden: --include-private checks afresh.
  const bool use_record = on_disk && request.use_cache && request.overlays.empty() &&
                          !request.changed_files && !request.include_private;
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
      load_options.use_cache = request.use_cache;
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
    std::vector<DueSubject> due;
    LoadResult& loaded = result->loaded;
    if (!run_check(request, loaded.repo, std::move(loaded.diagnostics), loaded.fatal,
                   report.diagnostics, result->fatal, result->errors, ignore, scope, history.get(),
                   use_record ? &due : nullptr)) {
      return result;
    }
    // Sorted before their details are hidden, so that findings that differ only in those stay
    // apart; the record keeps them hidden.
    sort_diagnostics(report.diagnostics);
    if (!request.include_private && !report.diagnostics.empty()) {
      const std::unordered_set<std::string> hidden = private_files(result->loaded.repo);
      for (Diagnostic& d : report.diagnostics) {
        if (hidden.contains(d.file)) {
          d.message = k_private_details;
        }
      }
    }
    if (use_record && !result->fatal && listing.stamp) {
      write_check_record(default_cache_dir(request.root), result->loaded.repo.root, *listing.stamp,
                         listing.folders, key, result->loaded.repo.files, ignore,
                         report.diagnostics, due);
    }
  }
  std::erase_if(report.diagnostics, [&](const Diagnostic& d) {
    return !selected(d.file, paths) || (scope && !in_scope(*scope, d));
  });
  // Both branches give the findings sorted (the record keeps them as written).
  // The renderers show the lines of the files with findings: the texts the loader dropped; none
  // of a file whose details are hidden.
  std::unordered_set<std::string_view> with_findings;
  std::unordered_set<std::string_view> hidden;
  for (const Diagnostic& d : report.diagnostics) {
    (d.message == k_private_details ? hidden : with_findings).insert(d.file);
  }
  for (SourceFile& file : result->loaded.repo.files) {
    if (hidden.contains(file.path)) {
      file.text_hidden = true;
      file.text.clear();
      file.text.shrink_to_fit();
    }
  }
  if (!with_findings.empty()) {
    read_texts(result->loaded.repo, [&](std::string_view path) {
      return with_findings.contains(path) && !hidden.contains(path);
    });
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

LoadedCheck check_loaded(const CheckRequest& request, const Repository& repo,
                         std::vector<Diagnostic> loader_findings,
                         const std::optional<std::string>& load_fatal, const History* history,
                         const HistoryFacts* facts) {
  LoadedCheck out;
  std::vector<std::string> ignore;
  std::optional<ChangeScope> scope;
  if (run_check(request, repo, std::move(loader_findings), load_fatal, out.diagnostics, out.fatal,
                out.errors, ignore, scope, history, nullptr, facts)) {
    sort_diagnostics(out.diagnostics);
  }
  return out;
}

void IncrementalCheck::reset() {
  m_known = false;
  m_changed.clear();
  m_owners.clear();
  m_per_owner.clear();
}

namespace {

/// Calls fn(owner) for the owner the model gives the file `file` of `repo`, if any.
template <typename Fn> void owner_of(const Repository& repo, std::uint32_t file, Fn fn) {
  for (const OkrFile& f : repo.okr_files) {
    if (f.file == file) {
      fn(f.owner.value);
    }
  }
  for (const Checkin& c : repo.checkins) {
    if (c.file == file) {
      fn(c.owner.value);
    }
  }
}

} // namespace

void IncrementalCheck::changing(const Repository& repo, std::uint32_t file) {
  m_changed.push_back(file);
  owner_of(repo, file, [&](const std::string& owner) { m_owners.insert(owner); });
}

LoadedCheck IncrementalCheck::check(const CheckRequest& request, const Repository& repo,
                                    std::vector<Diagnostic> loader_findings,
                                    const std::optional<std::string>& load_fatal,
                                    const History* history, const HistoryFacts* facts) {
  bool ran = false;
  const RulesRunner runner = [&](const Index& index, CheckOptions& options) {
    ran = true;
    if (!m_known || request.today != m_today) {
      m_today = request.today;
      m_per_owner = run_rules(index, options, RuleSet::per_owner);
    } else {
      // The changed files, and every file of the owners they had and have.
      std::vector<char> marked(repo.files.size(), 0);
      for (const std::uint32_t file : m_changed) {
        if (file < marked.size()) {
          marked[file] = 1;
          owner_of(repo, file, [&](const std::string& owner) { m_owners.insert(owner); });
        }
      }
      for (const OkrFile& f : repo.okr_files) {
        if (m_owners.contains(f.owner.value)) {
          marked[f.file] = 1;
        }
      }
      for (const Checkin& c : repo.checkins) {
        if (m_owners.contains(c.owner.value)) {
          marked[c.file] = 1;
        }
      }
      std::unordered_set<std::string_view> paths;
      for (std::size_t i = 0; i < marked.size(); ++i) {
        if (marked[i] != 0) {
          paths.insert(repo.files[i].path);
        }
      }
      std::erase_if(m_per_owner, [&](const Diagnostic& d) { return paths.contains(d.file); });
      options.files = &marked;
      std::vector<Diagnostic> found = run_rules(index, options, RuleSet::per_owner);
      options.files = nullptr;
      m_per_owner.insert(m_per_owner.end(), std::make_move_iterator(found.begin()),
                         std::make_move_iterator(found.end()));
    }
    std::vector<Diagnostic> out = run_rules(index, options, RuleSet::others);
    out.insert(out.end(), m_per_owner.begin(), m_per_owner.end());
    return out;
  };
  LoadedCheck out;
  std::vector<std::string> ignore;
  std::optional<ChangeScope> scope;
  if (run_check(request, repo, std::move(loader_findings), load_fatal, out.diagnostics, out.fatal,
                out.errors, ignore, scope, history, nullptr, facts, &runner)) {
    sort_diagnostics(out.diagnostics);
  }
  m_changed.clear();
  m_owners.clear();
  m_known = ran;
  if (!ran) {
    m_per_owner.clear();
  }
  return out;
}

namespace {

/// count_errors() by running the rules.
std::size_t count_with_rules(const LoadResult& loaded, const Index& index, Date today) {
  CheckOptions check;
  check.today = today;
  std::vector<std::string> unknown;
  if (count(configure_rules(loaded.repo, {}, check, unknown)).errors > 0) {
    return 0;
  }
  // As `okr check` counts them: the loader's findings and the rules', under the settings.
  std::vector<Diagnostic> found = loaded.diagnostics;
  std::vector<Diagnostic> rules = run_rules(index, check);
  found.insert(found.end(), std::make_move_iterator(rules.begin()),
               std::make_move_iterator(rules.end()));
  apply_configuration(loaded.repo, check, found);
  return count(found).errors;
}

/// The record of the last plain `okr check` (no selection) of `today` of the repository at
/// `root`, when its files are as it found them (`now`: as a load just stat'ed them).
std::optional<CheckRecord> plain_record(const fs::path& root, Date today, const DiskStamp* now,
                                        bool due) {
  if (!check_record_exists(default_cache_dir(root), root)) {
    return std::nullopt;
  }
  std::string not_git;
  const std::unique_ptr<History> history = History::open(root, not_git);
  CheckRequest plain;
  plain.today = today;
  const std::string key = record_key(plain, history ? history->head() : std::nullopt);
  const auto no_files = [](std::string_view) { return false; };
  return read_check_record(default_cache_dir(root), root, key, no_files, now, due);
}

} // namespace

std::size_t count_errors(const LoadResult& loaded, const Index& index, Date today) {
  const fs::path root(loaded.repo.root);
  if (loaded.stamp && !root.empty()) {
    if (auto record = plain_record(root, today, &*loaded.stamp, false)) {
      return count(record->diagnostics).errors;
    }
  }
  return count_with_rules(loaded, index, today);
}

std::unique_ptr<RecordedDue> recorded_due(const fs::path& root, Date today) {
  auto record = plain_record(root, today, nullptr, true);
  if (!record) {
    return nullptr;
  }
  auto due = std::make_unique<RecordedDue>();
  due->errors = count(record->diagnostics).errors;
  due->files = std::move(record->due_files);
  due->subjects.reserve(due->files.size());
  for (std::size_t i = 0; i < due->files.size(); ++i) {
    due->subjects.push_back(DueSubject{&due->files[i], std::move(record->due_facts[i])});
  }
  return due;
}

} // namespace okr
