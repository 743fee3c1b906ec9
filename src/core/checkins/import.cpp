// okr import: which check-ins the samples of metrics files make, and whether they are recorded
// already. Writing is the caller's, through write_checkin_file like any check-in.

#include <algorithm>
#include <fmt/format.h>
#include <map>
#include <set>
#include <tuple>

#include <okr/import.hpp>
#include <okr/text.hpp>

#include "sys/work_queue.hpp"

namespace okr {

namespace {

/// A key result or KPI whose `metric:` names a series.
struct Use {
  const OkrFile* file = nullptr;
  std::string key; ///< objective/kr, or the KPI id
  bool kpi = false;
  Pos pos; ///< of the metric's value in the OKR file
  std::size_t order = 0;
};

struct GroupValue {
  const Use* use = nullptr;
  std::string text;
  const std::string* path = nullptr;
  std::uint32_t line = 0;
  std::uint32_t column = 0;
};

using GroupKey = std::tuple<std::string, std::string, int>; // owner, cycle, days

/// The file name of an imported check-in: the date, then a hash of the author and the keys it
/// records, so that two imports of the same metrics on the same day race for one name.
std::string import_file_name(Date date, const std::string& author,
                             const std::vector<std::string>& keys) {
  std::uint32_t hash = 2166136261u;
  auto mix = [&](std::string_view s) {
    for (const char c : s) {
      hash ^= static_cast<unsigned char>(c);
      hash *= 16777619u;
    }
    hash ^= 0xFFu;
    hash *= 16777619u;
  };
  mix(author);
  for (const std::string& key : keys) {
    mix(key);
  }
  return fmt::format("{}-import-{:08x}.yaml", date.str(), hash);
}

std::string value_text(const ResultValue& v) {
  if (auto done = v.done()) {
    return *done ? "done" : "not-done";
  }
  return v.number_text();
}

} // namespace

ImportPlan plan_import(const Index& index, const ImportRequest& request) {
  const Repository& repo = index.repo();
  ImportPlan plan;
  auto selected = [&](const std::string& owner) {
    return request.owners.empty() ||
           std::find(request.owners.begin(), request.owners.end(), owner) != request.owners.end();
  };

  std::map<std::string, std::vector<Use>> uses; // by canonical metric name
  std::size_t order = 0;
  for (const OkrFile& f : repo.okr_files) {
    if (!selected(f.owner.value)) {
      continue;
    }
    for (const Objective& o : f.objectives) {
      for (const KeyResult& kr : o.key_results) {
        if (kr.metric) {
          uses[kr.metric->value].push_back(
              Use{&f, o.id.value + "/" + kr.id.value, false, kr.metric->pos, order++});
        }
      }
    }
    for (const Kpi& kpi : f.kpis) {
      if (kpi.metric) {
        uses[kpi.metric->value].push_back(Use{&f, kpi.id.value, true, kpi.metric->pos, order++});
      }
    }
  }

  std::map<std::string, std::vector<Diagnostic>> owner_errors;
  auto fail_metric = [&](const std::string& metric, const Diagnostic& d) {
    const auto it = uses.find(metric);
    if (it == uses.end()) {
      return; // a sample no key result reads: what is wrong with it changes nothing
    }
    for (const Use& u : it->second) {
      owner_errors[u.file->owner.value].push_back(d);
    }
  };
  auto contains = [&](const OkrFile& f, Date date) {
    const Cycle* cycle = index.cycle(f.cycle.value);
    return cycle && cycle->contains(date);
  };

  std::set<std::string> seen;
  std::map<std::pair<std::string, int>, std::pair<const std::string*, std::uint32_t>> first_at;
  std::map<GroupKey, std::vector<GroupValue>> groups;
  for (const MetricsFile& mf : request.files) {
    const auto& parsed = mf.parsed;
    for (std::size_t i = 0; i < parsed.diagnostics.size(); ++i) {
      const std::string& about = i < parsed.about.size() ? parsed.about[i] : std::string();
      if (about.empty()) {
        plan.findings.push_back(parsed.diagnostics[i]);
        plan.blocked = true;
      } else {
        seen.insert(about);
        fail_metric(about, parsed.diagnostics[i]);
      }
    }
    for (const metrics::Sample& s : parsed.samples) {
      seen.insert(s.name);
      const auto it = uses.find(s.name);
      if (it == uses.end()) {
        continue;
      }
      const Date date = s.date.value_or(request.date);
      auto error = [&](std::string message) {
        fail_metric(s.name, Diagnostic{mf.path, s.line, s.column, Severity::error, "metrics",
                                       std::move(message)});
      };
      const auto [first, inserted] = first_at.try_emplace({s.name, date.days()}, &mf.path, s.line);
      if (!inserted) {
        error(fmt::format("'{}' is given twice for {}: also at {}:{}", s.name, date.str(),
                          *first->second.first, first->second.second));
        continue;
      }
      if (date > request.today) {
        error(fmt::format("the date of '{}' is {}, after today ({}): a check-in records what "
                          "was measured",
                          s.name, date.str(), request.today.str()));
        continue;
      }
      for (const Use& u : it->second) {
        const std::string& owner = u.file->owner.value;
        if (!contains(*u.file, date)) {
          const bool elsewhere =
              std::any_of(it->second.begin(), it->second.end(), [&](const Use& o) {
                return o.file->owner.value == owner && contains(*o.file, date);
              });
          if (!elsewhere) {
            const Cycle* cycle = index.cycle(u.file->cycle.value);
            owner_errors[owner].push_back(Diagnostic{
                mf.path, s.line, s.column, Severity::error, "metrics",
                cycle ? fmt::format("{}, the date of '{}', is outside {}'s cycle {} ({} to {})",
                                    date.str(), s.name, owner, cycle->id, cycle->start.str(),
                                    cycle->end.str())
                      : fmt::format("{}, the date of '{}', is in no cycle of {}", date.str(),
                                    s.name, owner)});
          }
          continue;
        }
        groups[{owner, u.file->cycle.value, date.days()}].push_back(
            GroupValue{&u, s.text, &mf.path, s.line, s.column});
      }
    }
  }

  // A metric an OKR file names that no metrics file holds: a warning naming both files, for the
  // cycles the import is for.
  std::vector<std::string> paths;
  for (const MetricsFile& mf : request.files) {
    paths.push_back(mf.path);
  }
  std::vector<std::string_view> seen_names;
  for (const auto& [metric, list] : uses) {
    if (seen.count(metric) != 0) {
      continue;
    }
    for (const Use& u : list) {
      if (!contains(*u.file, request.date)) {
        continue;
      }
      if (seen_names.empty()) {
        seen_names.assign(seen.begin(), seen.end());
      }
      const std::string_view near = closest_match(metric, seen_names);
      plan.findings.push_back(Diagnostic{
          repo.path_of(u.pos), u.pos.line, u.pos.column, Severity::warning, "metrics",
          fmt::format("metric '{}' of {} {} is in none of the metrics files read ({}){}", metric,
                      u.kpi ? "KPI" : "key result", u.file->owner.value + "/" + u.key,
                      fmt::join(paths, ", "),
                      near.empty() ? std::string() : fmt::format("; did you mean '{}'?", near))});
    }
  }

  std::set<std::string> held_owners;
  for (auto& [owner, errors] : owner_errors) {
    sort_diagnostics(errors);
    held_owners.insert(owner);
  }
  std::set<std::string> listed;
  for (auto& [key, values] : groups) {
    const auto& [owner, cycle, days] = key;
    OwnerImport out;
    out.owner = owner;
    out.cycle = cycle;
    out.date = Date::from_days(days);
    const OkrFile* file = index.find(owner, cycle);
    out.folder =
        file ? checkin_folder(repo, *file, cycle) : checkin_folder(repo.config, cycle, owner);
    if (held_owners.count(owner) != 0) {
      out.held = true;
      if (listed.insert(owner).second) {
        out.errors = std::move(owner_errors[owner]);
      }
      plan.owners.push_back(std::move(out));
      continue;
    }
    listed.insert(owner);
    std::stable_sort(values.begin(), values.end(), [](const GroupValue& a, const GroupValue& b) {
      return a.use->order < b.use->order;
    });
    // What the import author recorded on that day already: key -> value, file.
    std::map<std::string, std::pair<const ResultValue*, const std::string*>> recorded;
    for (const Checkin* c : index.checkins_of(owner, cycle)) {
      if (c->date != out.date || c->kind != CheckinKind::checkin || !c->author ||
          c->author->value != request.author) {
        continue;
      }
      for (const ResultValue& v : c->results) {
        recorded.try_emplace("r:" + std::string(v.key.view()), &v, &repo.files[c->file].path);
      }
      for (const ResultValue& v : c->kpis) {
        recorded.try_emplace("k:" + std::string(v.key.view()), &v, &repo.files[c->file].path);
      }
    }
    CheckinDraft draft;
    draft.owner = owner;
    draft.cycle = cycle;
    draft.date = out.date.str();
    draft.author = request.author;
    std::vector<std::string> keys;
    const std::string* first_recorded = nullptr;
    for (const GroupValue& v : values) {
      const auto found = recorded.find((v.use->kpi ? "k:" : "r:") + v.use->key);
      if (found != recorded.end()) {
        first_recorded = first_recorded ? first_recorded : found->second.second;
        const ResultValue& old = *found->second.first;
        if (value_text(old) != v.text &&
            !(old.number() && parse_number(v.text) && *old.number() == *parse_number(v.text))) {
          plan.findings.push_back(Diagnostic{
              *v.path, v.line, v.column, Severity::warning, "metrics",
              fmt::format("{} records {} = {} for {} on {}, and this file says {}; a check-in is "
                          "never rewritten: import it for a later date",
                          *found->second.second, v.use->key, value_text(old), owner, out.date.str(),
                          v.text)});
        }
        continue;
      }
      (v.use->kpi ? draft.kpis : draft.results).push_back(DraftValue{v.use->key, v.text});
      keys.push_back((v.use->kpi ? "k:" : "r:") + v.use->key);
    }
    if (keys.empty()) {
      out.recorded_in = first_recorded ? *first_recorded : std::string();
      plan.owners.push_back(std::move(out));
      continue;
    }
    PreparedCheckin prepared = prepare_checkin(index, draft, request.today);
    if (!prepared.errors.empty()) {
      out.held = true;
      for (std::string& e : prepared.errors) {
        out.errors.push_back(Diagnostic{*values.front().path, values.front().line,
                                        values.front().column, Severity::error, "metrics",
                                        std::move(e)});
      }
      plan.owners.push_back(std::move(out));
      continue;
    }
    std::sort(keys.begin(), keys.end());
    out.file_name = import_file_name(out.date, request.author, keys);
    out.record = std::move(prepared.record);
    plan.owners.push_back(std::move(out));
  }
  // Owners whose every sample was wrong still say so.
  for (auto& [owner, errors] : owner_errors) {
    if (listed.count(owner) == 0) {
      OwnerImport out;
      out.owner = owner;
      out.date = request.date;
      out.held = true;
      out.errors = std::move(errors);
      plan.owners.push_back(std::move(out));
    }
  }
  std::stable_sort(plan.owners.begin(), plan.owners.end(),
                   [](const OwnerImport& a, const OwnerImport& b) {
                     return std::tie(a.owner, a.cycle, a.date) < std::tie(b.owner, b.cycle, b.date);
                   });
  // Each check-in's text, read back to make sure it loads as what was meant: one parse each,
  // on every core.
  sys::parallel_for(plan.owners.size(), 0, [&](std::size_t i) {
    OwnerImport& owner = plan.owners[i];
    if (owner.record) {
      owner.text = checkin_yaml(*owner.record);
      owner.text_error =
          verify_checkin_yaml(owner.text, *owner.record, owner.folder + "/" + owner.file_name);
    }
  });
  sort_diagnostics(plan.findings);
  return plan;
}

} // namespace okr
