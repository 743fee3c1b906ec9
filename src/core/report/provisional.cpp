// PROVISIONAL: a self-contained stand-in for the scoring (okr score) and alignment (okr align)
// modules, written so the report could be built while they were. It follows their rules
// exactly as the issues state them. After the merge, the lead replaces each function below
// by a call into include/okr/scoring.hpp and include/okr/alignment.hpp; nothing else in the
// report depends on how these are computed.

#include "provisional.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <numeric>

namespace okr::report {

namespace {

/// How far behind the expected pace a key result may be before it is behind pace.
constexpr double k_pace_tolerance = 0.15;

double score_number(const KeyResult& kr, double value, bool allow_over_target) {
  switch (kr.measure()) {
  case Measure::progress: {
    const double baseline = kr.baseline->value;
    const double target = kr.target->value;
    if (target == baseline) {
      return value == target ? 1.0 : 0.0;
    }
    const double score = (value - baseline) / (target - baseline);
    return std::max(0.0, allow_over_target ? score : std::min(1.0, score));
  }
  case Measure::stay_above:
    return value >= kr.stay_above->value ? 1.0 : 0.0;
  case Measure::stay_below:
    return value <= kr.stay_below->value ? 1.0 : 0.0;
  case Measure::milestone:
  case Measure::none:
    break;
  }
  return 0.0;
}

/// The least-squares line through the (day, value) points, evaluated at `at`.
std::optional<double> least_squares(const std::vector<SeriesPoint>& series, Date at) {
  std::vector<std::pair<double, double>> points;
  for (const SeriesPoint& p : series) {
    if (p.number) {
      points.emplace_back(static_cast<double>(p.date.days()), *p.number);
    }
  }
  if (points.size() < 3) {
    return std::nullopt;
  }
  const double n = static_cast<double>(points.size());
  double sx = 0;
  double sy = 0;
  for (const auto& [x, y] : points) {
    sx += x;
    sy += y;
  }
  const double mx = sx / n;
  const double my = sy / n;
  double sxx = 0;
  double sxy = 0;
  for (const auto& [x, y] : points) {
    sxx += (x - mx) * (x - mx);
    sxy += (x - mx) * (y - my);
  }
  if (sxx == 0) {
    return my;
  }
  const double slope = sxy / sxx;
  return my + slope * (static_cast<double>(at.days()) - mx);
}

std::string objective_ref(const OkrFile& file, const Objective& objective) {
  return file.owner.value + "/" + objective.id.value;
}

std::vector<std::string> title_words(std::string_view title) {
  static const std::set<std::string> k_stop = {"with",  "that", "this", "from", "into",
                                               "their", "them", "they", "make", "more"};
  std::vector<std::string> words;
  std::string word;
  auto flush = [&] {
    if (word.size() >= 4 && !k_stop.contains(word)) {
      words.push_back(word);
    }
    word.clear();
  };
  for (char c : title) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else {
      flush();
    }
  }
  flush();
  std::sort(words.begin(), words.end());
  words.erase(std::unique(words.begin(), words.end()), words.end());
  return words;
}

double jaccard(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  if (a.empty() || b.empty()) {
    return 0;
  }
  std::size_t both = 0; // a merge of the two sorted lists, without allocating
  for (auto i = a.begin(), j = b.begin(); i != a.end() && j != b.end();) {
    const int order = i->compare(*j);
    both += order == 0 ? 1 : 0;
    i += order <= 0 ? 1 : 0;
    j += order >= 0 ? 1 : 0;
  }
  const double common = static_cast<double>(both);
  return common / (static_cast<double>(a.size() + b.size()) - common);
}

} // namespace

std::optional<std::string> default_cycle(const Index& index, Date as_of) {
  std::optional<Cycle> current;
  std::optional<Cycle> ended;
  for (const OkrFile& file : index.repo().okr_files) {
    const Cycle* cycle = index.cycle(file.cycle.value);
    if (!cycle) {
      continue;
    }
    if (cycle->contains(as_of)) {
      const int length = cycle->end - cycle->start;
      if (!current || length < current->end - current->start ||
          (length == current->end - current->start && cycle->id < current->id)) {
        current = *cycle;
      }
    } else if (cycle->end < as_of) {
      if (!ended || cycle->end > ended->end ||
          (cycle->end == ended->end && cycle->id < ended->id)) {
        ended = *cycle;
      }
    }
  }
  if (current) {
    return current->id;
  }
  if (ended) {
    return ended->id;
  }
  return std::nullopt;
}

double expected_pace(const Cycle& cycle, Date as_of) {
  const int length = cycle.end - cycle.start;
  if (length <= 0) {
    return as_of >= cycle.end ? 1.0 : 0.0;
  }
  const double pace = static_cast<double>(as_of - cycle.start) / static_cast<double>(length);
  return std::clamp(pace, 0.0, 1.0);
}

std::string_view grade(double score) {
  if (score < 0.4) {
    return "red";
  }
  return score < 0.7 ? "yellow" : "green";
}

