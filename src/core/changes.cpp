#include <algorithm>
#include <array>

#include <okr/changes.hpp>

namespace okr {

namespace {

constexpr std::array<std::string_view, 4> k_reference_rules = {
    "unresolved-ref", "checkin-unknown-kr", "checkin-bad-value", "alignment-cycle"};

std::string owner_from_path(std::string_view path) {
  const std::size_t slash = path.rfind('/');
  std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  const std::size_t dot = name.rfind('.');
  return std::string(name.substr(0, dot));
}

bool refers_to(const OkrFile& file, const std::set<std::string, std::less<>>& owners) {
  auto named = [&](std::string_view owner) { return owners.contains(owner); };
  if (file.parent && named(file.parent->value)) {
    return true;
  }
  for (const Objective& objective : file.objectives) {
    if (objective.shared && named(objective.shared->owner)) {
      return true;
    }
    for (const Ref& ref : objective.aligns_to) {
      if (named(ref.owner)) {
        return true;
      }
    }
    for (const Text& owner : objective.depends_on) {
      if (named(owner.value)) {
        return true;
      }
    }
    for (const KeyResult& kr : objective.key_results) {
      for (const Ref& ref : kr.contributes_to) {
        if (named(ref.owner)) {
          return true;
        }
      }
    }
  }
  return false;
}

} // namespace

ChangeScope change_scope(const Repository& repo, const std::vector<std::string>& changed) {
  ChangeScope scope;
  scope.changed.insert(changed.begin(), changed.end());
  scope.everything = scope.changed.contains("okr.yaml");
  std::set<std::string, std::less<>> owners;
  for (const std::string& path : changed) {
    const std::string prefix = repo.config.okrs_path + "/";
    if (path.starts_with(prefix)) {
      owners.insert(owner_from_path(path));
    }
  }
  for (const OkrFile& file : repo.okr_files) {
    if (scope.changed.contains(repo.files[file.file].path)) {
      owners.insert(file.owner.value);
    }
  }
  for (const OkrFile& file : repo.okr_files) {
    if (refers_to(file, owners)) {
      scope.referencing.insert(repo.files[file.file].path);
    }
  }
  for (const Checkin& checkin : repo.checkins) {
    if (owners.contains(checkin.owner.value)) {
      scope.referencing.insert(repo.files[checkin.file].path);
    }
  }
  return scope;
}

bool in_scope(const ChangeScope& scope, const Diagnostic& diagnostic) {
  if (scope.everything || scope.changed.contains(diagnostic.file)) {
    return true;
  }
  return scope.referencing.contains(diagnostic.file) &&
         std::find(k_reference_rules.begin(), k_reference_rules.end(), diagnostic.rule) !=
             k_reference_rules.end();
}

} // namespace okr
