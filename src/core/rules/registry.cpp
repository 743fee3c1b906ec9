#include <algorithm>
#include <array>

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
    &rules::orphan_objective,
    &rules::unsupported_objective,
    &rules::overlapping_objectives,
    &rules::individual_copy,
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

void RuleContext::report(const Pos& pos, std::string message) {
  m_out.push_back({repo().path_of(pos), pos.line, pos.column, m_rule.severity,
                   std::string(m_rule.name), std::move(message)});
}

std::vector<Diagnostic> run_rules(const Repository& repo, const CheckOptions& options) {
  const Index index(repo);
  std::vector<Diagnostic> out;
  for (const RuleInfo* rule : all_rules()) {
    if (rule->run) {
      RuleContext context(index, options.today, *rule, out);
      rule->run(context);
    }
  }
  return out;
}

} // namespace okr
