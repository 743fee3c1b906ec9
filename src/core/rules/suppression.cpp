#include "rules/suppression.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <unordered_map>

#include <okr/loader.hpp>
#include <okr/text.hpp>

#include "rules/rule_list.hpp"

namespace okr {

namespace {

constexpr std::string_view k_marker = k_suppression_marker;

/// One rule name inside a suppression comment.
struct Suppression {
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  std::string rule;
  bool used = false;
};

bool is_space(char c) {
  return c == ' ' || c == '\t';
}

/// Every suppression in one file's text. A `#` starts a YAML comment only at the start of a
/// line or after white space, so `#` inside a word is not one.
std::vector<Suppression> find_suppressions(std::string_view text) {
  std::vector<Suppression> out;
  std::uint32_t line = 1;
  std::size_t line_start = 0;
  std::size_t at = text.find(k_marker);
  while (at != std::string_view::npos) {
    for (std::size_t i = line_start; i < at; ++i) {
      if (text[i] == '\n') {
        ++line;
        line_start = i + 1;
      }
    }
    std::size_t hash = at;
    while (hash > line_start && is_space(text[hash - 1])) {
      --hash;
    }
    const bool comment = hash > line_start && text[hash - 1] == '#' &&
                         (hash - 1 == line_start || is_space(text[hash - 2]));
    const std::size_t open = at + k_marker.size();
    const std::size_t close = text.find_first_of("]\n", open);
    if (comment && close != std::string_view::npos && text[close] == ']') {
      std::size_t i = open;
      while (i < close) {
        while (i < close && (is_space(text[i]) || text[i] == ',')) {
          ++i;
        }
        const std::size_t start = i;
        while (i < close && !is_space(text[i]) && text[i] != ',') {
          ++i;
        }
        if (i > start) {
          const auto column = static_cast<std::uint32_t>(
              utf8_length(text.substr(line_start, start - line_start)) + 1);
          out.push_back({line, column, std::string(text.substr(start, i - start)), false});
        }
      }
    }
    at = text.find(k_marker, open);
  }
  return out;
}

} // namespace

void apply_suppressions(
    const Repository& repo, const CheckOptions& options,
    const std::function<bool(const std::string&)>& ignored,
    const std::function<bool(std::string_view file, std::string_view rule)>& not_applied,
    std::vector<Diagnostic>& diagnostics) {
  std::unordered_map<std::string_view, std::vector<Suppression>> by_file;
  for (const SourceFile& file : repo.files) {
    if (file.kind == FileKind::other || ignored(file.path)) {
      continue;
    }
    // The loader drops the text of files read from disk (or never reads them, when cached):
    // read it again, since comments are not part of the model, when it saw a suppression.
    if (file.text.empty() && !file.suppressions) {
      continue;
    }
    const std::string text = file.text.empty() ? source_text(repo, file) : file.text;
    if (text.find(k_marker) == std::string::npos) {
      continue;
    }
    if (auto found = find_suppressions(text); !found.empty()) {
      by_file.emplace(file.path, std::move(found));
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
    for (Suppression& s : it->second) {
      if (s.rule == d.rule && (s.line == d.line || s.line + 1 == d.line)) {
        s.used = true;
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
    for (const Suppression& s : list) {
      if (s.used) {
        continue;
      }
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
