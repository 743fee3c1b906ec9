#include <fmt/format.h>

#include <okr/text.hpp>

#include "rules/rule_list.hpp"
#include "rules/walk.hpp"

namespace okr::rules {

namespace {

void run(RuleContext& context) {
  const auto max = static_cast<std::size_t>(context.setting("max"));
  for_each_objective(context, [&](const OkrFile&, const Objective& objective) {
    const std::size_t length = utf8_length(objective.title.value);
    if (!objective.shared && length > max) {
      context.report(objective.title.pos,
                     fmt::format("objective '{}' has a title of {} characters, more than {}; "
                                 "make it short enough to remember and move detail into its key "
                                 "results",
                                 objective.id.value, length, max));
    }
  });
}

} // namespace

const RuleInfo long_objective{
    "long-objective",
    Severity::warning,
    "an objective title is longer than 120 characters",
    "Strong objectives are short enough to remember: a memorable statement of the change, "
    "with the detail in the key results and initiatives. Characters are counted as Unicode "
    "code points.",
    "title: Make the first week seamless, confidence-boosting and delightful for every new "
    "user on every platform by redesigning flows and help   # fires\n"
    "---\n"
    "title: Make the first week seamless for new users     # clean",
    run,
    "max=120",
    false,
    true};

} // namespace okr::rules
