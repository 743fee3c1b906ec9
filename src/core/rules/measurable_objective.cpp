#include <cctype>
#include <fmt/format.h>

#include "rules/rule_list.hpp"
#include "rules/walk.hpp"

namespace okr::rules {

namespace {

bool is_digit(char c) {
  return std::isdigit(static_cast<unsigned char>(c)) != 0;
}

bool is_letter(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) != 0;
}

/// Whether `rest` (what follows a number) starts with a unit of calendar time, after a space or
/// a hyphen: "12 months", "a 2-year plan". A time frame says when, not how much.
bool is_time_frame(std::string_view rest) {
  if (rest.empty() || (rest[0] != ' ' && rest[0] != '-')) {
    return false;
  }
  rest.remove_prefix(1);
  std::size_t n = 0;
  while (n < rest.size() && is_letter(rest[n])) {
    ++n;
  }
  std::string word;
  for (char c : rest.substr(0, n)) {
    word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (word.size() > 1 && word.back() == 's') {
    word.pop_back();
  }
  return word == "week" || word == "month" || word == "quarter" || word == "year";
}

/// The first number in a title ("25%", "1,200", "3x"), or empty. Digits inside a word such as
/// "Q4" or "B2B" are not a number, nor is a time frame ("over the next 12 months").
std::string_view first_number(std::string_view title) {
  for (std::size_t i = 0; i < title.size(); ++i) {
    if (!is_digit(title[i]) || (i > 0 && (is_letter(title[i - 1]) || is_digit(title[i - 1])))) {
      continue;
    }
    std::size_t end = i;
    while (end < title.size() &&
           (is_digit(title[end]) || ((title[end] == ',' || title[end] == '.') &&
                                     end + 1 < title.size() && is_digit(title[end + 1])))) {
      ++end;
    }
    if (end < title.size() && is_letter(title[end]) && title[end] != 'x') {
      continue; // "2nd", "4G": a word, not an amount
    }
    if (is_time_frame(title.substr(end))) {
      i = end;
      continue;
    }
    if (end < title.size() && (title[end] == '%' || title[end] == 'x')) {
      ++end;
    }
    return title.substr(i, end - i);
  }
  return {};
}

void run(RuleContext& context) {
  for_each_objective(context, [&](const OkrFile&, const Objective& objective) {
    if (objective.shared) {
      return; // its title is checked where it is defined
    }
    if (auto number = first_number(objective.title.value); !number.empty()) {
      context.report(objective.title.pos,
                     fmt::format("objective '{}' carries a number ('{}'); let the objective name "
                                 "the change in words and move the number into a key result",
                                 objective.id.value, number));
    }
  });
}

} // namespace

const RuleInfo measurable_objective{
    "measurable-objective",
    Severity::warning,
    "an objective title carries numbers or percentages",
    "Objectives name the change; key results show the evidence. A number in an objective is a "
    "key result in disguise, and it makes the objective harder to remember. Digits inside a "
    "word (Q4, B2B), ordinals (2nd) and time frames in weeks, months, quarters or years (over "
    "the next 12 months) do not count.",
    "title: Reduce first-week drop-off by 25%        # fires\n"
    "---\n"
    "title: Delight new customers in their first week   # clean",
    run,
    {},
    false,
    true};

} // namespace okr::rules
