// The rules about check-in files: unknown KRs, values that do not fit, dates outside the cycle.

#include <algorithm>
#include <fmt/format.h>
#include <memory>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include <okr/text.hpp>

#include "rules/rule_list.hpp"

namespace okr::rules {

namespace {

struct KrHit {
  const Objective* objective = nullptr;
  const KeyResult* kr = nullptr;
};

/// The key results and KPIs of one OKR file by key, and the suggestions among them, built once
/// per file however many check-ins and keys are looked up (a check-in may hold thousands).
class FileKeys {
public:
  explicit FileKeys(const OkrFile& file) {
    for (const Objective& objective : file.objectives) {
      m_objectives.emplace(objective.id.value, &objective);
      for (const KeyResult& kr : objective.key_results) {
        valid.push_back(objective.id.value + "/" + kr.id.value);
      }
    }
    std::size_t i = 0;
    for (const Objective& objective : file.objectives) {
      // Keys reach only the first objective of an id (a duplicate id is its own finding).
      const bool first = m_objectives.at(objective.id.value) == &objective;
      for (const KeyResult& kr : objective.key_results) {
        if (first) {
          m_krs.emplace(valid[i], KrHit{&objective, &kr});
        }
        ++i;
      }
    }
    for (const Kpi& kpi : file.kpis) {
      kpis.push_back(kpi.id.value);
    }
    m_kpi_set.insert(kpis.begin(), kpis.end());
  }

  KrHit find_kr(std::string_view key) const {
    if (auto it = m_krs.find(key); it != m_krs.end()) {
      return it->second;
    }
    const std::size_t slash = key.find('/');
    if (slash == std::string_view::npos) {
      return {};
    }
    auto it = m_objectives.find(key.substr(0, slash));
    return {it == m_objectives.end() ? nullptr : it->second, nullptr};
  }

  bool has_kpi(std::string_view id) const { return m_kpi_set.contains(id); }

  const Suggester& kr_suggester() {
    if (!m_kr_suggester) {
      m_kr_suggester.emplace(valid);
    }
    return *m_kr_suggester;
  }

  const Suggester& kpi_suggester() {
    if (!m_kpi_suggester) {
      m_kpi_suggester.emplace(kpis);
    }
    return *m_kpi_suggester;
  }

