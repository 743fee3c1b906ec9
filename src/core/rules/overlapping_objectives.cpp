#include <algorithm>
#include <fmt/format.h>

#include <okr/alignment.hpp>

#include "rules/rule_list.hpp"

namespace okr::rules {

namespace {

constexpr std::size_t k_named = 5;

void run(RuleContext& context) {
  Alignment& graph = context.alignment();
  find_overlaps(graph, context.index());
  for (const Overlap& overlap : graph.overlaps) {
    for (const std::size_t n : overlap.objectives) {
      std::vector<std::string_view> others;
      for (const std::size_t m : overlap.objectives) {
        if (m != n) {
          others.push_back(graph.objectives[m].ref);
        }
      }
      // A long group names the first few; okr align lists them all.
      std::string named = fmt::format(
          "{}",
          fmt::join(others.begin(),
                    others.begin() + static_cast<std::ptrdiff_t>(std::min(others.size(), k_named)),
                    ", "));
      if (others.size() > k_named) {
        named += fmt::format(" and {} more (okr align lists them)", others.size() - k_named);
      }
      const AlignObjective& o = graph.objectives[n];
      context.report(o.pos(), fmt::format("objective '{}' says nearly the same thing as {}; "
                                          "consider one shared objective that each owner pursues "
                                          "with its own key results",
                                          o.objective->id.value, named));
    }
  }
}

} // namespace

const RuleInfo overlapping_objectives{
    "overlapping-objectives",
    Severity::info,
    "objectives of two different owners say nearly the same thing",
    "When several teams independently write the same objective, they risk duplicating work and "
    "learning in isolation. A shared objective (one owner writes it, the others name it with "
    "'shared:' and add their own key results) keeps one direction with local execution. Titles "
    "are compared by their normalised words (see okr-align(1)); objectives that align to one "
    "another, shared objectives and individuals' objectives are not compared.",
    "# okrs/2026-Q4/payments.yaml\n  - id: ways-of-working\n    title: Improve our ways of "
    "working\n"
    "# okrs/2026-Q4/identity.yaml\n  - id: better-ways\n    title: Improve the team's ways of "
    "working   # fires on both\n"
    "---\n"
    "  - shared: payments/ways-of-working   # clean: one objective, local key results",
    run};

} // namespace okr::rules
