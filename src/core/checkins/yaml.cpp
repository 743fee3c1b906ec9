// The YAML of a new check-in file, written by hand (only the loader includes yaml-cpp) and
// checked by loading it back before it is written.

#include <fmt/format.h>

#include <okr/checkins.hpp>
#include <okr/loader.hpp>
#include <okr/number.hpp>
#include <okr/text.hpp>

namespace okr {

namespace {

void emit_values(std::string& out, std::string_view key, const std::vector<RecordValue>& values) {
  if (values.empty()) {
    return;
  }
  out += fmt::format("{}:\n", key);
  for (const RecordValue& v : values) {
    // Keys are ids (objective/kr or a KPI id): plain scalars need no quoting.
    out += fmt::format("  {}: {}\n", v.key,
                       v.done ? (*v.done ? "done" : "not-done")
                              : format_number(*v.number, v.decimals));
  }
}

void emit_list(std::string& out, std::string_view key, const std::vector<std::string>& items) {
  if (items.empty()) {
    return;
  }
  out += fmt::format("{}:\n", key);
  for (const std::string& item : items) {
    out += fmt::format("  - {}\n", yaml_quoted(item));
  }
}

std::vector<RecordValue> to_record_values(const std::vector<ResultValue>& values) {
  std::vector<RecordValue> out;
  for (const ResultValue& v : values) {
    out.push_back(
        RecordValue{v.key.str(), v.number(), v.done(), v.number() ? v.decimals() : k_shortest});
  }
  return out;
}

std::vector<std::string> to_strings(const std::vector<Text>& texts) {
  std::vector<std::string> out;
  for (const Text& t : texts) {
    out.push_back(t.value);
  }
  return out;
}

} // namespace

std::string checkin_yaml(const CheckinRecord& r) {
  std::string out;
  out += fmt::format("owner: {}\n", r.owner);
  out += fmt::format("cycle: {}\n", r.cycle);
  out += fmt::format("date: {}\n", r.date.str());
  if (!r.author.empty()) {
    out += fmt::format("author: {}\n", yaml_quoted(r.author));
  }
  if (r.kind == CheckinKind::retro) {
    out += "kind: retro\n";
    out += fmt::format("retro: {}\n", r.retro);
  }
  if (r.confidence) {
    out += fmt::format("confidence: {}\n", r.confidence->str());
  }
  if (r.status) {
    out += fmt::format("status: {}\n", to_string(*r.status));
  }
  emit_values(out, "results", r.results);
  emit_values(out, "kpis", r.kpis);
  if (r.issues) {
    out += fmt::format("issues: {}\n", yaml_quoted(*r.issues));
  }
  if (r.plan) {
    out += fmt::format("plan: {}\n", yaml_quoted(*r.plan));
  }
  emit_list(out, "attractors", r.attractors);
  emit_list(out, "detractors", r.detractors);
  emit_list(out, "learned", r.learned);
  return out;
}

std::optional<std::string> verify_checkin_yaml(std::string_view text, const CheckinRecord& record,
                                               const std::string& path) {
  // Loaded as a check-in whatever folder it goes to (okr.yaml's paths, the private repository).
  const std::size_t slash = path.rfind('/');
  LoadResult loaded =
      load_string(text, fmt::format("checkins/{}/{}/{}", record.cycle, record.owner,
                                    slash == std::string::npos ? path : path.substr(slash + 1)));
  if (!loaded.diagnostics.empty()) {
    const Diagnostic& d = loaded.diagnostics.front();
    return fmt::format("the check-in would not load ({}:{}: {}); nothing was written", d.line,
                       d.column, d.message);
  }
  if (loaded.repo.checkins.size() != 1) {
    return std::string("the check-in would not load; nothing was written");
  }
  const Checkin& c = loaded.repo.checkins.front();
  const bool same =
      c.owner.value == record.owner && c.cycle.value == record.cycle && c.date == record.date &&
      (c.author ? c.author->value : std::string()) == record.author && c.kind == record.kind &&
      c.confidence.has_value() == record.confidence.has_value() &&
      (!c.confidence || (c.confidence->value == record.confidence->value &&
                         c.confidence->decimals == record.confidence->decimals)) &&
      c.status == record.status && to_record_values(c.results) == record.results &&
      to_record_values(c.kpis) == record.kpis &&
      (c.issues ? std::optional<std::string>(c.issues->value) : std::nullopt) == record.issues &&
      (c.plan ? std::optional<std::string>(c.plan->value) : std::nullopt) == record.plan &&
      to_strings(c.attractors) == record.attractors &&
      to_strings(c.detractors) == record.detractors && to_strings(c.learned) == record.learned;
  if (!same) {
    return std::string("the check-in would read back differently from what was given; nothing "
                       "was written");
  }
  return std::nullopt;
}

std::string checkin_folder(const Config& config, std::string_view cycle, std::string_view owner) {
  return fmt::format("{}/{}/{}", config.checkins_path, cycle, owner);
}

std::string checkin_folder(const Repository& repo, const OkrFile& file, std::string_view cycle) {
  const bool in_private =
      file.file < repo.files.size() && in_private_root(repo.config, repo.files[file.file].path);
  return (in_private ? repo.config.private_prefix : std::string()) +
         checkin_folder(repo.config, cycle, file.owner.value);
}

} // namespace okr
