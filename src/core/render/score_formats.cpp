// The table of `okr score` output formats, and the helpers they share.

#include <algorithm>
#include <array>
#include <fmt/format.h>

#include <okr/number.hpp>
#include <okr/score_render.hpp>
#include <okr/text.hpp>

namespace okr {

namespace {
constexpr std::array k_formats = {
    ScoreFormat{"table", "for people: owners, objectives and key results with bars",
                render_score_table},
    ScoreFormat{"json", "for programs: {\"cycle\", \"as_of\", \"owners\": [...]}",
                render_score_json},
    ScoreFormat{"csv", "one row per key result, for spreadsheets", render_score_csv},
    ScoreFormat{"markdown", "a table per owner, for wikis and pull requests",
                render_score_markdown},
};
} // namespace

std::span<const ScoreFormat> score_formats() {
  return k_formats;
}

const ScoreFormat* find_score_format(std::string_view name) {
  const auto it = std::find_if(k_formats.begin(), k_formats.end(),
                               [&](const ScoreFormat& f) { return f.name == name; });
  return it == k_formats.end() ? nullptr : &*it;
}

std::string sparkline(const std::vector<double>& values, std::size_t width) {
  static constexpr std::array<std::string_view, 8> k_bars = {"▁", "▂", "▃", "▄",
                                                             "▅", "▆", "▇", "█"};
  const std::size_t first = values.size() > width ? values.size() - width : 0;
  if (first >= values.size()) {
    return "";
  }
  const auto [lo, hi] =
      std::minmax_element(values.begin() + static_cast<long>(first), values.end());
  std::string out;
  for (std::size_t i = first; i < values.size(); ++i) {
    std::size_t level = 3;
    if (*hi > *lo) {
      level = static_cast<std::size_t>((values[i] - *lo) / (*hi - *lo) * 7 + 0.5);
    }
    out += k_bars[std::min<std::size_t>(level, 7)];
  }
  return out;
}

std::vector<double> series_numbers(const std::vector<ReportedValue>& series) {
  std::vector<double> out;
  out.reserve(series.size());
  for (const ReportedValue& v : series) {
    out.push_back(v.as_number());
  }
  return out;
}

std::string describe_standing(const KrScore& k) {
  const KeyResult& kr = *k.kr;
  const std::string unit = kr.unit ? " " + kr.unit->value : "";
  const std::string value = k.value ? format_number(*k.value, k.value_decimals) : "?";
  switch (kr.measure()) {
  case Measure::progress:
    return fmt::format("{} → {} → {}{}", kr.baseline->str(), value, kr.target->str(), unit);
  case Measure::stay_above:
    return fmt::format("stay ≥ {}{} · now {}", kr.stay_above->str(), unit, value);
  case Measure::stay_below:
    return fmt::format("stay ≤ {}{} · now {}", kr.stay_below->str(), unit, value);
  case Measure::stay_between:
    return fmt::format("stay in {}{} · now {}", kr.stay_between->str(), unit, value);
  case Measure::milestone:
    return fmt::format("milestone · {}", !k.done ? "not reported" : *k.done ? "done" : "not done");
  case Measure::none:
    break;
  }
  return "no measure";
}

std::string format_score(std::optional<double> score) {
  return score ? format_fraction(*score) : "–";
}

std::string score_text(std::optional<double> score) {
  return score ? format_score(score) : "n/m";
}

std::string standing_label(bool measured, Grade grade, Pace pace) {
  if (!measured) {
    return "";
  }
  switch (pace) {
  case Pace::ahead:
    return "ahead";
  case Pace::on_pace:
    return "on pace";
  case Pace::behind:
    return "behind";
  case Pace::at_risk:
    return "at risk";
  case Pace::none:
    break;
  }
  return grade == Grade::none ? "" : std::string(to_string(grade));
}

std::string measured_note(std::size_t measured, std::size_t total, std::string_view what) {
  if (measured == 0) {
    return "not measured yet";
  }
  if (measured == total) {
    return "";
  }
  return fmt::format("{} of {}{}{} measured", measured, total, what.empty() ? "" : " ", what);
}

std::string guardrail_note(const GuardrailRecord& g) {
  std::string out =
      fmt::format("held {} of {} reading{}", g.held, g.readings, g.readings == 1 ? "" : "s");
  for (std::size_t i = 0; i < g.breaches.size(); ++i) {
    out += fmt::format("{}{} on {}", i == 0 ? "; breached: " : ", ",
                       format_number(g.breaches[i].value), g.breaches[i].date.str());
  }
  return out;
}

std::string rollup_note(const ObjectiveScore& objective) {
  if (!objective.rollup()) {
    return "";
  }
  return fmt::format("roll-up of {} sharing objective{}", objective.sharers.size(),
                     objective.sharers.size() == 1 ? "" : "s");
}

std::vector<ComparisonRow> comparison_rows(const CycleComparison& comparison) {
  std::vector<ComparisonRow> rows;
  const CycleFigures& now = comparison.current;
  const CycleFigures& before = comparison.previous;
  for (Level level : {Level::company, Level::unit, Level::team, Level::individual}) {
    const auto i = static_cast<std::size_t>(level);
    if (now.objectives[i] > 0 || before.objectives[i] > 0) {
      rows.push_back({fmt::format("{} mean score", to_string(level)), format_score(now.mean(level)),
                      format_score(before.mean(level))});
    }
  }
  const auto of = [](std::size_t n, std::size_t total) {
    return fmt::format("{} of {}", n, total);
  };
  rows.push_back({"committed met", of(now.committed_met, now.committed_total),
                  of(before.committed_met, before.committed_total)});
  rows.push_back(
      {fmt::format("stretch in the sweet spot ({}–{})", k_sweet_spot_low, k_sweet_spot_high),
       of(now.stretch_sweet, now.stretch_measured),
       of(before.stretch_sweet, before.stretch_measured)});
  return rows;
}

} // namespace okr
