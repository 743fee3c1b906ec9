#include <algorithm>
#include <fmt/format.h>
#include <set>

#include <okr/text.hpp>

#include "rules/rule_list.hpp"

namespace okr::rules {

namespace {

class Resolver {
public:
  explicit Resolver(RuleContext& context)
      : m_context(context), m_index(context.index()), m_owners(owners(context)) {}

  bool owner_exists(std::string_view owner) const { return !m_index.files_of(owner).empty(); }

  /// References made from a file of the main repository (not the private one): they may not
  /// name the private repository's owners.
  void set_from_main(bool from_main) { m_from_main = from_main; }

  /// Whether `owner` has OKR files only in the private repository, while the reference comes
  /// from the main one (reported, with `key` and `shown` naming the reference).
  bool private_owner(const Pos& pos, std::string_view owner, std::string_view key,
                     std::string_view shown) {
    const Repository& repo = m_context.repo();
    if (!m_from_main || repo.config.private_prefix.empty()) {
      return false;
    }
    const auto files = m_index.files_of(owner);
    if (files.empty() || !std::all_of(files.begin(), files.end(), [&](const OkrFile* f) {
          return in_private_root(repo.config, repo.files[f->file].path);
        })) {
      return false;
    }
    m_context.report(
        pos, fmt::format("{} '{}' names '{}', whose OKRs are in the private repository ('{}'): "
                         "the main repository never refers to it, as those without access could "
                         "not resolve it; refer from the private side instead (a personal "
                         "objective aligns to a team's)",
                         key, shown, owner, repo.config.private_prefix));
    return true;
  }

  std::string unknown_owner(std::string_view owner) const {
    std::string message = fmt::format("no OKR file has owner '{}'", owner);
    if (auto near = m_owners.closest(owner); !near.empty()) {
      message += fmt::format("; did you mean '{}'?", near);
    }
    return message;
  }

  void owner(const Text& id, std::string_view key) {
    if (!id.value.empty() && private_owner(id.pos, id.value, key, id.value)) {
      return;
    }
    if (!id.value.empty() && !owner_exists(id.value)) {
      m_context.report(
          id.pos, fmt::format("{} '{}' is unknown: {}", key, id.value, unknown_owner(id.value)));
    }
  }

  /// An objective reference; returns true when it resolves.
  bool objective(const Ref& ref, std::string_view key, const Cycle* cycle) {
    if (private_owner(ref.pos, ref.owner, key, ref.str())) {
      return false;
    }
    if (!owner_exists(ref.owner)) {
      m_context.report(ref.pos, fmt::format("{} '{}' does not resolve: {}", key, ref.str(),
                                            unknown_owner(ref.owner)));
      return false;
    }
    if (m_index.find_objective(ref.owner, ref.objective, cycle).objective) {
      return true;
    }
    if (cycle && m_index.find_objective(ref.owner, ref.objective, nullptr).objective) {
      m_context.report(ref.pos, fmt::format("{} '{}' does not resolve: '{}' has that objective "
                                            "only in cycles that do not overlap {}",
                                            key, ref.str(), ref.owner, cycle->id));
      return false;
    }
    std::vector<std::string_view> ids;
    for (const OkrFile* file : m_index.files_of(ref.owner)) {
      for (const Objective& o : file->objectives) {
        ids.push_back(o.id.value);
      }
    }
    std::string message = fmt::format("{} '{}' does not resolve: '{}' has no objective '{}'", key,
                                      ref.str(), ref.owner, ref.objective);
    if (auto near = closest_match(ref.objective, ids); !near.empty()) {
      message += fmt::format("; did you mean '{}/{}'?", ref.owner, near);
    }
    m_context.report(ref.pos, std::move(message));
    return false;
  }

