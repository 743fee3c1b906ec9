// okr diff over git history: two states loaded from their sources, compared, and each change
// attributed to the commit of the range that made it.

#include <algorithm>
#include <fmt/format.h>
#include <map>

#include <okr/diff.hpp>

namespace fs = std::filesystem;

namespace okr {

namespace {

struct Side {
  LoadResult loaded;
  std::vector<std::string> failed; ///< OKR files that did not load
};

/// Loads the OKR files (no check-ins) of a source; the errors of files that do not load are
/// added to `findings`, named as git names a file of a revision when `revision` is set.
Side load_side(const FileSource& source, const std::string& revision,
               std::vector<Diagnostic>* findings) {
  LoadOptions options;
  options.checkins = false;
  Side side{load_from(source, nullptr, options), {}};
  std::vector<char> loaded(side.loaded.repo.files.size(), 0);
  for (const OkrFile& f : side.loaded.repo.okr_files) {
    loaded[f.file] = 1;
  }
  for (std::size_t i = 0; i < loaded.size(); ++i) {
    if (!loaded[i] && side.loaded.repo.files[i].kind == FileKind::okr) {
      side.failed.push_back(side.loaded.repo.files[i].path);
    }
  }
  if (findings) {
    // okr diff is no linter: only the files it cannot compare are worth a word.
    for (Diagnostic d : side.loaded.diagnostics) {
      if (d.severity == Severity::error &&
          std::find(side.failed.begin(), side.failed.end(), d.file) != side.failed.end()) {
        if (!revision.empty()) {
          d.file = fmt::format("{}:{}", revision, d.file);
        }
        findings->push_back(std::move(d));
      }
    }
  }
  return side;
}

/// The changes one commit made to the OKR files below `folder`, compared with `parent` on the
/// files it changed only.
std::vector<Change> step_changes(const History& history, const Commit& parent, const Commit& commit,
                                 const std::string& folder) {
  std::vector<std::string> paths = history.changed_paths(parent, commit, folder);
  if (paths.empty()) {
    return {};
  }
  const std::unique_ptr<FileSource> a = history.source_at(parent);
  const std::unique_ptr<FileSource> b = history.source_at(commit);
  const Side before = load_side(*only_paths(*a, paths), {}, nullptr);
  const Side after = load_side(*only_paths(*b, std::move(paths)), {}, nullptr);
  return diff_repositories(before.loaded.repo, after.loaded.repo, before.failed, after.failed);
}

/// The changes not committed yet to the OKR files below `folder`: the files that differ from
/// HEAD only, compared with HEAD.
std::vector<Change> uncommitted_changes(const History& history, const fs::path& root,
                                        const std::string& folder) {
  std::vector<std::string> paths = history.uncommitted_paths(folder);
  const std::optional<Commit> head = history.head();
  if (paths.empty() || !head) {
    return {};
  }
  const std::unique_ptr<FileSource> then = history.source_at(*head);
  const std::unique_ptr<FileSource> now = working_tree(root);
  const Side before = load_side(*only_paths(*then, paths), {}, nullptr);
  const Side after = load_side(*only_paths(*now, std::move(paths)), {}, nullptr);
  return diff_repositories(before.loaded.repo, after.loaded.repo, before.failed, after.failed);
}

/// Whether a change is one the report's "What changed this cycle" lists.
bool changes_the_promise(ChangeKind kind) {
  switch (kind) {
  case ChangeKind::kr_measure:
  case ChangeKind::kr_type:
  case ChangeKind::kr_added:
  case ChangeKind::kr_removed:
  case ChangeKind::objective_added:
  case ChangeKind::objective_removed:
    return true;
  default:
    return false;
  }
}

} // namespace

std::vector<Change> cycle_changes(const History& history, const fs::path& root,
                                  const std::string& folder, const Cycle& cycle, Date as_of,
                                  Date today) {
  std::vector<Change> out;
  auto keep = [&](Change& c) { return c.cycle == cycle.id && changes_the_promise(c.kind); };
  if (as_of >= today) {
    for (Change& c : uncommitted_changes(history, root, folder)) {
      if (keep(c)) {
        out.push_back(std::move(c));
      }
    }
  }
  for (Change& c : definition_history(history, folder, cycle.start)) {
    // The day as moved-target counts it: the author's, after the cycle's first day. The
    // definitions of `as_of` are those of the commits made (committed) up to that day.
    if (keep(c) && c.commit->author_date > cycle.start && c.commit->date <= as_of) {
      out.push_back(std::move(c));
    }
  }
  return out;
}

std::vector<Change> definition_history(const History& history, const std::string& folder,
                                       std::optional<Date> since) {
  std::vector<Change> out;
  const std::optional<Commit> head = history.head();
  if (!head) {
    return out;
  }
  const std::vector<Commit> line = history.first_parent_line(*head, since);
  for (std::size_t i = 0; i + 1 < line.size(); ++i) {
    for (Change& c : step_changes(history, line[i + 1], line[i], folder)) {
      c.commit = line[i];
      out.push_back(std::move(c));
    }
  }
  return out;
}

DiffRun diff_revisions(const History& history, const fs::path& root, const std::string& from,
                       const std::optional<std::string>& to) {
  DiffRun run;
  DiffReport& report = run.report;
  report.from = from;
  report.to = to ? *to : "the working tree";
  std::string error;
  report.from_commit = history.resolve(from, error);
  if (!report.from_commit) {
    run.error = error;
    return run;
  }
  if (to) {
    report.to_commit = history.resolve(*to, error);
    if (!report.to_commit) {
      run.error = error;
      return run;
    }
  }
  const std::unique_ptr<FileSource> before_source = history.source_at(*report.from_commit);
  const std::unique_ptr<FileSource> after_source =
      report.to_commit ? history.source_at(*report.to_commit) : working_tree(root);
  const Side before = load_side(*before_source, report.from_commit->short_id, &run.findings);
  const Side after =
      load_side(*after_source, report.to_commit ? report.to_commit->short_id : "", &run.findings);
  if (before.loaded.fatal || after.loaded.fatal) {
    run.error = before.loaded.fatal ? *before.loaded.fatal : *after.loaded.fatal;
    return run;
  }
  report.changes =
      diff_repositories(before.loaded.repo, after.loaded.repo, before.failed, after.failed);
  if (report.changes.empty()) {
    return run;
  }

  // Attribution: walk the first-parent line from FROM to TO (to HEAD for the working tree),
  // compare each commit with the one before on the files it changed, and give every change of
  // the whole diff to the last commit that made the same change.
  std::optional<Commit> last = report.to_commit ? report.to_commit : history.head();
  if (!last) {
    return run;
  }
  const std::vector<Commit> commits = history.first_parent_range(*report.from_commit, *last);
  std::map<std::string, std::pair<const Commit*, std::string>> made_by; // and the value after
  const Commit* previous = &*report.from_commit;
  const std::string& folder = after.loaded.repo.config.okrs_path;
  for (const Commit& commit : commits) {
    for (const Change& c : step_changes(history, *previous, commit, folder)) {
      made_by[change_key(c)] = {&commit, c.to};
    }
    previous = &commit;
  }
  for (Change& c : report.changes) {
    // The same value after: a change made again since (uncommitted) is not the commit's.
    if (auto found = made_by.find(change_key(c));
        found != made_by.end() && found->second.second == c.to) {
      c.commit = *found->second.first;
    }
  }
  return run;
}

std::optional<Date> earliest_cycle_start(const Repository& repo) {
  std::optional<Date> earliest;
  for (const OkrFile& f : repo.okr_files) {
    if (auto cycle = repo.find_cycle(f.cycle.value);
        cycle && (!earliest || cycle->start < *earliest)) {
      earliest = cycle->start;
    }
  }
  return earliest;
}

HistoryFacts history_facts(const History& history, const fs::path& root, const Repository& repo,
                           const std::optional<std::string>& since_revision, Date today) {
  HistoryFacts facts;
  std::vector<Change> changes;
  if (since_revision) {
    changes = diff_revisions(history, root, *since_revision, std::nullopt).report.changes;
  } else {
    if (const std::optional<Date> earliest = earliest_cycle_start(repo)) {
      changes = definition_history(history, repo.config.okrs_path, *earliest);
      for (Change& c : uncommitted_changes(history, root, repo.config.okrs_path)) {
        changes.push_back(std::move(c));
      }
    }
  }
  for (Change& c : changes) {
    if (c.kind != ChangeKind::kr_measure && c.kind != ChangeKind::kr_type) {
      continue;
    }
    MeasureMove move{std::move(c.cycle),
                     std::move(c.owner),
                     std::move(c.objective),
                     std::move(c.kr),
                     std::move(c.field),
                     std::move(c.from),
                     std::move(c.to),
                     today,
                     {},
                     {}};
    if (c.commit) {
      move.date = c.commit->author_date;
      move.commit = c.commit->short_id;
      move.author = c.commit->author;
    }
    facts.moves.push_back(std::move(move));
  }
  for (auto& [path, commit] : history.first_added(repo.config.checkins_path)) {
    facts.first_committed.emplace(path, commit.date);
  }
  return facts;
}

} // namespace okr
