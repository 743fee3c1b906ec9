#include <algorithm>
#include <array>

#include <okr/alignment.hpp>

#include "rules/rule_list.hpp"

namespace okr {

namespace {
constexpr std::array k_rules = {
    &rules::syntax,
    &rules::schema,
    &rules::duplicate_key,
    &rules::duplicate_id,
    &rules::unresolved_ref,
    &rules::alignment_cycle,
    &rules::missing_measure,
    &rules::unknown_cycle,
    &rules::checkin_unknown_kr,
    &rules::checkin_bad_value,
    &rules::checkin_out_of_cycle,
    &rules::objective_count,
    &rules::kr_count,
    &rules::output_kr,
    &rules::measurable_objective,
    &rules::missing_unit,
    &rules::no_change,
    &rules::long_objective,
    &rules::too_many_priorities,
    &rules::stale_checkin,
    &rules::committed_missed,
    &rules::unused_suppression,
    &rules::orphan_objective,
    &rules::unsupported_objective,
    &rules::overlapping_objectives,
    &rules::individual_copy,
    &rules::moved_target,
    &rules::backdated_checkin,
};
} // namespace

std::span<const RuleInfo* const> all_rules() {
  return k_rules;
}

const RuleInfo* find_rule(std::string_view name) {
  const auto it = std::find_if(k_rules.begin(), k_rules.end(),
                               [&](const RuleInfo* rule) { return rule->name == name; });
  return it == k_rules.end() ? nullptr : *it;
}

std::pair<std::string_view, std::string_view> split_example(const RuleInfo& rule) {
  constexpr std::string_view k_separator = "\n---\n";
  const std::size_t at = rule.example.find(k_separator);
  if (at == std::string_view::npos) {
    return {rule.example, {}};
  }
  return {rule.example.substr(0, at), rule.example.substr(at + k_separator.size())};
}

std::optional<long> default_setting(const RuleInfo& rule, std::string_view name) {
  std::string_view rest = rule.settings;
  while (!rest.empty()) {
    const std::size_t space = rest.find(' ');
    const std::string_view item = rest.substr(0, space);
    rest = space == std::string_view::npos ? std::string_view() : rest.substr(space + 1);
    const std::size_t equals = item.find('=');
    if (item.substr(0, equals) == name && equals != std::string_view::npos) {
      return std::stol(std::string(item.substr(equals + 1)));
    }
  }
  return std::nullopt;
}

RuleContext::RuleContext(const Index& index, const CheckOptions& options, const RuleInfo& rule,
                         std::vector<Diagnostic>& out, std::unique_ptr<Alignment>& alignment)
    : m_index(index), m_options(options), m_rule(rule), m_out(out), m_alignment(alignment) {
  if (const auto it = options.rules.find(rule.name); it != options.rules.end()) {
    m_config = &it->second;
  }
}

Alignment& RuleContext::alignment() {
  if (!m_alignment) {
    m_alignment = std::make_unique<Alignment>(build_alignment(m_index, {}));
  }
  return *m_alignment;
}

long RuleContext::setting(std::string_view name) const {
  if (m_config) {
    if (const auto it = m_config->settings.find(name); it != m_config->settings.end()) {
      return it->second;
    }
  }
  return default_setting(m_rule, name).value_or(0);
}

void RuleContext::report(const Pos& pos, std::string message) {
  if (!wants(pos.file)) {
    return;
  }
  m_out.push_back({repo().path_of(pos), pos.line, pos.column,
                   m_config ? m_config->severity : m_rule.severity, std::string(m_rule.name),
                   std::move(message)});
}

std::vector<Diagnostic> run_rules(const Repository& repo, const CheckOptions& options) {
  return run_rules(Index(repo), options);
}

std::vector<Diagnostic> run_rules(const Index& index, const CheckOptions& options, RuleSet set) {
  std::vector<Diagnostic> out;
  std::unique_ptr<Alignment> alignment;
  for (const RuleInfo* rule : all_rules()) {
    const auto it = options.rules.find(rule->name);
    const bool in_set = set == RuleSet::all || rule->per_owner == (set == RuleSet::per_owner);
    if (rule->run && in_set && (it == options.rules.end() || it->second.enabled)) {
      RuleContext context(index, options, *rule, out, alignment);
      rule->run(context);
    }
  }
  return out;
}

} // namespace okr
