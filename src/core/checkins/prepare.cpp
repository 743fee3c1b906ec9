// From a draft as typed to a valid check-in record: every problem is reported, not only the
// first, and each message says what to write instead.

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fmt/format.h>

#include <okr/checkins.hpp>
#include <okr/number.hpp>
#include <okr/text.hpp>

namespace okr {

namespace {

constexpr std::array<std::string_view, 3> k_statuses = {"on-track", "behind", "at-risk"};

std::string id_list(const std::vector<std::string>& ids) {
  std::string out;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    out += (i ? ", " : "") + ids[i];
  }
  return out;
}

std::string suggest(std::string_view word, const std::vector<std::string>& ids,
                    std::string_view list_label) {
  std::vector<std::string_view> candidates(ids.begin(), ids.end());
  if (auto near = closest_match(word, candidates); !near.empty()) {
    return fmt::format("; did you mean '{}'?", near);
  }
  if (ids.empty()) {
    return "";
  }
  return fmt::format("; {}: {}", list_label, id_list(ids));
}

bool has_control(std::string_view text, bool allow_newline) {
  return std::any_of(text.begin(), text.end(), [&](char ch) {
    const auto c = static_cast<unsigned char>(ch);
    return (c < 0x20 && c != '\t' && !(allow_newline && c == '\n')) || c == 0x7F;
  });
}

/// Free text: valid UTF-8, no control characters but tabs (and newlines when allowed).
void check_text(std::string_view what, std::string_view text, bool multiline,
                std::vector<std::string>& errors) {
  if (find_invalid_utf8(text) != std::string_view::npos) {
    errors.push_back(fmt::format("{} is not valid UTF-8 text", what));
  } else if (has_control(text, multiline)) {
    errors.push_back(fmt::format("{} holds control characters; write plain text", what));
  }
}

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return std::string(s);
}

} // namespace

bool CheckinRecord::empty() const {
  return !confidence && !status && results.empty() && kpis.empty() && !issues && !plan &&
         attractors.empty() && detractors.empty() && learned.empty();
}

std::optional<double> parse_number(std::string_view text) {
  if (text.empty() || text.size() > 64) {
    return std::nullopt;
  }
  std::string_view s = text;
  if (s.front() == '+') {
    s.remove_prefix(1);
  }
  // Only what YAML reads as a plain decimal number: digits, one dot, an exponent.
  bool digits = false;
  for (std::size_t i = s.size() && s[0] == '-' ? 1 : 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c >= '0' && c <= '9') {
      digits = true;
    } else if (c != '.' && c != 'e' && c != 'E' && c != '-' && c != '+') {
      return std::nullopt;
    }
  }
  if (!digits) {
    return std::nullopt;
  }
  double value = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || ptr != s.data() + s.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value == 0 ? 0.0 : value;
}

const OkrFile* owner_file_on(const Index& index, std::string_view owner, Date date,
                             bool* ambiguous) {
  const OkrFile* best = nullptr;
  int best_length = 0;
  if (ambiguous) {
    *ambiguous = false;
  }
  for (const OkrFile* file : index.files_of(owner)) {
    const Cycle* cycle = index.cycle(file->cycle.value);
    if (!cycle || !cycle->contains(date)) {
      continue;
    }
    const int length = cycle->end - cycle->start;
    if (!best || length < best_length) {
      best = file;
      best_length = length;
      if (ambiguous) {
        *ambiguous = false;
      }
    } else if (length == best_length && ambiguous) {
      *ambiguous = true;
    }
  }
  return best;
}

const KeyResult* resolve_kr(const OkrFile& file, std::string_view key, std::string* canonical,
                            std::string* error) {
  std::vector<std::string> valid;
  const KeyResult* bare_hit = nullptr;
  int bare_hits = 0;
  std::vector<std::string> bare_ids;
  for (const Objective& objective : file.objectives) {
    for (const KeyResult& kr : objective.key_results) {
      const std::string full = objective.id.value + "/" + kr.id.value;
      if (full == key) {
        if (canonical) {
          *canonical = full;
        }
        return &kr;
      }
      if (kr.id.value == key) {
        bare_hit = &kr;
        ++bare_hits;
        bare_ids.push_back(full);
        if (canonical) {
          *canonical = full;
        }
      }
      valid.push_back(full);
    }
  }
  if (bare_hits == 1) {
    return bare_hit;
  }
  if (error) {
    if (bare_hits > 1) {
      *error = fmt::format("'{}' names a key result in more than one objective; write it as "
                           "objective/kr, one of: {}",
                           key, id_list(bare_ids));
    } else {
      // Suggest from full ids and from bare KR ids (a typo in "completion" alone).
      std::vector<std::string_view> candidates(valid.begin(), valid.end());
      std::string_view near = closest_match(key, candidates);
      if (near.empty() && key.find('/') == std::string_view::npos) {
        for (const std::string& full : valid) {
          const std::string_view bare = std::string_view(full).substr(full.find('/') + 1);
          if (closest_match(key, std::span<const std::string_view>(&bare, 1)) == bare) {
            near = full;
            break;
          }
        }
      }
      *error = fmt::format("'{}' is not a key result of {} in {}{} (valid ids: {})", key,
                           file.owner.value, file.cycle.value,
                           near.empty() ? std::string() : fmt::format("; did you mean '{}'?", near),
                           id_list(valid));
    }
  }
  return nullptr;
}

