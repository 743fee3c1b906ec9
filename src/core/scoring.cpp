// Scoring: the value of each key result on a date, its score, and the weighted means above it.

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <map>
#include <set>
#include <unordered_map>

#include <okr/checkins.hpp>
#include <okr/number.hpp>
#include <okr/scoring.hpp>
#include <okr/text.hpp>

namespace okr {

namespace {

constexpr double k_epsilon = 1e-9;

/// An objective's id; a shared objective without one is known by the one it shares.
std::string target_id(const Objective& objective) {
  return objective.id.value.empty() && objective.shared ? objective.shared->objective
                                                        : objective.id.value;
}

int level_rank(Level level) {
  return static_cast<int>(level);
}

} // namespace

std::string_view to_string(Grade grade) {
  switch (grade) {
  case Grade::red:
    return "red";
  case Grade::yellow:
    return "yellow";
  case Grade::green:
    return "green";
  case Grade::none:
    break;
  }
  return "none";
}

double score_decimals(double value) {
  const double rounded = std::round(value * 1000.0) / 1000.0;
  return rounded == 0 ? 0.0 : rounded; // no -0
}

std::string_view to_string(Pace pace) {
  switch (pace) {
  case Pace::ahead:
    return "ahead";
  case Pace::on_pace:
    return "on-pace";
  case Pace::behind:
    return "behind";
  case Pace::at_risk:
    return "at-risk";
  case Pace::none:
    break;
  }
  return "";
}

double success_score(KrType type) {
  return type == KrType::committed ? 1.0 : 0.7;
}

Pace pace_of(double score, double expected, std::optional<double> forecast, double success) {
  const double ahead_by = score - expected;
  if (ahead_by >= k_pace_ahead - k_epsilon) {
    return Pace::ahead;
  }
  if (ahead_by >= -k_pace_tolerance - k_epsilon) {
    return Pace::on_pace;
  }
  return forecast && *forecast >= success - k_epsilon ? Pace::behind : Pace::at_risk;
}

Grade colour_of(Grade grade, Pace pace) {
  switch (pace) {
  case Pace::ahead:
  case Pace::on_pace:
    return Grade::green;
  case Pace::behind:
    return Grade::yellow;
  case Pace::at_risk:
    return Grade::red;
  case Pace::none:
    break;
  }
  return grade;
}

Grade grade_of(double score) {
  if (score < 0.4 - k_epsilon) {
    return Grade::red;
  }
  if (score < 0.7 - k_epsilon) {
    return Grade::yellow;
  }
  return Grade::green;
}

std::vector<const Checkin*> ordered_checkins(const Index& index, std::string_view owner,
                                             std::string_view cycle) {
  return index.checkins_of(owner, cycle); // in the index's order (Index::earlier)
}

std::vector<ReportedValue> value_series(const std::vector<const Checkin*>& checkins,
                                        std::string_view key, const KeyResult& kr, Date as_of) {
  std::vector<ReportedValue> out;
  out.reserve(checkins.size()); // at most one value a check-in: no doubling, no copies
  const bool milestone = kr.measure() == Measure::milestone;
  for (const Checkin* c : checkins) {
    if (c->date > as_of) {
      break;
    }
    for (const ResultValue& v : c->results) {
      if (v.key != key) {
        continue;
      }
      if ((milestone && v.done()) || (!milestone && v.number())) {
        out.push_back(ReportedValue{c->date, v.number(), v.done(), c, v.decimals()});
      }
      break;
    }
  }
  out.shrink_to_fit();
  return out;
}

double score_value(const KeyResult& kr, const ReportedValue& value, bool allow_over_target) {
  switch (kr.measure()) {
  case Measure::progress: {
    if (!value.number) {
      return 0;
    }
    const double b = kr.baseline->value;
    const double t = kr.target->value;
    const double v = *value.number;
    double s = 0;
    if (t == b) {
      s = v >= t ? 1 : 0;
    } else {
      s = (v - b) / (t - b);
    }
    s = std::max(0.0, s);
    return allow_over_target ? s : std::min(1.0, s);
  }
  case Measure::stay_above:
  case Measure::stay_below:
  case Measure::stay_between:
    return value.number && holds(kr, *value.number) ? 1 : 0;
  case Measure::milestone:
    return value.done && *value.done ? 1 : 0;
  case Measure::none:
    break;
  }
  return 0;
}

bool is_guardrail(const KeyResult& kr) {
  return kr.measure() == Measure::stay_above || kr.measure() == Measure::stay_below ||
         kr.measure() == Measure::stay_between;
}

Bounds bounds_of(const KeyResult& kr) {
  return bounds_of(kr, kr.measure());
}

Bounds bounds_of(const KeyResult& kr, Measure measure) {
  Bounds out;
  switch (measure) {
  case Measure::progress:
    out.baseline = &*kr.baseline;
    out.target = &*kr.target;
    break;
  case Measure::stay_above:
    out.target = &*kr.stay_above;
    break;
  case Measure::stay_below:
    out.target = &*kr.stay_below;
    break;
  case Measure::stay_between:
    out.range = &*kr.stay_between;
    break;
  case Measure::milestone:
  case Measure::none:
    break;
  }
  return out;
}

namespace {

/// Whether `value` holds a guardrail given by its one threshold or range (the others null).
bool holds_guardrail(const Number* above, const Number* below, const Range* between, double value) {
  if (above) {
    return value >= above->value;
  }
  if (below) {
    return value <= below->value;
  }
  return between == nullptr || between->contains(value);
}

} // namespace

bool holds(const KeyResult& kr, double value) {
  switch (kr.measure()) {
  case Measure::stay_above:
    return holds_guardrail(&*kr.stay_above, nullptr, nullptr, value);
  case Measure::stay_below:
    return holds_guardrail(nullptr, &*kr.stay_below, nullptr, value);
  case Measure::stay_between:
    return holds_guardrail(nullptr, nullptr, &*kr.stay_between, value);
  case Measure::progress:
  case Measure::milestone:
  case Measure::none:
    break;
  }
  return true;
}

bool holds(const Kpi& kpi, double value) {
  return holds_guardrail(kpi.stay_above ? &*kpi.stay_above : nullptr,
                         kpi.stay_below ? &*kpi.stay_below : nullptr,
                         kpi.stay_between ? &*kpi.stay_between : nullptr, value);
}

GuardrailRecord judge_guardrail(const KeyResult& kr, const std::vector<ReportedValue>& series) {
  GuardrailRecord record;
  for (const ReportedValue& reading : series) {
    if (!reading.number) {
      continue;
    }
    ++record.readings;
    if (holds(kr, *reading.number)) {
      ++record.held;
    } else {
      record.breaches.push_back({reading.date, *reading.number, reading.decimals});
    }
  }
  return record;
}

double expected_pace(const Cycle& cycle, Date as_of) {
  const int length = cycle.end - cycle.start;
  if (length <= 0) {
    return as_of >= cycle.start ? 1 : 0;
  }
  const double f = static_cast<double>(as_of - cycle.start) / length;
  return std::clamp(f, 0.0, 1.0);
}

std::optional<double> forecast_value(const std::vector<ReportedValue>& series, Date at) {
  std::vector<std::pair<double, double>> points;
  for (const ReportedValue& v : series) {
    if (v.number) {
      points.emplace_back(v.date.days(), *v.number);
    }
  }
  if (points.size() < 3) {
    return std::nullopt;
  }
  double mx = 0;
  double my = 0;
  for (const auto& [x, y] : points) {
    mx += x;
    my += y;
  }
  mx /= static_cast<double>(points.size());
  my /= static_cast<double>(points.size());
  double sxy = 0;
  double sxx = 0;
  for (const auto& [x, y] : points) {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) * (x - mx);
  }
  if (sxx == 0) {
    return my;
  }
  return my + sxy / sxx * (at.days() - mx);
}

