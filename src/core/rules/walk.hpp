#pragma once

// Visiting the parts of every OKR file, for rules that look at one kind of thing at a time.

#include <okr/model.hpp>

namespace okr::rules {

/// Calls fn(file, objective) for every objective of every OKR file.
template <typename Fn> void for_each_objective(const Repository& repo, Fn fn) {
  for (const OkrFile& file : repo.okr_files) {
    for (const Objective& objective : file.objectives) {
      fn(file, objective);
    }
  }
}

/// Calls fn(file, objective, kr) for every key result of every OKR file.
template <typename Fn> void for_each_key_result(const Repository& repo, Fn fn) {
  for_each_objective(repo, [&](const OkrFile& file, const Objective& objective) {
    for (const KeyResult& kr : objective.key_results) {
      fn(file, objective, kr);
    }
  });
}

} // namespace okr::rules
