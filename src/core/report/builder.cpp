// Fills the report model from the repository. Scores come straight from scoring.hpp (the
// numbers of okr score), the alignment lists from alignment.hpp (those of okr align); the
// rest (scope, order, summary, review lists, KPIs, retrospectives) is decided here.

#include <algorithm>
#include <fmt/format.h>
#include <functional>
#include <map>
#include <set>
#include <unordered_map>

#include <okr/alignment.hpp>
#include <okr/report.hpp>
#include <okr/scoring.hpp>

namespace okr {

namespace {

int level_rank(Level level) {
  return static_cast<int>(level);
}

/// The OKR files the report covers: those of the cycle, and those of longer cycles containing
/// it (a company's annual OKRs in a quarterly report) for owners with none in the cycle.
std::vector<const OkrFile*> files_in_cycle(const Index& index, const Cycle& cycle,
                                           bool include_private) {
  std::vector<const OkrFile*> files;
  std::set<std::string> owners;
  for (const OkrFile& file : index.repo().okr_files) {
    if (file.cycle.value == cycle.id && (include_private || !file.is_private)) {
      files.push_back(&file);
      owners.insert(file.owner.value);
    }
  }
  for (const OkrFile& file : index.repo().okr_files) {
    const Cycle* other = index.cycle(file.cycle.value);
    if (file.cycle.value == cycle.id || !other || owners.contains(file.owner.value) ||
        (file.is_private && !include_private)) {
      continue;
    }
    if (other->start <= cycle.start && cycle.end <= other->end) {
      files.push_back(&file);
      owners.insert(file.owner.value);
    }
  }
  return files;
}

/// `owner` and everything beneath it: its descendants in the organisation, and the owners of
/// objectives that align to or share one of theirs, to a fixed point.
std::vector<const OkrFile*> beneath(const std::vector<const OkrFile*>& files,
                                    const std::string& owner) {
  std::set<std::string> scope = {owner};
  bool grown = true;
  while (grown) {
    grown = false;
    for (const OkrFile* file : files) {
      if (scope.contains(file->owner.value)) {
        continue;
      }
      bool in = file->parent && scope.contains(file->parent->value);
      for (const Objective& objective : file->objectives) {
        for (const Ref& ref : objective.aligns_to) {
          in = in || scope.contains(ref.owner);
        }
        in = in || (objective.shared && scope.contains(objective.shared->owner));
      }
      if (in) {
        scope.insert(file->owner.value);
        grown = true;
      }
    }
  }
  std::vector<const OkrFile*> result;
  for (const OkrFile* file : files) {
    if (scope.contains(file->owner.value)) {
      result.push_back(file);
    }
  }
  return result;
}

/// Depth-first through the organisation: roots (no parent in the report) first, children by
/// level, then id.
std::vector<const OkrFile*> organisation_order(std::vector<const OkrFile*> files) {
  auto by_level_id = [](const OkrFile* a, const OkrFile* b) {
    if (a->level != b->level) {
      return level_rank(a->level) < level_rank(b->level);
    }
    return a->owner.value < b->owner.value;
  };
  std::sort(files.begin(), files.end(), by_level_id);
  std::set<std::string> present;
  for (const OkrFile* file : files) {
    present.insert(file->owner.value);
  }
  std::map<std::string, std::vector<const OkrFile*>> children;
  std::vector<const OkrFile*> roots;
  for (const OkrFile* file : files) {
    if (file->parent && present.contains(file->parent->value) &&
        file->parent->value != file->owner.value) {
      children[file->parent->value].push_back(file);
    } else {
      roots.push_back(file);
    }
  }
  std::vector<const OkrFile*> order;
  std::set<std::string> seen;
  std::function<void(const OkrFile*)> visit = [&](const OkrFile* file) {
    if (!seen.insert(file->owner.value).second) {
      return;
    }
    order.push_back(file);
    for (const OkrFile* child : children[file->owner.value]) {
      visit(child);
    }
  };
  for (const OkrFile* root : roots) {
    visit(root);
  }
  for (const OkrFile* file : files) { // a parent cycle leaves some unvisited
    visit(file);
  }
  return order;
}

/// Each owner's generations below `owner` (or below the top of the organisation when it is
/// empty), counted over the parent links among `files`; an owner whose parents do not lead to
/// `owner` (in its report through alignment alone) is 1.
std::unordered_map<std::string_view, std::size_t>
generations(const std::vector<const OkrFile*>& files, std::string_view owner) {
  std::unordered_map<std::string_view, const OkrFile*> by_owner;
  for (const OkrFile* file : files) {
    by_owner.emplace(file->owner.value, file);
  }
  std::unordered_map<std::string_view, std::size_t> result;
  for (const OkrFile* file : files) {
    std::size_t steps = 0;
    std::string_view at = file->owner.value;
    std::optional<std::size_t> found;
    // At most as many steps as owners: a cycle of parents ends the walk.
    while (steps <= files.size()) {
      if (auto known = result.find(at); known != result.end()) {
        found = known->second + steps;
        break;
      }
      if (!owner.empty() && at == owner) {
        found = steps;
        break;
      }
      const auto it = by_owner.find(at);
      if (it == by_owner.end() || !it->second->parent || it->second->parent->value == at ||
          !by_owner.contains(it->second->parent->value)) {
        found = owner.empty() ? steps : 1; // the top, or outside the owner's line
        break;
      }
      at = it->second->parent->value;
      ++steps;
    }
    result.emplace(file->owner.value, found.value_or(owner.empty() ? 0 : 1));
  }
  return result;
}

/// The most generations whose owners number at most k_report_full_owners (none when the first
/// alone is more: the overview alone).
ReportLimit limit_of(const std::unordered_map<std::string_view, std::size_t>& depths,
                     std::size_t owners) {
  std::map<std::size_t, std::size_t> per_generation;
  for (const auto& [owner, generation] : depths) {
    ++per_generation[generation];
  }
  ReportLimit limit;
  limit.owners = owners;
  std::size_t within = 0;
  for (const auto& [generation, count] : per_generation) {
    if (within + count > k_report_full_owners) {
      break;
    }
    within += count;
    limit.depth = generation + 1;
  }
  limit.detailed = within;
  return limit;
}

/// The owner as a line of the report's overview.
ReportRow row_of(const ReportOwner& owner, std::size_t depth, bool detailed, int cadence) {
  ReportRow row;
  row.id = owner.id;
  row.name = owner.name;
  row.level = owner.level;
  row.parent = owner.parent;
  row.depth = depth;
  row.detailed = detailed;
  row.is_private = owner.is_private;
  row.score = owner.score;
  row.grade = owner.grade;
  row.pace = owner.pace;
  row.colour = owner.colour;
  row.objectives = owner.objectives.size();
  row.at_risk =
      static_cast<std::size_t>(std::count_if(owner.objectives.begin(), owner.objectives.end(),
                                             [](const ReportObjective& o) { return o.at_risk; }));
  if (owner.latest) {
    row.latest = owner.latest->date;
    row.confidence = owner.latest->confidence;
    row.confidence_trend = owner.latest->confidence_trend;
    row.status = owner.latest->status;
  }
  row.on_cadence = owner.on_cadence;
  row.cadence_days = cadence;
  return row;
}

/// How `latest` moved from `before`: 1 up, -1 down, 0 the same.
int movement(double latest, double before) {
  if (latest > before) {
    return 1;
  }
  return latest < before ? -1 : 0;
}

/// Fills the owner's latest check-in; returns the check-ins up to the as-of date.
std::vector<const Checkin*> fill_checkins(const Index& index, const OkrFile& file, Date as_of,
                                          ReportOwner& owner) {
  std::vector<const Checkin*> upto;
  for (const Checkin* checkin : index.checkins_of(file.owner.value, file.cycle.value)) {
    if (checkin->date <= as_of) {
      upto.push_back(checkin);
    }
  }
  owner.checkins = upto.size();
  if (upto.empty()) {
    return upto;
  }
  // The latest regular check-in speaks for the owner; a retro only when there is nothing else.
  auto regular = std::find_if(upto.rbegin(), upto.rend(),
                              [](const Checkin* c) { return c->kind == CheckinKind::checkin; });
  const Checkin& last = regular != upto.rend() ? **regular : *upto.back();
  ReportCheckin latest;
  latest.date = last.date;
  latest.author = last.author ? last.author->value : "";
  latest.issues = last.issues ? last.issues->value : "";
  latest.plan = last.plan ? last.plan->value : "";
  std::vector<double> confidences;
  std::vector<Status> statuses;
  for (const Checkin* checkin : upto) {
    if (checkin->confidence) {
      confidences.push_back(checkin->confidence->value);
    }
    if (checkin->status) {
      statuses.push_back(*checkin->status);
    }
  }
  if (!confidences.empty()) {
    latest.confidence = confidences.back();
    if (confidences.size() > 1) {
      const int moved = movement(confidences.back(), confidences[confidences.size() - 2]);
      latest.confidence_trend = moved > 0 ? Trend::up : moved < 0 ? Trend::down : Trend::same;
    }
  }
  if (!statuses.empty()) {
    latest.status = statuses.back();
    if (statuses.size() > 1) {
      // on_track < behind < at_risk: a lower value is better.
      const int moved = movement(-static_cast<double>(statuses.back()),
                                 -static_cast<double>(statuses[statuses.size() - 2]));
      latest.status_trend = moved > 0   ? StatusTrend::better
                            : moved < 0 ? StatusTrend::worse
                                        : StatusTrend::same;
    }
  }
  owner.latest = std::move(latest);
  return upto;
}

/// Whether something is listed at risk: by the numbers when red (at-risk pace while the cycle
/// runs, a red grade after it), or by its owner's own status, unless it ended green.
struct AtRisk {
  bool listed = false;
  bool team_call = false;
};

AtRisk at_risk(bool measured, Grade colour, bool owner_at_risk) {
  if (!measured) {
    return {}; // not measured is not failure
  }
  if (colour == Grade::red) {
    return {true, false};
  }
  if (owner_at_risk && colour != Grade::green) {
    return {true, true};
  }
  return {};
}

ReportKr build_kr(KrScore&& k, bool owner_at_risk, double expected) {
  // An experimental key result has no colour: the team's call alone can list it.
  const AtRisk risk = at_risk(k.measured, k.colour, owner_at_risk);
  return {std::move(k), expected, risk.listed, risk.team_call};
}

/// The owner's fields that need no scoring.
ReportOwner owner_head(const OkrFile& file, const Cycle& cycle) {
  ReportOwner owner;
  owner.id = file.owner.value;
  owner.name = file.display_name();
  owner.level = file.level;
  owner.parent = file.parent ? file.parent->value : "";
  owner.cycle = file.cycle.value;
  owner.cycle_start = cycle.start;
  owner.cycle_end = cycle.end;
  owner.is_private = file.is_private;
  return owner;
}

/// The objective's fields that need no scoring.
ReportObjective objective_head(const Index& index, const OkrFile& file, const Cycle& cycle,
                               const Objective& objective) {
  ReportObjective o;
  o.id = objective.id.value;
  o.ref = file.owner.value + "/" + objective.id.value;
  o.title = objective.title.value;
  if (objective.shared) {
    o.shared_from = objective.shared->owner + "/" + objective.shared->objective;
    const auto hit =
        index.find_objective(objective.shared->owner, objective.shared->objective, &cycle);
    if (hit.objective) {
      o.title = hit.objective->title.value;
    }
  }
  o.aligns_to.reserve(objective.aligns_to.size());
  for (const Ref& ref : objective.aligns_to) {
    o.aligns_to.push_back(ref.owner + "/" + ref.objective);
  }
  o.initiatives.reserve(objective.initiatives.size());
  for (const Text& initiative : objective.initiatives) {
    o.initiatives.push_back(initiative.value);
  }
  return o;
}

/// The reason given where moved-target reports `change` now: the suppression comment on the
/// line of the moved value, `# okr: ignore[moved-target] REASON`.
std::string change_reason(const Index& index, const OkrFile& file, const Change& change) {
  if (change.kind != ChangeKind::kr_measure && change.kind != ChangeKind::kr_type) {
    return {};
  }
  for (const Objective& objective : file.objectives) {
    if (objective.id.value != change.objective) {
      continue;
    }
    for (const KeyResult& kr : objective.key_results) {
      if (kr.id.value != change.kr) {
        continue;
      }
      const Pos pos = measure_pos(kr, change.field);
      for (const Suppression& s : index.repo().suppressions) {
        if (s.file == file.file && s.line == pos.line && s.rule == "moved-target") {
          return s.reason;
        }
      }
    }
  }
  return {};
}

/// "What changed this cycle": the changes to the reported owners' OKRs, with their reasons.
std::vector<ReportChange> report_changes(const Index& index, const Cycle& cycle,
                                         const std::vector<const OkrFile*>& files,
                                         std::vector<Change> changes) {
  std::map<std::string_view, const OkrFile*> owners;
  for (const OkrFile* file : files) {
    if (file->cycle.value == cycle.id) {
      owners.emplace(file->owner.value, file);
    }
  }
  std::vector<ReportChange> out;
  for (Change& change : changes) {
    const auto owner = owners.find(change.owner);
    if (owner == owners.end()) {
      continue; // another owner's, or a private one's without --include-private
    }
    ReportChange item;
    item.ref = change.kr.empty()
                   ? fmt::format("{}/{}", change.owner, change.objective)
                   : fmt::format("{}/{}/{}", change.owner, change.objective, change.kr);
    item.description = describe_change(change);
    item.reason = change_reason(index, *owner->second, change);
    item.change = std::move(change);
    out.push_back(std::move(item));
  }
  return out;
}

/// Builds one owner from its scores; its retrospectives go to `retros` when given.
ReportOwner build_owner(const Index& index, const OkrFile& file, const Cycle& cycle, Date as_of,
                        const RollUps& rollups, std::vector<ReportRetro>* retros) {
  ReportOwner owner = owner_head(file, cycle);
  OwnerScore scores = score_owner(index, file, as_of, k_all_values, &rollups);
  owner.expected = scores.expected;
  owner.score = scores.score;
  owner.grade = scores.grade;
  owner.pace = scores.pace;
  owner.colour = scores.colour;
  owner.measured = scores.measured;
  const std::vector<const Checkin*> upto = fill_checkins(index, file, as_of, owner);
  // On cadence: a check-in within the owner's cadence (its file's, its level's, else okr.yaml's
  // checkin.cadence_days) of the as-of date (or of the cycle's end).
  const Date reference = std::min(as_of, cycle.end);
  owner.on_cadence =
      owner.latest && reference - owner.latest->date <= cadence_days(index.repo().config, file);
  const bool owner_at_risk = owner.latest && owner.latest->status == Status::at_risk;
  owner.objectives.reserve(file.objectives.size());
  for (std::size_t i = 0; i < file.objectives.size(); ++i) {
    ObjectiveScore& scored = scores.objectives[i];
    ReportObjective o = objective_head(index, file, cycle, file.objectives[i]);
    o.score = scored.score;
    o.grade = scored.grade;
    o.pace = scored.pace;
    o.colour = scored.colour;
    o.measured = scored.measured;
    o.parts = scored.parts;
    o.sharers = std::move(scored.sharers);
    const AtRisk risk = at_risk(o.score.has_value(), o.colour, owner_at_risk);
    o.at_risk = risk.listed;
    o.team_call = risk.team_call;
    o.key_results.reserve(scored.key_results.size());
    for (KrScore& k : scored.key_results) {
      o.key_results.push_back(build_kr(std::move(k), owner_at_risk, owner.expected));
    }
    owner.objectives.push_back(std::move(o));
  }
  for (const Checkin* checkin : upto) {
    if (retros == nullptr || checkin->kind != CheckinKind::retro) {
      continue;
    }
    ReportRetro retro;
    retro.owner = owner.id;
    retro.date = checkin->date;
    retro.author = checkin->author ? checkin->author->value : "";
    for (const Text& t : checkin->attractors) {
      retro.attractors.push_back(t.value);
    }
    for (const Text& t : checkin->detractors) {
      retro.detractors.push_back(t.value);
    }
    for (const Text& t : checkin->learned) {
      retro.learned.push_back(t.value);
    }
    retros->push_back(std::move(retro));
  }
  return owner;
}

void add_kpis(const Index& index, const OkrFile& file, Date as_of, std::vector<ReportKpi>& kpis) {
  const auto& checkins = index.checkins_of(file.owner.value, file.cycle.value);
  for (const Kpi& kpi : file.kpis) {
    ReportKpi out;
    out.owner = file.owner.value;
    out.id = kpi.id.value;
    out.title = kpi.title.value;
    out.unit = kpi.unit ? kpi.unit->value : "";
    if (kpi.stay_above) {
      out.guardrail = Measure::stay_above;
      out.threshold = kpi.stay_above->value;
      out.threshold_decimals = kpi.stay_above->decimals;
    } else if (kpi.stay_below) {
      out.guardrail = Measure::stay_below;
      out.threshold = kpi.stay_below->value;
      out.threshold_decimals = kpi.stay_below->decimals;
    } else if (kpi.stay_between) {
      out.guardrail = Measure::stay_between;
      out.range = kpi.stay_between;
    }
    for (const Checkin* checkin : checkins) {
      if (checkin->date > as_of) {
        continue;
      }
      for (const ResultValue& value : checkin->kpis) {
        if (value.key == kpi.id.value && value.number()) {
          out.value = *value.number();
          out.value_decimals = value.decimals();
          out.date = checkin->date;
          ++out.readings;
          out.held += holds(kpi, *out.value) ? 1 : 0;
        }
      }
    }
    // Healthy or breached by its latest reading: a KPI is watched, not scored.
    if (!out.value || out.guardrail == Measure::none) {
      out.health = Health::unknown;
    } else {
      out.health = holds(kpi, *out.value) ? Health::healthy : Health::breached;
    }
    kpis.push_back(std::move(out));
  }
}

struct AlignmentLists {
  std::vector<ReportItem> gaps;
  std::vector<ReportItem> orphans;
  std::vector<std::vector<std::string>> overlaps; ///< groups of owner/objective refs
};

/// The gaps and orphans among the objectives of `files` (the OKR files the report shows) and
/// the overlaps that involve one of them, as okr align finds them in `cycle` (and the cycles
/// overlapping it), private files only with `include_private`. Their scores are filled in as
/// the owners are built.
AlignmentLists alignment_lists(const Index& index, const std::vector<const OkrFile*>& files,
                               const std::string& cycle, bool include_private) {
  Alignment graph = build_alignment(index, AlignScope{cycle, include_private});
  analyse_alignment(graph, index, focus_limits(index.repo().config));
  const std::set<const OkrFile*> shown(files.begin(), files.end());
  auto in_report = [&](std::size_t objective) {
    return shown.contains(graph.objectives[objective].file);
  };
  auto item_of = [&](std::size_t objective) {
    const AlignObjective& o = graph.objectives[objective];
    return ReportItem{o.ref, std::string(o.title), std::nullopt, false};
  };
  AlignmentLists lists;
  for (const Gap& gap : graph.gaps) {
    if (in_report(gap.objective)) {
      lists.gaps.push_back(item_of(gap.objective));
    }
  }
  for (const Orphan& orphan : graph.orphans) {
    if (in_report(orphan.objective)) {
      lists.orphans.push_back(item_of(orphan.objective));
    }
  }
  for (const Overlap& overlap : graph.overlaps) {
    if (std::any_of(overlap.objectives.begin(), overlap.objectives.end(), in_report)) {
      std::vector<std::string> refs;
      for (std::size_t o : overlap.objectives) {
        refs.push_back(graph.objectives[o].ref);
      }
      lists.overlaps.push_back(std::move(refs));
    }
  }
  return lists;
}

/// What the report keeps of the owners, folded in one at a time as they are built.
class Summariser {
public:
  explicit Summariser(Report& report) : m_report(report) {
    for (std::vector<ReportItem>* items : {&report.alignment.gaps, &report.alignment.orphans}) {
      for (ReportItem& item : *items) {
        m_wanted[item.ref].push_back(&item);
      }
    }
  }

