#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <okr/diagnostic.hpp>
#include <okr/index.hpp>
#include <okr/model.hpp>

namespace okr {

class RuleContext;
struct Alignment;
using RuleFn = void (*)(RuleContext& context);

/// A rule's identity and documentation. Rules that the loader applies while reading
/// (syntax, schema, duplicate-key) have no `run` function.
struct RuleInfo {
  std::string_view name;    ///< stable kebab-case name
  Severity severity;        ///< default severity
  std::string_view summary; ///< one line
  std::string_view details; ///< what it checks and why, a paragraph
  /// A snippet that fires, then "---", then one that does not. Comment lines in it say where
  /// it goes: "# okrs/PATH.yaml" (the file the lines after it belong to, for an example of
  /// several files), "# okrs/PATH.yaml, committed on YYYY-MM-DD" (that file's version
  /// committed that day, for the rules that read history), "# today YYYY-MM-DD" (the day it
  /// runs on); tests/unit/rule_examples_test.cpp runs every example.
  std::string_view example;
  RuleFn run = nullptr;
  /// Its settings in okr.yaml `lint.rules` with their defaults, as "name=value" separated by
  /// spaces ("min=2 max=5"). Every setting is a whole number.
  std::string_view settings = {};
  /// It reads git history (CheckOptions::history) and says nothing without it.
  bool needs_history = false;
  /// Its findings in a file depend only on the files of that file's owner (its OKR files and
  /// check-ins), okr.yaml and the day, and it visits only the files CheckOptions::files marks:
  /// after an edit, okr lsp runs it again over the edited owners' files alone
  /// (IncrementalCheck in okr/check.hpp).
  bool per_owner = false;
};

/// A rule's example split at its "---" line: the snippet that fires and the clean one.
std::pair<std::string_view, std::string_view> split_example(const RuleInfo& rule);

/// Every rule, in the order `okr rules` lists them.
std::span<const RuleInfo* const> all_rules();
const RuleInfo* find_rule(std::string_view name);

/// The default value of a rule's setting (from RuleInfo::settings), or nullopt if it has none.
std::optional<long> default_setting(const RuleInfo& rule, std::string_view name);

/// How one run uses a rule, after okr.yaml `lint.rules` and --select/--ignore.
struct RuleConfig {
  static constexpr std::uint8_t k_all_levels = (1u << k_level_count) - 1;

  bool enabled = true;
  Severity severity = Severity::warning;
  std::map<std::string, long, std::less<>> settings; ///< only those okr.yaml sets
  /// okr.yaml `levels`: the levels of the owners whose files it reports on, one bit per Level.
  /// Findings in files without an owner (okr.yaml, a file whose header does not load) stay.
  std::uint8_t levels = k_all_levels;

  bool applies_to(Level level) const {
    return ((levels >> static_cast<unsigned>(level)) & 1u) != 0;
  }
};

/// A key result's target, baseline, guardrail, milestone or type as a commit changed it.
struct MeasureMove {
  std::string cycle;
  std::string owner;
  std::string objective;
  std::string kr;
  std::string field; ///< target, baseline, stay_above, stay_below, milestone or type
  std::string from;
  std::string to;
  Date date;          ///< the commit's author date; today for a change not committed yet
  std::string commit; ///< short id; empty for a change not committed yet
  std::string author;
};

/// What git history says, for the rules that read it (moved-target, backdated-checkin).
struct HistoryFacts {
  std::vector<MeasureMove> moves;
  /// Check-in files (root-relative paths) and the day the commit that first added each was
  /// made; a file not committed yet is absent.
  std::map<std::string, Date, std::less<>> first_committed;
};

struct CheckOptions {
  Date today = Date::today();
  /// Null when okr has no history (not a git repository): the rules that need it say nothing,
  /// and suppressions of them are not unused.
  const HistoryFacts* history = nullptr;
  /// Per rule name; a rule missing here runs with its defaults.
  std::map<std::string, RuleConfig, std::less<>> rules;
  std::vector<std::string> ignore; ///< lint.ignore: path globs whose files are not reported
  /// When set, the findings wanted are those in the files it marks (by index into
  /// Repository::files, non-zero): the rules marked RuleInfo::per_owner visit only those files,
  /// and a finding of any rule in another file is dropped.
  const std::vector<char>* files = nullptr;
};

/// What a rule sees while it runs, and where it reports.
class RuleContext {
public:
  /// `alignment` is where the run keeps the alignment graph, built by the first rule that asks.
  RuleContext(const Index& index, const CheckOptions& options, const RuleInfo& rule,
              std::vector<Diagnostic>& out, std::unique_ptr<Alignment>& alignment);

  const Repository& repo() const { return m_index.repo(); }
  const Index& index() const { return m_index; }
  Date today() const { return m_options.today; }
  /// What git history says; null without history.
  const HistoryFacts* history() const { return m_options.history; }
  /// Whether findings in the model's file `file` are wanted (CheckOptions::files).
  bool wants(std::uint32_t file) const {
    return m_options.files == nullptr ||
           (file < m_options.files->size() && (*m_options.files)[file] != 0);
  }
  /// The rule's setting from okr.yaml, else its default from RuleInfo::settings.
  long setting(std::string_view name) const;

  void report(const Pos& pos, std::string message);

  /// The alignment graph of the whole repository (okr/alignment.hpp), built once per run and
  /// shared by the rules that read it; each runs its own analysis, which fills its own section.
  Alignment& alignment();

private:
  const Index& m_index;
  const CheckOptions& m_options;
  const RuleInfo& m_rule;
  const RuleConfig* m_config = nullptr;
  std::vector<Diagnostic>& m_out;
  std::unique_ptr<Alignment>& m_alignment;
};

/// Which rules run, from the command line: empty `select` means every enabled rule.
struct RuleSelection {
  std::vector<std::string> select;
  std::vector<std::string> ignore;
};

/// Turns okr.yaml `lint` and the command line's selection into options.rules and
/// options.ignore. Problems in okr.yaml (an unknown rule or setting, a bad value) are returned
/// as `schema` errors located in okr.yaml; unknown rule names on the command line are
/// returned in `unknown` with a suggestion, for the caller to report as a usage error.
std::vector<Diagnostic> configure_rules(const Repository& repo, const RuleSelection& selection,
                                        CheckOptions& options, std::vector<std::string>& unknown);

/// Runs every enabled rule that has a `run` function over a loaded repository.
std::vector<Diagnostic> run_rules(const Repository& repo, const CheckOptions& options);
/// Which rules run_rules() runs: every one, those marked RuleInfo::per_owner, or the others.
enum class RuleSet : std::uint8_t { all, per_owner, others };
/// The same over an index of the repository that the caller keeps anyway: a second index of
/// a large repository is memory the caller need not spend.
std::vector<Diagnostic> run_rules(const Index& index, const CheckOptions& options,
                                  RuleSet set = RuleSet::all);

/// Applies the configuration to every finding (the loader's too): drops disabled rules, files
/// matching lint.ignore and the files of owners of levels a rule's `levels` leaves out, sets
/// configured severities, honours `# okr: ignore[rule]`
/// comments and reports those that suppress nothing (rule unused-suppression).
void apply_configuration(const Repository& repo, const CheckOptions& options,
                         std::vector<Diagnostic>& diagnostics);

/// Whether a '/'-separated path matches a glob: `*` and `?` stay within one folder, `**`
/// spans folders, and a pattern that matches a folder matches everything inside it.
bool glob_match(std::string_view pattern, std::string_view path);

} // namespace okr
