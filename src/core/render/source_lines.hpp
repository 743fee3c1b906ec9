#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <okr/model.hpp>

namespace okr {

/// The lines of the files that have findings, from the texts the loaded files carry
/// (check_repository() gives every file with findings its text); each file's line starts are
/// found once, on its first finding. A file whose text is hidden (SourceFile::text_hidden, a
/// private file's) has none.
class SourceLines {
public:
  explicit SourceLines(const Repository* repo) : m_repo(repo) {}

  std::optional<std::string_view> line(const std::string& path, std::uint32_t n) {
    const SourceFile* file = find(path);
    if (file == nullptr || n == 0 || file->text_hidden) {
      return std::nullopt;
    }
    const std::string_view text = file->text;
    auto& offsets = m_offsets[file->path];
    if (offsets.empty()) {
      offsets.push_back(0);
      for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\n') {
          offsets.push_back(i + 1);
        }
      }
    }
    if (n > offsets.size()) {
      return std::nullopt;
    }
    const std::size_t start = offsets[n - 1];
    std::size_t end = n < offsets.size() ? offsets[n] - 1 : text.size();
    if (end > start && text[end - 1] == '\r') {
      --end;
    }
    return text.substr(start, end - start);
  }

  /// Whether the file's text is hidden (a private file's): line() gives none of its lines.
  bool hidden(const std::string& path) {
    const SourceFile* file = find(path);
    return file != nullptr && file->text_hidden;
  }

private:
  const SourceFile* find(const std::string& path) {
    if (m_files.empty() && m_repo) { // on the first finding: most runs have none
      m_files.reserve(m_repo->files.size());
      for (const SourceFile& file : m_repo->files) {
        m_files.emplace(file.path, &file);
      }
    }
    const auto it = m_files.find(path);
    return it == m_files.end() ? nullptr : it->second;
  }

  const Repository* m_repo;
  std::unordered_map<std::string_view, const SourceFile*> m_files;
  std::unordered_map<std::string_view, std::vector<std::size_t>> m_offsets;
};

} // namespace okr
