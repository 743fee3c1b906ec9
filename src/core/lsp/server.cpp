// The language server: JSON-RPC 2.0 dispatch, the lifecycle, the open documents and the
// diagnostics published for them, and the requests answered from the last check's model.

#include <algorithm>
#include <deque>
#include <filesystem>
#include <fmt/format.h>
#include <istream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <set>
#include <unordered_map>

#include <okr/check.hpp>
#include <okr/diff.hpp>
#include <okr/history.hpp>
#include <okr/index.hpp>
#include <okr/loader.hpp>
#include <okr/lsp.hpp>
#include <okr/number.hpp>
#include <okr/scoring.hpp>
#include <okr/text.hpp>

#include "lsp/navigation.hpp"

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace okr::lsp {

namespace {

// JSON-RPC and LSP error codes.
constexpr int k_parse_error = -32700;
constexpr int k_invalid_request = -32600;
constexpr int k_method_not_found = -32601;
constexpr int k_invalid_params = -32602;
constexpr int k_internal_error = -32603;
constexpr int k_server_not_initialized = -32002;
constexpr int k_request_cancelled = -32800;

constexpr std::size_t k_max_workspace_symbols = 500;

std::string_view level_name(LogLevel level) {
  switch (level) {
  case LogLevel::error:
    return "error";
  case LogLevel::warn:
    return "warn";
  case LogLevel::info:
    return "info";
  case LogLevel::debug:
    break;
  }
  return "debug";
}

std::string dump(const json& message) {
  return message.dump(-1, ' ', false, json::error_handler_t::replace);
}

/// The text of 1-based line `n` of `text`, without its end; empty past the end.
std::string_view line_of(std::string_view text, std::uint32_t n) {
  std::size_t start = 0;
  for (std::uint32_t i = 1; i < n; ++i) {
    const std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) {
      return {};
    }
    start = end + 1;
  }
  std::size_t end = text.find('\n', start);
  if (end == std::string_view::npos) {
    end = text.size();
  }
  if (end > start && text[end - 1] == '\r') {
    --end;
  }
  return text.substr(start, end - start);
}

/// The byte offset of UTF-16 `character` in `line`.
std::size_t byte_offset(std::string_view line, std::uint32_t character) {
  const std::uint32_t column = from_utf16(line, character);
  std::size_t i = 0;
  for (std::uint32_t c = 1; c < column && i < line.size(); ++c) {
    ++i;
    while (i < line.size() && (static_cast<unsigned char>(line[i]) & 0xC0) == 0x80) {
      ++i;
    }
  }
  return i;
}

int lsp_severity(Severity severity) {
  return severity == Severity::error ? 1 : severity == Severity::warning ? 2 : 3;
}

int lsp_symbol_kind(SymbolKind kind) {
  switch (kind) {
  case SymbolKind::owner:
    return 2; // Module
  case SymbolKind::objective:
    return 5; // Class
  case SymbolKind::key_result:
    return 8; // Field
  case SymbolKind::kpi:
    break;
  }
  return 14; // Constant
}

std::string lowercase(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  });
  return out;
}

/// The value of a top-level `key: value` line of `text` (unquoted, without a comment), or empty.
std::string top_level_value(std::string_view text, std::string_view key) {
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    std::string_view line = text.substr(start, end - start);
    if (line.starts_with(key) && line.substr(key.size()).starts_with(":")) {
      line.remove_prefix(key.size() + 1);
      line = line.substr(0, line.find(" #"));
      const std::size_t first = line.find_first_not_of(" \t\"'");
      const std::size_t last = line.find_last_not_of(" \t\r\"'");
      return first == std::string_view::npos ? std::string()
                                             : std::string(line.substr(first, last - first + 1));
    }
    start = end + 1;
  }
  return {};
}

struct Document {
  std::string uri;
  std::string path; ///< root-relative; empty outside the repository
  std::string text;
};

} // namespace

struct Server::State {
  ServerOptions options;
  bool initialized = false;
  bool shut_down = false;
  bool exited = false;
  bool dirty = false; ///< a change not checked yet
  /// The next check loads the whole repository again (the first, or after a document was closed
  /// or saved, or files changed on disk); else it re-parses only the documents in `stale`.
  bool reload = true;
  std::set<std::string> stale; ///< root-relative paths of documents changed since the last check
  std::optional<fs::path> root;
  std::map<std::string, Document, std::less<>> documents; // by URI
  /// What was last published for each URI with diagnostics, so that an unchanged list is not
  /// sent again.
  std::map<std::string, std::string> published;
  /// The repository as last checked, kept between edits: `loaded.repo` is the model (the open
  /// documents' texts parsed in place of the disk's), `report` the findings published.
  std::unique_ptr<CheckResult> last;
  std::vector<std::vector<Diagnostic>> loader_findings; ///< by file index, of `last`'s files
  /// The rules' findings of `last`, kept so that an edit runs the per-owner rules again only
  /// over the edited owners' files.
  IncrementalCheck incremental;
  std::unique_ptr<History> history; ///< the git repository holding the root
  /// history_facts() as of the last load, for the rules that read history: they compare the
  /// disk (not the buffers) with HEAD, so they hold until the next load, unless an edit moves
  /// the earliest cycle (`facts_key`).
  std::optional<HistoryFacts> facts;
  std::optional<Date> facts_key;
  std::optional<std::vector<Occurrence>> occurrences;
  /// Root-relative path (a view of the model's) → index into the model's files.
  std::unordered_map<std::string_view, std::uint32_t> file_index;
  std::vector<std::string_view> file_cycles; // by file index, from the model
  /// The ids (as JSON text) of requests a `$/cancelRequest` read ahead cancels.
  std::set<std::string> cancelled;
  std::function<void()> read_ahead;

