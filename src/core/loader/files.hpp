#pragma once

// Readers of the three kinds of file: each turns a YAML tree into the model and reports.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
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

/// The kind of a root-relative path under `config`'s folders (repository.cpp).
FileKind classify(std::string_view path, const Config& config);
/// The files load_repository() would read below `root`, listed as FileSource::list() says.
std::optional<std::string> list_files(const std::filesystem::path& root, bool checkins,
                                      std::vector<SourceFile>& files);
/// Reads one file of `root` as load_repository() does, or says why it cannot.
std::optional<std::string> read_text(const std::filesystem::path& root, SourceFile& file);

} // namespace okr::loader
