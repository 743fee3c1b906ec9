// The seam between the report and the modules it reads: scoring comes from
// include/okr/scoring.hpp (the same numbers as okr score), the alignment lists from
// include/okr/alignment.hpp (the same analyses as okr align and okr check).

#include "provisional.hpp"

#include <algorithm>
#include <set>

#include <okr/alignment.hpp>
#include <okr/scoring.hpp>

namespace okr::report {

namespace {

/// score_owner for (file, as-of), kept for the KRs of the same owner that follow.
const OwnerScore& owner_score(const Index& index, const OkrFile& file, Date as_of) {
  thread_local const Index* cached_index = nullptr;
  thread_local const OkrFile* cached_file = nullptr;
  thread_local Date cached_date;
  thread_local OwnerScore cached;
  if (cached_index != &index || cached_file != &file || cached_date != as_of) {
    cached = score_owner(index, file, as_of);
    cached_index = &index;
    cached_file = &file;
    cached_date = as_of;
  }
  return cached;
}

} // namespace

std::optional<std::string> default_cycle(const Index& index, Date as_of) {
  return okr::default_cycle(index, as_of);
}

double expected_pace(const Cycle& cycle, Date as_of) {
  return okr::expected_pace(cycle, as_of);
}

std::string_view grade(double score) {
  return to_string(grade_of(score));
}

KrFacts score_kr(const Index& index, const OkrFile& file, const Objective& objective,
                 const KeyResult& kr, Date as_of) {
  KrFacts facts;
  for (const ObjectiveScore& o : owner_score(index, file, as_of).objectives) {
    if (o.objective != &objective) {
      continue;
    }
    for (const KrScore& k : o.key_results) {
      if (k.kr != &kr) {
        continue;
      }
      facts.measured = k.measured;
      facts.value = k.value;
      facts.done = k.done;
      facts.score = k.score;
      facts.grade = k.grade == Grade::none ? std::string_view() : to_string(k.grade);
      facts.succeeded = k.succeeded;
      facts.behind_pace = k.behind_pace;
      facts.forecast = k.forecast;
      facts.forecast_value = k.forecast_value;
      facts.series.reserve(k.series.size());
      for (const ReportedValue& v : k.series) {
        facts.series.push_back({v.checkin ? v.checkin->date : Date{}, v.number, v.done});
      }
      return facts;
    }
  }
  return facts;
}

AlignmentFacts alignment_facts(const Index& index, const std::vector<const OkrFile*>& files,
                               const std::string& cycle, bool include_private) {
  Alignment graph = build_alignment(index, AlignScope{cycle, include_private});
  analyse_alignment(graph, index, focus_limits(index.repo().config));
  const std::set<const OkrFile*> shown(files.begin(), files.end());
  auto in_report = [&](std::size_t objective) {
    return shown.contains(graph.objectives[objective].file);
  };
  auto ref_of = [&](std::size_t objective) {
    const AlignObjective& o = graph.objectives[objective];
    return ObjectiveRef{o.ref, std::string(o.title)};
  };
  AlignmentFacts facts;
  for (const Gap& gap : graph.gaps) {
    if (in_report(gap.objective)) {
      facts.gaps.push_back(ref_of(gap.objective));
    }
  }
  for (const Orphan& orphan : graph.orphans) {
    if (in_report(orphan.objective)) {
      facts.orphans.push_back(ref_of(orphan.objective));
    }
  }
  for (const Overlap& overlap : graph.overlaps) {
    if (std::any_of(overlap.objectives.begin(), overlap.objectives.end(), in_report)) {
      std::vector<std::string> refs;
      for (std::size_t o : overlap.objectives) {
        refs.push_back(graph.objectives[o].ref);
      }
      facts.overlaps.push_back(std::move(refs));
    }
  }
  return facts;
}

} // namespace okr::report
