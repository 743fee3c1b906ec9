#pragma once

// Visiting the parts of every OKR file, for rules that look at one kind of thing at a time.

#include <okr/rules.hpp>

namespace okr::rules {

/// Calls fn(file, objective) for every objective of every OKR file the context wants
/// (RuleContext::wants).
template <typename Fn> void for_each_objective(const RuleContext& context, Fn fn) {
  for (const OkrFile& file : context.repo().okr_files) {
    if (!context.wants(file.file)) {
      continue;
    }
    for (const Objective& objective : file.objectives) {
      fn(file, objective);
    }
  }
}

/// Calls fn(file, objective, kr) for every key result of every OKR file the context wants.
template <typename Fn> void for_each_key_result(const RuleContext& context, Fn fn) {
  for_each_objective(context, [&](const OkrFile& file, const Objective& objective) {
    for (const KeyResult& kr : objective.key_results) {
      fn(file, objective, kr);
    }
  });
}

} // namespace okr::rules