  explicit State(ServerOptions o) : options(std::move(o)) {}

  void log(LogLevel level, std::string_view message) const {
    if (options.log != nullptr && level <= options.log_level) {
      *options.log << "okr lsp: " << level_name(level) << ": " << message << '\n';
      options.log->flush();
    }
  }

  // ---- paths and positions

  std::string relative(const std::string& uri) const {
    if (!root) {
      return {};
    }
    const std::string path = from_uri(uri);
    if (path.empty()) {
      return {};
    }
    std::error_code error;
    const fs::path full = fs::weakly_canonical(fs::path(path), error);
    if (error) {
      return {};
    }
    const fs::path rel = full.lexically_relative(*root);
    const std::string text = rel.generic_string();
    if (text.empty() || text == "." ||
        (text.starts_with("..") && !(last && in_private_root(last->loaded.repo.config, text)))) {
      return {}; // outside the repository, and not in the private repository overlaid on it
    }
    return text;
  }

  std::string uri_of(const std::string& rel) const {
    for (const auto& [uri, document] : documents) {
      if (document.path == rel) {
        return uri;
      }
    }
    return to_uri((*root / rel).lexically_normal().generic_string());
  }

  /// The text of a root-relative file: its open document's, else the last check's.
  std::string_view text_of(const std::string& rel) {
    for (const auto& [uri, document] : documents) {
      if (document.path == rel) {
        return document.text;
      }
    }
    if (!last) {
      return {};
    }
    Repository& repo = last->loaded.repo;
    const auto it = file_index.find(rel);
    if (it == file_index.end()) {
      return {};
    }
    SourceFile& file = repo.files[it->second];
    if (file.text.empty()) {
      read_texts(repo, [&](std::string_view path) { return path == rel; });
    }
    return file.text;
  }

  json position(const std::string& rel, std::uint32_t line, std::uint32_t column) {
    const std::uint32_t row = line == 0 ? 1 : line;
    const std::uint32_t col = column == 0 ? 1 : column;
    return {{"line", row - 1}, {"character", to_utf16(line_of(text_of(rel), row), col)}};
  }

  json range_of(const Occurrence& occurrence) {
    const std::string& rel = last->loaded.repo.files[occurrence.file].path;
    return {{"start", position(rel, occurrence.line, occurrence.column)},
            {"end", position(rel, occurrence.line, occurrence.column + occurrence.length)}};
  }

  json location_of(const Occurrence& occurrence) {
    const std::string& rel = last->loaded.repo.files[occurrence.file].path;
    return {{"uri", uri_of(rel)}, {"range", range_of(occurrence)}};
  }

  // ---- the check

  void changed(std::ostream& out) {
    dirty = true;
    if (!options.coalesce_changes) {
      check(out);
    }
  }

  /// Loads the whole repository with the open documents as overlays (the cache of parsed files
  /// serves the others, and never holds a buffer); keeps each file's loader findings apart, so
  /// that an edit replaces only its file's.
  void load() {
    reload = false;
    file_index.clear(); // views of the model's paths
    last.reset();       // one model at a time
    loader_findings.clear();
    incremental.reset();
    std::map<std::string, std::string, std::less<>> overlays;
    for (const auto& [uri, document] : documents) {
      if (!document.path.empty()) {
        overlays[document.path] = document.text;
      }
    }
    LoadOptions load_options;
    load_options.use_cache = true;
    load_options.overlays = overlays.empty() ? nullptr : &overlays;
    last = std::make_unique<CheckResult>();
    last->loaded = load_repository(*root, load_options);
    last->report.repo = &last->loaded.repo;
    const Repository& repo = last->loaded.repo;
    file_index.clear();
    for (std::uint32_t i = 0; i < repo.files.size(); ++i) {
      file_index.emplace(repo.files[i].path, i);
    }
    loader_findings.resize(repo.files.size() + 1); // the last: findings of no file
    for (Diagnostic& finding : last->loaded.diagnostics) {
      const auto it = file_index.find(finding.file);
      loader_findings[it == file_index.end() ? repo.files.size() : it->second].push_back(
          std::move(finding));
    }
    last->loaded.diagnostics.clear();
    std::string not_git;
    history = History::open(*root, not_git);
    facts.reset(); // HEAD or the disk may have changed
  }

