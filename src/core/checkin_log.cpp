// Building the check-in history: which check-ins, and what changed in each.

#include <algorithm>
#include <fmt/format.h>
#include <map>
#include <set>

#include <okr/checkin_log.hpp>
#include <okr/checkins.hpp>
#include <okr/text.hpp>

namespace okr {

namespace {

std::string value_text(const ResultValue& v) {
  if (auto done = v.done()) {
    return *done ? "done" : "not-done";
  }
  return v.number_text();
}

/// The same value, however written: 99.5 again as 99.50 is no change.
bool same_value(const std::string& a, const std::string& b) {
  if (a == b) {
    return true;
  }
  const auto x = parse_number(a);
  const auto y = parse_number(b);
  return x && y && *x == *y;
}

bool owner_is_private(const Index& index, std::string_view owner) {
  const auto& files = index.files_of(owner);
  return !files.empty() &&
         std::all_of(files.begin(), files.end(), [](const OkrFile* f) { return f->is_private; });
}

} // namespace

bool parse_log_target(std::string_view target, LogQuery& query) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (;;) {
    const std::size_t slash = target.find('/', start);
    parts.emplace_back(target.substr(start, slash - start));
    if (slash == std::string_view::npos) {
      break;
    }
    start = slash + 1;
  }
  if (parts.size() > 3 ||
      std::any_of(parts.begin(), parts.end(), [](const std::string& p) { return p.empty(); })) {
    return false;
  }
  query.owner = parts[0];
  query.objective = parts.size() > 1 ? parts[1] : "";
  query.kr = parts.size() > 2 ? parts[2] : "";
  return true;
}