KrFacts score_kr(const Index& index, const OkrFile& file, const Objective& objective,
                 const KeyResult& kr, Date as_of) {
  KrFacts facts;
  const std::string key = objective.id.value + "/" + kr.id.value;
  const bool milestone = kr.measure() == Measure::milestone;
  for (const Checkin* checkin : index.checkins_of(file.owner.value, file.cycle.value)) {
    if (checkin->date > as_of) {
      continue;
    }
    for (const ResultValue& result : checkin->results) {
      if (result.key.value != key) {
        continue;
      }
      if (milestone ? result.done.has_value() : result.number.has_value()) {
        facts.series.push_back({checkin->date, result.number, result.done});
      }
    }
  }
  const bool allow_over = index.repo().config.allow_over_target;
  if (!facts.series.empty() && kr.measure() != Measure::none) {
    const SeriesPoint& latest = facts.series.back();
    facts.measured = true;
    facts.value = latest.number;
    facts.done = latest.done;
    facts.score =
        milestone ? (*latest.done ? 1.0 : 0.0) : score_number(kr, *latest.number, allow_over);
  }
  if (kr.type != KrType::experimental) {
    facts.grade = std::string(grade(facts.score));
  }
  facts.succeeded = facts.measured && (kr.type == KrType::committed ? facts.score >= 1.0
                                       : kr.type == KrType::stretch ? facts.score >= 0.7
                                                                    : false);
  const Cycle* cycle = index.cycle(file.cycle.value);
  if (cycle) {
    facts.behind_pace = facts.score < expected_pace(*cycle, as_of) - k_pace_tolerance;
    if (!milestone && kr.measure() != Measure::none) {
      if (auto value = least_squares(facts.series, cycle->end)) {
        facts.forecast_value = *value;
        facts.forecast = score_number(kr, *value, allow_over);
      }
    }
  }
  return facts;
}

AlignmentFacts alignment_facts(const Index& index, const std::vector<const OkrFile*>& files) {
  AlignmentFacts facts;
  // owner/objective that something aligns to or shares: the report's objectives, and the
  // public ones of overlapping cycles (a quarter's teams support the annual company OKRs).
  std::set<std::string> supported;
  std::vector<const OkrFile*> supporters = files;
  std::map<std::string, const Cycle*> cycles; // the report's few cycles
  for (const OkrFile* f : files) {
    cycles.emplace(f->cycle.value, index.cycle(f->cycle.value));
  }
  for (const OkrFile& file : index.repo().okr_files) {
    const Cycle* cycle = index.cycle(file.cycle.value);
    const bool overlaps = cycle && std::any_of(cycles.begin(), cycles.end(), [&](const auto& c) {
                            return c.second && c.second->overlaps(*cycle);
                          });
    if (overlaps && !file.is_private) {
      supporters.push_back(&file);
    }
  }
  for (const OkrFile* file : supporters) {
    for (const Objective& objective : file->objectives) {
      for (const Ref& ref : objective.aligns_to) {
        supported.insert(ref.owner + "/" + ref.objective);
      }
      if (objective.shared) {
        supported.insert(objective.shared->owner + "/" + objective.shared->objective);
      }
    }
  }
  struct Candidate {
    std::string ref;
    std::string owner;
    std::vector<std::string> words;
  };
  std::vector<Candidate> candidates;
  for (const OkrFile* file : files) {
    for (const Objective& objective : file->objectives) {
      if (objective.shared) {
        continue;
      }
      const std::string ref = objective_ref(*file, objective);
      const bool strategic = file->level == Level::company || file->level == Level::unit;
      if (strategic && !supported.contains(ref)) {
        facts.gaps.push_back({ref, objective.title.value});
      }
      if ((file->level == Level::team || file->level == Level::unit) &&
          objective.aligns_to.empty()) {
        facts.orphans.push_back({ref, objective.title.value});
      }
      if (file->level != Level::individual) {
        candidates.push_back({ref, file->owner.value, title_words(objective.title.value)});
      }
    }
  }
  // Overlaps: objectives of different owners whose titles share most of their words, grouped.
  std::vector<std::size_t> group(candidates.size());
  std::iota(group.begin(), group.end(), 0);
  auto find = [&](std::size_t i) {
    while (group[i] != i) {
      i = group[i] = group[group[i]];
    }
    return i;
  };
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    for (std::size_t j = i + 1; j < candidates.size(); ++j) {
      if (candidates[i].owner != candidates[j].owner &&
          jaccard(candidates[i].words, candidates[j].words) >= 0.6) {
        group[find(j)] = find(i);
      }
    }
  }
  std::map<std::size_t, std::vector<std::string>> groups;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    groups[find(i)].push_back(candidates[i].ref);
  }
  for (auto& [root, refs] : groups) {
    if (refs.size() > 1) {
      facts.overlaps.push_back(std::move(refs));
    }
  }
  return facts;
}

} // namespace okr::report
