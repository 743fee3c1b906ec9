#pragma once

// Output formats of `okr score`: one file each in src/core/render/, all reading a ScoreReport.

#include <iosfwd>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <okr/scoring.hpp>

namespace okr {

struct ScoreRenderOptions {
  bool color = false;  ///< ANSI colours (table only)
  bool rollup = false; ///< show the scores of the objectives aligned to each objective
};

using ScoreRenderFn = void (*)(std::ostream& out, const ScoreReport& report,
                               const ScoreRenderOptions& options);

struct ScoreFormat {
  std::string_view name;
  std::string_view summary;
  ScoreRenderFn render;
};

std::span<const ScoreFormat> score_formats();
const ScoreFormat* find_score_format(std::string_view name);

void render_score_table(std::ostream& out, const ScoreReport& report,
                        const ScoreRenderOptions& options);
void render_score_json(std::ostream& out, const ScoreReport& report,
                       const ScoreRenderOptions& options);
void render_score_csv(std::ostream& out, const ScoreReport& report,
                      const ScoreRenderOptions& options);
void render_score_markdown(std::ostream& out, const ScoreReport& report,
                           const ScoreRenderOptions& options);

/// How many values the score table's sparklines show.
constexpr std::size_t k_sparkline_width = 8;

/// A sparkline of up to the last `width` values: ▁▂▃▄▅▆▇█ from the lowest to the highest.
std::string sparkline(const std::vector<double>& values, std::size_t width = k_sparkline_width);

/// The numbers of a KR's value series (milestones as 0 / 1).
std::vector<double> series_numbers(const std::vector<ReportedValue>& series);

/// "65 → 78 → 90 %", "stay ≥ 99.5 % · now 99.7", "milestone · done": how a KR stands.
std::string describe_standing(const KrScore& kr);

/// A score with two decimals, or "–" when there is none.
std::string format_score(std::optional<double> score);

/// A score with two decimals, or "n/m" (not measured) when there is none.
std::string score_text(std::optional<double> score);

/// A key result's score, null when it is not measured.
inline std::optional<double> measured_score(const KrScore& kr) {
  return kr.measured ? std::optional(kr.score) : std::nullopt;
}

/// The word beside a score: its pace while the cycle runs ("ahead", "on pace", "behind",
/// "at risk"), else its grade; "" when not measured, or neither (experimental).
std::string standing_label(bool measured, Grade grade, Pace pace);

/// "2 of 3 measured" when a mean counts unmeasured parts as 0, "not measured yet" when none is
/// measured, else "". `what` names the parts in the owner's case ("objectives").
std::string measured_note(std::size_t measured, std::size_t total, std::string_view what = "");

/// "held 9 of 12 readings; breached: 99.1 on 2026-10-16, 98.7 on 2026-10-23": a guardrail's
/// record.
std::string guardrail_note(const GuardrailRecord& record);

/// "roll-up of 3 sharing objectives": a shared objective's roll-up; "" otherwise.
std::string rollup_note(const ObjectiveScore& objective);

/// One line of a comparison of two cycles, for people: what it counts, and its text in each.
struct ComparisonRow {
  std::string label; ///< "team mean score", "committed met", "stretch in the sweet spot"
  std::string current;
  std::string previous;
};

/// The lines of a comparison (table, markdown, the report): the mean score of each level either
/// cycle has objectives of, "3 of 5" committed met, and stretch in the sweet spot.
std::vector<ComparisonRow> comparison_rows(const CycleComparison& comparison);

} // namespace okr