  void check(std::ostream& out) {
    dirty = false;
    if (!root) {
      log(LogLevel::info, "no workspace root: no diagnostics");
      return;
    }
    if (!reload && last) {
      for (const std::string& rel : stale) {
        const auto it = file_index.find(rel);
        const auto document = std::find_if(documents.begin(), documents.end(),
                                           [&](const auto& d) { return d.second.path == rel; });
        if (it != file_index.end()) {
          incremental.changing(last->loaded.repo, it->second);
        }
        if (it == file_index.end() || document == documents.end() ||
            !reparse_file(last->loaded.repo, it->second, document->second.text,
                          loader_findings[it->second])) {
          reload = true; // a file new to the repository, or okr.yaml
          break;
        }
      }
    }
    stale.clear();
    if (reload || !last) {
      load();
    }
    CheckRequest request;
    request.root = *root;
    request.include_private = true;
    request.today = options.today;
    if (last->loaded.fatal && last->loaded.repo.files.empty()) {
      log(LogLevel::error, *last->loaded.fatal); // nothing could be read
    }
    std::vector<Diagnostic> found;
    for (const std::vector<Diagnostic>& list : loader_findings) {
      found.insert(found.end(), list.begin(), list.end());
    }
    const Repository& repo = last->loaded.repo;
    if (history && history->head() && !last->loaded.fatal) {
      const std::optional<Date> earliest = earliest_cycle_start(repo);
      if (!facts || earliest != facts_key) {
        facts = history_facts(*history, *root, repo, std::nullopt, options.today);
        facts_key = earliest;
      }
    }
    LoadedCheck checked =
        incremental.check(request, repo, std::move(found), last->loaded.fatal, history.get(),
                          history && history->head() && facts ? &*facts : nullptr);
    last->report.diagnostics = std::move(checked.diagnostics);
    last->errors = std::move(checked.errors);
    last->fatal = std::move(checked.fatal);
    occurrences.reset();
    file_cycles.clear();
    for (const std::string& error : last->errors) {
      log(LogLevel::error, error);
    }
    if (last->fatal) {
      log(LogLevel::warn, *last->fatal);
    }
    // finding_details() and the positions read the lines of the files with findings.
    std::set<std::string_view> with_findings;
    for (const Diagnostic& d : last->report.diagnostics) {
      with_findings.insert(d.file);
    }
    read_texts(last->loaded.repo,
               [&](std::string_view path) { return with_findings.contains(path); });
    const CheckReport& report = last->report;
    const std::vector<FindingDetails> details = finding_details(report);
    std::map<std::string, json> by_uri;
    for (std::size_t i = 0; i < report.diagnostics.size(); ++i) {
      const Diagnostic& finding = report.diagnostics[i];
      if (finding.file.empty()) {
        log(LogLevel::warn, finding.message);
        continue;
      }
      std::uint32_t end_line = finding.line;
      std::uint32_t end_column = finding.column;
      if (i < details.size() && details[i].end_line != 0) {
        end_line = details[i].end_line;
        end_column = details[i].end_column;
      }
      json diagnostic = {
          {"range",
           {{"start", position(finding.file, finding.line, finding.column)},
            {"end", position(finding.file, end_line, end_column)}}},
          {"severity", lsp_severity(finding.severity)},
          {"code", finding.rule},
          {"source", "okr"},
          {"message", finding.message},
      };
      json& list = by_uri[uri_of(finding.file)];
      if (list.is_null()) {
        list = json::array();
      }
      list.push_back(std::move(diagnostic));
    }
    std::map<std::string, std::string> now;
    for (auto& [uri, list] : by_uri) {
      std::string text = dump(list);
      const auto before = published.find(uri);
      if (before == published.end() || before->second != text) {
        notify(out, "textDocument/publishDiagnostics", {{"uri", uri}, {"diagnostics", list}});
      }
      now.emplace(uri, std::move(text));
    }
    for (const auto& [uri, text] : published) {
      if (!now.contains(uri)) {
        notify(out, "textDocument/publishDiagnostics",
               {{"uri", uri}, {"diagnostics", json::array()}});
      }
    }
    published = std::move(now);
    log(LogLevel::debug,
        fmt::format("{} findings in {} files", report.diagnostics.size(), published.size()));
  }

  const std::vector<Occurrence>& all_occurrences() {
    if (!occurrences) {
      occurrences = last ? find_occurrences(last->loaded.repo) : std::vector<Occurrence>();
    }
    return *occurrences;
  }

  // ---- messages

  void send(std::ostream& out, const json& message) { write_frame(out, dump(message)); }

  void notify(std::ostream& out, std::string_view method, json params) {
    send(out, {{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}});
  }

  void reply(std::ostream& out, const json& id, json result) {
    send(out, {{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}});
  }

