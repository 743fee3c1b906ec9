// Rule configuration: okr.yaml `lint.rules` and `lint.ignore`, --select and --ignore, and how
// they apply to every finding.

#include <algorithm>
#include <charconv>
#include <fmt/format.h>
#include <unordered_map>

#include <okr/text.hpp>

#include "rules/rule_list.hpp"
#include "rules/suppression.hpp"

namespace okr {

namespace {

std::vector<std::string_view> rule_names() {
  std::vector<std::string_view> names;
  for (const RuleInfo* rule : all_rules()) {
    names.push_back(rule->name);
  }
  return names;
}

std::vector<std::string_view> setting_names(const RuleInfo& rule) {
  std::vector<std::string_view> names;
  std::string_view rest = rule.settings;
  while (!rest.empty()) {
    const std::size_t space = rest.find(' ');
    const std::string_view item = rest.substr(0, space);
    names.push_back(item.substr(0, item.find('=')));
    rest = space == std::string_view::npos ? std::string_view() : rest.substr(space + 1);
  }
  return names;
}

std::optional<Severity> parse_severity(std::string_view text) {
  if (text == "info") {
    return Severity::info;
  }
  if (text == "warning") {
    return Severity::warning;
  }
  if (text == "error") {
    return Severity::error;
  }
  return std::nullopt;
}

/// "; did you mean 'x'?" or the fallback, for messages about an unknown name.
std::string suggestion(std::string_view word, std::span<const std::string_view> names,
                       std::string_view fallback) {
  if (auto near = closest_match(word, names); !near.empty()) {
    return fmt::format("; did you mean '{}'?", near);
  }
  return std::string(fallback);
}

/// The level of the owner of each OKR and check-in file, by path: a check-in's owner's level
/// is read from its OKR file of the same cycle, else from any of its OKR files.
std::unordered_map<std::string_view, Level> file_levels(const Repository& repo) {
  std::unordered_map<std::string_view, Level> by_path;
  std::unordered_map<std::string, Level> by_owner_cycle;
  std::unordered_map<std::string_view, Level> by_owner;
  for (const OkrFile& file : repo.okr_files) {
    by_path.emplace(repo.files[file.file].path, file.level);
    by_owner_cycle.emplace(file.owner.value + '\n' + file.cycle.value, file.level);
    by_owner.emplace(file.owner.value, file.level);
  }
  for (const Checkin& checkin : repo.checkins) {
    if (auto it = by_owner_cycle.find(checkin.owner.value + '\n' + checkin.cycle.value);
        it != by_owner_cycle.end()) {
      by_path.emplace(repo.files[checkin.file].path, it->second);
    } else if (auto owner = by_owner.find(checkin.owner.value); owner != by_owner.end()) {
      by_path.emplace(repo.files[checkin.file].path, owner->second);
    }
  }
  return by_path;
}

bool match_here(std::string_view p, std::string_view s) {
  while (!p.empty()) {
    if (p.starts_with("**")) {
      std::string_view rest = p.substr(2);
      if (rest.starts_with('/')) {
        rest.remove_prefix(1); // "**/" also matches no folder at all
      }
      for (std::size_t i = 0; i <= s.size(); ++i) {
        if (match_here(rest, s.substr(i))) {
          return true;
        }
      }
      return false;
    }
    if (p.front() == '*') {
      for (std::size_t i = 0; i <= s.size(); ++i) {
        if (match_here(p.substr(1), s.substr(i))) {
          return true;
        }
        if (i < s.size() && s[i] == '/') {
          break;
        }
      }
      return false;
    }
    if (s.empty() || (p.front() == '?' ? s.front() == '/' : p.front() != s.front())) {
      return false;
    }
    p.remove_prefix(1);
    s.remove_prefix(1);
  }
  return s.empty();
}

} // namespace

bool glob_match(std::string_view pattern, std::string_view path) {
  while (pattern.starts_with("./")) {
    pattern.remove_prefix(2);
  }
  while (pattern.size() > 1 && pattern.ends_with('/')) {
    pattern.remove_suffix(1);
  }
  if (match_here(pattern, path)) {
    return true;
  }
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '/' && match_here(pattern, path.substr(0, i))) {
      return true; // the pattern names a folder the file is in
    }
  }
  return false;
}