  /// Folds `owner` in; `detailed`: the report shows its OKRs in full; `cadence`: its own.
  void add(const ReportOwner& owner, bool detailed, int cadence) {
    ReportSummary& s = m_report.summary;
    ReportReview& review = m_report.review;
    ReportAttention& attention = m_report.attention;
    m_owner = &owner;
    m_detailed = detailed;
    ++s.owners;
    s.on_cadence += owner.on_cadence ? 1 : 0;
    if (!owner.on_cadence) {
      review.stale_owners.push_back(owner.id);
      attention.overdue.push_back(
          {owner.id, owner.id, owner.name, owner.score,
           fmt::format("{}, none within {} days",
                       owner.latest ? "last check-in " + owner.latest->date.str()
                                    : std::string("no check-in yet"),
                       cadence),
           detailed});
    }
    for (const ReportObjective& o : owner.objectives) {
      if (o.at_risk) {
        attention.at_risk.push_back(
            {owner.id, o.ref, o.title, o.score,
             o.team_call ? "objective at risk: the team's own call" : "objective at risk",
             detailed});
      }
      ++s.objectives;
      LevelMean& level = m_by_level[owner.level];
      ++level.objectives;
      if (o.score) {
        ++level.measured;
        m_sums[owner.level] += *o.score;
      } else {
        review.not_measured.push_back({o.ref, o.title, std::nullopt, false});
      }
      if (o.at_risk) {
        review.objectives_at_risk.push_back({o.ref, o.title, o.score, o.team_call});
      }
      // The alignment lists show an objective's score: the first owner's of that ref.
      if (auto it = m_wanted.find(o.ref); it != m_wanted.end()) {
        for (ReportItem* item : it->second) {
          item->score = o.score;
        }
        m_wanted.erase(it);
      }
      for (const std::string& target : o.aligns_to) {
        m_report.alignment.edges.emplace_back(o.ref, target);
      }
      if (!o.shared_from.empty()) {
        m_report.alignment.edges.emplace_back(o.ref, o.shared_from);
      }
      for (const ReportKr& kr : o.key_results) {
        add(kr);
      }
    }
  }

