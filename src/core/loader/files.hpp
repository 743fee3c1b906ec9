#pragma once

// Readers of the three kinds of file: each turns a YAML tree into the model and reports.

#include <optional>
#include <vector>

#include <okr/diagnostic.hpp>
#include <okr/model.hpp>

#include "loader/yaml_tree.hpp"

namespace okr::loader {

void read_config(const Node& root, std::uint32_t file, const std::string& path, Config& config,
                 std::vector<Diagnostic>& out);
std::optional<OkrFile> read_okr_file(const Node& root, std::uint32_t file, const std::string& path,
                                     std::vector<Diagnostic>& out);
std::optional<Checkin> read_checkin(const Node& root, std::uint32_t file, const std::string& path,
                                    std::vector<Diagnostic>& out);

} // namespace okr::loader