  void fail(std::ostream& out, const json& id, int code, const std::string& message) {
    send(out, {{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", code}, {"message", message}}}});
  }

  // ---- requests on a document

  struct Cursor {
    std::string rel;
    std::uint32_t file = 0; ///< index into the last check's files
    std::uint32_t line = 0; ///< 1-based
    std::uint32_t column = 0;
    std::size_t offset = 0; ///< byte offset in the line
  };

  std::optional<Cursor> cursor(const json& params) {
    const std::string uri = params.at("textDocument").at("uri").get<std::string>();
    const json& at = params.at("position");
    const auto line = at.at("line").get<std::uint32_t>();
    const auto character = at.at("character").get<std::uint32_t>();
    const auto document = documents.find(uri);
    const std::string rel = document != documents.end() ? document->second.path : relative(uri);
    if (rel.empty() || !last) {
      return std::nullopt;
    }
    const auto it = file_index.find(rel);
    const std::string_view text = line_of(text_of(rel), line + 1);
    Cursor result;
    result.rel = rel;
    result.file = it == file_index.end() ? UINT32_MAX : it->second;
    result.line = line + 1;
    result.column = from_utf16(text, character);
    result.offset = byte_offset(text, character);
    return result;
  }

  const OkrFile* okr_file_at(std::uint32_t file) const {
    for (const OkrFile& okr : last->loaded.repo.okr_files) {
      if (okr.file == file) {
        return &okr;
      }
    }
    return nullptr;
  }

  const Checkin* checkin_at(std::uint32_t file) const {
    for (const Checkin& checkin : last->loaded.repo.checkins) {
      if (checkin.file == file) {
        return &checkin;
      }
    }
    return nullptr;
  }

  /// The cycle of the OKR file or check-in at `file`.
  std::string_view cycle_of(std::uint32_t file) {
    if (file_cycles.empty() && last) {
      const Repository& repo = last->loaded.repo;
      file_cycles.resize(repo.files.size());
      for (const OkrFile& okr : repo.okr_files) {
        file_cycles[okr.file] = okr.cycle.value;
      }
      for (const Checkin& checkin : repo.checkins) {
        file_cycles[checkin.file] = checkin.cycle.value;
      }
    }
    return file < file_cycles.size() ? file_cycles[file] : std::string_view();
  }

  /// The definition `occurrence` names, preferring one in a file of the same cycle.
  const Occurrence* definition_of(const Occurrence& occurrence) {
    if (occurrence.definition) {
      return &occurrence;
    }
    const std::string_view cycle = cycle_of(occurrence.file);
    const Occurrence* found = nullptr;
    for (const Occurrence& other : all_occurrences()) {
      if (other.definition && other.key == occurrence.key) {
        if (found == nullptr || cycle_of(other.file) == cycle) {
          found = &other;
        }
        if (cycle_of(other.file) == cycle) {
          break;
        }
      }
    }
    return found;
  }

  const Occurrence* occurrence_under(const json& params) {
    const std::optional<Cursor> at = cursor(params);
    if (!at || at->file == UINT32_MAX) {
      return nullptr;
    }
    return occurrence_at(all_occurrences(), at->file, at->line, at->column);
  }

  json definition(const json& params) {
    const Occurrence* occurrence = occurrence_under(params);
    const Occurrence* target = occurrence ? definition_of(*occurrence) : nullptr;
    return target ? location_of(*target) : json();
  }

  json references(const json& params) {
    const Occurrence* occurrence = occurrence_under(params);
    json result = json::array();
    if (occurrence == nullptr) {
      return result;
    }
    const bool declaration =
        params.contains("context") && params["context"].value("includeDeclaration", false);
    const std::string_view key = occurrence->key; // interned: the vector is not changed below
    for (const Occurrence& other : all_occurrences()) {
      if (other.key == key && (declaration || !other.definition)) {
        result.push_back(location_of(other));
      }
    }
    return result;
  }

  json document_symbols(const json& params) {
    json result = json::array();
    const std::string uri = params.at("textDocument").at("uri").get<std::string>();
    const auto document = documents.find(uri);
    const std::string rel = document != documents.end() ? document->second.path : relative(uri);
    const auto it = file_index.find(rel);
    if (rel.empty() || !last || it == file_index.end()) {
      return result;
    }
    const std::vector<Occurrence>& all = all_occurrences();
    std::map<std::uint32_t, std::size_t> slot; // objective occurrence → index in result
    for (std::size_t i = 0; i < all.size(); ++i) {
      const Occurrence& occurrence = all[i];
      if (occurrence.file != it->second || !occurrence.definition ||
          occurrence.kind == SymbolKind::owner) {
        continue;
      }
      const json range = range_of(occurrence);
      json symbol = {{"name", occurrence.key.substr(occurrence.key.find_first_of("/#") + 1)},
                     {"detail", occurrence.title},
                     {"kind", lsp_symbol_kind(occurrence.kind)},
                     {"range", range},
                     {"selectionRange", range}};
      if (occurrence.kind == SymbolKind::key_result) {
        symbol["name"] = occurrence.key.substr(occurrence.key.rfind('/') + 1);
        const auto parent = slot.find(occurrence.parent);
        if (parent != slot.end()) {
          json& objective = result[parent->second];
          objective["children"].push_back(symbol);
          objective["range"]["end"] = range["end"]; // the objective spans its key results
          continue;
        }
      }
      if (occurrence.kind == SymbolKind::objective) {
        symbol["children"] = json::array();
        slot[static_cast<std::uint32_t>(i)] = result.size();
      }
      result.push_back(std::move(symbol));
    }
    return result;
  }

  json workspace_symbols(const json& params) {
    json result = json::array();
    if (!last) {
      return result;
    }
    const std::string query = lowercase(params.value("query", std::string()));
    for (const Occurrence& occurrence : all_occurrences()) {
      if (!occurrence.definition) {
        continue;
      }
      if (!query.empty() && lowercase(occurrence.key).find(query) == std::string::npos &&
          lowercase(occurrence.title).find(query) == std::string::npos) {
        continue;
      }
      result.push_back({{"name", occurrence.key},
                        {"kind", lsp_symbol_kind(occurrence.kind)},
                        {"containerName", occurrence.title},
                        {"location", location_of(occurrence)}});
      if (result.size() >= k_max_workspace_symbols) {
        break;
      }
    }
    return result;
  }

  // ---- hover

  /// A KPI's latest reading as of today (from the owner's check-ins of the file's cycle) and
  /// whether it holds the KPI's guardrail.
  std::string describe_kpi(const Index& index, const OkrFile& file, std::string_view key) {
    const Kpi* kpi = nullptr;
    for (const Kpi& k : file.kpis) {
      if (file.owner.value + "#" + k.id.value == key) {
        kpi = &k;
      }
    }
    if (kpi == nullptr) {
      return "no value yet";
    }
    const ResultValue* latest = nullptr;
    const Checkin* when = nullptr;
    for (const Checkin* checkin : index.checkins_of(file.owner.value, file.cycle.value)) {
      if (checkin->date > options.today) {
        continue;
      }
      for (const ResultValue& value : checkin->kpis) {
        if (value.key == kpi->id.value && value.number()) {
          latest = &value;
          when = checkin;
        }
      }
    }
    if (latest == nullptr) {
      return "no value yet";
    }
    std::string text = "latest " + format_number(*latest->number(), latest->decimals());
    if (kpi->unit) {
      text += " " + kpi->unit->value;
    }
    text += " on " + when->date.str();
    if (kpi->stay_above || kpi->stay_below || kpi->stay_between) {
      text += holds(*kpi, *latest->number()) ? " · within its guardrail" : " · guardrail breached";
    }
    return text;
  }

  std::string describe(const Occurrence& target) {
    const OkrFile* file = okr_file_at(target.file);
    if (file == nullptr) {
      return {};
    }
    const Index index(last->loaded.repo);
    const OwnerScore scored = score_owner(index, *file, options.today, 1);
    const auto score_text = [](std::optional<double> score, Grade grade, Pace pace) {
      if (!score) {
        return std::string("not measured yet");
      }
      std::string text =
          "score " + format_fraction(*score) + " (" + std::string(to_string(grade)) + ")";
      if (pace != Pace::none) {
        text += ", pace " + std::string(to_string(pace));
      }
      return text;
    };
    std::string text;
    switch (target.kind) {
    case SymbolKind::owner:
      text = fmt::format("**{}** ({}, {})\n\n{}", file->display_name(), to_string(file->level),
                         file->cycle.value, score_text(scored.score, scored.grade, scored.pace));
      break;
    case SymbolKind::objective:
      for (const ObjectiveScore& objective : scored.objectives) {
        if (file->owner.value + "/" + objective.id == target.key) {
          text = fmt::format("**{}**\n\nowner: {} · {}", objective.title, file->display_name(),
                             score_text(objective.score, objective.grade, objective.pace));
        }
      }
      break;
    case SymbolKind::key_result:
      for (const ObjectiveScore& objective : scored.objectives) {
        for (const KrScore& kr : objective.key_results) {
          if (kr.ref != target.key) {
            continue;
          }
          std::string latest = "no value yet";
          if (const auto value = kr.latest_number()) {
            latest = "latest " + format_number(*value, kr.latest_decimals());
            if (kr.kr->unit) {
              latest += " " + kr.kr->unit->value;
            }
          }
          text = fmt::format("**{}**\n\nowner: {} · measure: {} · {} · {}", kr.kr->title.value,
                             file->display_name(), to_string(kr.kr->measure()), latest,
                             score_text(kr.measured_score(), kr.grade, kr.pace));
        }
      }
      break;
    case SymbolKind::kpi:
      text = fmt::format("**{}**\n\nKPI of {} · {}", target.title, file->display_name(),
                         describe_kpi(index, *file, target.key));
      break;
    }
    return text;
  }

  json hover(const json& params) {
    const Occurrence* occurrence = occurrence_under(params);
    const Occurrence* target = occurrence ? definition_of(*occurrence) : nullptr;
    if (target == nullptr) {
      return nullptr;
    }
    const std::string text = describe(*target);
    if (text.empty()) {
      return nullptr;
    }
    return {{"contents", {{"kind", "markdown"}, {"value", text}}},
            {"range", range_of(*occurrence)}};
  }

  // ---- completion

  json completion(const json& params) {
    json items = json::array();
    const std::optional<Cursor> at = cursor(params);
    if (!at) {
      return items;
    }
    const auto kind_of = [&] {
      const Config& config = last->loaded.repo.config;
      std::string_view path = at->rel;
      if (in_private_root(config, path)) {
        path.remove_prefix(config.private_prefix.size()); // its own okrs and checkins folders
      }
      if (path == "okr.yaml") {
        return FileKind::config;
      }
      if (path.starts_with(config.checkins_path + "/")) {
        return FileKind::checkin;
      }
      return path.starts_with(config.okrs_path + "/") ? FileKind::okr : FileKind::other;
    };
    const FileKind file_kind = kind_of();
    const CompletionContext context =
        completion_context(text_of(at->rel), at->line - 1, at->offset, file_kind);
    const auto add = [&](std::string_view label, std::string_view detail, int kind) {
      items.push_back({{"label", label}, {"detail", detail}, {"kind", kind}});
    };
    const auto add_all = [&](std::initializer_list<std::string_view> values) {
      for (const std::string_view value : values) {
        add(std::string(value), "", 20); // EnumMember
      }
    };
    // The file's cycle and owner from the model, or from its text while it does not parse.
    const std::string_view text = text_of(at->rel);
    const Checkin* checkin = at->file == UINT32_MAX ? nullptr : checkin_at(at->file);
    std::string cycle(at->file == UINT32_MAX ? std::string_view() : cycle_of(at->file));
    if (cycle.empty()) {
      cycle = top_level_value(text, "cycle");
    }
    const std::string checkin_owner =
        checkin != nullptr ? checkin->owner.value : top_level_value(text, "owner");
    std::set<std::string_view> seen;
    for (const Occurrence& occurrence : all_occurrences()) {
      if (!occurrence.definition) {
        continue;
      }
      const bool same_cycle = cycle.empty() || cycle_of(occurrence.file) == cycle;
      const std::string_view key = occurrence.key;
      switch (context.kind) {
      case CompletionKind::owner:
        if (occurrence.kind == SymbolKind::owner && seen.insert(key).second) {
          add(key, occurrence.title, 9);
        }
        break;
      case CompletionKind::objective_ref:
        if (occurrence.kind == SymbolKind::objective && same_cycle && seen.insert(key).second) {
          add(key, occurrence.title, 18);
        }
        break;
      case CompletionKind::kr_ref:
        if (occurrence.kind == SymbolKind::key_result && same_cycle && seen.insert(key).second) {
          add(key, occurrence.title, 18);
        }
        break;
      case CompletionKind::result_key:
      case CompletionKind::kpi_key: {
        const bool kr = context.kind == CompletionKind::result_key;
        const SymbolKind wanted = kr ? SymbolKind::key_result : SymbolKind::kpi;
        const std::string owner =
            checkin_owner.empty() ? std::string() : checkin_owner + (kr ? "/" : "#");
        if (occurrence.kind == wanted && same_cycle && !owner.empty() && key.starts_with(owner) &&
            seen.insert(key).second) {
          add(key.substr(owner.size()), occurrence.title, kr ? 5 : 21);
        }
        break;
      }
      default:
        break;
      }
    }
    switch (context.kind) {
    case CompletionKind::level:
      add_all({"company", "unit", "team", "individual"});
      break;
    case CompletionKind::kr_type:
      add_all({"committed", "stretch", "experimental"});
      break;
    case CompletionKind::visibility:
      add_all({"public", "private"});
      break;
    case CompletionKind::status:
      add_all({"on-track", "behind", "at-risk"});
      break;
    case CompletionKind::key:
      for (const std::string& key : context.keys) {
        add(key, "", 10); // Property
      }
      break;
    default:
      break;
    }
    // Replace the word typed so far: references hold '/' and '-', which clients may not see as
    // part of a word.
    const std::string_view line = line_of(text_of(at->rel), at->line);
    const std::size_t start = at->offset - std::min(at->offset, context.prefix.size());
    const auto start_column = static_cast<std::uint32_t>(utf8_length(line.substr(0, start)) + 1);
    const json range = {
        {"start", {{"line", at->line - 1}, {"character", to_utf16(line, start_column)}}},
        {"end", params.at("position")}};
    for (json& item : items) {
      item["textEdit"] = {{"range", range}, {"newText", item["label"]}};
    }
    return {{"isIncomplete", false}, {"items", std::move(items)}};
  }

  // ---- code actions

  json code_actions(const json& params) {
    json actions = json::array();
    const std::string uri = params.at("textDocument").at("uri").get<std::string>();
    const json& context = params.at("context");
    if (!context.contains("diagnostics")) {
      return actions;
    }
    const auto document = documents.find(uri);
    const std::string_view text =
        document != documents.end() ? std::string_view(document->second.text) : std::string_view();
    for (const json& diagnostic : context.at("diagnostics")) {
      if (diagnostic.value("source", std::string()) != "okr") {
        continue;
      }
      const std::string message = diagnostic.value("message", std::string());
      const std::string rule = diagnostic.contains("code") && diagnostic["code"].is_string()
                                   ? diagnostic["code"].get<std::string>()
                                   : "";
      const json& range = diagnostic.at("range");
      constexpr std::string_view marker = "did you mean '";
      const std::size_t at = message.find(marker);
      if (at != std::string::npos) {
        const std::size_t from = at + marker.size();
        const std::size_t end = message.find('\'', from);
        if (end != std::string::npos && end > from) {
          const std::string suggestion = message.substr(from, end - from);
          actions.push_back(
              {{"title", "Change to '" + suggestion + "'"},
               {"kind", "quickfix"},
               {"diagnostics", json::array({diagnostic})},
               {"isPreferred", true},
               {"edit",
                {{"changes",
                  {{uri, json::array({{{"range", range}, {"newText", suggestion}}})}}}}}});
        }
      }
      if (!rule.empty()) {
        const auto row = range.at("start").at("line").get<std::uint32_t>();
        const std::string_view line = line_of(text, row + 1);
        const std::string indent(line.substr(0, line.find_first_not_of(' ')).size(), ' ');
        actions.push_back(
            {{"title", "Ignore " + rule + " here (# okr: ignore[" + rule + "])"},
             {"kind", "quickfix"},
             {"diagnostics", json::array({diagnostic})},
             {"edit",
              {{"changes",
                {{uri,
                  json::array({{{"range",
                                 {{"start", {{"line", row}, {"character", 0}}},
                                  {"end", {{"line", row}, {"character", 0}}}}},
                                {"newText", indent + "# okr: ignore[" + rule + "]\n"}}})}}}}}});
      }
    }
    return actions;
  }

  // ---- lifecycle and documents

  json initialize(const json& params) {
    std::string folder;
    if (params.contains("rootUri") && params["rootUri"].is_string()) {
      folder = from_uri(params["rootUri"].get<std::string>());
    }
    if (folder.empty() && params.contains("workspaceFolders") &&
        params["workspaceFolders"].is_array() && !params["workspaceFolders"].empty()) {
      folder = from_uri(params["workspaceFolders"][0].at("uri").get<std::string>());
    }
    if (folder.empty() && params.contains("rootPath") && params["rootPath"].is_string()) {
      folder = params["rootPath"].get<std::string>();
    }
    if (!folder.empty()) {
      set_root(folder);
    }
    initialized = true;
    return {{"capabilities",
             {{"positionEncoding", "utf-16"},
              {"textDocumentSync", {{"openClose", true}, {"change", 1}, {"save", true}}},
              {"definitionProvider", true},
              {"referencesProvider", true},
              {"documentSymbolProvider", true},
              {"workspaceSymbolProvider", true},
              {"hoverProvider", true},
              {"completionProvider", {{"triggerCharacters", json::array({":", "/", " "})}}},
              {"codeActionProvider", {{"codeActionKinds", json::array({"quickfix"})}}}}},
            {"serverInfo", {{"name", "okr"}}}};
  }

  void set_root(const std::string& folder) {
    if (!options.open_workspace) {
      return;
    }
    std::error_code error;
    fs::path start = fs::weakly_canonical(fs::path(folder), error);
    if (error || !fs::is_directory(start, error)) {
      log(LogLevel::warn, "the workspace folder " + folder + " is not a folder");
      return;
    }
    root = fs::weakly_canonical(find_root(start), error);
    if (!fs::exists(*root / "okr.yaml", error)) {
      log(LogLevel::warn,
          "no okr.yaml in " + root->string() + " or above: checking it with the default settings");
    }
    log(LogLevel::info, "repository root: " + root->string());
  }

  void open(const json& params, std::ostream& out) {
    const json& item = params.at("textDocument");
    Document document;
    document.uri = item.at("uri").get<std::string>();
    document.text = item.at("text").get<std::string>();
    if (!root) {
      const std::string path = from_uri(document.uri);
      if (!path.empty()) {
        set_root(fs::path(path).parent_path().string());
      }
    }
    document.path = relative(document.uri);
    if (document.path.empty() && root && !last) {
      // A file of the private repository is known once okr.yaml is read: load, then load
      // again with this document as an overlay.
      load();
      document.path = relative(document.uri);
      reload = !document.path.empty();
    }
    if (document.path.empty()) {
      log(LogLevel::info, document.uri + " is outside the repository: not checked");
    }
    const std::string rel = document.path;
    documents[document.uri] = std::move(document);
    if (!rel.empty()) {
      stale.insert(rel);
      changed(out);
    }
  }

  void change(const json& params, std::ostream& out) {
    const std::string uri = params.at("textDocument").at("uri").get<std::string>();
    const auto it = documents.find(uri);
    if (it == documents.end()) {
      log(LogLevel::warn, "a change to " + uri + ", which is not open");
      return;
    }
    for (const json& change : params.at("contentChanges")) {
      if (change.contains("range")) {
        log(LogLevel::warn, "an incremental change: okr lsp asks for whole documents");
        continue;
      }
      it->second.text = change.at("text").get<std::string>();
    }
    if (!it->second.path.empty()) {
      stale.insert(it->second.path);
      changed(out);
    }
  }

  void close(const json& params, std::ostream& out) {
    const std::string uri = params.at("textDocument").at("uri").get<std::string>();
    const auto it = documents.find(uri);
    if (it == documents.end()) {
      return;
    }
    const bool inside = !it->second.path.empty();
    documents.erase(it);
    if (inside) {
      reload = true; // the file on disk replaces the buffer
      changed(out);
    }
  }

  void dispatch(const std::string& method, const json& params, const json* id, std::ostream& out) {
    if (method == "exit") {
      exited = true;
      return;
    }
    if (!initialized && method != "initialize") {
      if (id) {
        fail(out, *id, k_server_not_initialized, "the server is not initialized");
      }
      return;
    }
    if (shut_down && id) {
      fail(out, *id, k_invalid_request, "the server is shut down");
      return;
    }
    if (method == "initialize") {
      if (!id) {
        return;
      }
      if (initialized) {
        fail(out, *id, k_invalid_request, "the server is already initialized");
        return;
      }
      reply(out, *id, initialize(params));
      return;
    }
    if (method == "initialized") {
      changed(out);
      return;
    }
    if (method == "shutdown") {
      shut_down = true;
      if (id) {
        reply(out, *id, nullptr);
      }
      return;
    }
    if (method == "textDocument/didOpen") {
      open(params, out);
      return;
    }
    if (method == "textDocument/didChange") {
      change(params, out);
      return;
    }
    if (method == "textDocument/didSave") {
      const std::string uri = params.at("textDocument").at("uri").get<std::string>();
      const auto it = documents.find(uri);
      if (it != documents.end() && params.contains("text") && params["text"].is_string()) {
        it->second.text = params["text"].get<std::string>();
      }
      if (it != documents.end() && !it->second.path.empty()) {
        reload = true; // read the disk again: other files may have been saved too
        changed(out);
      }
      return;
    }
    if (method == "workspace/didChangeWatchedFiles") {
      reload = true;
      changed(out);
      return;
    }
    if (method == "textDocument/didClose") {
      close(params, out);
      return;
    }
    if (method == "$/cancelRequest") {
      // Seen when it was read ahead (look_ahead()); a request it names that is still to come
      // will not come now.
      if (params.is_object() && params.contains("id")) {
        cancelled.erase(dump(params["id"]));
      }
      return;
    }
    if (!id) {
      return; // $/setTrace and other notifications: nothing to do
    }
    const auto was_cancelled = [&] {
      if (read_ahead) {
        read_ahead();
      }
      return cancelled.erase(dump(*id)) > 0;
    };
    if (was_cancelled()) {
      fail(out, *id, k_request_cancelled, "the request was cancelled");
      return;
    }
    if (dirty) {
      check(out); // the answer reads the model of the latest texts
      if (was_cancelled()) {
        fail(out, *id, k_request_cancelled, "the request was cancelled");
        return;
      }
    }
    json result;
    if (method == "textDocument/definition") {
      result = definition(params);
    } else if (method == "textDocument/references") {
      result = references(params);
    } else if (method == "textDocument/documentSymbol") {
      result = document_symbols(params);
    } else if (method == "workspace/symbol") {
      result = workspace_symbols(params);
    } else if (method == "textDocument/hover") {
      result = hover(params);
    } else if (method == "textDocument/completion") {
      result = completion(params);
    } else if (method == "textDocument/codeAction") {
      result = code_actions(params);
    } else {
      fail(out, *id, k_method_not_found, "unknown method " + method);
      return;
    }
    reply(out, *id, std::move(result));
  }
};

Server::Server(ServerOptions options) : m_state(std::make_unique<State>(std::move(options))) {}
Server::~Server() = default;

bool Server::exited() const {
  return m_state->exited;
}

int Server::exit_code() const {
  return m_state->shut_down ? 0 : 1;
}

void Server::flush(std::ostream& out) {
  if (m_state->dirty) {
    m_state->check(out);
  }
}

void Server::look_ahead(std::string_view body) {
  if (body.find("$/cancelRequest") == std::string_view::npos) {
    return;
  }
  const json message = json::parse(body, nullptr, false);
  if (message.is_object() && message.value("method", json()) == "$/cancelRequest" &&
      message.contains("params") && message["params"].is_object() &&
      message["params"].contains("id")) {
    const json& id = message["params"]["id"];
    if (id.is_number_integer() || id.is_string()) {
      m_state->cancelled.insert(dump(id));
    }
  }
}

void Server::set_read_ahead(std::function<void()> read_ahead) {
  m_state->read_ahead = std::move(read_ahead);
}

void Server::frame_error(const std::string& error, std::ostream& out) {
  m_state->log(LogLevel::error, error);
  m_state->fail(out, nullptr, k_invalid_request, error);
}

void Server::handle(std::string_view body, std::ostream& out) {
  State& state = *m_state;
  json message = json::parse(body, nullptr, false);
  if (message.is_discarded()) {
    state.log(LogLevel::error, "a message that is not JSON");
    state.fail(out, nullptr, k_parse_error, "the message is not JSON");
    return;
  }
  if (!message.is_object()) {
    state.fail(out, nullptr, k_invalid_request, "a message must be a JSON object");
    return;
  }
  const json* id = nullptr;
  if (message.contains("id")) {
    const json& value = message["id"];
    if (!value.is_number_integer() && !value.is_string()) {
      state.fail(out, nullptr, k_invalid_request, "an id must be an integer or a string");
      return;
    }
    id = &value;
  }
  const auto method = message.find("method");
  if (method == message.end()) {
    if (id && (message.contains("result") || message.contains("error"))) {
      return; // a response to a request okr lsp never sends
    }
    state.fail(out, id ? *id : json(), k_invalid_request, "a request without a method");
    return;
  }
  if (!method->is_string() || message.value("jsonrpc", json()) != "2.0") {
    if (id) {
      state.fail(out, *id, k_invalid_request, "not a JSON-RPC 2.0 request");
    } else {
      state.log(LogLevel::warn, "a notification that is not JSON-RPC 2.0");
    }
    return;
  }
  static const json k_no_params = json::object();
  const auto params = message.find("params");
  const json& given = params == message.end() ? k_no_params : *params;
  if (!given.is_object() && !given.is_array()) {
    if (id) {
      state.fail(out, *id, k_invalid_request, "params must be an object or an array");
    }
    return;
  }
  const std::string name = method->get<std::string>();
  state.log(LogLevel::debug, name);
  try {
    state.dispatch(name, given, id, out);
  } catch (const json::exception& error) {
    state.log(LogLevel::warn, name + ": invalid params: " + error.what());
    if (id) {
      state.fail(out, *id, k_invalid_params, std::string("invalid params: ") + error.what());
    }
  } catch (const std::exception& error) {
    state.log(LogLevel::error, name + ": " + error.what());
    if (id) {
      state.fail(out, *id, k_internal_error, error.what());
    }
  }
}

int serve(std::istream& in, std::ostream& out, const ServerOptions& options) {
  Server server(options);
  FrameReader reader(in, options.max_message);
  // Messages read ahead of the one being handled: a request's answer first reads what is
  // waiting, so that a `$/cancelRequest` sent meanwhile takes effect.
  std::deque<Frame> queued;
  bool ended = false;
  const auto waiting = [&] { return !ended && in.rdbuf()->in_avail() > 0; };
  server.set_read_ahead([&] {
    while (waiting()) {
      Frame frame = reader.next();
      if (frame.status == Frame::Status::message) {
        server.look_ahead(frame.body);
      }
      ended = frame.status == Frame::Status::eof;
      queued.push_back(std::move(frame));
    }
  });
  for (;;) {
    Frame frame;
    if (!queued.empty()) {
      frame = std::move(queued.front());
      queued.pop_front();
    } else {
      frame = reader.next();
    }
    if (frame.status == Frame::Status::message) {
      server.handle(frame.body, out);
      if (server.exited() || !out) { // exit, or the client went away
        break;
      }
      if (queued.empty() && !waiting()) { // nothing more waiting: check the latest texts
        server.flush(out);
      }
    } else if (frame.status == Frame::Status::error) {
      server.frame_error(frame.error, out);
    } else {
      if (!frame.error.empty() && options.log != nullptr) {
        *options.log << "okr lsp: error: " << frame.error << '\n';
      }
      break;
    }
  }
  return server.exit_code();
}

} // namespace okr::lsp