std::optional<RecordValue> parse_kr_value(const KeyResult& kr, std::string key,
                                          std::string_view typed, std::string* error) {
  const std::string text = trim(typed);
  RecordValue value;
  value.key = std::move(key);
  const std::string unit = kr.unit ? " " + kr.unit->value : "";
  if (kr.measure() == Measure::milestone) {
    if (text == "done" || text == "not-done") {
      value.done = text == "done";
      return value;
    }
    if (error) {
      *error =
          fmt::format("'{}' is a milestone: write done or not-done, not '{}'", value.key, text);
    }
    return std::nullopt;
  }
  if (auto n = parse_number(text)) {
    value.number = *n;
    value.decimals = written_decimals(text);
    return value;
  }
  if (error) {
    std::string hint;
    if (!text.empty() && text.back() == '%' && parse_number(text.substr(0, text.size() - 1))) {
      hint = fmt::format("; write {} without the '%'", text.substr(0, text.size() - 1));
    } else if (text == "done" || text == "not-done") {
      hint = " (done / not-done are for milestones)";
    } else {
      hint = decimal_comma_hint(text);
    }
    *error = fmt::format("'{}' takes a number{}, not '{}'{}", value.key,
                         kr.unit ? " (" + kr.unit->value + ")" : "", text, hint);
  }
  return std::nullopt;
}

