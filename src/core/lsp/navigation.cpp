// Definitions and references of owners, objectives, key results and KPIs, and what a completion
// at a cursor offers, for the language server.

#include "lsp/navigation.hpp"

#include <algorithm>
#include <array>

#include <okr/symbol.hpp>
#include <okr/text.hpp>

namespace okr::lsp {

namespace {

class Collector {
public:
  explicit Collector(std::vector<Occurrence>& out) : m_out(out) {}

  std::size_t add(const Pos& pos, std::string_view written, std::string_view key, SymbolKind kind,
                  bool definition, std::string_view title = {}) {
    if (pos.line == 0) {
      return SIZE_MAX;
    }
    Occurrence occurrence;
    occurrence.file = pos.file;
    occurrence.line = pos.line;
    occurrence.column = pos.column;
    occurrence.length = static_cast<std::uint32_t>(utf8_length(written));
    occurrence.key = Symbol(key).view();
    occurrence.kind = kind;
    occurrence.definition = definition;
    occurrence.title = title;
    m_out.push_back(std::move(occurrence));
    return m_out.size() - 1;
  }

  void add_ref(const Ref& ref) {
    const std::string written = ref.str();
    if (ref.kr.empty()) {
      add(ref.pos, written, ref.owner + "/" + ref.objective, SymbolKind::objective, false);
    } else {
      add(ref.pos, written, ref.owner + "/" + ref.objective + "/" + ref.kr, SymbolKind::key_result,
          false);
    }
  }

private:
  std::vector<Occurrence>& m_out;
};

void collect_okr_file(const OkrFile& file, Collector& collect) {
  const std::string& owner = file.owner.value;
  collect.add(file.owner.pos, owner, owner, SymbolKind::owner, true,
              file.name ? file.name->value : owner);
  if (file.parent) {
    collect.add(file.parent->pos, file.parent->value, file.parent->value, SymbolKind::owner, false);
  }
  for (const Objective& objective : file.objectives) {
    const std::string key = owner + "/" + objective.id.value;
    if (objective.shared) {
      collect.add_ref(*objective.shared);
    } else {
      collect.add(objective.id.pos, objective.id.value, key, SymbolKind::objective, true,
                  objective.title.value);
    }
    for (const Ref& ref : objective.aligns_to) {
      collect.add_ref(ref);
    }
    for (const Text& other : objective.depends_on) {
      collect.add(other.pos, other.value, other.value, SymbolKind::owner, false);
    }
    for (const KeyResult& kr : objective.key_results) {
      collect.add(kr.id.pos, kr.id.value, key + "/" + kr.id.value, SymbolKind::key_result, true,
                  kr.title.value);
      for (const Ref& ref : kr.contributes_to) {
        collect.add_ref(ref);
      }
    }
  }
  for (const Kpi& kpi : file.kpis) {
    collect.add(kpi.id.pos, kpi.id.value, owner + "#" + kpi.id.value, SymbolKind::kpi, true,
                kpi.title.value);
  }
}

void collect_checkin(const Checkin& checkin, Collector& collect) {
  const std::string& owner = checkin.owner.value;
  collect.add(checkin.owner.pos, owner, owner, SymbolKind::owner, false);
  for (const ResultValue& result : checkin.results) {
    const std::string_view key = result.key.view();
    collect.add(result.key_pos(checkin.file), key, owner + "/" + std::string(key),
                SymbolKind::key_result, false);
  }
  for (const ResultValue& kpi : checkin.kpis) {
    const std::string_view key = kpi.key.view();
    collect.add(kpi.key_pos(checkin.file), key, owner + "#" + std::string(key), SymbolKind::kpi,
                false);
  }
}

/// How many occurrences find_occurrences() finds at most: reserved at once, so that the
/// vector (a few megabytes with the check-ins of a large repository) is not copied as it grows.
std::size_t most_occurrences(const Repository& repo) {
  std::size_t n = 0;
  for (const OkrFile& file : repo.okr_files) {
    n += 2 + file.kpis.size();
    for (const Objective& objective : file.objectives) {
      n += 1 + objective.aligns_to.size() + objective.depends_on.size();
      for (const KeyResult& kr : objective.key_results) {
        n += 1 + kr.contributes_to.size();
      }
    }
  }
  for (const Checkin& checkin : repo.checkins) {
    n += 1 + checkin.results.size() + checkin.kpis.size();
  }
  return n;
}

} // namespace

std::vector<Occurrence> find_occurrences(const Repository& repo) {
  std::vector<Occurrence> out;
  out.reserve(most_occurrences(repo));
  Collector collect(out);
  for (const OkrFile& file : repo.okr_files) {
    const std::size_t first = out.size();
    collect_okr_file(file, collect);
    // Each key result's objective: the nearest objective definition before it in this file.
    std::uint32_t objective = UINT32_MAX;
    for (std::size_t i = first; i < out.size(); ++i) {
      if (out[i].definition && out[i].kind == SymbolKind::objective) {
        objective = static_cast<std::uint32_t>(i);
      } else if (out[i].definition && out[i].kind == SymbolKind::key_result) {
        out[i].parent = objective;
      }
    }
  }
  for (const Checkin& checkin : repo.checkins) {
    collect_checkin(checkin, collect);
  }
  return out;
}

const Occurrence* occurrence_at(const std::vector<Occurrence>& occurrences, std::uint32_t file,
                                std::uint32_t line, std::uint32_t column) {
  for (const Occurrence& occurrence : occurrences) {
    // A quoted value starts at its quote: one column more at the end.
    if (occurrence.file == file && occurrence.line == line && occurrence.column <= column &&
        column <= occurrence.column + occurrence.length + 1) {
      return &occurrence;
    }
  }
  return nullptr;
}

namespace {

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  for (;;) {
    const std::size_t end = text.find('\n', start);
    std::string_view line =
        text.substr(start, end == std::string_view::npos ? text.size() - start : end - start);
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    lines.push_back(line);
    if (end == std::string_view::npos) {
      return lines;
    }
    start = end + 1;
  }
}

std::size_t indent_of(std::string_view line) {
  const std::size_t at = line.find_first_not_of(' ');
  return at == std::string_view::npos ? line.size() : at;
}

bool skipped(std::string_view line) {
  const std::size_t at = line.find_first_not_of(" \t");
  return at == std::string_view::npos || line[at] == '#';
}

bool is_item(std::string_view line, std::size_t indent) {
  return line.size() > indent && line[indent] == '-' &&
         (line.size() == indent + 1 || line[indent + 1] == ' ');
}

/// The column of the content of a list item whose dash is at `indent`.
std::size_t item_content(std::string_view line, std::size_t indent) {
  const std::size_t at = line.find_first_not_of(' ', indent + 1);
  return at == std::string_view::npos ? indent + 2 : at;
}

/// The key written at byte `from` of `line`, when it is a `key:` with nothing after it.
std::string opening_key(std::string_view line, std::size_t from) {
  std::string_view rest = line.substr(std::min(from, line.size()));
  const std::size_t hash = rest.find(" #");
  if (hash != std::string_view::npos) {
    rest = rest.substr(0, hash);
  }
  while (!rest.empty() && (rest.back() == ' ' || rest.back() == '\t')) {
    rest.remove_suffix(1);
  }
  if (rest.empty() || rest.back() != ':') {
    return {};
  }
  rest.remove_suffix(1);
  return std::string(rest);
}

/// The key that holds the list whose item's dash is at `dash` on line `row`.
std::string list_key(const std::vector<std::string_view>& lines, std::size_t row,
                     std::size_t dash) {
  for (std::size_t i = row; i-- > 0;) {
    const std::string_view line = lines[i];
    if (skipped(line)) {
      continue;
    }
    const std::size_t indent = indent_of(line);
    if (indent < dash || (indent == dash && !is_item(line, indent))) {
      const std::size_t from = is_item(line, indent) ? item_content(line, indent) : indent;
      return opening_key(line, from);
    }
  }
  return {};
}

constexpr std::string_view k_top = "<top>";

/// The key whose mapping holds an entry at column `column` of line `row`; k_top at the top.
std::string mapping_key(const std::vector<std::string_view>& lines, std::size_t row,
                        std::size_t column) {
  for (std::size_t i = row; i-- > 0;) {
    const std::string_view line = lines[i];
    if (skipped(line)) {
      continue;
    }
    const std::size_t indent = indent_of(line);
    if (is_item(line, indent)) {
      if (item_content(line, indent) == column) {
        return "-" + list_key(lines, i, indent); // an entry of this item's mapping
      }
      if (indent < column) {
        return {};
      }
      continue;
    }
    if (indent < column) {
      return opening_key(line, indent);
    }
  }
  return column == 0 ? std::string(k_top) : std::string();
}

CompletionKind value_kind(std::string_view key, FileKind file_kind) {
  if (key == "parent" || key == "depends_on" ||
      (key == "owner" && file_kind == FileKind::checkin)) {
    return CompletionKind::owner;
  }
  if (key == "aligns_to" || key == "shared") {
    return CompletionKind::objective_ref;
  }
  if (key == "contributes_to") {
    return CompletionKind::kr_ref;
  }
  if (key == "level") {
    return CompletionKind::level;
  }
  if (key == "type") {
    return CompletionKind::kr_type;
  }
  if (key == "visibility") {
    return CompletionKind::visibility;
  }
  if (key == "status") {
    return CompletionKind::status;
  }
  return CompletionKind::none;
}

std::vector<std::string> keys_of(std::string_view container, FileKind file_kind) {
  if (file_kind == FileKind::checkin) {
    if (container == k_top) {
      return {"owner",      "cycle",      "date",    "author", "kind",   "retro",
              "confidence", "status",     "results", "kpis",   "issues", "plan",
              "attractors", "detractors", "learned", "notes"};
    }
    return {};
  }
  if (file_kind != FileKind::okr) {
    return {};
  }
  if (container == k_top) {
    return {"cycle",        "owner",      "name", "level",       "parent", "visibility",
            "cadence_days", "objectives", "kpis", "description", "notes"};
  }
  if (container == "-objectives") {
    return {"id",         "title",       "shared",      "aligns_to",   "weight",
            "depends_on", "initiatives", "key_results", "description", "notes"};
  }
  if (container == "-key_results") {
    return {"id",         "title",          "type",        "baseline", "target", "stay_above",
            "stay_below", "stay_between",   "milestone",   "metric",   "unit",   "weight",
            "owner",      "contributes_to", "description", "notes"};
  }
  if (container == "-kpis") {
    return {"id",         "title",      "unit",         "metric",
            "stay_above", "stay_below", "stay_between", "description"};
  }
  return {};
}

bool word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '/' || c == '.' || static_cast<unsigned char>(c) >= 0x80;
}

} // namespace

