#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <okr/boxed.hpp>
#include <okr/date.hpp>
#include <okr/number.hpp>
#include <okr/symbol.hpp>

namespace okr {

/// Where something was written: an index into Repository::files plus a 1-based line and column.
struct Pos {
  std::uint32_t file = 0;
  std::uint32_t line = 0;
  std::uint32_t column = 0;
};

/// A string value and where it was written.
struct Text {
  std::string value;
  Pos pos;
};

/// A number value and where it was written.
struct Number {
  double value = 0;
  Pos pos;
  /// Digits written after the decimal point (okr/number.hpp), in what would be padding.
  std::uint8_t decimals = k_shortest;

  /// The number as it was written (format_number).
  std::string str() const { return format_number(value, decimals); }
};

/// A reference to another owner's objective or key result: "owner/objective[/kr]".
struct Ref {
  std::string owner;
  std::string objective;
  std::string kr; ///< empty for an objective reference
  Pos pos;
  std::string str() const;
};

enum class Level : std::uint8_t { company, unit, team, individual };
enum class KrType : std::uint8_t { committed, stretch, experimental };
enum class Measure : std::uint8_t {
  none,
  progress,
  stay_above,
  stay_below,
  stay_between,
  milestone
};
enum class Status : std::uint8_t { on_track, behind, at_risk };
enum class CheckinKind : std::uint8_t { checkin, retro };

std::string_view to_string(Level level);
std::string_view to_string(KrType type);
std::string_view to_string(Status status);
/// The key of the measure as written ("stay_above"); "none" for none.
std::string_view to_string(Measure measure);
std::string_view to_string(CheckinKind kind);

/// The range of a `stay_between: [low, high]` guardrail, both ends included (low < high).
struct Range {
  Number low;
  Number high;

  bool contains(double value) const { return low.value <= value && value <= high.value; }
  /// As written in the file: "[99.5, 99.9]".
  std::string str() const { return "[" + low.str() + ", " + high.str() + "]"; }
};

struct KeyResult {
  Text id;
  Text title;
  std::optional<Number> baseline;
  std::optional<Number> target;
  // The guardrails and the owner, which most key results leave unset, are boxed (okr/boxed.hpp):
  // 8 bytes each instead of 32, 32, 56 and 56 (126,000 key results in 10,000 teams).
  Boxed<Number> stay_above;
  Boxed<Number> stay_below;
  Boxed<Range> stay_between;
  std::optional<Pos> milestone; ///< set when `milestone: true`
  std::optional<Text> unit;
  double weight = 1;
  Boxed<Text> owner; ///< a person
  /// `metric:` the series of a metrics file that gives this key result's values (okr import),
  /// in its canonical form: labels sorted by name (`name{a="1",b="2"}`); its pos is the value's.
  Boxed<Text> metric;
  std::vector<Ref> contributes_to;
  Pos pos; ///< the start of the key result's mapping
  // After pos, in its padding: 320 bytes, not 328.
  KrType type = KrType::stretch;
  /// Set when the loader reported a schema error inside this key result, so that rules do not
  /// pile a second finding onto the same typo.
  bool has_schema_errors = false;

  /// The single measure this KR has, or Measure::none when it has none or several.
  Measure measure() const;
};

struct Objective {
  Text id;    ///< for a shared objective: the referenced objective's id
  Text title; ///< empty for a shared objective (it comes from the referenced one)
  std::optional<Ref> shared;
  std::vector<Ref> aligns_to;
  double weight = 1;
  std::vector<Text> depends_on;
  std::vector<Text> initiatives;
  std::vector<KeyResult> key_results;
  Pos pos;
};

/// A health metric to keep healthy: monitored, not an OKR.
struct Kpi {
  Text id;
  Text title;
  std::optional<Text> unit;
  std::optional<Number> stay_above;
  std::optional<Number> stay_below;
  std::optional<Range> stay_between; ///< not beside stay_above or stay_below
  Boxed<Text> metric;                ///< as KeyResult::metric
  Pos pos;
};

struct OkrFile {
  std::uint32_t file = 0;
  Text cycle;
  Text owner;
  std::optional<Text> name;
  Level level = Level::team;
  Pos level_pos;
  std::optional<Text> parent;
  bool is_private = false;
  /// `cadence_days`: how often this owner checks in, in days; see cadence_days(Config, OkrFile).
  std::optional<Number> cadence_days;
  std::vector<Objective> objectives;
  std::vector<Kpi> kpis;
  Pos pos;

