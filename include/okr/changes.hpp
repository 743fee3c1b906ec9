#pragma once

#include <set>
#include <string>
#include <vector>

#include <okr/diagnostic.hpp>
#include <okr/model.hpp>

namespace okr {

/// What `okr check --changed-since` reports on: the changed files, and the files that refer
/// to an owner whose OKR file changed or went away (their references may now be broken).
struct ChangeScope {
  std::set<std::string, std::less<>> changed;     ///< root-relative paths
  std::set<std::string, std::less<>> referencing; ///< files referring to a changed owner
  bool everything = false; ///< okr.yaml changed: cycles, paths or rules may differ everywhere
};

/// `changed` are root-relative paths as git names them, deleted files included. The owner of
/// a deleted OKR file is taken from its file name (okrs/<cycle>/<owner>.yaml).
ChangeScope change_scope(const Repository& repo, const std::vector<std::string>& changed);

/// Whether a finding is in scope: any finding in a changed file, and findings about references
/// (unresolved-ref, checkin-unknown-kr, checkin-bad-value, alignment-cycle) in a referencing one.
bool in_scope(const ChangeScope& scope, const Diagnostic& diagnostic);

} // namespace okr
