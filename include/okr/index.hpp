#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <okr/model.hpp>

namespace okr {

/// Lookups over a loaded repository, built once and shared by rules, scoring and alignment.
class Index {
public:
  explicit Index(const Repository& repo);

  const Repository& repo() const { return m_repo; }

  /// Every OKR file of an owner, in any cycle.
  const std::vector<const OkrFile*>& files_of(std::string_view owner) const;
  /// The OKR file of an owner in exactly that cycle, or null.
  const OkrFile* find(std::string_view owner, std::string_view cycle) const;
  /// The cycle of an OKR file or check-in, or null when the id is unknown.
  const Cycle* cycle(std::string_view id) const;

  struct ObjectiveHit {
    const OkrFile* file = nullptr;
    const Objective* objective = nullptr;
  };
  /// The objective `owner/objective` in a cycle that overlaps `within` (or any cycle when null).
  ObjectiveHit find_objective(std::string_view owner, std::string_view objective,
                              const Cycle* within) const;
  /// The key result `owner/objective/kr` in a cycle that overlaps `within`.
  const KeyResult* find_key_result(const Ref& ref, const Cycle* within) const;
  /// The check-ins of an owner in a cycle, oldest first (earlier()).
  const std::vector<const Checkin*>& checkins_of(std::string_view owner,
                                                 std::string_view cycle) const;
  /// The one order of check-ins: by date, then by sequence on that date (2026-10-09.yaml before
  /// 2026-10-09-2.yaml, checkin_sequence()), then by path.
  bool earlier(const Checkin& a, const Checkin& b) const;

private:
  const Repository& m_repo;
  std::unordered_map<std::string, std::vector<const OkrFile*>> m_by_owner;
  std::unordered_map<std::string, Cycle> m_cycles;
  std::unordered_map<std::string, std::vector<const Checkin*>> m_checkins;
};

} // namespace okr