namespace {

/// Scores one key result from its series: the latest value, or for a guardrail every reading.
KrScore score_kr(const std::string& owner, const std::string& objective_id,
                 const Objective& objective, const KeyResult& kr,
                 const std::vector<const Checkin*>& checkins, const Cycle* cycle, Date as_of,
                 double expected, bool ended, bool over, std::size_t series_kept) {
  KrScore k;
  k.objective = &objective;
  k.kr = &kr;
  k.key = objective_id + "/" + kr.id.value;
  k.ref = owner + "/" + k.key;
  k.series = value_series(checkins, k.key, kr, as_of);
  const bool guardrail = is_guardrail(kr);
  if (!k.series.empty() && kr.measure() != Measure::none) {
    const ReportedValue& last = k.series.back();
    k.measured = true;
    k.value = last.number;
    k.value_decimals = last.decimals;
    k.done = last.done;
    if (guardrail) {
      k.guardrail = judge_guardrail(kr, k.series);
      k.score = k.guardrail->readings > 0 ? static_cast<double>(k.guardrail->held) /
                                                static_cast<double>(k.guardrail->readings)
                                          : 0;
    } else {
      k.score = score_value(kr, last, over);
    }
  }
  const double success = success_score(kr.type);
  if (k.measured && kr.type != KrType::experimental) {
    k.grade = grade_of(k.score);
  }
  k.succeeded =
      k.measured && (guardrail ? k.guardrail->breaches.empty() : k.score >= success - k_epsilon);
  if (cycle && !guardrail && kr.measure() != Measure::milestone && kr.measure() != Measure::none) {
    if (auto f = forecast_value(k.series, cycle->end)) {
      k.forecast_value = *f;
      k.forecast = score_value(kr, ReportedValue{cycle->end, *f, std::nullopt, nullptr}, over);
    }
  }
  if (k.measured && !ended) {
    // A guardrail must hold all along: its expected pace is 1 whatever the day, its forecast
    // the share held so far; with a breach behind it, a committed one can no longer succeed.
    if (!guardrail) {
      k.pace = pace_of(k.score, expected, k.forecast, success);
    } else if (k.guardrail->breaches.empty()) {
      k.pace = Pace::on_pace;
    } else {
      k.pace =
          kr.type == KrType::committed ? Pace::at_risk : pace_of(k.score, 1.0, k.score, success);
    }
  }
  k.colour = kr.type == KrType::experimental ? Grade::none : colour_of(k.grade, k.pace);
  k.behind_pace = k.pace == Pace::behind || k.pace == Pace::at_risk;
  if (k.series.size() > series_kept) {
    k.series.erase(k.series.begin(), k.series.end() - static_cast<std::ptrdiff_t>(series_kept));
    k.series.shrink_to_fit();
  }
  return k;
}

/// A weighted mean in which an unmeasured part counts 0: null when none is measured.
struct Mean {
  double sum = 0;
  double weights = 0;
  double forecast_sum = 0;
  bool forecast = false;
  std::size_t measured = 0;
  std::size_t parts = 0;

