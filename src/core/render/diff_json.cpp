// `okr diff --format json`: {"from", "to", "changes": [...]}, one object per change.

#include <nlohmann/json.hpp>
#include <ostream>

#include <okr/diff.hpp>

#include "render/change_json.hpp"

namespace okr {

using Json = nlohmann::ordered_json;

Json commit_json(const std::optional<Commit>& commit) {
  if (!commit) {
    return nullptr;
  }
  Json out;
  out["id"] = commit->id;
  out["author"] = commit->author;
  out["email"] = commit->email;
  out["date"] = commit->author_date.str();
  out["committer_date"] = commit->date.str();
  out["summary"] = commit->summary;
  return out;
}

namespace {

Json optional_string(const std::string& text) {
  return text.empty() ? Json(nullptr) : Json(text);
}

} // namespace

Json change_json(const Change& c) {
  Json item;
  item["kind"] = to_string(c.kind);
  item["cycle"] = c.cycle;
  item["owner"] = c.owner;
  item["objective"] = optional_string(c.objective);
  item["key_result"] = optional_string(c.kr);
  item["field"] = optional_string(c.field);
  item["from"] = optional_string(c.from);
  item["to"] = optional_string(c.to);
  item["commit"] = commit_json(c.commit);
  return item;
}

void render_diff_json(std::ostream& out, const DiffReport& report) {
  Json doc;
  doc["from"] = {{"revision", report.from}, {"commit", commit_json(report.from_commit)}};
  doc["to"] = {{"revision", report.to}, {"commit", commit_json(report.to_commit)}};
  Json changes = Json::array();
  for (const Change& c : report.changes) {
    changes.push_back(change_json(c));
  }
  doc["changes"] = std::move(changes);
  out << doc.dump(2) << '\n';
}

} // namespace okr