  void key_result(const Ref& ref, const Cycle* cycle) {
    if (!objective(ref, "contributes_to", cycle)) {
      return;
    }
    if (m_index.find_key_result(ref, cycle)) {
      return;
    }
    const Objective* o = m_index.find_objective(ref.owner, ref.objective, cycle).objective;
    std::vector<std::string_view> ids;
    for (const KeyResult& kr : o->key_results) {
      ids.push_back(kr.id.value);
    }
    std::string message =
        fmt::format("contributes_to '{}' does not resolve: objective '{}/{}' has no key result "
                    "'{}'",
                    ref.str(), ref.owner, ref.objective, ref.kr);
    if (auto near = closest_match(ref.kr, ids); !near.empty()) {
      message += fmt::format("; did you mean '{}/{}/{}'?", ref.owner, ref.objective, near);
    }
    m_context.report(ref.pos, std::move(message));
  }

private:
  static std::set<std::string_view> owners(const RuleContext& context) {
    std::set<std::string_view> owners;
    for (const OkrFile& file : context.repo().okr_files) {
      owners.insert(file.owner.value);
    }
    return owners;
  }

  RuleContext& m_context;
  const Index& m_index;
  bool m_from_main = false;
  Suggester m_owners; // asked once per unknown owner: thousands in a hostile repository
};

void run(RuleContext& context) {
  Resolver resolve(context);
  const Index& index = context.index();
  const Repository& repo = context.repo();
  for (const OkrFile& file : repo.okr_files) {
    resolve.set_from_main(!in_private_root(repo.config, repo.files[file.file].path));
    const Cycle* cycle = index.cycle(file.cycle.value);
    if (file.parent) {
      resolve.owner(*file.parent, "parent");
    }
    for (const Objective& objective : file.objectives) {
      if (objective.shared) {
        resolve.objective(*objective.shared, "shared", cycle);
      }
      for (const Ref& ref : objective.aligns_to) {
        resolve.objective(ref, "aligns_to", cycle);
      }
      for (const Text& owner : objective.depends_on) {
        resolve.owner(owner, "depends_on");
      }
      for (const KeyResult& kr : objective.key_results) {
        for (const Ref& ref : kr.contributes_to) {
          resolve.key_result(ref, cycle);
        }
      }
    }
  }
  for (const Checkin& checkin : repo.checkins) {
    resolve.set_from_main(!in_private_root(repo.config, repo.files[checkin.file].path));
    if (resolve.private_owner(checkin.owner.pos, checkin.owner.value, "check-in owner",
                              checkin.owner.value)) {
      continue; // recorded in the main repository: its values would be there for all to read
    }
    if (!index.cycle(checkin.cycle.value) || index.find(checkin.owner.value, checkin.cycle.value)) {
      continue; // an unknown cycle is reported by unknown-cycle
    }
    if (resolve.owner_exists(checkin.owner.value)) {
      context.report(checkin.owner.pos,
                     fmt::format("owner '{}' has no OKR file for cycle {}, so there is nothing "
                                 "to check in against",
                                 checkin.owner.value, checkin.cycle.value));
    } else {
      context.report(checkin.owner.pos,
                     fmt::format("check-in for unknown owner '{}': {}", checkin.owner.value,
                                 resolve.unknown_owner(checkin.owner.value)));
    }
  }
}

} // namespace

const RuleInfo unresolved_ref{
    "unresolved-ref",
    Severity::error,
    "a reference names an owner, objective or key result that does not exist",
    "parent, depends_on, aligns_to, shared and contributes_to name other owners' OKRs; a "
    "check-in names its owner. References resolve across the whole repository, and an objective "
    "may align to objectives of any cycle that overlaps its own (a quarter to its year). With a "
    "private repository (okr.yaml private.path), its files may refer to the main repository's, "
    "never the other way round.",
    "aligns_to: [digital-services/delight-new-customer]   # fires: no such objective\n"
    "---\n"
    "aligns_to: [digital-services/delight-new-customers]  # clean",
    run};

} // namespace okr::rules
