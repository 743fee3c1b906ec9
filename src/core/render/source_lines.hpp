#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <okr/model.hpp>

namespace okr {

/// The lines of the files that have findings, found once per file.
class SourceLines {
public:
  explicit SourceLines(const Repository* repo) {
    if (repo) {
      for (const SourceFile& file : repo->files) {
        m_text.emplace(file.path, &file.text);
      }
    }
  }

  std::optional<std::string_view> line(const std::string& path, std::uint32_t n) {
    const auto it = m_text.find(path);
    if (it == m_text.end() || n == 0) {
      return std::nullopt;
    }
    auto& offsets = m_offsets[path];
    const std::string& text = *it->second;
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
    return std::string_view(text).substr(start, end - start);
  }

private:
  std::unordered_map<std::string, const std::string*> m_text;
  std::unordered_map<std::string, std::vector<std::size_t>> m_offsets;
};

} // namespace okr
