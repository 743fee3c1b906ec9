#include <algorithm>

#include <okr/index.hpp>

namespace okr {

namespace {
const std::vector<const OkrFile*> k_no_files;
const std::vector<const Checkin*> k_no_checkins;

std::string checkin_key(std::string_view owner, std::string_view cycle) {
  std::string key(owner);
  key += '\n';
  key += cycle;
  return key;
}
} // namespace

Index::Index(const Repository& repo) : m_repo(repo) {
  for (const Cycle& cycle : repo.config.cycles) {
    m_cycles.emplace(cycle.id, cycle);
  }
  auto remember_cycle = [&](const std::string& id) {
    if (!m_cycles.contains(id)) {
      if (auto cycle = infer_cycle(id)) {
        m_cycles.emplace(id, *cycle);
      }
    }
  };
  for (const OkrFile& file : repo.okr_files) {
    m_by_owner[file.owner.value].push_back(&file);
    remember_cycle(file.cycle.value);
  }
  for (const Checkin& checkin : repo.checkins) {
    m_checkins[checkin_key(checkin.owner.value, checkin.cycle.value)].push_back(&checkin);
    remember_cycle(checkin.cycle.value);
  }
  for (auto& [key, list] : m_checkins) {
    std::stable_sort(list.begin(), list.end(),
                     [&](const Checkin* a, const Checkin* b) { return earlier(*a, *b); });
  }
}

bool Index::earlier(const Checkin& a, const Checkin& b) const {
  if (a.date != b.date) {
    return a.date < b.date;
  }
  const std::string& pa = m_repo.files[a.file].path;
  const std::string& pb = m_repo.files[b.file].path;
  const int sa = checkin_sequence(pa);
  const int sb = checkin_sequence(pb);
  return sa != sb ? sa < sb : pa < pb;
}

const std::vector<const OkrFile*>& Index::files_of(std::string_view owner) const {
  const auto it = m_by_owner.find(std::string(owner));
  return it == m_by_owner.end() ? k_no_files : it->second;
}

const OkrFile* Index::find(std::string_view owner, std::string_view cycle) const {
  for (const OkrFile* file : files_of(owner)) {
    if (file->cycle.value == cycle) {
      return file;
    }
  }
  return nullptr;
}

const Cycle* Index::cycle(std::string_view id) const {
  const auto it = m_cycles.find(std::string(id));
  return it == m_cycles.end() ? nullptr : &it->second;
}

Index::ObjectiveHit Index::find_objective(std::string_view owner, std::string_view objective,
                                          const Cycle* within) const {
  for (const OkrFile* file : files_of(owner)) {
    if (within) {
      const Cycle* cycle = this->cycle(file->cycle.value);
      if (!cycle || !cycle->overlaps(*within)) {
        continue;
      }
    }
    for (const Objective& o : file->objectives) {
      if (o.id.value == objective) {
        return {file, &o};
      }
    }
  }
  return {};
}

const KeyResult* Index::find_key_result(const Ref& ref, const Cycle* within) const {
  const ObjectiveHit hit = find_objective(ref.owner, ref.objective, within);
  if (!hit.objective) {
    return nullptr;
  }
  for (const KeyResult& kr : hit.objective->key_results) {
    if (kr.id.value == ref.kr) {
      return &kr;
    }
  }
  return nullptr;
}

const std::vector<const Checkin*>& Index::checkins_of(std::string_view owner,
                                                      std::string_view cycle) const {
  const auto it = m_checkins.find(checkin_key(owner, cycle));
  return it == m_checkins.end() ? k_no_checkins : it->second;
}

} // namespace okr
