// okr rules [NAME]: list the rules, or explain one.

#include <fmt/format.h>
#include <iostream>

#include <okr/rules.hpp>
#include <okr/text.hpp>

#include "command.hpp"

namespace okr::cli {

namespace {

struct RulesOptions {
  std::string name;
};

/// Wraps a paragraph at `width` columns, every line indented by `indent`.
std::string wrap(std::string_view text, std::size_t width, std::string_view indent) {
  std::string out;
  std::string line;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find(' ', start);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    const std::string_view word = text.substr(start, end - start);
    if (!line.empty() && indent.size() + line.size() + 1 + word.size() > width) {
      out += fmt::format("{}{}\n", indent, line);
      line.clear();
    }
    line += (line.empty() ? "" : " ") + std::string(word);
    start = end + 1;
  }
  if (!line.empty()) {
    out += fmt::format("{}{}\n", indent, line);
  }
  return out;
}

std::string indent_lines(std::string_view text, std::string_view indent) {
  std::string out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    out += fmt::format("{}{}\n", indent, text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

int list_rules() {
  std::size_t width = 0;
  for (const RuleInfo* rule : all_rules()) {
    width = std::max(width, rule->name.size());
  }
  for (const RuleInfo* rule : all_rules()) {
    std::cout << fmt::format("{:<{}}  {:<7}  {}\n", rule->name, width, to_string(rule->severity),
                             rule->summary);
  }
  std::cout << "\nRun 'okr rules NAME' for what a rule checks, why, and an example.\n";
  return k_ok;
}

int explain_rule(const RuleInfo& rule) {
  std::cout << fmt::format("{}: {}\n", rule.name, rule.summary);
  std::cout << fmt::format("default severity: {}{}\n\n", to_string(rule.severity),
                           rule.run ? "" : " (applied while reading files)");
  std::cout << wrap(rule.details, 78, "") << '\n';
  if (!rule.settings.empty()) {
    std::cout << fmt::format("Settings in okr.yaml (lint: rules: {}: {{...}}), with defaults:\n",
                             rule.name);
    std::string_view rest = rule.settings;
    while (!rest.empty()) {
      const std::size_t space = rest.find(' ');
      const std::string_view item = rest.substr(0, space);
      const std::size_t equals = item.find('=');
      std::cout << fmt::format("  {}: {}\n", item.substr(0, equals), item.substr(equals + 1));
      rest = space == std::string_view::npos ? std::string_view() : rest.substr(space + 1);
    }
    std::cout << '\n';
  }
  const auto [fires, clean] = split_example(rule);
  std::cout << "Fires:\n" << indent_lines(fires, "    ");
  if (!clean.empty()) {
    std::cout << "\nClean:\n" << indent_lines(clean, "    ");
  }
  if (rule.name != "syntax") {
    std::cout << '\n'
              << wrap(fmt::format("Configure it in okr.yaml (lint: rules: {}: "
                                  "off|info|warning|error, or {{severity: ..., levels: [company, "
                                  "unit, team]}} to report only on owners of those levels), or "
                                  "silence one finding with the comment '# okr: ignore[{}]' on "
                                  "its line or the line above.",
                                  rule.name, rule.name),
                      78, "");
  }
  return k_ok;
}

int run_rules_command(const RulesOptions& options) {
  if (options.name.empty()) {
    return list_rules();
  }
  if (const RuleInfo* rule = find_rule(options.name)) {
    return explain_rule(*rule);
  }
  std::vector<std::string_view> names;
  for (const RuleInfo* rule : all_rules()) {
    names.push_back(rule->name);
  }
  std::string message = fmt::format("unknown rule '{}'", options.name);
  if (auto near = closest_match(options.name, names); !near.empty()) {
    message += fmt::format("; did you mean '{}'?", near);
  } else {
    message += "; run 'okr rules' for the list";
  }
  print_error(message);
  return k_failure;
}

} // namespace

Runner setup_rules(CLI::App& app) {
  auto options = std::make_shared<RulesOptions>();
  CLI::App* sub = app.add_subcommand("rules", "List the rules of okr check, or explain one");
  sub->add_option("name", options->name, "The rule to explain, such as output-kr");
  sub->footer("Examples:\n  okr rules\n  okr rules output-kr\n\nSee okr-check(1), section RULES.");
  return [options] { return run_rules_command(*options); };
}

} // namespace okr::cli