  void add(std::optional<double> score, double weight, std::optional<double> forecast_score) {
    ++parts;
    weights += weight;
    if (score) {
      ++measured;
      sum += weight * *score;
    }
    forecast = forecast || forecast_score.has_value();
    forecast_sum += weight * forecast_score.value_or(score.value_or(0));
  }
  std::optional<double> value() const {
    return measured > 0 && weights > 0 ? std::optional(sum / weights) : std::nullopt;
  }
  std::optional<double> forecast_value() const {
    return forecast && weights > 0 ? std::optional(forecast_sum / weights) : std::nullopt;
  }
};

/// Grade, pace and colour of an objective or owner from its mean.
template <typename T> void judge(T& out, const Mean& mean, double expected, bool ended) {
  out.score = mean.value();
  out.measured = mean.measured;
  if constexpr (requires { out.forecast; }) {
    out.forecast = mean.forecast_value();
  }
  if (!out.score) {
    return;
  }
  out.grade = grade_of(*out.score);
  if (!ended) {
    out.pace = pace_of(*out.score, expected, mean.forecast_value(), 0.7);
  }
  out.colour = colour_of(out.grade, out.pace);
}

} // namespace

std::optional<ScoreChange> score_change(const Index& index, const OkrFile& file, Date as_of,
                                        std::optional<double> now, const RollUps* rollups) {
  if (!now) {
    return std::nullopt;
  }
  std::optional<Date> latest;
  std::optional<Date> before; // the latest day before `latest` with a check-in
  for (const Checkin* c : ordered_checkins(index, file.owner.value, file.cycle.value)) {
    if (c->date > as_of) {
      break;
    }
    if (latest && c->date != *latest) {
      before = latest;
    }
    latest = c->date;
  }
  if (!before) {
    return std::nullopt;
  }
  const std::optional<double> previous = score_owner(index, file, *before, 0, rollups).score;
  if (!previous) {
    return std::nullopt;
  }
  ScoreChange out;
  out.since = *before;
  out.previous = *previous;
  out.change = *now - *previous;
  const double shown = round_fraction(out.change);
  out.direction = shown > 0 ? 1 : (shown < 0 ? -1 : 0);
  return out;
}

