#pragma once

// A definition change (okr/diff.hpp) as JSON, for okr diff and okr log.

#include <nlohmann/json.hpp>

#include <okr/diff.hpp>

namespace okr {

nlohmann::ordered_json commit_json(const std::optional<Commit>& commit);
nlohmann::ordered_json change_json(const Change& change);

} // namespace okr
