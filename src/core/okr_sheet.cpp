// okr import --okrs: OKR files from a spreadsheet (okr_sheet.hpp).

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <fmt/format.h>
#include <map>
#include <optional>

#include <okr/csv.hpp>
#include <okr/loader.hpp>
#include <okr/metrics.hpp>
#include <okr/number.hpp>
#include <okr/okr_sheet.hpp>
#include <okr/text.hpp>

namespace okr {

namespace {

constexpr std::string_view k_rule = "okr-sheet";
constexpr std::size_t k_columns = std::size(k_sheet_columns);

enum Column : std::size_t {
  c_owner,
  c_name,
  c_level,
  c_parent,
  c_objective,
  c_objective_title,
  c_aligns_to,
  c_kr,
  c_kr_title,
  c_type,
  c_baseline,
  c_target,
  c_stay_above,
  c_stay_below,
  c_stay_between,
  c_milestone,
  c_unit,
  c_metric
};

constexpr std::array<Column, 5> k_required = {c_owner, c_objective, c_objective_title, c_kr,
                                              c_kr_title};

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

/// A number as written in a cell, kept as the file will hold it.
struct CellNumber {
  double value = 0;
  std::string text; ///< format_number(value, written decimals)
};

/// A value set once for an owner or objective and repeated (or left empty) on its other rows.
struct Once {
  std::string value;
  const csv::Field* at = nullptr; ///< where it was first written; null when never
  bool set() const { return at != nullptr; }
};

struct SheetKr {
  std::string id;
  std::string title;
  std::string type;
  std::optional<CellNumber> baseline;
  std::optional<CellNumber> target;
  std::optional<CellNumber> stay_above;
  std::optional<CellNumber> stay_below;
  std::optional<std::pair<CellNumber, CellNumber>> stay_between;
  bool milestone = false;
  std::string unit;
  std::string metric;
  std::uint32_t line = 0;
};

struct SheetObjective {
  std::string id;
  Once title;
  Once aligns_to; ///< the references, joined by ", "
  std::vector<std::string> refs;
  std::vector<SheetKr> krs;
  const csv::Field* first = nullptr; ///< its first row's objective cell
};

struct SheetOwner {
  std::string id;
  Once name;
  Once level;
  Once parent;
  std::vector<SheetObjective> objectives;
  const csv::Field* first = nullptr; ///< its first row's owner cell
};

class Planner {
public:
  Planner(const std::string& path, const SheetRequest& request)
      : m_path(path), m_request(request) {}

  SheetPlan plan(std::string_view text) {
    // OKR files are UTF-8: a sheet saved in another encoding is refused where it stops being.
    if (const std::size_t bad = find_invalid_utf8(text); bad != std::string_view::npos) {
      const std::size_t line_start = text.rfind('\n', bad == 0 ? 0 : bad - 1);
      const std::size_t from =
          line_start == std::string_view::npos || bad == 0 ? 0 : line_start + 1;
      const auto line = static_cast<std::uint32_t>(
          1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(bad), '\n'));
      const auto column =
          static_cast<std::uint32_t>(1 + utf8_length(text.substr(from, bad - from)));
      error(line, column,
            fmt::format("invalid UTF-8 (byte 0x{:02x}); save the sheet as CSV in UTF-8",
                        static_cast<unsigned char>(text[bad])));
      return std::move(m_plan);
    }
    m_table = csv::read(text, m_path, k_rule);
    if (m_table.records.empty()) {
      if (!m_table.error) {
        error(1, 1,
              fmt::format("the sheet is empty; it starts with a header such as {}",
                          "owner,level,parent,objective,objective_title,kr,kr_title,baseline,"
                          "target,unit"));
      }
    } else if (header(m_table.records.front())) {
      for (std::size_t i = 1; i < m_table.records.size(); ++i) {
        row(m_table.records[i]);
      }
      finish_owners();
    }
    if (m_table.error) {
      m_plan.findings.push_back(*m_table.error);
    }
    if (m_plan.findings.empty()) {
      for (const SheetOwner& owner : m_owners) {
        emit(owner);
      }
    }
    if (!m_plan.findings.empty()) {
      m_plan.files.clear();
    }
    sort_diagnostics(m_plan.findings);
    return std::move(m_plan);
  }

private:
  void error(std::uint32_t line, std::uint32_t column, std::string message) {
    if (m_plan.findings.size() < k_max_findings_per_file) {
      m_plan.findings.push_back(Diagnostic{m_path, line, column, Severity::error,
                                           std::string(k_rule), std::move(message)});
    }
  }
  void error(const csv::Field& at, std::string message) {
    error(at.line, at.column, std::move(message));
  }

