#pragma once

// Readers of the three kinds of file: each turns a YAML tree into the model and reports.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <okr/diagnostic.hpp>
#include <okr/loader.hpp>
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
/// Loads the repository at `root` as load_repository() does, but with okr.yaml and the OKR files
/// of `overlay` (read from elsewhere, their texts set) instead of the disk's: the check-ins come
/// from disk, through the cache; a file of the overlay whose bytes the cache holds is not parsed
/// again. The texts of the overlay's files are kept.
LoadResult load_overlay(const std::filesystem::path& root, std::vector<SourceFile> overlay,
                        const LoadOptions& options);
/// Reads one file of `root` as load_repository() does, or says why it cannot.
std::optional<std::string> read_text(const std::filesystem::path& root, SourceFile& file);

} // namespace okr::loader