  std::vector<std::string> valid; // objective-id/kr-id, in file order
  std::vector<std::string> kpis;  // in file order

private:
  std::unordered_map<std::string_view, const Objective*> m_objectives; // first of each id
  std::unordered_map<std::string_view, KrHit> m_krs;                   // first of each key
  std::unordered_set<std::string_view> m_kpi_set;
  std::optional<Suggester> m_kr_suggester;
  std::optional<Suggester> m_kpi_suggester;
};

/// The FileKeys of each OKR file, built when a check-in first needs them.
class KeysByFile {
public:
  FileKeys& of(const OkrFile& file) {
    auto it = m_files.find(&file);
    if (it == m_files.end()) {
      it = m_files.emplace(&file, std::make_unique<FileKeys>(file)).first;
    }
    return *it->second;
  }

private:
  std::unordered_map<const OkrFile*, std::unique_ptr<FileKeys>> m_files;
};

std::string list_of(const std::vector<std::string>& ids) {
  std::string out;
  const std::size_t shown = std::min<std::size_t>(ids.size(), 8);
  for (std::size_t i = 0; i < shown; ++i) {
    out += (i ? ", " : "") + ids[i];
  }
  if (ids.size() > shown) {
    out += fmt::format(" and {} more", ids.size() - shown);
  }
  return out;
}

void run_unknown_kr(RuleContext& context) {
  const Index& index = context.index();
  KeysByFile keys_by_file;
  for (const Checkin& checkin : context.repo().checkins) {
    if (!context.wants(checkin.file)) {
      continue;
    }
    const OkrFile* file = index.find(checkin.owner.value, checkin.cycle.value);
    if (!file) {
      continue; // reported by unresolved-ref
    }
    FileKeys& keys = keys_by_file.of(*file);
    const std::vector<std::string>& valid = keys.valid;
    for (const ResultValue& result : checkin.results) {
      const KrHit hit = keys.find_kr(result.key.view());
      if (hit.kr) {
        continue;
      }
      std::string message;
      if (result.key.view().find('/') == std::string_view::npos) {
        message = fmt::format("results are keyed objective-id/kr-id, not '{}'", result.key.view());
      } else {
        message = fmt::format("'{}' is not a key result of {} in {}", result.key.view(),
                              checkin.owner.value, checkin.cycle.value);
      }
      if (auto near = keys.kr_suggester().closest(result.key.view()); !near.empty()) {
        message += fmt::format("; did you mean '{}'?", near);
      } else if (!valid.empty()) {
        message += fmt::format("; valid ids: {}", list_of(valid));
      }
      context.report(result.key_pos(checkin.file), std::move(message));
    }
    const std::vector<std::string>& kpis = keys.kpis;
    for (const ResultValue& value : checkin.kpis) {
      if (keys.has_kpi(value.key.view())) {
        continue;
      }
      std::string message = fmt::format("'{}' is not a KPI of {} in {}", value.key.view(),
                                        checkin.owner.value, checkin.cycle.value);
      if (auto near = keys.kpi_suggester().closest(value.key.view()); !near.empty()) {
        message += fmt::format("; did you mean '{}'?", near);
      } else if (!kpis.empty()) {
        message += fmt::format("; its KPIs are: {}", list_of(kpis));
      } else {
        message += "; it has no kpis";
      }
      context.report(value.key_pos(checkin.file), std::move(message));
    }
  }
}

void run_bad_value(RuleContext& context) {
  const Index& index = context.index();
  KeysByFile keys_by_file;
  for (const Checkin& checkin : context.repo().checkins) {
    if (!context.wants(checkin.file)) {
      continue;
    }
    if (checkin.confidence) {
      const double c = checkin.confidence->value;
      if (c < 0 || c > 10) {
        context.report(checkin.confidence->pos,
                       fmt::format("confidence is {}; it goes from 0 (no chance) to 10 (certain)",
                                   checkin.confidence->str()));
      }
    }
    const OkrFile* file = index.find(checkin.owner.value, checkin.cycle.value);
    if (!file) {
      continue;
    }
    for (const ResultValue& result : checkin.results) {
      const KrHit hit = keys_by_file.of(*file).find_kr(result.key.view());
      if (!hit.kr) {
        continue;
      }
      const bool milestone = hit.kr->measure() == Measure::milestone;
      if (milestone && result.number()) {
        context.report(result.pos(checkin.file),
                       fmt::format("'{}' is a milestone; write done or not-done, not {}",
                                   result.key.view(), result.number_text()));
      } else if (!milestone && result.done()) {
        context.report(result.pos(checkin.file),
                       fmt::format("'{}' is measured in numbers{}; write its current value, not "
                                   "{}",
                                   result.key.view(),
                                   hit.kr->unit ? " (" + hit.kr->unit->value + ")" : "",
                                   *result.done() ? "done" : "not-done"));
      }
    }
  }
}

void run_out_of_cycle(RuleContext& context) {
  for (const Checkin& checkin : context.repo().checkins) {
    if (!context.wants(checkin.file)) {
      continue;
    }
    if (checkin.date > context.today()) {
      context.report(checkin.date_pos,
                     fmt::format("the check-in is dated {}, in the future (today is {}); record "
                                 "values as they are now",
                                 checkin.date.str(), context.today().str()));
      continue;
    }
    const Cycle* cycle = context.index().cycle(checkin.cycle.value);
    const int grace = context.repo().config.retro_grace_days;
    if (cycle && checkin.kind == CheckinKind::retro && checkin.date > cycle->end &&
        checkin.date - cycle->end <= grace) {
      continue; // a retrospective held in the days after its cycle
    }
    if (cycle && checkin.kind == CheckinKind::retro && checkin.date > cycle->end) {
      context.report(checkin.date_pos,
                     fmt::format("the retrospective is dated {}, {} days after cycle {} ended on "
                                 "{}; a retrospective may follow its cycle by {} day{} "
                                 "(checkin.retro_grace_days in okr.yaml)",
                                 checkin.date.str(), checkin.date - cycle->end, cycle->id,
                                 cycle->end.str(), grace, grace == 1 ? "" : "s"));
    } else if (cycle && !cycle->contains(checkin.date)) {
      context.report(checkin.date_pos,
                     fmt::format("the check-in is dated {}, outside cycle {} ({} to {}); file it "
                                 "under the cycle it belongs to",
                                 checkin.date.str(), cycle->id, cycle->start.str(),
                                 cycle->end.str()));
    }
  }
}

} // namespace

const RuleInfo checkin_unknown_kr{
    "checkin-unknown-kr",
    Severity::error,
    "a check-in reports a key result or KPI that its owner does not have",
    "Check-in results are keyed objective-id/kr-id and KPI values by KPI id, as defined in the "
    "owner's OKR file for the same cycle. A value under a key that resolves to nothing would be "
    "silently lost from scores and reports.",
    "results:\n  first-week/completon: 70    # fires: did you mean first-week/completion?\n"
    "---\n"
    "results:\n  first-week/completion: 70   # clean",
    run_unknown_kr,
    {},
    false,
    true};

const RuleInfo checkin_bad_value{
    "checkin-bad-value",
    Severity::error,
    "a check-in value does not fit its key result, or confidence is outside 0-10",
    "Numeric key results take numbers; milestones take done or not-done; confidence goes from 0 "
    "to 10.",
    "results:\n  first-week/tutorial: 50     # fires: a milestone\nconfidence: 12\n"
    "---\n"
    "results:\n  first-week/tutorial: done   # clean\nconfidence: 7",
    run_bad_value,
    {},
    false,
    true};

const RuleInfo checkin_out_of_cycle{
    "checkin-out-of-cycle",
    Severity::error,
    "a check-in is dated outside its cycle or in the future",
    "A check-in records values as they stood on its date, which must fall inside the cycle and "
    "not after today (set OKR_TODAY to fix today's date in scripts and tests). A retrospective "
    "may also be held in the days after its cycle ends: 14 by default, the setting "
    "checkin.retro_grace_days in okr.yaml.",
    "cycle: 2026-Q4\ndate: 2026-09-30       # fires\n---\ncycle: 2026-Q4\ndate: 2026-10-09       "
    "# clean",
    run_out_of_cycle,
    {},
    false,
    true};

} // namespace okr::rules