  bool header(const csv::Record& record) {
    m_where.fill(k_absent);
    std::vector<std::string_view> names(std::begin(k_sheet_columns), std::end(k_sheet_columns));
    bool good = true;
    for (std::size_t i = 0; i < record.size(); ++i) {
      const std::string name = lower(csv::trimmed(record[i].text));
      const auto it = std::find(names.begin(), names.end(), name);
      if (it == names.end()) {
        const std::string_view near = closest_match(name, names);
        error(record[i], fmt::format("'{}' is not a column of an OKR sheet{}; the columns are {}",
                                     escape_controls(record[i].text),
                                     near.empty() ? "" : fmt::format(" (did you mean '{}'?)", near),
                                     fmt::join(names, ", ")));
        good = false;
        continue;
      }
      const auto column = static_cast<std::size_t>(it - names.begin());
      if (m_where[column] != k_absent) {
        error(record[i],
              fmt::format("the column '{}' is already column {}", name, m_where[column] + 1));
        good = false;
        continue;
      }
      m_where[column] = i;
    }
    for (Column column : k_required) {
      if (good && m_where[column] == k_absent) {
        error(record[0], fmt::format("the header has no column '{}'; an OKR sheet needs {}",
                                     k_sheet_columns[column], required_list()));
        good = false;
      }
    }
    m_width = record.size();
    return good;
  }

  static std::string required_list() {
    std::vector<std::string_view> names;
    for (Column column : k_required) {
      names.push_back(k_sheet_columns[column]);
    }
    return fmt::format("{}", fmt::join(names, ", "));
  }

  /// The cell of `column` in the row, or null when the sheet has no such column.
  const csv::Field* cell(const csv::Record& record, Column column) const {
    return m_where[column] == k_absent ? nullptr : &record[m_where[column]];
  }
  /// The trimmed text of a cell; empty when the sheet has no such column.
  std::string text(const csv::Record& record, Column column) const {
    const csv::Field* field = cell(record, column);
    return field == nullptr ? std::string() : std::string(csv::trimmed(field->text));
  }

  /// `value` (not empty) in a value that must be the same on every row of its owner or
  /// objective; false (and a finding) when it differs from the one already written.
  bool set_once(Once& once, const std::string& value, const csv::Field& at, std::string_view what) {
    if (value.empty()) {
      return true;
    }
    if (!once.set()) {
      once = {value, &at};
      return true;
    }
    if (once.value != value) {
      error(at, fmt::format("{} is '{}' on line {}; write it the same on every row, or leave it "
                            "empty",
                            what, escape_controls(once.value), once.at->line));
      return false;
    }
    return true;
  }

  std::optional<CellNumber> number(const csv::Record& record, Column column, bool& bad) {
    const std::string written = text(record, column);
    if (written.empty()) {
      return std::nullopt;
    }
    auto parsed = parse_number(written);
    if (!parsed) {
      error(*cell(record, column),
            fmt::format("{} '{}' is not a number; write digits with a decimal point, such as "
                        "12.5",
                        k_sheet_columns[column], escape_controls(written)));
      bad = true;
    }
    return parsed;
  }

