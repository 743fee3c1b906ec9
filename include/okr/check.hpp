#pragma once

// `okr check` as one call: load the repository, configure and run the rules, apply okr.yaml's
// `lint` settings and the suppression comments, and keep (or reuse) the record of the last
// whole run. The front end, the tests, the fuzz target and an editor's server call this.

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <okr/check_render.hpp>
#include <okr/date.hpp>
#include <okr/diagnostic.hpp>
#include <okr/due.hpp>
#include <okr/index.hpp>
#include <okr/loader.hpp>
#include <okr/rules.hpp>

namespace okr {

struct CheckRequest {
  /// The repository's root folder; ignored when `sources` is set.
  std::filesystem::path root;
  /// The whole repository given in memory (paths as on disk: "okr.yaml", "okrs/..."), read
  /// instead of a folder: for tests and tools that need no disk.
  std::optional<std::vector<SourceFile>> sources;
  /// Unsaved texts by root-relative path (an editor's buffers), read instead of those files on
  /// disk. A check with overlays neither reads nor writes the record of the last run; with
  /// `use_cache` the cache of parsed files serves the other files, and never holds a buffer.
  std::map<std::string, std::string, std::less<>> overlays;
  /// Root-relative files or folders to report on ("" is the root); empty: every file.
  /// References still resolve against the whole repository.
  std::vector<std::string> paths;
  RuleSelection selection; ///< --select / --ignore
  Date today = Date::today();
  unsigned jobs = 0; ///< threads; 0 means one per core
  /// Reuse the cache of parsed files and the record of the last whole run, and write them.
  bool use_cache = true;
  /// When set, only the files it returns changed (root-relative paths as git names them,
  /// deleted files included): the check reports on them and on the references their changes
  /// may break. Asked after loading; nullopt with `error` set stops the check.
  std::function<std::optional<std::vector<std::string>>(std::string& error)> changed_files;
  /// The revision `changed_files` compares with (--changed-since): the history rules then judge
  /// only the changes made since it.
  std::string changed_since;
  /// Show the details of findings in private files (--include-private). Without it, a finding
  /// in a private OKR file (`visibility: private`, an individual's by default) or in a check-in
  /// of an owner whose OKR file is private keeps its file, position, severity and rule, but its
  /// message becomes k_private_details and no line of the file is shown (nor hashed): CI logs
  /// and code-scanning alerts must not publish individuals' titles and values.
  bool include_private = false;
};

/// The message of every finding in a private file, unless CheckRequest::include_private.
inline constexpr std::string_view k_private_details =
    "details hidden: a private file (okr check --include-private shows them)";

/// What a check found. `report` is ready to render; it points into this object, which is
/// therefore neither copied nor moved (it is returned in a unique_ptr).
struct CheckResult {
  CheckReport report; ///< findings of the selected files, sorted; the files checked
  /// okr could not do its job (okr.yaml has errors, a file could not be read): print the
  /// report, then this, and exit 2.
  std::optional<std::string> fatal;
  /// Set instead of a report when the request itself is wrong (an unknown rule name, an
  /// unreadable root, a failed `changed_files`): one message each, for usage errors.
  std::vector<std::string> errors;
  bool from_record = false; ///< the findings are the record's: no file was read
  LoadResult loaded;        ///< the repository checked (only its file list when from_record)

  CheckResult() = default;
  CheckResult(const CheckResult&) = delete;
  CheckResult& operator=(const CheckResult&) = delete;
};

/// Runs `okr check` as `request` asks.
std::unique_ptr<CheckResult> check_repository(const CheckRequest& request);

class History;
struct HistoryFacts;

/// What check_repository() finds with `include_private` over a repository already loaded (okr
/// lsp keeps one between edits and re-parses only the buffer that changed: reparse_file() in
/// okr/loader.hpp), before any selection of `paths`, sorted. `loader_findings` and `load_fatal`
/// are what the loader found in it; `history`, the git repository holding it (null without).
struct LoadedCheck {
  std::vector<Diagnostic> diagnostics;
  std::optional<std::string> fatal; ///< as CheckResult::fatal
  std::vector<std::string> errors;  ///< as CheckResult::errors (then no findings)
};
/// `facts`, when set, are history_facts() of `history` found earlier for the same files on disk
/// (okr lsp keeps them while HEAD, the disk, the day and earliest_cycle_start() are unchanged).
LoadedCheck check_loaded(const CheckRequest& request, const Repository& repo,
                         std::vector<Diagnostic> loader_findings,
                         const std::optional<std::string>& load_fatal, const History* history,
                         const HistoryFacts* facts = nullptr);

/// check_loaded() again and again over a repository kept between edits (okr lsp's), doing only
/// the work an edit can change: after some files were parsed again in place (reparse_file()),
/// the rules whose findings in a file depend only on that file's owner's files
/// (RuleInfo::per_owner) run again only over the files of the owners the changed files had
/// before and have now, the others' findings kept from the last check; every other rule runs
/// over the whole repository. The findings are check_loaded()'s, for the same request each time
/// but for its day (reset() when okr.yaml or the selection changes: loading again does).
class IncrementalCheck {
public:
  /// Forgets what was found: the next check() runs every rule (after a new load).
  void reset();
  /// Call before the model's file `file` of `repo` is parsed again: notes it and its owner.
  void changing(const Repository& repo, std::uint32_t file);
  /// As check_loaded().
  LoadedCheck check(const CheckRequest& request, const Repository& repo,
                    std::vector<Diagnostic> loader_findings,
                    const std::optional<std::string>& load_fatal, const History* history,
                    const HistoryFacts* facts = nullptr);

private:
  bool m_known = false;                        ///< m_per_owner holds the last check's findings
  Date m_today;                                ///< the day of the last check
  std::vector<std::uint32_t> m_changed;        ///< files changed since the last check
  std::set<std::string, std::less<>> m_owners; ///< their owners before the change
  std::vector<Diagnostic> m_per_owner;         ///< the per-owner rules' findings, unconfigured
};

/// The number of errors a plain `okr check` (no selection) finds in the repository `loaded`
/// holds and `index` indexes, for the commands that warn before they show results: from the
/// record of the last whole check when it was made of these very files (LoadResult::stamp) on
/// the same day and commit, else the loader's and the rules' under okr.yaml's configuration. Zero
/// when okr.yaml has errors: they stop a command before it gets here.
std::size_t count_errors(const LoadResult& loaded, const Index& index, Date today = Date::today());

/// What `okr due` reads, from the record of the last plain `okr check` (no selection) of
/// `today` when the files are as it found them: no file is loaded.
struct RecordedDue {
  std::vector<OkrFile> files;       ///< owner, name, level, cycle and privacy only
  std::vector<DueSubject> subjects; ///< one per file, pointing into `files`
  std::size_t errors = 0;           ///< what count_errors() would say

  RecordedDue() = default;
  RecordedDue(const RecordedDue&) = delete;
  RecordedDue& operator=(const RecordedDue&) = delete;
};

/// RecordedDue for the repository at the absolute `root`; null when there is no such record
/// (then load the repository and call find_due(Index)).
std::unique_ptr<RecordedDue> recorded_due(const std::filesystem::path& root,
                                          Date today = Date::today());

/// Whether the root-relative `file` is one of `paths` or inside one of them (every file when
/// `paths` is empty).
bool selected(std::string_view file, const std::vector<std::string>& paths);

} // namespace okr