  void finish() {
    ReportSummary& s = m_report.summary;
    for (Level level : {Level::company, Level::unit, Level::team, Level::individual}) {
      if (auto it = m_by_level.find(level); it != m_by_level.end()) {
        LevelMean mean = it->second;
        mean.level = level;
        if (mean.measured > 0) {
          mean.mean = m_sums[level] / static_cast<double>(mean.measured);
        }
        s.levels.push_back(mean);
      }
    }
  }

private:
  void add(const ReportKr& report_kr) {
    const KrScore& kr = report_kr.scored;
    const KrType type = kr.kr->type;
    const std::string& title = kr.kr->title.value;
    ReportSummary& s = m_report.summary;
    ReportReview& review = m_report.review;
    ++s.key_results;
    s.at_risk += report_kr.at_risk ? 1 : 0;
    ReportAttention& attention = m_report.attention;
    const std::string& owner = m_owner->id;
    if (report_kr.at_risk) {
      attention.at_risk.push_back(
          {owner, kr.ref, title, kr.measured_score(),
           report_kr.team_call ? "key result at risk: the team's own call" : "key result at risk",
           m_detailed});
    }
    if (kr.guardrail && !kr.guardrail->breaches.empty()) {
      const Breach& last = kr.guardrail->breaches.back();
      attention.breached.push_back(
          {owner, kr.ref, title, kr.measured_score(),
           fmt::format("breached {} on {} ({} of {} readings held)",
                       format_number(last.value, last.decimals), last.date.str(),
                       kr.guardrail->held, kr.guardrail->readings),
           m_detailed});
    }
    if (type == KrType::committed && kr.measured && kr.behind_pace && !kr.succeeded) {
      attention.behind.push_back(
          {owner, kr.ref, title, kr.score,
           fmt::format("committed, {} of the expected {}", format_number(round_fraction(kr.score)),
                       format_number(round_fraction(report_kr.expected))),
           m_detailed});
    }
    if (type == KrType::committed) {
      ++s.committed_total; // met or not; one not measured yet is listed as such, not below
    }
    if (!kr.measured) {
      ++s.not_measured;
      ++m_report.score_bins[10];
      return; // not measured is not failure: in no list below
    }
    const double score = kr.score;
    ++m_report.score_bins[static_cast<std::size_t>(std::clamp(static_cast<int>(score * 10), 0, 9))];
    if (type == KrType::committed) {
      if (kr.succeeded) {
        ++s.committed_met;
      } else {
        review.committed_below.push_back({kr.ref, title, score, false});
      }
    } else if (type == KrType::stretch) {
      if (score < k_sweet_spot_low) {
        ++s.stretch_below;
      } else if (in_sweet_spot(score)) {
        ++s.stretch_sweet;
      } else {
        ++s.stretch_above;
      }
      if (score >= 1.0) {
        review.stretch_at_target.push_back({kr.ref, title, score, false});
      }
    }
  }