OwnerScore score_owner(const Index& index, const OkrFile& file, Date as_of, std::size_t series_kept,
                       const RollUps* rollups) {
  OwnerScore out;
  out.file = &file;
  out.owner = file.owner.value;
  out.cycle = file.cycle.value;
  const bool over = index.repo().config.allow_over_target;
  const Cycle* cycle = index.cycle(file.cycle.value);
  out.expected = cycle ? expected_pace(*cycle, as_of) : 0;
  out.ended = cycle && as_of >= cycle->end;
  const std::vector<const Checkin*> checkins =
      ordered_checkins(index, file.owner.value, file.cycle.value);
  for (const Checkin* c : checkins) {
    if (c->date > as_of) {
      break;
    }
    out.latest = c;
    if (c->confidence) {
      out.confidence = c->confidence;
    }
    if (c->status) {
      out.status = c->status;
    }
  }
  out.objectives.reserve(file.objectives.size());
  Mean owner_mean;
  for (const Objective& objective : file.objectives) {
    ObjectiveScore& o = out.objectives.emplace_back();
    o.objective = &objective;
    o.id = objective.id.value;
    o.title = objective.title.value;
    if (objective.shared && o.title.empty()) {
      const auto hit =
          index.find_objective(objective.shared->owner, objective.shared->objective, cycle);
      if (hit.objective) {
        o.title = hit.objective->title.value;
        if (o.id.empty()) {
          o.id = hit.objective->id.value;
        }
      }
    }
    if (o.id.empty() && objective.shared) {
      o.id = objective.shared->objective;
    }
    o.key_results.reserve(objective.key_results.size());
    Mean mean;
    for (const KeyResult& kr : objective.key_results) {
      KrScore k = score_kr(out.owner, o.id, objective, kr, checkins, cycle, as_of, out.expected,
                           out.ended, over, series_kept);
      mean.add(k.measured_score(), kr.weight, k.forecast);
      o.key_results.push_back(std::move(k));
    }
    if (rollups) {
      if (const auto it = rollups->shared.find(&objective); it != rollups->shared.end()) {
        o.sharers = it->second;
        for (const SharerScore& sharer : o.sharers) {
          mean.add(sharer.score, sharer.weight, std::nullopt);
        }
      }
    }
    o.parts = mean.parts;
    judge(o, mean, out.expected, out.ended);
    owner_mean.add(o.score, objective.weight, o.score ? o.forecast : std::nullopt);
  }
  judge(out, owner_mean, out.expected, out.ended);
  return out;
}

std::optional<std::string> default_cycle(const Index& index, Date as_of) {
  const Cycle* best = nullptr;
  const Cycle* ended = nullptr;
  const Cycle* upcoming = nullptr;
  for (const OkrFile& file : index.repo().okr_files) {
    const Cycle* c = index.cycle(file.cycle.value);
    if (!c) {
      continue;
    }
    if (c->contains(as_of)) {
      if (!best || (c->end - c->start) < (best->end - best->start) ||
          ((c->end - c->start) == (best->end - best->start) && c->id < best->id)) {
        best = c;
      }
    } else if (c->end < as_of) {
      if (!ended || c->end > ended->end || (c->end == ended->end && c->start > ended->start)) {
        ended = c;
      }
    } else if (!upcoming || c->start < upcoming->start) {
      upcoming = c;
    }
  }
  const Cycle* chosen = best ? best : ended ? ended : upcoming;
  if (!chosen) {
    return std::nullopt;
  }
  return chosen->id;
}