  static std::optional<CellNumber> parse_number(std::string_view written) {
    std::string_view digits = written;
    if (!digits.empty() && digits.front() == '+') {
      digits.remove_prefix(1);
    }
    double value = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (ec != std::errc() || end != digits.data() + digits.size() || digits.empty() ||
        !std::isfinite(value) || digits.front() == '.' ||
        std::find_if(digits.begin(), digits.end(), [](char c) {
          return !(std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == '-' ||
                   c == 'e' || c == 'E' || c == '+');
        }) != digits.end()) {
      return std::nullopt;
    }
    return CellNumber{value, format_number(value, written_decimals(digits))};
  }

  /// "LOW..HIGH" or "[LOW, HIGH]".
  std::optional<std::pair<CellNumber, CellNumber>> range(const csv::Record& record, bool& bad) {
    std::string written = text(record, c_stay_between);
    if (written.empty()) {
      return std::nullopt;
    }
    std::string_view inner = written;
    std::optional<CellNumber> low;
    std::optional<CellNumber> high;
    if (inner.size() >= 2 && inner.front() == '[' && inner.back() == ']') {
      inner = inner.substr(1, inner.size() - 2);
      const std::size_t comma = inner.find(',');
      if (comma != std::string_view::npos) {
        low = parse_number(csv::trimmed(inner.substr(0, comma)));
        high = parse_number(csv::trimmed(inner.substr(comma + 1)));
      }
    } else {
      const std::size_t dots = inner.find("..");
      if (dots != std::string_view::npos) {
        low = parse_number(csv::trimmed(inner.substr(0, dots)));
        high = parse_number(csv::trimmed(inner.substr(dots + 2)));
      }
    }
    if (!low || !high || !(low->value < high->value)) {
      error(*cell(record, c_stay_between),
            fmt::format("stay_between '{}' is not a range; write LOW..HIGH or [LOW, HIGH] with "
                        "LOW below HIGH, such as 99.5..99.9",
                        escape_controls(written)));
      bad = true;
      return std::nullopt;
    }
    return std::pair{*low, *high};
  }

  SheetOwner& owner_of(const std::string& id, const csv::Field& at) {
    for (SheetOwner& owner : m_owners) {
      if (owner.id == id) {
        return owner;
      }
    }
    SheetOwner& owner = m_owners.emplace_back();
    owner.id = id;
    owner.first = &at;
    return owner;
  }

  static SheetObjective& objective_of(SheetOwner& owner, const std::string& id,
                                      const csv::Field& at) {
    for (SheetObjective& objective : owner.objectives) {
      if (objective.id == id) {
        return objective;
      }
    }
    SheetObjective& objective = owner.objectives.emplace_back();
    objective.id = id;
    objective.first = &at;
    return objective;
  }

  bool id_cell(const csv::Record& record, Column column, std::string& id) {
    id = text(record, column);
    const csv::Field& at = *cell(record, column);
    if (id.empty()) {
      error(at, fmt::format("{} is empty; every row names its {}", k_sheet_columns[column],
                            column == c_owner ? "owner"
                            : column == c_kr  ? "key result"
                                              : "objective"));
      return false;
    }
    if (!is_valid_id(id)) {
      error(at, fmt::format("{} '{}' is not an id; use lower-case letters, digits and '-', such "
                            "as '{}'",
                            k_sheet_columns[column], escape_controls(id),
                            id_from_title(id).empty() ? "first-week" : id_from_title(id)));
      return false;
    }
    if (id.size() > k_max_id_length) { // the loader's limit: the file would not load
      error(at, fmt::format("{} is {} characters long; keep ids under {}", k_sheet_columns[column],
                            id.size(), k_max_id_length));
      return false;
    }
    return true;
  }

