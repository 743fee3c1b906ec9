// The seam between the report and the modules it reads: scoring comes from
// include/okr/scoring.hpp (the same numbers as okr score). The alignment lists are still
// computed here by a simple stand-in, until the alignment module is merged.

#include "provisional.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <mutex>
#include <numeric>

#include <okr/scoring.hpp>

namespace okr::report {

namespace {

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
      facts.grade = k.grade == Grade::none ? "" : std::string(to_string(k.grade));
      facts.succeeded = k.succeeded;
      facts.behind_pace = k.behind_pace;
      facts.forecast = k.forecast;
      facts.forecast_value = k.forecast_value;
      for (const ReportedValue& v : k.series) {
        facts.series.push_back({v.checkin ? v.checkin->date : Date{}, v.number, v.done});
      }
      return facts;
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