  std::string display_name() const { return name ? name->value : owner.value; }
};

/// A value reported for a key result in a check-in: a number, or done/not-done for milestones.
/// A weekly check-in holds one per key result (1.7 million in a repository of 10,000 teams),
/// so this is kept to 32 bytes: the key is interned, the positions leave out the file (the
/// check-in's), the kind of value shares a word with the value's column and the number's
/// written decimals one with its line.
class ResultValue {
public:
  enum class Kind : std::uint8_t { none, number, done, not_done };

  Symbol key; ///< "objective-id/kr-id", or the KPI id

  ResultValue() = default;
  ResultValue(std::string_view key_text, const Pos& key_at, const Pos& value_at)
      : key(key_text), m_key_line(key_at.line), m_key_column(key_at.column), m_line(value_at.line),
        m_column(std::min(value_at.column, k_column_mask)) {}

  /// Where the key and the value were written, in the check-in's `file`.
  Pos key_pos(std::uint32_t file) const { return {file, m_key_line, m_key_column}; }
  Pos pos(std::uint32_t file) const {
    return {file, m_line & k_line_mask, m_column & k_column_mask};
  }

  Kind kind() const { return static_cast<Kind>(m_column >> k_kind_shift); }
  std::optional<double> number() const {
    return kind() == Kind::number ? std::optional<double>(m_number) : std::nullopt;
  }
  std::optional<bool> done() const {
    if (kind() == Kind::done || kind() == Kind::not_done) {
      return kind() == Kind::done;
    }
    return std::nullopt;
  }
  /// How many decimals the number was written with (okr/number.hpp).
  std::uint8_t decimals() const { return static_cast<std::uint8_t>(m_line >> k_line_bits); }
  /// The number as it was written; empty when the value is not a number.
  std::string number_text() const {
    return kind() == Kind::number ? format_number(m_number, decimals()) : std::string();
  }
  void set_number(double n, std::uint8_t decimals = k_shortest) {
    set_kind(Kind::number);
    m_number = n;
    m_line = (m_line & k_line_mask) | static_cast<std::uint32_t>(std::min(decimals, k_shortest))
                                          << k_line_bits;
  }
  void set_done(bool is_done) { set_kind(is_done ? Kind::done : Kind::not_done); }

private:
  void set_kind(Kind kind) {
    m_column = (m_column & k_column_mask) | static_cast<std::uint32_t>(kind) << k_kind_shift;
  }

  // okr reads files of at most 64 MB, so a column needs far fewer than 30 bits.
  static constexpr std::uint32_t k_kind_shift = 30;
  static constexpr std::uint32_t k_column_mask = (1u << k_kind_shift) - 1;
  // Nor a line more than 26: the number's written decimals (six bits) share its word.
  static constexpr std::uint32_t k_line_bits = 26;
  static constexpr std::uint32_t k_line_mask = (1u << k_line_bits) - 1;

  std::uint32_t m_key_line = 0;
  std::uint32_t m_key_column = 0;
  std::uint32_t m_line = std::uint32_t{k_shortest} << k_line_bits; ///< decimals in the top six bits
  std::uint32_t m_column = 0;                                      ///< the kind in the top two bits
  double m_number = 0;                                             ///< when kind() is Kind::number
};

/// The order of a check-in file among those of its date: 1 for 2026-10-09.yaml, n for
/// 2026-10-09-n.yaml (Index::earlier orders check-ins by it).
int checkin_sequence(std::string_view path);

struct Checkin {
  std::uint32_t file = 0;
  CheckinKind kind = CheckinKind::checkin;
  std::optional<Status> status;
  Text owner;
  Text cycle;
  Date date;
  Pos date_pos;
  std::optional<Text> author;
  std::optional<Number> confidence;
  std::vector<ResultValue> results;
  std::vector<ResultValue> kpis; ///< key is the KPI id
  std::optional<Text> issues;
  std::optional<Text> plan;
  std::vector<Text> attractors;
  std::vector<Text> detractors;
  std::vector<Text> learned;
  Pos pos;
};

struct Cycle {
  std::string id;
  Date start;
  Date end;
  std::optional<Pos> pos; ///< where okr.yaml declares it; empty when inferred from the id

