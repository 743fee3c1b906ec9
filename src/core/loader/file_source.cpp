// The working tree as a FileSource, and loading a repository from any source.

#include <algorithm>
#include <fmt/format.h>

#include <okr/file_source.hpp>

#include "loader/files.hpp"

namespace fs = std::filesystem;

namespace okr {

namespace {

class WorkingTree final : public FileSource {
public:
  explicit WorkingTree(fs::path root) : m_root(std::move(root)) {}

  std::optional<std::string> list(bool checkins, std::vector<SourceFile>& files) const override {
    return loader::list_files(m_root, checkins, files);
  }
  std::optional<std::string> read(SourceFile& file) const override {
    return loader::read_text(m_root, file);
  }
  std::string name() const override { return "the working tree"; }

private:
  fs::path m_root;
};

class OnlyPaths final : public FileSource {
public:
  OnlyPaths(const FileSource& source, std::vector<std::string> paths)
      : m_source(source), m_paths(std::move(paths)) {}

  std::optional<std::string> list(bool checkins, std::vector<SourceFile>& files) const override {
    std::vector<SourceFile> all;
    if (auto error = m_source.list(checkins, all)) {
      return error;
    }
    for (SourceFile& file : all) {
      if (file.kind == FileKind::config ||
          std::binary_search(m_paths.begin(), m_paths.end(), file.path)) {
        files.push_back(std::move(file));
      }
    }
    return std::nullopt;
  }
  std::optional<std::string> read(SourceFile& file) const override { return m_source.read(file); }
  std::string name() const override { return m_source.name(); }

private:
  const FileSource& m_source;
  std::vector<std::string> m_paths;
};

} // namespace

std::unique_ptr<FileSource> only_paths(const FileSource& source, std::vector<std::string> paths) {
  return std::make_unique<OnlyPaths>(source, std::move(paths));
}

std::unique_ptr<FileSource> working_tree(const fs::path& root) {
  return std::make_unique<WorkingTree>(root);
}

LoadResult load_from(const FileSource& definitions, const FileSource* checkins,
                     const LoadOptions& options) {
  LoadResult result;
  std::vector<SourceFile> files;
  const bool own_checkins = options.checkins && !checkins;
  if (auto error = definitions.list(own_checkins, files)) {
    result.fatal = std::move(error);
    return result;
  }
  std::vector<const FileSource*> from(files.size(), &definitions);
  if (options.checkins && checkins) {
    // Only the check-in files of the other source: its okr.yaml and OKR files are not these.
    std::vector<SourceFile> others;
    if (auto error = checkins->list(true, others)) {
      result.fatal = std::move(error);
      return result;
    }
    for (SourceFile& file : others) {
      if (file.kind == FileKind::checkin) {
        files.push_back(std::move(file));
        from.push_back(checkins);
      }
    }
  }
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (files[i].kind == FileKind::config && !files[i].text.empty()) {
      continue; // read by list()
    }
    if (auto error = from[i]->read(files[i])) {
      result.fatal =
          fmt::format("cannot read '{}' in {}: {}", files[i].path, from[i]->name(), *error);
      return result;
    }
  }
  LoadOptions in_memory = options;
  in_memory.use_cache = false;
  return load_sources(std::move(files), in_memory);
}

} // namespace okr