std::vector<Diagnostic> configure_rules(const Repository& repo, const RuleSelection& selection,
                                        CheckOptions& options, std::vector<std::string>& unknown) {
  std::vector<Diagnostic> out;
  const std::vector<std::string_view> names = rule_names();
  for (const RuleInfo* rule : all_rules()) {
    options.rules[std::string(rule->name)] = RuleConfig{true, rule->severity, {}};
  }
  auto report = [&](const Pos& pos, std::string message) {
    out.push_back(
        {repo.path_of(pos), pos.line, pos.column, Severity::error, "schema", std::move(message)});
  };
  for (const RuleSetting& setting : repo.config.rules) {
    const RuleInfo* rule = find_rule(setting.name.value);
    if (!rule) {
      report(setting.name.pos, fmt::format("unknown rule '{}' in lint.rules{}", setting.name.value,
                                           suggestion(setting.name.value, names,
                                                      "; run 'okr rules' for the list of rules")));
      continue;
    }
    RuleConfig& config = options.rules[std::string(rule->name)];
    if (!setting.levels.empty()) {
      config.levels = 0;
      for (const Level level : setting.levels) {
        config.levels |= static_cast<std::uint8_t>(1u << static_cast<unsigned>(level));
      }
    }
    if (setting.severity) {
      if (setting.severity->value == "off") {
        config.enabled = false;
      } else if (auto severity = parse_severity(setting.severity->value)) {
        config.severity = *severity;
      }
    }
    const std::vector<std::string_view> known = setting_names(*rule);
    for (const auto& [key, value] : setting.options) {
      if (std::find(known.begin(), known.end(), key) == known.end()) {
        const std::string fallback =
            known.empty() ? std::string("; it has no settings, only 'severity'")
                          : fmt::format("; its settings are: {}", fmt::join(known, ", "));
        report(value.pos, fmt::format("rule '{}' has no setting '{}'{}", rule->name, key,
                                      suggestion(key, known, fallback)));
        continue;
      }
      long number = 0;
      const char* end = value.value.data() + value.value.size();
      const auto [ptr, ec] = std::from_chars(value.value.data(), end, number);
      if (ec != std::errc() || ptr != end || number < 0) {
        report(value.pos, fmt::format("setting '{}' of rule '{}' must be a whole number such as "
                                      "{}, not '{}'",
                                      key, rule->name, *default_setting(*rule, key), value.value));
        continue;
      }
      config.settings[key] = number;
    }
  }
  auto check_names = [&](const std::vector<std::string>& list, std::string_view option) {
    for (const std::string& name : list) {
      if (!find_rule(name)) {
        unknown.push_back(fmt::format("unknown rule '{}' in {}{}", name, option,
                                      suggestion(name, names, "; run 'okr rules' for the list")));
      }
    }
  };
  check_names(selection.select, "--select");
  check_names(selection.ignore, "--ignore");
  if (!selection.select.empty()) {
    for (auto& [name, config] : options.rules) {
      const bool chosen = std::find(selection.select.begin(), selection.select.end(), name) !=
                          selection.select.end();
      config.enabled = chosen;
    }
  }
  for (const std::string& name : selection.ignore) {
    if (auto it = options.rules.find(name); it != options.rules.end()) {
      it->second.enabled = false;
    }
  }
  // A file that is not YAML cannot be checked by any rule: never hide that.
  options.rules["syntax"].enabled = true;
  options.ignore.clear();
  for (const Text& glob : repo.config.ignore) {
    options.ignore.push_back(glob.value);
  }
  return out;
}

void apply_configuration(const Repository& repo, const CheckOptions& options,
                         std::vector<Diagnostic>& diagnostics) {
  auto ignored = [&](const std::string& file) {
    return std::any_of(options.ignore.begin(), options.ignore.end(),
                       [&](const std::string& glob) { return glob_match(glob, file); });
  };
  const bool by_level = std::any_of(options.rules.begin(), options.rules.end(), [](const auto& r) {
    return r.second.levels != RuleConfig::k_all_levels;
  });
  const std::unordered_map<std::string_view, Level> levels =
      by_level ? file_levels(repo) : std::unordered_map<std::string_view, Level>();
  auto not_applied = [&](std::string_view file, std::string_view rule) {
    const auto config = options.rules.find(rule);
    if (!by_level || config == options.rules.end()) {
      return false;
    }
    const auto level = levels.find(file);
    return level != levels.end() && !config->second.applies_to(level->second);
  };
  std::erase_if(diagnostics, [&](Diagnostic& d) {
    if (const auto it = options.rules.find(d.rule); it != options.rules.end()) {
      if (!it->second.enabled || not_applied(d.file, d.rule)) {
        return true;
      }
      d.severity = it->second.severity;
    }
    return ignored(d.file);
  });
  apply_suppressions(repo, options, ignored, not_applied, diagnostics);
}

} // namespace okr
