#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <okr/diagnostic.hpp>
#include <okr/index.hpp>
#include <okr/model.hpp>

namespace okr {

class RuleContext;
using RuleFn = void (*)(RuleContext& context);

/// A rule's identity and documentation. Rules that the loader applies while reading
/// (syntax, schema, duplicate-key) have no `run` function.
struct RuleInfo {
  std::string_view name;    ///< stable kebab-case name
  Severity severity;        ///< default severity
  std::string_view summary; ///< one line
  std::string_view details; ///< what it checks and why, a paragraph
  std::string_view example; ///< a snippet that fires, then one that does not
  RuleFn run = nullptr;
};

/// Every rule, in the order `okr rules` lists them.
std::span<const RuleInfo* const> all_rules();
const RuleInfo* find_rule(std::string_view name);

/// What a rule sees while it runs, and where it reports.
class RuleContext {
public:
  RuleContext(const Index& index, Date today, const RuleInfo& rule, std::vector<Diagnostic>& out)
      : m_index(index), m_today(today), m_rule(rule), m_out(out) {}

  const Repository& repo() const { return m_index.repo(); }
  const Index& index() const { return m_index; }
  Date today() const { return m_today; }

  void report(const Pos& pos, std::string message);

private:
  const Index& m_index;
  Date m_today;
  const RuleInfo& m_rule;
  std::vector<Diagnostic>& m_out;
};

struct CheckOptions {
  Date today = Date::today();
};

/// Runs every rule that has a `run` function over a loaded repository.
std::vector<Diagnostic> run_rules(const Repository& repo, const CheckOptions& options);

} // namespace okr