namespace {

/// Parents before children, depth first; siblings by level, then id.
std::vector<const OkrFile*> tree_order(std::vector<const OkrFile*> files) {
  auto by_level_then_id = [](const OkrFile* a, const OkrFile* b) {
    if (a->level != b->level) {
      return level_rank(a->level) < level_rank(b->level);
    }
    return a->owner.value < b->owner.value;
  };
  std::sort(files.begin(), files.end(), by_level_then_id);
  std::map<std::string, std::vector<const OkrFile*>> children;
  std::vector<const OkrFile*> roots;
  std::unordered_map<std::string, const OkrFile*> present;
  for (const OkrFile* f : files) {
    present.emplace(f->owner.value, f);
  }
  for (const OkrFile* f : files) {
    if (f->parent && present.contains(f->parent->value) && f->parent->value != f->owner.value) {
      children[f->parent->value].push_back(f);
    } else {
      roots.push_back(f);
    }
  }
  std::vector<const OkrFile*> out;
  std::unordered_map<const OkrFile*, bool> seen;
  auto visit = [&](auto&& self, const OkrFile* f) -> void {
    if (seen[f]) {
      return; // a parent loop: reported by okr check
    }
    seen[f] = true;
    out.push_back(f);
    for (const OkrFile* child : children[f->owner.value]) {
      self(self, child);
    }
  };
  for (const OkrFile* f : roots) {
    visit(visit, f);
  }
  for (const OkrFile* f : files) {
    visit(visit, f); // owners only reachable through a loop
  }
  return out;
}

std::vector<std::string> owner_ids(const Index& index) {
  std::vector<std::string> ids;
  for (const OkrFile& f : index.repo().okr_files) {
    ids.push_back(f.owner.value);
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

/// The objective scores of one OKR file, without its key results' details or roll-ups.
std::vector<std::optional<double>> objective_scores(const Index& index, const OkrFile& file,
                                                    Date as_of) {
  std::vector<std::optional<double>> scores;
  for (const ObjectiveScore& o : score_owner(index, file, as_of, 0).objectives) {
    scores.push_back(o.score);
  }
  return scores;
}

} // namespace

RollUps roll_ups(const Index& index, Date as_of, const std::vector<const OkrFile*>& files,
                 bool include_private, bool aligned) {
  // Which objectives share or align to which: the target's address → (file, objective index).
  std::unordered_map<const Objective*, std::vector<std::pair<const OkrFile*, std::size_t>>> sharing;
  std::unordered_map<const Objective*, std::vector<std::pair<const OkrFile*, std::size_t>>>
      aligning;
  std::unordered_map<const Objective*, bool> wanted;
  for (const OkrFile* file : files) {
    for (const Objective& objective : file->objectives) {
      wanted.emplace(&objective, true);
    }
  }
  for (const OkrFile& file : index.repo().okr_files) {
    const Cycle* cycle = index.cycle(file.cycle.value);
    if ((file.is_private && !include_private) || !cycle || cycle->start > as_of) {
      continue;
    }
    for (std::size_t i = 0; i < file.objectives.size(); ++i) {
      const Objective& objective = file.objectives[i];
      if (objective.shared) {
        const auto hit =
            index.find_objective(objective.shared->owner, objective.shared->objective, cycle);
        if (hit.objective && hit.objective != &objective && wanted.contains(hit.objective)) {
          sharing[hit.objective].emplace_back(&file, i);
        }
      }
      if (!aligned) {
        continue;
      }
      for (const Ref& ref : objective.aligns_to) {
        const auto hit = index.find_objective(ref.owner, ref.objective, cycle);
        if (hit.objective && wanted.contains(hit.objective)) {
          aligning[hit.objective].emplace_back(&file, i);
        }
      }
    }
  }
  // Each sharing or aligning owner's objective scores, scored once: not its key results.
  std::unordered_map<const OkrFile*, std::vector<std::optional<double>>> scores;
  auto score_of = [&](const OkrFile* file, std::size_t i) {
    auto cached = scores.find(file);
    if (cached == scores.end()) {
      cached = scores.emplace(file, objective_scores(index, *file, as_of)).first;
    }
    return cached->second[i];
  };
  RollUps out;
  for (const auto& [target, list] : sharing) {
    std::vector<SharerScore>& sharers = out.shared[target];
    for (const auto& [file, i] : list) {
      sharers.push_back({file->owner.value + "/" + target_id(file->objectives[i]),
                         score_of(file, i), file->objectives[i].weight});
    }
    std::sort(sharers.begin(), sharers.end(),
              [](const SharerScore& a, const SharerScore& b) { return a.ref < b.ref; });
  }
  if (aligned) {
    // --rollup follows `shared` as well as `aligns_to`.
    for (const auto& [target, list] : sharing) {
      auto& into = aligning[target];
      into.insert(into.end(), list.begin(), list.end());
    }
    for (const auto& [target, list] : aligning) {
      double sum = 0;
      std::size_t n = 0;
      for (const auto& [file, i] : list) {
        if (const std::optional<double> s = score_of(file, i)) {
          sum += *s;
          ++n;
        }
      }
      AlignedScore& a = out.aligned[target];
      a.count = n;
      if (n > 0) {
        a.score = sum / static_cast<double>(n);
      }
    }
  }
  return out;
}

OwnerScore ScoredOwners::operator[](std::size_t i) const {
  OwnerScore owner = score_owner(*m_index, *m_files[i], m_as_of, m_series_kept, &m_rollups);
  for (ObjectiveScore& objective : owner.objectives) {
    if (const auto it = m_rollups.aligned.find(objective.objective);
        it != m_rollups.aligned.end()) {
      objective.aligned_score = it->second.score;
      objective.aligned_count = it->second.count;
    }
  }
  return owner;
}

const OwnerScore& ScoredOwners::iterator::operator*() const {
  if (!m_current) {
    m_current = (*m_owners)[m_at];
  }
  return *m_current;
}

ScoreReport score_repository(const Index& index, const ScoreOptions& options) {
  ScoreReport report;
  report.as_of = options.as_of;
  std::vector<const OkrFile*> selected;
  if (options.cycle) {
    bool known = false;
    for (const OkrFile& f : index.repo().okr_files) {
      known = known || f.cycle.value == *options.cycle;
    }
    if (!known) {
      std::vector<std::string> cycles;
      for (const OkrFile& f : index.repo().okr_files) {
        cycles.push_back(f.cycle.value);
      }
      std::sort(cycles.begin(), cycles.end());
      cycles.erase(std::unique(cycles.begin(), cycles.end()), cycles.end());
      std::string list;
      for (const std::string& c : cycles) {
        list += (list.empty() ? "" : ", ") + c;
      }
      report.errors.push_back(fmt::format("no OKR file is in cycle '{}'; cycles with OKRs: {}",
                                          *options.cycle, list.empty() ? "none" : list));
      return report;
    }
  }
  const std::optional<std::string> cycle =
      options.cycle ? options.cycle : default_cycle(index, options.as_of);
  if (!options.owners.empty()) {
    const std::vector<std::string> known = owner_ids(index);
    for (const std::string& owner : options.owners) {
      const auto& files = index.files_of(owner);
      if (files.empty()) {
        std::vector<std::string_view> candidates(known.begin(), known.end());
        const std::string_view near = closest_match(owner, candidates);
        report.errors.push_back(
            fmt::format("no OKR file has the owner '{}'{}", owner,
                        near.empty() ? std::string("; run 'okr score' to see every owner")
                                     : fmt::format("; did you mean '{}'?", near)));
        continue;
      }
      const OkrFile* file = cycle ? index.find(owner, *cycle) : nullptr;
      if (!file && !options.cycle) {
        file = owner_file_on(index, owner, options.as_of);
      }
      if (!file) {
        std::string list;
        for (const OkrFile* f : files) {
          list += (list.empty() ? "" : ", ") + f->cycle.value;
        }
        report.errors.push_back(fmt::format("{} has no OKRs in cycle {}; its cycles: {}", owner,
                                            cycle.value_or("?"), list));
        continue;
      }
      if (file->is_private && !options.include_private) {
        report.errors.push_back(
            fmt::format("the OKRs of {} are private; add --include-private to score them", owner));
        continue;
      }
      if (std::find(selected.begin(), selected.end(), file) == selected.end()) {
        selected.push_back(file);
      }
    }
    if (!report.errors.empty()) {
      return report;
    }
  } else if (cycle) {
    auto wanted = [&](const OkrFile& f) {
      return (!f.is_private || options.include_private) &&
             (!options.level || f.level == *options.level);
    };
    std::set<std::string_view> owners;
    for (const OkrFile& f : index.repo().okr_files) {
      if (f.cycle.value == *cycle && wanted(f)) {
        selected.push_back(&f);
        owners.insert(f.owner.value);
      }
    }
    if (!options.cycle) {
      // Every owner whose cycle contains the date, as report and align show them: a quarter's
      // teams with their monthly unit and annual company. Past the end of every cycle, the
      // owners of cycles that contain the latest one.
      const Cycle* chosen = index.cycle(*cycle);
      const bool running = chosen && chosen->contains(options.as_of);
      for (const OkrFile& f : index.repo().okr_files) {
        if (owners.contains(f.owner.value) || !wanted(f)) {
          continue;
        }
        const OkrFile* file = nullptr;
        if (running) {
          file = owner_file_on(index, f.owner.value, options.as_of);
        } else if (const Cycle* c = index.cycle(f.cycle.value);
                   chosen && c && c->start <= chosen->start && chosen->end <= c->end) {
          file = &f;
        }
        if (file && wanted(*file)) {
          selected.push_back(file);
          owners.insert(file->owner.value);
        }
      }
    }
    selected = tree_order(std::move(selected));
  }
  bool one_cycle = !selected.empty();
  for (const OkrFile* file : selected) {
    one_cycle = one_cycle && file->cycle.value == selected.front()->cycle.value;
  }
  if (options.cycle) {
    report.cycle = options.cycle;
  } else if (one_cycle) {
    report.cycle = selected.front()->cycle.value;
  } else if (selected.empty()) {
    report.cycle = cycle;
  }
  report.owners.m_rollups =
      roll_ups(index, options.as_of, selected, options.include_private, options.rollup);
  report.owners.m_index = &index;
  report.owners.m_files = std::move(selected);
  report.owners.m_as_of = options.as_of;
  report.owners.m_series_kept = options.series_kept;
  return report;
}

std::optional<double> CycleFigures::mean(Level level) const {
  const auto i = static_cast<std::size_t>(level);
  return measured[i] > 0 ? std::optional<double>(sums[i] / static_cast<double>(measured[i]))
                         : std::nullopt;
}

void CycleFigures::add(const OwnerScore& owner) {
  const auto level = static_cast<std::size_t>(owner.file->level);
  for (const ObjectiveScore& objective : owner.objectives) {
    ++objectives[level];
    if (objective.score) {
      ++measured[level];
      sums[level] += *objective.score;
    }
    for (const KrScore& k : objective.key_results) {
      if (k.kr->type == KrType::committed) {
        ++committed_total;
        committed_met += k.measured && k.succeeded ? 1 : 0;
      } else if (k.kr->type == KrType::stretch && k.measured) {
        ++stretch_measured;
        stretch_sweet += in_sweet_spot(k.score) ? 1 : 0;
      }
    }
  }
}

std::optional<CycleComparison> compare_cycles(const Index& index, const ScoreOptions& options,
                                              const ScoreReport& report,
                                              const std::string& previous, std::string& error) {
  if (!report.cycle) {
    error = "--compare compares one cycle with another, and the owners scored are in several "
            "cycles; give --cycle";
    return std::nullopt;
  }
  if (std::none_of(index.repo().okr_files.begin(), index.repo().okr_files.end(),
                   [&](const OkrFile& f) { return f.cycle.value == previous; })) {
    error = fmt::format("--compare: no OKR file is in cycle '{}'", previous);
    return std::nullopt;
  }
  ScoreOptions before = options;
  before.cycle = previous;
  before.series_kept = 0;
  before.owners.clear();
  for (const std::string& owner : options.owners) {
    if (index.find(owner, previous) != nullptr) {
      before.owners.push_back(owner);
    }
  }
  CycleComparison comparison;
  comparison.current.cycle = *report.cycle;
  comparison.previous.cycle = previous;
  if (options.owners.empty() || !before.owners.empty()) {
    const ScoreReport earlier = score_repository(index, before);
    if (!earlier.errors.empty()) {
      error = "--compare: " + earlier.errors.front();
      return std::nullopt;
    }
    for (const OwnerScore& owner : earlier.owners) {
      comparison.previous.add(owner);
    }
  }
  for (const OwnerScore& owner : report.owners) {
    comparison.current.add(owner);
  }
  return comparison;
}

std::optional<std::string> previous_cycle(const Index& index, const Cycle& current) {
  const Cycle* best = nullptr;
  for (const OkrFile& file : index.repo().okr_files) {
    const Cycle* cycle = index.cycle(file.cycle.value);
    if (cycle == nullptr || !(cycle->end < current.start)) {
      continue;
    }
    if (best == nullptr || best->end < cycle->end ||
        (best->end == cycle->end && best->start < cycle->start)) {
      best = cycle;
    }
  }
  return best ? std::optional<std::string>(best->id) : std::nullopt;
}

} // namespace okr