  void row(const csv::Record& record) {
    if (record.size() != m_width) {
      error(record.front(), fmt::format("this row has {} field{}; the header has {}", record.size(),
                                        record.size() == 1 ? "" : "s", m_width));
      return;
    }
    std::string owner_id;
    std::string objective_id;
    std::string kr_id;
    // Each id is checked, so that every bad one is reported.
    const bool owner_ok = id_cell(record, c_owner, owner_id);
    const bool objective_ok = id_cell(record, c_objective, objective_id);
    const bool kr_ok = id_cell(record, c_kr, kr_id);
    const bool ids = owner_ok && objective_ok && kr_ok;

    // The owner's own fields.
    std::string level = lower(text(record, c_level));
    if (!level.empty() && level != "company" && level != "unit" && level != "team" &&
        level != "individual") {
      level.clear(); // not compared with the owner's other rows
      error(*cell(record, c_level),
            fmt::format("level '{}' is not company, unit, team or individual",
                        escape_controls(text(record, c_level))));
    }
    const std::string parent = text(record, c_parent);
    if (!parent.empty() && (!is_valid_id(parent) || parent.size() > k_max_id_length)) {
      error(*cell(record, c_parent),
            fmt::format("parent '{}' is not an owner id", escape_controls(parent)));
    }
    // The objective's.
    std::vector<std::string> refs;
    const std::string aligns = text(record, c_aligns_to);
    std::size_t start = 0;
    while (start <= aligns.size() && !aligns.empty()) {
      std::size_t end = aligns.find_first_of(";,", start);
      if (end == std::string::npos) {
        end = aligns.size();
      }
      const std::string ref(csv::trimmed(std::string_view(aligns).substr(start, end - start)));
      const std::size_t slash = ref.find('/');
      const auto valid = [](std::string_view id) {
        return is_valid_id(id) && id.size() <= k_max_id_length;
      };
      if (slash == std::string::npos || !valid(ref.substr(0, slash)) ||
          !valid(ref.substr(slash + 1))) {
        error(*cell(record, c_aligns_to),
              fmt::format("aligns_to '{}' is not an objective reference; write owner/objective, "
                          "such as acme/delight (several separated by ';')",
                          escape_controls(ref)));
        break;
      }
      refs.push_back(ref);
      start = end + 1;
    }
    // The key result's.
    SheetKr kr;
    kr.id = kr_id;
    kr.line = record.front().line;
    kr.title = text(record, c_kr_title);
    if (kr.title.empty()) {
      error(*cell(record, c_kr_title), "kr_title is empty; every key result has a title");
    }
    kr.type = lower(text(record, c_type));
    if (!kr.type.empty() && kr.type != "committed" && kr.type != "stretch" &&
        kr.type != "experimental") {
      error(*cell(record, c_type),
            fmt::format("type '{}' is not committed, stretch or experimental",
                        escape_controls(text(record, c_type))));
    }
    bool bad_number = false;
    kr.baseline = number(record, c_baseline, bad_number);
    kr.target = number(record, c_target, bad_number);
    kr.stay_above = number(record, c_stay_above, bad_number);
    kr.stay_below = number(record, c_stay_below, bad_number);
    kr.stay_between = range(record, bad_number);
    const std::string milestone = lower(text(record, c_milestone));
    if (milestone == "true" || milestone == "yes" || milestone == "x" || milestone == "1") {
      kr.milestone = true;
    } else if (!(milestone.empty() || milestone == "false" || milestone == "no" ||
                 milestone == "0")) {
      error(*cell(record, c_milestone),
            fmt::format("milestone '{}' is not true or false (yes, x and 1 are true; no, 0 and an "
                        "empty cell false)",
                        escape_controls(text(record, c_milestone))));
    }
    kr.unit = text(record, c_unit);
    kr.metric = text(record, c_metric);
    if (!kr.metric.empty()) {
      std::string why;
      if (!metrics::canonical_name(kr.metric, &why)) {
        error(*cell(record, c_metric),
              fmt::format("metric '{}': {}", escape_controls(kr.metric), why));
      }
    }
    if (!bad_number) {
      measure(record, kr);
    }
    if (!ids) {
      return;
    }
    SheetOwner& owner = owner_of(owner_id, *cell(record, c_owner));
    set_once(owner.name, text(record, c_name),
             cell(record, c_name) ? *cell(record, c_name) : record.front(),
             fmt::format("the name of {}", owner_id));
    if (!level.empty()) {
      set_once(owner.level, level, *cell(record, c_level),
               fmt::format("the level of {}", owner_id));
    }
    if (!parent.empty()) {
      set_once(owner.parent, parent, *cell(record, c_parent),
               fmt::format("the parent of {}", owner_id));
    }
    SheetObjective& objective = objective_of(owner, objective_id, *cell(record, c_objective));
    set_once(objective.title, text(record, c_objective_title), *cell(record, c_objective_title),
             fmt::format("the title of {}/{}", owner_id, objective_id));
    if (!refs.empty() &&
        set_once(objective.aligns_to, fmt::format("{}", fmt::join(refs, "; ")),
                 *cell(record, c_aligns_to),
                 fmt::format("aligns_to of {}/{}", owner_id, objective_id)) &&
        objective.refs.empty()) {
      objective.refs = refs;
    }
    for (const SheetKr& other : objective.krs) {
      if (other.id == kr.id) {
        error(*cell(record, c_kr), fmt::format("the key result {}/{}/{} is already on line {}",
                                               owner_id, objective_id, kr.id, other.line));
        return;
      }
    }
    objective.krs.push_back(std::move(kr)); // written only when no row is bad
  }

