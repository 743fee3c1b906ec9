// okr new --carry-over: the next cycle's file of an owner from the previous one (carry_over.hpp).

#include <algorithm>
#include <fmt/format.h>

#include <okr/carry_over.hpp>
#include <okr/loader.hpp>
#include <okr/number.hpp>
#include <okr/score_render.hpp>
#include <okr/scoring.hpp>
#include <okr/text.hpp>

namespace okr {

const OkrFile* previous_okr_file(const Index& index, std::string_view owner, const Cycle& next) {
  const OkrFile* best = nullptr;
  const Cycle* best_cycle = nullptr;
  for (const OkrFile* file : index.files_of(owner)) {
    const Cycle* cycle = index.cycle(file->cycle.value);
    if (cycle == nullptr || cycle->id == next.id || !(cycle->start < next.start)) {
      continue;
    }
    if (best == nullptr || best_cycle->end < cycle->end ||
        (best_cycle->end == cycle->end && best_cycle->start < cycle->start)) {
      best = file;
      best_cycle = cycle;
    }
  }
  return best;
}

namespace {

/// Whether the key result moves a value (progress, experimental, milestone), not a guardrail.
bool moves(const KeyResult& kr) {
  return !is_guardrail(kr);
}

/// Whether a moving key result reached its target: a number at a score of 1, a milestone done.
bool at_target(const KrScore& k) {
  if (k.kr->milestone) {
    return k.done.value_or(false);
  }
  return k.measured && k.score >= 1;
}

bool met(const ObjectiveScore& o) {
  bool any_moving = false;
  bool all = true;
  for (const KrScore& k : o.key_results) {
    if (moves(*k.kr)) {
      any_moving = true;
      all = all && at_target(k);
    }
  }
  if (any_moving) {
    return all;
  }
  return std::all_of(o.key_results.begin(), o.key_results.end(),
                     [](const KrScore& k) { return k.succeeded; });
}

/// A path or id as a YAML comment may hold it: on one line, control characters made visible.
std::string commented(std::string_view text) {
  return escape_controls(text);
}

class Writer {
public:
  Writer(const Index& index, const OkrFile& from, const CarryOverOptions& options)
      : m_index(index), m_from(from), m_options(options),
        m_from_path(index.repo().files[from.file].path), m_next(&options.next) {}

  void header() {
    out += fmt::format("# OKRs of {} for {}, carried over from {} by okr new --carry-over.\n",
                       m_from.owner.value, m_options.next.id, commented(m_from_path));
    out += "# The objectives not met, with their key results not at target, each measured from\n"
           "# its latest value; review the titles and targets, then run `okr check`.\n";
    out += fmt::format("cycle: {}\nowner: {}\n", m_options.next.id, m_from.owner.value);
    if (m_from.name) {
      out += fmt::format("name: {}\n", yaml_quoted(m_from.name->value));
    }
    out += fmt::format("level: {}\n", to_string(m_from.level));
    if (m_from.parent) {
      out += fmt::format("parent: {}\n", m_from.parent->value);
    }
    if (m_from.is_private) {
      out += "visibility: private\n";
    }
    if (m_from.cadence_days) {
      out += fmt::format("cadence_days: {}\n", m_from.cadence_days->str());
    }
    out += "\nobjectives:\n";
  }

