#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <fmt/format.h>
#include <fstream>
#include <system_error>
#include <thread>

#include <okr/loader.hpp>

#include "loader/files.hpp"
#include "loader/yaml_tree.hpp"

namespace fs = std::filesystem;

namespace okr {

namespace {

bool has_yaml_extension(std::string_view path) {
  return path.ends_with(".yaml") || path.ends_with(".yml");
}

bool is_under(std::string_view path, std::string_view dir) {
  return path.size() > dir.size() + 1 && path.substr(0, dir.size()) == dir &&
         path[dir.size()] == '/';
}

FileKind classify(std::string_view path, const Config& config) {
  if (path == "okr.yaml") {
    return FileKind::config;
  }
  if (!has_yaml_extension(path)) {
    return FileKind::other;
  }
  if (is_under(path, config.okrs_path)) {
    return FileKind::okr;
  }
  if (is_under(path, config.checkins_path)) {
    return FileKind::checkin;
  }
  return FileKind::other;
}

void strip_bom(std::string& text) {
  if (text.size() >= 3 && static_cast<unsigned char>(text[0]) == 0xEF &&
      static_cast<unsigned char>(text[1]) == 0xBB && static_cast<unsigned char>(text[2]) == 0xBF) {
    text.erase(0, 3);
  }
}

constexpr std::streamoff k_max_size = 64 * 1024 * 1024;

/// Reads a whole file; returns an error message instead of throwing. A file larger than
/// k_max_size is not read: its size goes to `oversize`.
std::optional<std::string> read_file(const fs::path& path, std::string& out,
                                     std::streamoff& oversize) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return std::string(std::strerror(errno));
  }
  in.seekg(0, std::ios::end);
  const auto size = in.tellg();
  if (size < 0) {
    return std::string("cannot determine the size");
  }
  if (size > k_max_size) {
    oversize = size;
    return std::nullopt;
  }
  out.resize(static_cast<std::size_t>(size));
  in.seekg(0);
  in.read(out.data(), size);
  if (!in) {
    return std::string("read error");
  }
  strip_bom(out);
  return std::nullopt;
}

template <typename F> void parallel_for(std::size_t n, unsigned jobs, F&& fn) {
  if (jobs == 0) {
    jobs = std::max(1u, std::thread::hardware_concurrency());
  }
  jobs = static_cast<unsigned>(std::min<std::size_t>(jobs, (n + 7) / 8));
  if (jobs <= 1) {
    for (std::size_t i = 0; i < n; ++i) {
      fn(i);
    }
    return;
  }
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i = next++; i < n; i = next++) {
      fn(i);
    }
  };
  std::vector<std::jthread> threads;
  for (unsigned t = 1; t < jobs; ++t) {
    threads.emplace_back(worker);
  }
  worker();
}

/// What parsing one file produced.
struct Slot {
  std::optional<OkrFile> okr;
  std::optional<Checkin> checkin;
  std::vector<Diagnostic> diagnostics;
  std::optional<std::string> read_error;
};

void parse_file(const SourceFile& source, std::uint32_t index, Slot& slot) {
  auto root = loader::parse_yaml(source.text, source.path, slot.diagnostics);
  if (!root) {
    if (slot.diagnostics.empty()) {
      slot.diagnostics.push_back({source.path, 1, 1, Severity::error, "schema",
                                  source.kind == FileKind::checkin
                                      ? "the check-in file is empty; write its owner, cycle and "
                                        "date at least"
                                      : "the file is empty; an OKR file needs cycle, owner, "
                                        "level and objectives"});
    }
    return;
  }
  if (source.kind == FileKind::okr) {
    slot.okr = loader::read_okr_file(*root, index, source.path, slot.diagnostics);
  } else if (source.kind == FileKind::checkin) {
    slot.checkin = loader::read_checkin(*root, index, source.path, slot.diagnostics);
  }
}

/// Loads the config (files[0] when it is okr.yaml), then every other file in parallel.
LoadResult assemble(std::vector<SourceFile> files, const fs::path* root_dir,
                    const LoadOptions& options) {
  LoadResult result;
  Repository& repo = result.repo;
  if (root_dir) {
    repo.root = root_dir->string();
  }
  std::sort(files.begin(), files.end(), [](const SourceFile& a, const SourceFile& b) {
    if ((a.path == "okr.yaml") != (b.path == "okr.yaml")) {
      return a.path == "okr.yaml";
    }
    return a.path < b.path;
  });
  repo.files = std::move(files);
  std::size_t first = 0;
  if (!repo.files.empty() && repo.files[0].path == "okr.yaml") {
    SourceFile& config = repo.files[0];
    config.kind = FileKind::config;
    std::vector<Diagnostic> diagnostics;
    if (auto root = loader::parse_yaml(config.text, config.path, diagnostics)) {
      loader::read_config(*root, 0, config.path, repo.config, diagnostics);
    } else {
      repo.config.file = 0;
    }
    if (count(diagnostics).errors > 0) {
      result.fatal = "okr.yaml has errors; fix them first";
    }
    result.diagnostics = std::move(diagnostics);
    first = 1;
  }
  for (std::size_t i = first; i < repo.files.size(); ++i) {
    if (repo.files[i].kind == FileKind::other) {
      repo.files[i].kind = classify(repo.files[i].path, repo.config);
    }
  }
  std::vector<Slot> slots(repo.files.size());
  parallel_for(repo.files.size() - first, options.jobs, [&](std::size_t k) {
    const std::size_t i = first + k;
    SourceFile& source = repo.files[i];
    if (root_dir && source.text.empty()) {
      std::streamoff oversize = 0;
      if (auto error = read_file(*root_dir / source.path, source.text, oversize)) {
        slots[i].read_error = std::move(error);
        return;
      }
      if (oversize > 0) {
        slots[i].diagnostics.push_back(
            {source.path, 1, 1, Severity::error, "syntax",
             fmt::format("the file is {} MB; OKR files are small texts and okr reads at most "
                         "{} MB, so split it or remove what does not belong",
                         static_cast<long long>(oversize) / (1024 * 1024),
                         k_max_size / (1024 * 1024))});
        return;
      }
    }
    parse_file(source, static_cast<std::uint32_t>(i), slots[i]);
  });
  for (std::size_t i = first; i < slots.size(); ++i) {
    Slot& slot = slots[i];
    if (slot.read_error && !result.fatal) {
      result.fatal = fmt::format("cannot read '{}': {}", repo.files[i].path, *slot.read_error);
    }
    if (slot.okr) {
      repo.okr_files.push_back(std::move(*slot.okr));
    }
    if (slot.checkin) {
      repo.checkins.push_back(std::move(*slot.checkin));
    }
    std::move(slot.diagnostics.begin(), slot.diagnostics.end(),
              std::back_inserter(result.diagnostics));
  }
  return result;
}