  Report& m_report;
  const ReportOwner* m_owner = nullptr; ///< the owner being added
  bool m_detailed = true;
  std::map<Level, LevelMean> m_by_level;
  std::map<Level, double> m_sums;
  std::unordered_map<std::string_view, std::vector<ReportItem*>> m_wanted; ///< gaps, orphans
};

} // namespace

std::string_view to_string(Trend trend) {
  switch (trend) {
  case Trend::up:
    return "up";
  case Trend::down:
    return "down";
  case Trend::same:
    return "same";
  case Trend::none:
    break;
  }
  return "";
}

std::string_view to_string(StatusTrend trend) {
  switch (trend) {
  case StatusTrend::better:
    return "better";
  case StatusTrend::worse:
    return "worse";
  case StatusTrend::same:
    return "same";
  case StatusTrend::none:
    break;
  }
  return "";
}

std::string_view to_string(Health health) {
  switch (health) {
  case Health::healthy:
    return "healthy";
  case Health::breached:
    return "breached";
  case Health::unknown:
    break;
  }
  return "unknown";
}

/// This cycle's figures (the summary's) beside those of the previous cycle's OKR files, chosen
/// as this cycle's are (the files of the cycle, the owner and those beneath it), scored as of the
/// same day; nullopt when no cycle with OKR files ended before this one started.
std::optional<ReportComparison> compare_with_previous(const Index& index, const Cycle& cycle,
                                                      const ReportOptions& options,
                                                      const ReportSummary& summary) {
  const std::optional<std::string> previous = previous_cycle(index, cycle);
  const Cycle* before = previous ? index.cycle(*previous) : nullptr;
  if (before == nullptr) {
    return std::nullopt;
  }
  std::vector<const OkrFile*> files = files_in_cycle(index, *before, options.include_private);
  if (options.owner) {
    files = beneath(files, *options.owner);
  }
  const RollUps rollups = roll_ups(index, options.as_of, files, options.include_private, false);
  CycleFigures figures;
  for (const OkrFile* file : files) {
    figures.add(score_owner(index, *file, options.as_of, 0, &rollups));
  }
  ReportComparison c;
  c.cycle = before->id;
  for (Level level : {Level::company, Level::unit, Level::team, Level::individual}) {
    LevelComparison row;
    row.level = level;
    bool any = figures.objectives[static_cast<std::size_t>(level)] > 0;
    for (const LevelMean& mean : summary.levels) {
      if (mean.level == level) {
        row.mean = mean.mean;
        any = true;
      }
    }
    row.previous_mean = figures.mean(level);
    if (any) {
      c.levels.push_back(row);
    }
  }
  c.committed_met = summary.committed_met;
  c.committed_total = summary.committed_total;
  c.previous_committed_met = figures.committed_met;
  c.previous_committed_total = figures.committed_total;
  c.stretch_sweet_spot = summary.stretch_sweet;
  c.stretch_measured = summary.stretch_below + summary.stretch_sweet + summary.stretch_above;
  c.previous_stretch_sweet_spot = figures.stretch_sweet;
  c.previous_stretch_measured = figures.stretch_measured;
  return c;
}

ReportResult build_report(const Index& index, const ReportOptions& options) {
  ReportResult result;
  const Repository& repo = index.repo();
  std::optional<std::string> cycle_id = options.cycle;
  if (!cycle_id) {
    cycle_id = default_cycle(index, options.as_of);
    if (!cycle_id) {
      result.error = "no OKR files found: nothing to report";
      return result;
    }
  }
  const Cycle* cycle = index.cycle(*cycle_id);
  std::vector<const OkrFile*> files;
  if (cycle) {
    files = files_in_cycle(index, *cycle, options.include_private);
  }
  if (!cycle || files.empty()) {
    result.error = fmt::format("no OKR files in cycle '{}'", *cycle_id);
    return result;
  }
  if (options.owner) {
    const bool known = std::any_of(files.begin(), files.end(), [&](const OkrFile* f) {
      return f->owner.value == *options.owner;
    });
    if (!known) {
      result.error =
          fmt::format("no OKR file of owner '{}' in cycle '{}'{}", *options.owner, *cycle_id,
                      options.include_private ? "" : " (private OKRs need --include-private)");
      return result;
    }
    files = beneath(files, *options.owner);
  }
  files = organisation_order(std::move(files));
  // The alignment analyses first, on their own: their graph (some 60 MB on 10,000 teams) is
  // gone before the owners are built, and they reuse its memory. On another thread, while the
  // owners were built, both were in memory at once.
  AlignmentLists facts = alignment_lists(index, files, cycle->id, options.include_private);

  Report report;
  ReportHeader& h = report.header;
  h.organization = repo.config.organization ? repo.config.organization->value : "";
  h.vision = repo.config.vision ? repo.config.vision->value : "";
  for (const Text& t : repo.config.strategy) {
    h.strategy.push_back(t.value);
  }
  h.cycle = cycle->id;
  h.cycle_start = cycle->start;
  h.cycle_end = cycle->end;
  h.as_of = options.as_of;
  h.commit = options.commit;
  if (options.changes) {
    if (std::optional<std::vector<Change>> changes = options.changes(*cycle)) {
      h.history = true;
      report.changes = report_changes(index, *cycle, files, std::move(*changes));
    }
  }
  report.summary.cadence_days = repo.config.cadence_days;
  report.summary.cadence_varies = std::any_of(files.begin(), files.end(), [&](const OkrFile* f) {
    return cadence_days(repo.config, *f) != repo.config.cadence_days;
  });

  std::size_t kpis = 0;
  std::size_t edges = 0;
  for (const OkrFile* file : files) {
    kpis += file->kpis.size();
    for (const Objective& objective : file->objectives) {
      edges += objective.aligns_to.size() + (objective.shared ? 1 : 0);
    }
  }
  report.kpis.reserve(kpis);
  report.alignment.edges.reserve(edges);
  report.alignment.gaps.reserve(facts.gaps.size());
  for (ReportItem& gap : facts.gaps) {
    report.alignment.gaps.push_back(std::move(gap));
  }
  report.alignment.orphans.reserve(facts.orphans.size());
  for (ReportItem& orphan : facts.orphans) {
    report.alignment.orphans.push_back(std::move(orphan));
  }
  report.alignment.overlaps.reserve(facts.overlaps.size());
  for (std::vector<std::string>& refs : facts.overlaps) {
    ReportOverlap overlap;
    overlap.refs = std::move(refs);
    overlap.suggestion = "consider one shared objective with local key results";
    report.alignment.overlaps.push_back(std::move(overlap));
  }

  // Each owner is built, folded into the summary, the review and alignment lists, and dropped;
  // the renderers build it again when they get to it (ReportOwners).
  std::vector<ReportOwners::Entry> entries;
  entries.reserve(files.size());
  // The shared objectives' roll-ups: a first pass over the sharers' objective scores.
  RollUps rollups = roll_ups(index, options.as_of, files, options.include_private, false);
  const auto depths = generations(files, options.owner.value_or(""));
  std::optional<std::size_t> depth = options.depth;
  if (!depth && files.size() > k_report_full_owners) {
    report.limit = limit_of(depths, files.size());
    depth = report.limit->depth;
  }
  report.overview.reserve(files.size());
  {
    Summariser summariser(report);
    for (const OkrFile* file : files) {
      const Cycle* own = index.cycle(file->cycle.value);
      const std::size_t generation = depths.at(file->owner.value);
      const bool detailed = !depth || generation < *depth;
      const ReportOwner owner =
          build_owner(index, *file, own ? *own : *cycle, options.as_of, rollups, &report.retros);
      if (detailed) {
        entries.push_back({file, own ? own : cycle});
      }
      const int cadence = cadence_days(repo.config, *file);
      ReportRow& row = report.overview.emplace_back(row_of(owner, generation, detailed, cadence));
      if (const auto change = score_change(index, *file, options.as_of, owner.score, &rollups)) {
        row.score_trend = change->direction > 0   ? Trend::up
                          : change->direction < 0 ? Trend::down
                                                  : Trend::same;
        row.score_change = change->change;
        row.score_since = change->since;
      }
      summariser.add(owner, detailed, cadence);
      const std::size_t first_kpi = report.kpis.size();
      add_kpis(index, *file, options.as_of, report.kpis);
      for (std::size_t k = first_kpi; k < report.kpis.size(); ++k) {
        const ReportKpi& kpi = report.kpis[k];
        if (kpi.health == Health::breached) {
          report.attention.breached.push_back(
              {kpi.owner, kpi.owner + "/" + kpi.id, kpi.title, std::nullopt,
               fmt::format("KPI breached: {}{}",
                           kpi.value ? format_number(*kpi.value, kpi.value_decimals) : "",
                           kpi.date ? " on " + kpi.date->str() : ""),
               detailed});
        }
      }
    }
    summariser.finish();
  }
  report.comparison = compare_with_previous(index, *cycle, options, report.summary);
  std::stable_sort(report.retros.begin(), report.retros.end(),
                   [](const ReportRetro& a, const ReportRetro& b) { return a.date < b.date; });
  report.owners = ReportOwners(index, std::move(entries), options.as_of, std::move(rollups));
  result.report = std::move(report);
  return result;
}

ReportOwners::ReportOwners(const Index& index, std::vector<Entry> entries, Date as_of,
                           RollUps rollups)
    : m_index(&index), m_entries(std::move(entries)), m_as_of(as_of),
      m_rollups(std::make_shared<const RollUps>(std::move(rollups))) {}

ReportOwners ReportOwners::select(const std::vector<std::size_t>& which) const {
  ReportOwners selected;
  selected.m_index = m_index;
  selected.m_as_of = m_as_of;
  selected.m_rollups = m_rollups;
  for (std::size_t i : which) {
    if (m_index) {
      selected.m_entries.push_back(m_entries.at(i));
    } else {
      selected.m_given.push_back(m_given.at(i));
    }
  }
  return selected;
}

ReportOwners::ReportOwners(std::vector<ReportOwner> owners) : m_given(std::move(owners)) {}

ReportOwner ReportOwners::owner(std::size_t i) const {
  if (!m_index) {
    return m_given.at(i);
  }
  const Entry& entry = m_entries.at(i);
  return build_owner(*m_index, *entry.file, *entry.cycle, m_as_of, *m_rollups, nullptr);
}

ReportOwner ReportOwners::outline(std::size_t i) const {
  if (!m_index) {
    ReportOwner owner = m_given.at(i);
    for (ReportObjective& o : owner.objectives) {
      o.key_results.clear();
    }
    return owner;
  }
  const Entry& entry = m_entries.at(i);
  ReportOwner owner = owner_head(*entry.file, *entry.cycle);
  owner.objectives.reserve(entry.file->objectives.size());
  for (const Objective& objective : entry.file->objectives) {
    owner.objectives.push_back(objective_head(*m_index, *entry.file, *entry.cycle, objective));
  }
  return owner;
}

ReportOwners::Iterator::Iterator(const ReportOwners* owners, std::size_t i)
    : m_owners(owners), m_i(i) {
  load();
}

ReportOwners::Iterator& ReportOwners::Iterator::operator++() {
  ++m_i;
  load();
  return *this;
}

void ReportOwners::Iterator::load() {
  m_built.reset();
  m_given = nullptr;
  if (m_owners == nullptr || m_i >= m_owners->size()) {
    return;
  }
  if (m_owners->m_index) {
    m_built = m_owners->owner(m_i);
  } else {
    m_given = &m_owners->m_given[m_i];
  }
}

} // namespace okr