PreparedCheckin prepare_checkin(const Index& index, const CheckinDraft& draft, Date today) {
  PreparedCheckin out;
  std::vector<std::string>& errors = out.errors;
  CheckinRecord record;
  record.owner = draft.owner;

  // Date first: it decides the default cycle.
  Date date = today;
  if (draft.date) {
    std::string why;
    if (auto d = Date::parse(*draft.date, &why)) {
      date = *d;
    } else {
      errors.push_back(fmt::format("--date '{}' is not a date: {}", *draft.date, why));
      return out;
    }
  }
  if (date > today) {
    errors.push_back(fmt::format("the date {} is in the future (today is {}); a check-in "
                                 "records values as they are now",
                                 date.str(), today.str()));
  }
  record.date = date;

  // The owner and its OKR file.
  const int grace = index.repo().config.retro_grace_days;
  const auto& files = index.files_of(draft.owner);
  if (files.empty()) {
    std::vector<std::string> owners;
    for (const OkrFile& f : index.repo().okr_files) {
      if (std::find(owners.begin(), owners.end(), f.owner.value) == owners.end()) {
        owners.push_back(f.owner.value);
      }
    }
    std::sort(owners.begin(), owners.end());
    errors.push_back(fmt::format("no OKR file has the owner '{}'{}", draft.owner,
                                 suggest(draft.owner, owners, "owners")));
    return out;
  }
  const OkrFile* file = nullptr;
  if (draft.cycle) {
    file = index.find(draft.owner, *draft.cycle);
    if (!file) {
      std::vector<std::string> cycles;
      for (const OkrFile* f : files) {
        cycles.push_back(f->cycle.value);
      }
      errors.push_back(fmt::format("{} has no OKRs in cycle '{}'; its cycles: {}", draft.owner,
                                   *draft.cycle, id_list(cycles)));
      return out;
    }
    const Cycle* cycle = index.cycle(file->cycle.value);
    if (cycle && draft.retro && date > cycle->end && date - cycle->end <= grace) {
      // A retrospective held in the days after its cycle: accepted.
    } else if (cycle && !cycle->contains(date)) {
      errors.push_back(
          fmt::format("the date {} is outside cycle {} ({} to {}); give --date inside it{}",
                      date.str(), cycle->id, cycle->start.str(), cycle->end.str(),
                      draft.retro && date > cycle->end
                          ? fmt::format(", or within {} days after its end for a retrospective "
                                        "(checkin.retro_grace_days in okr.yaml)",
                                        grace)
                          : std::string()));
    }
  } else {
    bool ambiguous = false;
    // An end-of-cycle retrospective in the days after a cycle is about the cycle that ended,
    // even when the next one has begun.
    if (draft.retro && *draft.retro == "end") {
      for (const OkrFile* f : files) {
        const Cycle* c = index.cycle(f->cycle.value);
        if (c && date > c->end && date - c->end <= grace &&
            (!file || c->end > index.cycle(file->cycle.value)->end)) {
          file = f;
        }
      }
    }
    if (!file) {
      file = owner_file_on(index, draft.owner, date, &ambiguous);
    }
    if (!file) {
      std::vector<std::string> cycles;
      for (const OkrFile* f : files) {
        const Cycle* c = index.cycle(f->cycle.value);
        cycles.push_back(c ? fmt::format("{} ({} to {})", c->id, c->start.str(), c->end.str())
                           : f->cycle.value);
      }
      errors.push_back(fmt::format("{} has no OKRs in a cycle containing {}; its cycles: {}; "
                                   "give --date or --cycle",
                                   draft.owner, date.str(), id_list(cycles)));
      return out;
    }
    if (ambiguous) {
      errors.push_back(fmt::format("{} has OKRs in more than one cycle containing {}; choose one "
                                   "with --cycle",
                                   draft.owner, date.str()));
      return out;
    }
  }
  out.file = file;
  record.cycle = file->cycle.value;

  record.author = trim(draft.author);
  check_text("the author", record.author, false, errors);

  if (draft.retro) {
    if (*draft.retro != "mid" && *draft.retro != "end") {
      errors.push_back(fmt::format("--retro takes mid or end, not '{}'", *draft.retro));
    }
    record.kind = CheckinKind::retro;
    record.retro = *draft.retro;
  }
  if (draft.confidence) {
    const std::string typed = trim(*draft.confidence);
    const auto c = parse_number(typed);
    if (!c) {
      errors.push_back(fmt::format("confidence must be a number from 0 to 10, not '{}'{}",
                                   *draft.confidence, decimal_comma_hint(typed)));
    } else if (*c < 0 || *c > 10) {
      errors.push_back(fmt::format("confidence is {}; it goes from 0 (no chance) to 10 "
                                   "(certain)",
                                   format_number(*c, written_decimals(typed))));
    } else {
      record.confidence = Number{*c, {}, written_decimals(typed)};
    }
  }
  if (draft.status) {
    const std::string s = trim(*draft.status);
    const auto it = std::find(k_statuses.begin(), k_statuses.end(), s);
    if (it == k_statuses.end()) {
      std::vector<std::string_view> candidates(k_statuses.begin(), k_statuses.end());
      const std::string_view near = closest_match(s, candidates);
      errors.push_back(
          fmt::format("status must be on-track, behind or at-risk, not '{}'{}", s,
                      near.empty() ? std::string() : fmt::format("; did you mean '{}'?", near)));
    } else {
      record.status = static_cast<Status>(it - k_statuses.begin());
    }
  }

  for (const DraftValue& typed : draft.results) {
    std::string key;
    std::string error;
    const KeyResult* kr = resolve_kr(*file, trim(typed.key), &key, &error);
    if (!kr) {
      errors.push_back(std::move(error));
      continue;
    }
    auto value = parse_kr_value(*kr, key, typed.value, &error);
    if (!value) {
      errors.push_back(std::move(error));
      continue;
    }
    auto same = [&](const RecordValue& v) { return v.key == key; };
    if (auto it = std::find_if(record.results.begin(), record.results.end(), same);
        it != record.results.end()) {
      *it = std::move(*value); // the last --set of a key wins, as with most CLIs
    } else {
      record.results.push_back(std::move(*value));
    }
  }
  std::vector<std::string> kpi_ids;
  for (const Kpi& kpi : file->kpis) {
    kpi_ids.push_back(kpi.id.value);
  }
  for (const DraftValue& typed : draft.kpis) {
    const std::string key = trim(typed.key);
    if (std::find(kpi_ids.begin(), kpi_ids.end(), key) == kpi_ids.end()) {
      errors.push_back(fmt::format("'{}' is not a KPI of {} in {}{}", key, file->owner.value,
                                   file->cycle.value,
                                   kpi_ids.empty() ? std::string("; it has no KPIs")
                                                   : suggest(key, kpi_ids, "its KPIs are")));
      continue;
    }
    const std::string text = trim(typed.value);
    const auto n = parse_number(text);
    if (!n) {
      errors.push_back(fmt::format("KPI '{}' takes a number, not '{}'{}", key, typed.value,
                                   decimal_comma_hint(text)));
      continue;
    }
    auto same = [&](const RecordValue& v) { return v.key == key; };
    std::erase_if(record.kpis, same);
    record.kpis.push_back(RecordValue{key, *n, std::nullopt, written_decimals(text)});
  }

  auto take_text = [&](std::string_view what, const std::optional<std::string>& in,
                       std::optional<std::string>& to) {
    if (!in) {
      return;
    }
    std::string text = trim(*in);
    check_text(what, text, true, errors);
    if (!text.empty()) {
      to = std::move(text);
    }
  };
  take_text("--issues", draft.issues, record.issues);
  take_text("--plan", draft.plan, record.plan);
  auto take_list = [&](std::string_view what, const std::vector<std::string>& in,
                       std::vector<std::string>& to) {
    for (const std::string& item : in) {
      std::string text = trim(item);
      check_text(what, text, true, errors);
      if (!text.empty()) {
        to.push_back(std::move(text));
      }
    }
  };
  take_list("an attractor", draft.attractors, record.attractors);
  take_list("a detractor", draft.detractors, record.detractors);
  take_list("a lesson learned", draft.learned, record.learned);
  if (record.kind != CheckinKind::retro &&
      !(record.attractors.empty() && record.detractors.empty() && record.learned.empty())) {
    errors.push_back("attractors, detractors and lessons learned belong to a retrospective; add "
                     "--retro mid or --retro end");
  }

  if (errors.empty()) {
    out.record = std::move(record);
  }
  return out;
}

} // namespace okr