CheckinLog build_log(const Index& index, const LogQuery& query) {
  CheckinLog log;
  const Repository& repo = index.repo();
  // The owners and cycles whose check-ins to read.
  std::set<std::pair<std::string, std::string>> groups;
  for (const Checkin& c : repo.checkins) {
    if ((query.owner.empty() || c.owner.value == query.owner) &&
        (!query.cycle || c.cycle.value == *query.cycle)) {
      groups.emplace(c.owner.value, c.cycle.value);
    }
  }
  if (!query.owner.empty()) {
    if (index.files_of(query.owner).empty() && groups.empty()) {
      std::vector<std::string> owners;
      for (const OkrFile& f : repo.okr_files) {
        owners.push_back(f.owner.value);
      }
      std::vector<std::string_view> candidates(owners.begin(), owners.end());
      const std::string_view near = closest_match(query.owner, candidates);
      log.errors.push_back(
          fmt::format("no OKR file or check-in has the owner '{}'{}", query.owner,
                      near.empty() ? std::string() : fmt::format("; did you mean '{}'?", near)));
      return log;
    }
    if (owner_is_private(index, query.owner) && !query.include_private) {
      log.errors.push_back(fmt::format(
          "the OKRs of {} are private; add --include-private to see its check-ins", query.owner));
      return log;
    }
  }
  const std::string prefix = query.objective.empty() ? "" : query.objective + "/";
  const std::string key = query.kr.empty() ? "" : prefix + query.kr;
  if (!query.objective.empty()) {
    // The objective (and KR) must exist in one of the owner's files.
    bool found_objective = false;
    std::vector<std::string> kr_ids;
    for (const OkrFile* f : index.files_of(query.owner)) {
      if (query.cycle && f->cycle.value != *query.cycle) {
        continue;
      }
      for (const Objective& o : f->objectives) {
        const std::string id =
            !o.id.value.empty() ? o.id.value : (o.shared ? o.shared->objective : "");
        if (id != query.objective) {
          continue;
        }
        found_objective = true;
        for (const KeyResult& kr : o.key_results) {
          kr_ids.push_back(kr.id.value);
          if (kr.id.value == query.kr && !log.history) {
            log.history = KrHistory{query.owner + "/" + key, &kr, {}, std::nullopt};
          }
        }
      }
    }
    if (!found_objective) {
      log.errors.push_back(fmt::format("{} has no objective '{}'", query.owner, query.objective));
      return log;
    }
    if (!query.kr.empty() && !log.history) {
      std::string ids;
      for (const std::string& id : kr_ids) {
        ids += (ids.empty() ? "" : ", ") + id;
      }
      std::vector<std::string_view> candidates(kr_ids.begin(), kr_ids.end());
      const std::string_view near = closest_match(query.kr, candidates);
      log.errors.push_back(fmt::format(
          "{}/{} has no key result '{}'{} (key results: {})", query.owner, query.objective,
          query.kr, near.empty() ? std::string() : fmt::format("; did you mean '{}'?", near), ids));
      return log;
    }
  }
  for (const auto& [owner, cycle] : groups) {
    if (query.owner.empty() && owner_is_private(index, owner) && !query.include_private) {
      continue;
    }
    const OkrFile* file = index.find(owner, cycle);
    std::map<std::string, std::string> last;
    for (const Checkin* c : ordered_checkins(index, owner, cycle)) {
      LogEntry entry;
      entry.checkin = c;
      entry.path = repo.files[c->file].path;
      // Records `v` under `memory_key`; a change when it differs from the last value.
      auto track = [&](const ResultValue& v, const std::string& memory_key,
                       std::vector<LogChange>& to, std::string unit) {
        const std::string now = value_text(v);
        auto it = last.find(memory_key);
        if (it != last.end() && same_value(it->second, now)) {
          ++entry.unchanged;
          return;
        }
        LogChange change{v.key.str(), std::nullopt, now, std::move(unit)};
        if (it != last.end()) {
          change.before = it->second;
        }
        last[memory_key] = now;
        to.push_back(std::move(change));
      };
      for (const ResultValue& v : c->results) {
        if ((!prefix.empty() && !v.key.view().starts_with(prefix)) ||
            (!key.empty() && v.key.view() != key)) {
          continue;
        }
        const KeyResult* kr = file ? resolve_kr(*file, v.key.view(), nullptr, nullptr) : nullptr;
        track(v, v.key.str(), entry.changes, kr && kr->unit ? kr->unit->value : "");
      }
      if (prefix.empty()) {
        for (const ResultValue& v : c->kpis) {
          track(v, "kpi:" + v.key.str(), entry.kpis, "");
        }
      }
      if (!key.empty() && entry.changes.empty() && entry.unchanged == 0) {
        continue; // the KR view lists only the check-ins that report it
      }
      if (query.since && c->date < *query.since) {
        continue;
      }
      log.entries.push_back(std::move(entry));
    }
    if (log.history && owner == query.owner) {
      const Date end = Date::from_days(1 << 28);
      auto series = value_series(ordered_checkins(index, owner, cycle), key, *log.history->kr, end);
      for (ReportedValue& v : series) {
        if (!query.since || v.date >= *query.since) {
          log.history->series.push_back(v);
        }
      }
    }
  }
  if (log.history && is_guardrail(*log.history->kr)) {
    log.history->guardrail = judge_guardrail(*log.history->kr, log.history->series);
  }
  std::stable_sort(log.entries.begin(), log.entries.end(),
                   [&](const LogEntry& a, const LogEntry& b) {
                     return index.earlier(*b.checkin, *a.checkin); // newest first
                   });
  if (query.max_count > 0 && log.entries.size() > query.max_count) {
    log.entries.resize(query.max_count);
  }
  return log;
}

void add_definition_changes(CheckinLog& log, const Index& index, const LogQuery& query,
                            std::vector<Change> changes) {
  for (Change& c : changes) {
    if ((!query.owner.empty() && c.owner != query.owner) ||
        (query.cycle && c.cycle != *query.cycle) ||
        (query.since && c.commit && c.commit->author_date < *query.since) ||
        (!query.include_private && owner_is_private(index, c.owner))) {
      continue;
    }
    const bool renamed_objective = c.kind == ChangeKind::objective_renamed;
    if (!query.objective.empty() && c.objective != query.objective &&
        !(renamed_objective && c.from == query.objective)) {
      continue;
    }
    const bool renamed_kr = c.kind == ChangeKind::kr_renamed;
    if (!query.kr.empty() && c.kr != query.kr && !(renamed_kr && c.from == query.kr)) {
      continue;
    }
    log.definitions.push_back(std::move(c));
  }
}

} // namespace okr
