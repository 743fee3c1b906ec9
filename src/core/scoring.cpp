// Scoring: the value of each key result on a date, its score, and the weighted means above it.

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <map>
#include <unordered_map>

#include <okr/checkins.hpp>
#include <okr/scoring.hpp>
#include <okr/text.hpp>

namespace okr {

namespace {

constexpr double k_epsilon = 1e-9;

int level_rank(Level level) {
  return static_cast<int>(level);
}

template <typename T, typename Weight>
std::optional<double> weighted_mean(const std::vector<T>& items, Weight weight_of) {
  double sum = 0;
  double weights = 0;
  for (const T& item : items) {
    if (!item.score) {
      continue;
    }
    const double w = weight_of(item);
    sum += w * *item.score;
    weights += w;
  }
  if (weights <= 0) {
    return std::nullopt;
  }
  return sum / weights;
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
        out.push_back(ReportedValue{c->date, v.number(), v.done(), c});
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
    return value.number && *value.number >= kr.stay_above->value ? 1 : 0;
  case Measure::stay_below:
    return value.number && *value.number <= kr.stay_below->value ? 1 : 0;
  case Measure::milestone:
    return value.done && *value.done ? 1 : 0;
  case Measure::none:
    break;
  }
  return 0;
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

OwnerScore score_owner(const Index& index, const OkrFile& file, Date as_of,
                       std::size_t series_kept) {
  OwnerScore out;
  out.file = &file;
  out.owner = file.owner.value;
  out.cycle = file.cycle.value;
  const bool over = index.repo().config.allow_over_target;
  const Cycle* cycle = index.cycle(file.cycle.value);
  out.expected = cycle ? expected_pace(*cycle, as_of) : 0;
  const std::vector<const Checkin*> checkins =
      ordered_checkins(index, file.owner.value, file.cycle.value);
  for (const Checkin* c : checkins) {
    if (c->date > as_of) {
      break;
    }
    out.latest = c;
    if (c->confidence) {
      out.confidence = c->confidence->value;
    }
    if (c->status) {
      out.status = c->status;
    }
  }
  out.objectives.reserve(file.objectives.size());
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
    for (const KeyResult& kr : objective.key_results) {
      KrScore k;
      k.objective = &objective;
      k.kr = &kr;
      k.key = o.id + "/" + kr.id.value;
      k.ref = file.owner.value + "/" + k.key;
      k.series = value_series(checkins, k.key, kr, as_of);
      if (!k.series.empty() && kr.measure() != Measure::none) {
        const ReportedValue& last = k.series.back();
        k.measured = true;
        k.value = last.number;
        k.done = last.done;
        k.score = score_value(kr, last, over);
      }
      if (kr.type != KrType::experimental) {
        k.grade = grade_of(k.score);
      }
      k.succeeded = (kr.type == KrType::committed && k.score >= 1 - k_epsilon) ||
                    (kr.type == KrType::stretch && k.score >= 0.7 - k_epsilon);
      k.behind_pace = k.score < out.expected - k_pace_tolerance - k_epsilon;
      if (cycle && kr.measure() != Measure::milestone && kr.measure() != Measure::none) {
        if (auto f = forecast_value(k.series, cycle->end)) {
          k.forecast_value = *f;
          k.forecast = score_value(kr, ReportedValue{cycle->end, *f, std::nullopt, nullptr}, over);
        }
      }
      if (k.series.size() > series_kept) {
        k.series.erase(k.series.begin(), k.series.end() - static_cast<std::ptrdiff_t>(series_kept));
        k.series.shrink_to_fit();
      }
      o.key_results.push_back(std::move(k));
    }
    // Every KR counts, with its weight; a KR not measured yet counts 0.
    double sum = 0;
    double weights = 0;
    for (const KrScore& k : o.key_results) {
      sum += k.kr->weight * k.score;
      weights += k.kr->weight;
    }
    if (weights > 0) {
      o.score = sum / weights;
      o.grade = grade_of(*o.score);
    }
  }
  out.score =
      weighted_mean(out.objectives, [](const ObjectiveScore& o) { return o.objective->weight; });
  if (out.score) {
    out.grade = grade_of(*out.score);
  }
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

/// --rollup: for each objective of `files` that others align to, the mean score of those.
std::unordered_map<const Objective*, AlignedScore>
aligned_scores(const Index& index, const ScoreOptions& options,
               const std::vector<const OkrFile*>& files) {
  // Which objectives align to which: the aligned objective's address → aligning objectives.
  std::unordered_map<const Objective*, std::vector<std::pair<const OkrFile*, std::size_t>>> up;
  for (const OkrFile& file : index.repo().okr_files) {
    if (file.is_private && !options.include_private) {
      continue;
    }
    const Cycle* cycle = index.cycle(file.cycle.value);
    for (std::size_t i = 0; i < file.objectives.size(); ++i) {
      for (const Ref& ref : file.objectives[i].aligns_to) {
        const auto hit = index.find_objective(ref.owner, ref.objective, cycle);
        if (hit.objective) {
          up[hit.objective].emplace_back(&file, i);
        }
      }
    }
  }
  // The objective scores of each aligning owner, scored once: not its key results.
  std::unordered_map<const OkrFile*, std::vector<std::optional<double>>> scores;
  std::unordered_map<const Objective*, AlignedScore> aligned;
  for (const OkrFile* file : files) {
    for (const Objective& objective : file->objectives) {
      const auto it = up.find(&objective);
      if (it == up.end()) {
        continue;
      }
      double sum = 0;
      std::size_t n = 0;
      for (const auto& [from, i] : it->second) {
        auto cached = scores.find(from);
        if (cached == scores.end()) {
          std::vector<std::optional<double>> objective_scores;
          for (const ObjectiveScore& o : score_owner(index, *from, options.as_of, 0).objectives) {
            objective_scores.push_back(o.score);
          }
          cached = scores.emplace(from, std::move(objective_scores)).first;
        }
        if (const auto& s = cached->second[i]) {
          sum += *s;
          ++n;
        }
      }
      AlignedScore& out = aligned[&objective];
      out.count = n;
      if (n > 0) {
        out.score = sum / static_cast<double>(n);
      }
    }
  }
  return aligned;
}

} // namespace

OwnerScore ScoredOwners::operator[](std::size_t i) const {
  OwnerScore owner = score_owner(*m_index, *m_files[i], m_as_of, m_series_kept);
  for (ObjectiveScore& objective : owner.objectives) {
    if (const auto it = m_aligned.find(objective.objective); it != m_aligned.end()) {
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
    for (const OkrFile& f : index.repo().okr_files) {
      if (f.cycle.value == *cycle && (!f.is_private || options.include_private) &&
          (!options.level || f.level == *options.level)) {
        selected.push_back(&f);
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
  if (options.rollup) {
    report.owners.m_aligned = aligned_scores(index, options, selected);
  }
  report.owners.m_index = &index;
  report.owners.m_files = std::move(selected);
  report.owners.m_as_of = options.as_of;
  report.owners.m_series_kept = options.series_kept;
  return report;
}

} // namespace okr