CompletionContext completion_context(std::string_view text, std::uint32_t line, std::size_t offset,
                                     FileKind file_kind) {
  CompletionContext context;
  const std::vector<std::string_view> lines = split_lines(text);
  if (line >= lines.size()) {
    return context;
  }
  const std::string_view current = lines[line];
  const std::string_view before = current.substr(0, std::min(offset, current.size()));
  std::size_t start = before.size();
  while (start > 0 && word_char(before[start - 1])) {
    --start;
  }
  context.prefix = std::string(before.substr(start));
  const std::string_view head = before.substr(0, start); // what comes before the word
  const std::size_t indent = indent_of(before);
  std::size_t content = indent;
  bool item = false;
  if (is_item(before, indent) || (before.size() == indent + 1 && before[indent] == '-')) {
    item = true;
    content = item_content(before, indent);
  }
  const std::size_t colon = head.find(':', content);
  if (colon != std::string_view::npos) {
    // KEY: [value or [a, value
    std::string_view key = head.substr(content, colon - content);
    context.kind = value_kind(key, file_kind);
    return context;
  }
  if (head.size() != content) {
    return context; // inside a flow collection or after other text
  }
  if (item) {
    const std::string key = list_key(lines, line, indent);
    const CompletionKind kind = value_kind(key, file_kind);
    if (kind != CompletionKind::none) {
      context.kind = kind;
      return context;
    }
    context.kind = CompletionKind::key;
    context.keys = keys_of("-" + key, file_kind);
    return context;
  }
  const std::string container = mapping_key(lines, line, content);
  if (file_kind == FileKind::checkin && container == "results") {
    context.kind = CompletionKind::result_key;
  } else if (file_kind == FileKind::checkin && container == "kpis") {
    context.kind = CompletionKind::kpi_key;
  } else {
    context.kind = CompletionKind::key;
    context.keys = keys_of(container, file_kind);
  }
  if (context.kind == CompletionKind::key && context.keys.empty()) {
    context.kind = CompletionKind::none;
  }
  return context;
}

} // namespace okr::lsp
