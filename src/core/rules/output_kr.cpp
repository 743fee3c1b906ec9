#include <algorithm>
#include <array>
#include <cctype>
#include <fmt/format.h>

#include "rules/rule_list.hpp"
#include "rules/walk.hpp"

namespace okr::rules {

namespace {

/// Verbs that name work to do rather than a change to see. Compared in lower case with the
/// title's first word.
constexpr std::array<std::string_view, 30> k_activity_verbs = {
    "build",    "complete", "conduct",  "create",   "deliver", "deploy",  "design",    "develop",
    "document", "draft",    "finish",   "hire",     "hold",    "host",    "implement", "introduce",
    "launch",   "migrate",  "organise", "organize", "prepare", "publish", "redesign",  "release",
    "roll",     "run",      "set",      "ship",     "start",   "write"};

std::string first_word(std::string_view title) {
  std::string word;
  for (char c : title) {
    if (!std::isalpha(static_cast<unsigned char>(c))) {
      break;
    }
    word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return word;
}

bool has_digit(std::string_view text) {
  return std::any_of(text.begin(), text.end(),
                     [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; });
}

void run(RuleContext& context) {
  for_each_key_result(context, [&](const OkrFile&, const Objective&, const KeyResult& kr) {
    if (kr.has_schema_errors) {
      return;
    }
    if (kr.milestone && kr.measure() == Measure::milestone) {
      context.report(*kr.milestone,
                     fmt::format("key result '{}' is a milestone, a task rather than an outcome; "
                                 "measure the change the work should cause (baseline and target) "
                                 "and list the work under initiatives",
                                 kr.id.value));
      return;
    }
    const std::string verb = first_word(kr.title.value);
    const bool activity =
        std::find(k_activity_verbs.begin(), k_activity_verbs.end(), verb) != k_activity_verbs.end();
    if (activity && !has_digit(kr.title.value)) {
      context.report(kr.title.pos,
                     fmt::format("key result '{}' starts with '{}', an activity; say with a "
                                 "number what changes for customers or the business, and list "
                                 "the activity under initiatives",
                                 kr.id.value, kr.title.value.substr(0, verb.size())));
    }
  });
}

} // namespace

const RuleInfo output_kr{
    "output-kr",
    Severity::warning,
    "a key result reads as a task or output, not an outcome",
    "A key result is the evidence that the objective's change has happened, not the work done "
    "to cause it. It fires on milestones (milestone: true) and on titles that start with an "
    "activity verb (build, complete, conduct, create, deliver, deploy, design, develop, "
    "document, draft, finish, hire, hold, host, implement, introduce, launch, migrate, "
    "organise, prepare, publish, redesign, release, roll, run, set, ship, start, write) and "
    "hold no number. Move the work to initiatives; keep a milestone that is genuinely the "
    "result with '# okr: ignore[output-kr]'.",
    "- id: webinar\n  title: Launch onboarding webinar          # fires\n  milestone: true\n"
    "---\n"
    "- id: activation\n  title: Lift 30-day activation from 41% to 55%   # clean\n"
    "  baseline: 41\n  target: 55\n  unit: \"%\"",
    run,
    {},
    false,
    true};

} // namespace okr::rules