  /// Exactly one measure: baseline and target, stay_above, stay_below, stay_between or
  /// milestone.
  void measure(const csv::Record& record, const SheetKr& kr) {
    std::vector<Column> given;
    if (kr.baseline || kr.target) {
      if (!kr.baseline || !kr.target) {
        const Column missing = kr.baseline ? c_target : c_baseline;
        const csv::Field* at = cell(record, missing);
        error(at ? *at : *cell(record, c_kr),
              fmt::format("key result {} has a {} but no {}; a key result that moves a value "
                          "goes from a baseline to a target",
                          kr.id, kr.baseline ? "baseline" : "target", k_sheet_columns[missing]));
        return;
      }
      if (kr.baseline->value == kr.target->value) {
        error(*cell(record, c_target),
              fmt::format("the target of {} is its baseline, {}; a key result moves a value", kr.id,
                          kr.target->text));
        return;
      }
      given.push_back(c_baseline);
    }
    if (kr.stay_above) {
      given.push_back(c_stay_above);
    }
    if (kr.stay_below) {
      given.push_back(c_stay_below);
    }
    if (kr.stay_between) {
      given.push_back(c_stay_between);
    }
    if (kr.milestone) {
      given.push_back(c_milestone);
    }
    if (given.empty()) {
      error(*cell(record, c_kr),
            fmt::format("key result {} has no measure; fill baseline and target, or one of "
                        "stay_above, stay_below, stay_between, milestone",
                        kr.id));
      return;
    }
    if (given.size() > 1) {
      error(*cell(record, given[1]),
            fmt::format("key result {} has two measures, {} and {}; give it one", kr.id,
                        given[0] == c_baseline ? "baseline and target" : k_sheet_columns[given[0]],
                        k_sheet_columns[given[1]]));
      return;
    }
  }

  void finish_owners() {
    for (const SheetOwner& owner : m_owners) {
      const std::string level = owner.level.set() ? owner.level.value : "team";
      if (level == "company" && owner.parent.set()) {
        error(*owner.parent.at,
              fmt::format("{} is a company, which has no parent; leave parent empty", owner.id));
      }
      if (level != "company" && !owner.parent.set()) {
        error(*owner.first, fmt::format("{} is a {} and needs a parent: fill the parent column "
                                        "on one of its rows",
                                        owner.id, level));
      }
      for (const SheetObjective& objective : owner.objectives) {
        if (!objective.title.set()) {
          error(*objective.first, fmt::format("the objective {}/{} has no title; fill "
                                              "objective_title on one of its rows",
                                              owner.id, objective.id));
        }
      }
    }
  }