  void objective(const ObjectiveScore& score, const std::vector<std::string>& carried_ids) {
    const Objective& o = *score.objective;
    out += fmt::format("  # carried over from {}, objective {}, {}\n", commented(m_from_path),
                       o.id.value,
                       score.score ? "score " + format_score(score.score) : "not measured");
    out += fmt::format("  - id: {}\n    title: {}\n", o.id.value, yaml_quoted(o.title.value));
    if (o.weight != 1) {
      out += fmt::format("    weight: {}\n", format_number(o.weight));
    }
    std::vector<std::string> kept;
    for (const Ref& ref : o.aligns_to) {
      if (m_index.find_objective(ref.owner, ref.objective, m_next).objective != nullptr) {
        kept.push_back(ref.str());
      } else {
        out += fmt::format("    # aligns_to {} in {}: no such objective in {}; align it again\n",
                           commented(ref.str()), m_from.cycle.value, m_options.next.id);
      }
    }
    list("aligns_to", kept, false);
    kept.clear();
    for (const Text& id : o.depends_on) {
      if (std::find(carried_ids.begin(), carried_ids.end(), id.value) != carried_ids.end()) {
        kept.push_back(id.value);
      }
    }
    list("depends_on", kept, false);
    kept.clear();
    for (const Text& initiative : o.initiatives) {
      kept.push_back(initiative.value);
    }
    list("initiatives", kept, true);
    out += "    key_results:\n";
    for (const KrScore& k : score.key_results) {
      if (moves(*k.kr) && at_target(k)) {
        continue;
      }
      key_result(k);
      ++key_results;
    }
  }

  void kpis() {
    if (m_from.kpis.empty()) {
      return;
    }
    out += fmt::format("\n# The KPIs of {}, unchanged.\nkpis:\n", m_from.cycle.value);
    for (const Kpi& kpi : m_from.kpis) {
      out += fmt::format("  - id: {}\n    title: {}\n", kpi.id.value, yaml_quoted(kpi.title.value));
      if (kpi.unit) {
        out += fmt::format("    unit: {}\n", yaml_quoted(kpi.unit->value));
      }
      if (kpi.stay_above) {
        out += fmt::format("    stay_above: {}\n", kpi.stay_above->str());
      }
      if (kpi.stay_below) {
        out += fmt::format("    stay_below: {}\n", kpi.stay_below->str());
      }
      if (kpi.stay_between) {
        out += fmt::format("    stay_between: {}\n", kpi.stay_between->str());
      }
      if (kpi.metric) {
        out += fmt::format("    metric: {}\n", yaml_quoted(kpi.metric->value));
      }
    }
  }

  std::string out;
  std::size_t key_results = 0;

private:
  void list(std::string_view key, const std::vector<std::string>& items, bool quoted) {
    if (items.empty()) {
      return;
    }
    out += fmt::format("    {}:\n", key);
    for (const std::string& item : items) {
      out += fmt::format("      - {}\n", quoted ? yaml_quoted(item) : item);
    }
  }

  void key_result(const KrScore& k) {
    const KeyResult& kr = *k.kr;
    out += fmt::format("      - id: {}\n        title: {}\n", kr.id.value,
                       yaml_quoted(kr.title.value));
    if (kr.type != KrType::stretch) {
      out += fmt::format("        type: {}\n", to_string(kr.type));
    }
    if (kr.owner) {
      out += fmt::format("        owner: {}\n", kr.owner->value);
    }
    const std::string last_day = k.series.empty() ? std::string() : k.series.back().date.str();
    if (kr.milestone) {
      out += fmt::format("        milestone: true   # not done in {}\n", m_from.cycle.value);
    } else if (is_guardrail(kr)) {
      const std::string record =
          k.guardrail && k.guardrail->readings > 0
              ? fmt::format("held {} of {} readings in {}", k.guardrail->held,
                            k.guardrail->readings, m_from.cycle.value)
              : fmt::format("no reading in {}", m_from.cycle.value);
      if (kr.stay_above) {
        out += fmt::format("        stay_above: {}   # a guardrail, unchanged: {}\n",
                           kr.stay_above->str(), record);
      } else if (kr.stay_below) {
        out += fmt::format("        stay_below: {}   # a guardrail, unchanged: {}\n",
                           kr.stay_below->str(), record);
      } else if (kr.stay_between) {
        out += fmt::format("        stay_between: {}   # a guardrail, unchanged: {}\n",
                           kr.stay_between->str(), record);
      }
    } else {
      if (k.value) {
        out += fmt::format("        baseline: {}   # the latest value, on {}{}\n",
                           format_number(*k.value, k.value_decimals), last_day,
                           kr.baseline ? fmt::format("; the baseline of {} was {}",
                                                     m_from.cycle.value, kr.baseline->str())
                                       : std::string());
      } else if (kr.baseline) {
        out += fmt::format("        baseline: {}   # as in {}: no value was reported\n",
                           kr.baseline->str(), m_from.cycle.value);
      }
      if (kr.target) {
        out += fmt::format("        target: {}\n", kr.target->str());
      }
    }
    if (kr.unit) {
      out += fmt::format("        unit: {}\n", yaml_quoted(kr.unit->value));
    }
    if (kr.weight != 1) {
      out += fmt::format("        weight: {}\n", format_number(kr.weight));
    }
    if (kr.metric) {
      out += fmt::format("        metric: {}\n", yaml_quoted(kr.metric->value));
    }
    std::vector<std::string> kept;
    for (const Ref& ref : kr.contributes_to) {
      if (m_index.find_key_result(ref, m_next) != nullptr) {
        kept.push_back(ref.str());
      } else {
        out += fmt::format("        # contributes_to {} in {}: no such key result in {}\n",
                           commented(ref.str()), m_from.cycle.value, m_options.next.id);
      }
    }
    if (!kept.empty()) {
      out += "        contributes_to:\n";
      for (const std::string& ref : kept) {
        out += fmt::format("          - {}\n", ref);
      }
    }
  }