/// Every *.yaml / *.yml file below root/dir, as root-relative paths. Directory symlinks are
/// not followed (no loops, nothing outside the repository).
void collect(const fs::path& root, const std::string& dir, std::vector<SourceFile>& out,
             std::optional<std::string>& error) {
  std::error_code ec;
  const fs::path base = root / dir;
  if (!fs::is_directory(base, ec)) {
    return;
  }
  fs::recursive_directory_iterator it(base, fs::directory_options::none, ec);
  if (ec) {
    error = fmt::format("cannot read '{}': {}", dir, ec.message());
    return;
  }
  for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) {
      error = fmt::format("cannot read a folder below '{}': {}", dir, ec.message());
      return;
    }
    const fs::directory_entry& entry = *it;
    const std::string name = entry.path().filename().string();
    if (!name.empty() && name[0] == '.') {
      if (entry.is_directory(ec)) {
        it.disable_recursion_pending();
      }
      continue;
    }
    if (!has_yaml_extension(name) || entry.is_directory(ec)) {
      continue;
    }
    SourceFile file;
    file.path = fs::relative(entry.path(), root, ec).generic_string();
    out.push_back(std::move(file));
  }
}

} // namespace

fs::path find_root(const fs::path& start) {
  std::error_code ec;
  fs::path dir = fs::absolute(start, ec);
  if (ec) {
    return start;
  }
  if (!fs::is_directory(dir, ec)) {
    dir = dir.parent_path();
  }
  for (fs::path d = dir;; d = d.parent_path()) {
    if (fs::exists(d / "okr.yaml", ec)) {
      return d;
    }
    if (fs::exists(d / ".git", ec)) {
      return d; // the git top level: do not look above it
    }
    if (d == d.root_path() || d.parent_path() == d) {
      break;
    }
  }
  return dir;
}

LoadResult load_repository(const fs::path& root, const LoadOptions& options) {
  std::vector<SourceFile> files;
  std::error_code ec;
  if (!fs::is_directory(root, ec)) {
    LoadResult result;
    result.fatal = fmt::format("cannot read '{}': not a folder", root.string());
    return result;
  }
  const fs::path config_path = root / "okr.yaml";
  Config config;
  if (fs::exists(config_path, ec)) {
    SourceFile file;
    file.path = "okr.yaml";
    std::streamoff oversize = 0;
    if (auto error = read_file(config_path, file.text, oversize)) {
      LoadResult result;
      result.fatal = fmt::format("cannot read 'okr.yaml': {}", *error);
      return result;
    }
    if (oversize > 0) {
      LoadResult result;
      result.fatal = fmt::format("cannot read 'okr.yaml': it is {} MB, far too large for settings",
                                 static_cast<long long>(oversize) / (1024 * 1024));
      return result;
    }
    // The config decides where the other files are: read it before walking.
    std::vector<Diagnostic> ignored;
    if (auto node = loader::parse_yaml(file.text, file.path, ignored)) {
      loader::read_config(*node, 0, file.path, config, ignored);
    }
    files.push_back(std::move(file));
  }
  std::optional<std::string> error;
  collect(root, config.okrs_path, files, error);
  if (options.checkins && config.checkins_path != config.okrs_path) {
    collect(root, config.checkins_path, files, error);
  }
  if (error) {
    LoadResult result;
    result.fatal = std::move(error);
    return result;
  }
  for (SourceFile& file : files) {
    if (file.path != "okr.yaml") {
      file.kind = classify(file.path, config);
    }
  }
  const fs::path absolute = fs::absolute(root, ec);
  return assemble(std::move(files), &absolute, options);
}

LoadResult load_sources(std::vector<SourceFile> files, const LoadOptions& options) {
  for (SourceFile& file : files) {
    strip_bom(file.text);
  }
  return assemble(std::move(files), nullptr, options);
}

LoadResult load_string(std::string_view text, std::string name) {
  SourceFile file;
  file.path = std::move(name);
  file.text = std::string(text);
  if (file.path != "okr.yaml" && classify(file.path, Config{}) == FileKind::other) {
    file.kind = FileKind::okr;
  }
  std::vector<SourceFile> files;
  files.push_back(std::move(file));
  return load_sources(std::move(files));
}

} // namespace okr