  bool contains(Date date) const { return start <= date && date <= end; }
  bool overlaps(const Cycle& other) const { return start <= other.end && other.start <= end; }
};

/// Infers a cycle from ids like 2026, 2026-H1, 2026-Q4 or 2026-M03.
std::optional<Cycle> infer_cycle(std::string_view id);

/// Settings of one rule from okr.yaml `lint.rules`.
struct RuleSetting {
  Text name;
  std::optional<Text> severity;        ///< off | info | warning | error
  std::map<std::string, Text> options; ///< the rule's own settings, as written
  /// `levels`: the levels of the owners the rule applies to; empty when not set (all levels).
  std::vector<Level> levels;
};

/// The number of levels, for tables indexed by Level.
inline constexpr std::size_t k_level_count = 4;

struct Config {
  std::optional<std::uint32_t> file; ///< set when okr.yaml exists
  int version = 1;
  std::optional<Text> organization;
  std::optional<Text> vision;
  std::vector<Text> strategy;
  std::vector<Cycle> cycles;
  /// checkin.cadence_days: how often owners check in, in days, unless a level or a file says.
  int cadence_days = 7;
  /// checkin.cadence_by_level: the cadence of the owners of a level, indexed by Level.
  std::array<std::optional<int>, k_level_count> cadence_by_level;
  /// checkin.retro_grace_days: how many days after its cycle's end a retrospective may be dated.
  int retro_grace_days = 14;
  std::string okrs_path = "okrs";
  std::string checkins_path = "checkins";
  std::vector<RuleSetting> rules;
  std::vector<Text> ignore; ///< lint.ignore path globs
  bool allow_over_target = false;
  /// private.path: the folder of a second repository holding individuals' OKRs and check-ins
  /// (its own okrs and checkins folders, with its own git permissions), relative to the root;
  /// empty when okr.yaml names none. OKR_PRIVATE_DIR, when set, names it instead.
  std::string private_path;
  /// main.path, in a private repository's own okr.yaml: the main repository it belongs to
  /// (okr run inside the private repository works on the main one, this one overlaid).
  std::string main_path;
  /// Set by the loader when the private repository is there: the root-relative folder, ending
  /// in '/', under which its files are named ("../okr-private/"); empty otherwise.
  std::string private_prefix;
};

/// Whether the root-relative `path` is a file of the private repository (Config::private_path).
inline bool in_private_root(const Config& config, std::string_view path) {
  return !config.private_prefix.empty() && path.starts_with(config.private_prefix);
}

enum class FileKind : std::uint8_t { config, okr, checkin, other };

/// One rule named in a suppression comment, `# okr: ignore[rule, ...]`: it silences that rule's
/// findings on its own line and on the line below.
struct Suppression {
  std::uint32_t file = 0; ///< index into Repository::files
  std::uint32_t line = 0;
  std::uint32_t column = 0; ///< of the rule's name
  std::string rule;
  /// What follows the closing bracket on its line, trimmed: why the finding is accepted
  /// ("re-planned after the March incident"); shared by every rule of one comment.
  std::string reason;
  bool operator==(const Suppression&) const = default;
};

struct SourceFile {
  std::string path; ///< relative to the repository root, '/'-separated
  /// The bytes as read (a UTF-8 byte-order mark removed). The loader keeps them for files given
  /// in memory or as overlays, files read from a commit, and files it found problems in; it
  /// drops them for the other files read from disk once parsed (keeping every file's text would
  /// cost as much memory as the repository). check_repository() fills in the text of each file
  /// with findings (read_texts(), okr/loader.hpp), so that renderers read lines from here.
  std::string text;
  FileKind kind = FileKind::other;
  /// The renderers show no line of it: a private file's, checked without --include-private
  /// (check_repository(), okr/check.hpp).
  bool text_hidden = false;
};

/// What starts a suppression comment, `# okr: ignore[rule]`.
inline constexpr std::string_view k_suppression_marker = "okr: ignore[";

/// Where a key result's `field` (baseline, target, stay_above, stay_below, stay_between,
/// milestone) is written, else the key result: where moved-target reports a moved value and
/// where its suppression, with the reason, sits.
Pos measure_pos(const KeyResult& kr, std::string_view field);

/// The cadence of an owner's check-ins in the cycle of `file`, in days: the file's own
/// `cadence_days`, else okr.yaml's `checkin.cadence_by_level` for its level, else
/// `checkin.cadence_days` (7 by default). Every reminder of a check-in due reads it.
int cadence_days(const Config& config, const OkrFile& file);

/// Every rule named in a suppression comment of one file's text, with the comment's reason. A `#`
/// starts a YAML comment only at the start of a line or after white space, so `#` inside a word is
/// not one.
std::vector<Suppression> find_suppressions(std::string_view text);

/// Everything loaded from one repository.
struct Repository {
  std::string root; ///< absolute path of the repository root; empty for in-memory repositories
  std::vector<SourceFile> files;
  Config config;
  std::vector<OkrFile> okr_files;
  std::vector<Checkin> checkins;
  /// Every suppression comment, by file: found by the loader while it had each file's text
  /// (comments are not part of the model) and kept in its cache; the few files with one pay.
  std::vector<Suppression> suppressions;

  const std::string& path_of(const Pos& pos) const { return files[pos.file].path; }
  /// The cycle with that id: declared in okr.yaml, else inferred from the id.
  std::optional<Cycle> find_cycle(std::string_view id) const;
};

} // namespace okr