  const Index& m_index;
  const OkrFile& m_from;
  const CarryOverOptions& m_options;
  const std::string& m_from_path;
  const Cycle* m_next;
};

/// Why the text would not load back as the carried objectives, or nullopt.
std::optional<std::string> verify(const std::string& text, const std::string& path,
                                  std::size_t objectives, std::size_t key_results) {
  LoadResult loaded = load_string(text, path);
  if (!loaded.diagnostics.empty()) {
    const Diagnostic& d = loaded.diagnostics.front();
    return fmt::format("the carried-over file would not load ({}:{}: {}); nothing was written",
                       d.line, d.column, d.message);
  }
  std::size_t krs = 0;
  if (loaded.repo.okr_files.size() == 1) {
    for (const Objective& o : loaded.repo.okr_files.front().objectives) {
      krs += o.key_results.size();
    }
  }
  if (loaded.repo.okr_files.size() != 1 ||
      loaded.repo.okr_files.front().objectives.size() != objectives || krs != key_results) {
    return std::string("the carried-over file would read back differently; nothing was written");
  }
  return std::nullopt;
}

} // namespace

CarryOver carry_over(const Index& index, const OkrFile& from, const CarryOverOptions& options) {
  CarryOver result;
  const OwnerScore scored = score_owner(index, from, options.as_of);
  std::vector<const ObjectiveScore*> carried;
  for (const ObjectiveScore& o : scored.objectives) {
    if (o.objective->shared) {
      result.left_out.push_back(
          {o.id, o.score, "a shared objective: share it again if it goes on"});
    } else if (o.key_results.empty()) {
      result.left_out.push_back({o.id, o.score, "no key results"});
    } else if (met(o)) {
      result.left_out.push_back({o.id, o.score, "met"});
    } else {
      carried.push_back(&o);
    }
  }
  std::vector<std::string> carried_ids;
  for (const ObjectiveScore* o : carried) {
    carried_ids.push_back(o->id);
  }
  result.file.path =
      fmt::format("{}/{}/{}.yaml", options.okrs_path, options.next.id, from.owner.value);
  if (carried.empty()) {
    return result;
  }
  Writer writer(index, from, options);
  writer.header();
  for (const ObjectiveScore* o : carried) {
    writer.objective(*o, carried_ids);
  }
  writer.kpis();
  result.objectives = carried.size();
  result.key_results = writer.key_results;
  result.error = verify(writer.out, result.file.path, result.objectives, result.key_results);
  result.file.text = std::move(writer.out);
  return result;
}

} // namespace okr