  void emit(const SheetOwner& owner) {
    const std::string level = owner.level.set() ? owner.level.value : "team";
    std::string out;
    out += fmt::format("# OKRs of {} for {}, imported from {} by okr import --okrs.\n", owner.id,
                       m_request.cycle, escape_controls(m_path));
    out += fmt::format("cycle: {}\nowner: {}\n", m_request.cycle, owner.id);
    if (owner.name.set()) {
      out += fmt::format("name: {}\n", yaml_quoted(owner.name.value));
    }
    out += fmt::format("level: {}\n", level);
    if (owner.parent.set()) {
      out += fmt::format("parent: {}\n", owner.parent.value);
    }
    if (level == "individual") {
      out += "visibility: private   # personal OKRs are private by default\n";
    }
    out += "\nobjectives:\n";
    std::size_t krs = 0;
    for (const SheetObjective& objective : owner.objectives) {
      out += fmt::format("  - id: {}\n    title: {}\n", objective.id,
                         yaml_quoted(objective.title.value));
      if (!objective.refs.empty()) {
        out += "    aligns_to:\n";
        for (const std::string& ref : objective.refs) {
          out += fmt::format("      - {}\n", ref);
        }
      }
      out += "    key_results:\n";
      for (const SheetKr& kr : objective.krs) {
        emit(out, kr);
        ++krs;
      }
    }
    const bool in_private = owner.level.value == "individual";
    const std::string path =
        fmt::format("{}{}/{}/{}.yaml", in_private ? m_request.private_prefix : std::string(),
                    m_request.okrs_path, m_request.cycle, owner.id);
    if (!verify(out, path, owner.objectives.size(), krs)) {
      return;
    }
    m_plan.files.push_back({path, std::move(out)});
  }

  static void emit(std::string& out, const SheetKr& kr) {
    out += fmt::format("      - id: {}\n        title: {}\n", kr.id, yaml_quoted(kr.title));
    if (!kr.type.empty() && kr.type != "stretch") {
      out += fmt::format("        type: {}\n", kr.type);
    }
    if (kr.baseline) {
      out += fmt::format("        baseline: {}\n        target: {}\n", kr.baseline->text,
                         kr.target->text);
    }
    if (kr.stay_above) {
      out += fmt::format("        stay_above: {}\n", kr.stay_above->text);
    }
    if (kr.stay_below) {
      out += fmt::format("        stay_below: {}\n", kr.stay_below->text);
    }
    if (kr.stay_between) {
      out += fmt::format("        stay_between: [{}, {}]\n", kr.stay_between->first.text,
                         kr.stay_between->second.text);
    }
    if (kr.milestone) {
      out += "        milestone: true\n";
    }
    if (!kr.unit.empty()) {
      out += fmt::format("        unit: {}\n", yaml_quoted(kr.unit));
    }
    if (!kr.metric.empty()) {
      out += fmt::format("        metric: {}\n", yaml_quoted(kr.metric));
    }
  }

  /// Whether the text loads back, without findings, as one OKR file of that many objectives and
  /// key results; a finding at line 1 when not.
  bool verify(const std::string& text, const std::string& path, std::size_t objectives,
              std::size_t key_results) {
    const LoadResult loaded = load_string(text, path);
    std::size_t krs = 0;
    for (const OkrFile& file : loaded.repo.okr_files) {
      for (const Objective& o : file.objectives) {
        krs += o.key_results.size();
      }
    }
    if (loaded.diagnostics.empty() && loaded.repo.okr_files.size() == 1 &&
        loaded.repo.okr_files.front().objectives.size() == objectives && krs == key_results) {
      return true;
    }
    const std::string why =
        loaded.diagnostics.empty()
            ? std::string("it would read back differently")
            : fmt::format("{}:{}: {}", loaded.diagnostics.front().line,
                          loaded.diagnostics.front().column, loaded.diagnostics.front().message);
    error(1, 1,
          fmt::format("the file made for {} would not load ({}); nothing was written", path, why));
    return false;
  }

  static constexpr std::size_t k_absent = static_cast<std::size_t>(-1);

  const std::string& m_path;
  const SheetRequest& m_request;
  csv::Table m_table;
  std::array<std::size_t, k_columns> m_where{};
  std::size_t m_width = 0;
  std::vector<SheetOwner> m_owners;
  SheetPlan m_plan;
};

} // namespace

SheetPlan plan_okr_sheet(std::string_view text, const std::string& path,
                         const SheetRequest& request) {
  return Planner(path, request).plan(text);
}

} // namespace okr
