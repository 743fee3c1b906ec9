#include "rules/suppression.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <unordered_map>

#include <okr/text.hpp>

#include "rules/rule_list.hpp"

namespace okr {

namespace {

/// A suppression comment's rule, and whether it silenced a finding.
struct Used {
  const Suppression* suppression;
  bool used = false;
};

} // namespace

void apply_suppressions(
    const Repository& repo, const CheckOptions& options,
    const std::function<bool(const std::string&)>& ignored,
    const std::function<bool(std::string_view file, std::string_view rule)>& not_applied,
    std::vector<Diagnostic>& diagnostics) {
  std::unordered_map<std::string_view, std::vector<Used>> by_file;
  for (const Suppression& s : repo.suppressions) {
    const SourceFile& file = repo.files[s.file];
    if (file.kind != FileKind::other && !ignored(file.path)) {
      by_file[file.path].push_back({&s});
    }
  }
  if (by_file.empty()) {
    return;
  }
  std::erase_if(diagnostics, [&](const Diagnostic& d) {
    const auto it = by_file.find(d.file);
    if (it == by_file.end() || d.rule == rules::unused_suppression.name) {
      return false;
    }
    bool suppressed = false;
    for (Used& u : it->second) {
      const Suppression& s = *u.suppression;
      if (s.rule == d.rule && (s.line == d.line || s.line + 1 == d.line)) {
        u.used = true;
        suppressed = true;
      }
    }
    return suppressed;
  });
  const auto self = options.rules.find(rules::unused_suppression.name);
  if (self != options.rules.end() && !self->second.enabled) {
    return;
  }
  const Severity severity =
      self != options.rules.end() ? self->second.severity : rules::unused_suppression.severity;
  std::vector<std::string_view> names;
  for (const RuleInfo* rule : all_rules()) {
    names.push_back(rule->name);
  }
  for (const auto& [path, list] : by_file) {
    for (const auto& [suppression, used] : list) {
      if (used) {
        continue;
      }
      const Suppression& s = *suppression;
      std::string message;
      if (!find_rule(s.rule)) {
        message = fmt::format("'{}' is not a rule, so this suppression does nothing", s.rule);
        if (auto near = closest_match(s.rule, names); !near.empty()) {
          message += fmt::format("; did you mean '{}'?", near);
        } else {
          message += "; run 'okr rules' for the list";
        }
      } else if (const auto it = options.rules.find(s.rule);
                 (it != options.rules.end() && !it->second.enabled) ||
                 (find_rule(s.rule)->needs_history && !options.history) ||
                 not_applied(path, s.rule)) {
        continue; // the rule did not run here, so nobody knows whether it would fire
      } else {
        message = fmt::format("nothing here or on the next line is reported by '{}'; remove "
                              "'{}' from the suppression",
                              s.rule, s.rule);
      }
      diagnostics.push_back({std::string(path), s.line, s.column, severity,
                             std::string(rules::unused_suppression.name), std::move(message)});
    }
  }
}

namespace rules {

const RuleInfo unused_suppression{
    "unused-suppression",
    Severity::info,
    "a '# okr: ignore[rule]' comment suppresses nothing",
    "A comment '# okr: ignore[rule-name]' silences that rule's findings on the comment's line "
    "and on the line below it; several rules are separated by commas. A suppression that no "
    "longer matches a finding (the OKR was fixed, or the rule name is misspelt) hides nothing "
    "but misleads readers, so remove it.",
    "    milestone: true  # okr: ignore[output-kr, missing-unit]   # fires: nothing is missing\n"
    "---\n"
    "    milestone: true  # okr: ignore[output-kr]                 # clean",
    nullptr};

} // namespace rules

} // namespace okr
