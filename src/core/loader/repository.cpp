#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <system_error>
#include <thread>
#include <unistd.h>

#include <okr/cache.hpp>
#include <okr/loader.hpp>
#include <okr/version.hpp>

#include "loader/cache.hpp"
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

constexpr off_t k_max_size = 64 * 1024 * 1024;

/// The finding for a file too large to read.
Diagnostic oversize_finding(const std::string& path, off_t size) {
  return {path,
          1,
          1,
          Severity::error,
          "syntax",
          fmt::format("the file is {} MB; OKR files are small texts and okr reads at most {} "
                      "MB, so split it or remove what does not belong",
                      static_cast<long long>(size) / (1024 * 1024), k_max_size / (1024 * 1024))};
}

/// Reads a whole file with one read(2) call (files never change size while okr reads them;
/// a short read is retried); returns an error message instead of throwing. A file larger
/// than k_max_size is not read: `oversize` gets its size (0 otherwise).
std::optional<std::string> read_file(const fs::path& path, std::string& out, off_t& oversize) {
  oversize = 0;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return std::string(std::strerror(errno));
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    const int error = errno;
    ::close(fd);
    return std::string(std::strerror(error));
  }
  if (st.st_size > k_max_size) {
    ::close(fd);
    oversize = st.st_size;
    return std::nullopt;
  }
  out.resize(static_cast<std::size_t>(st.st_size));
  std::size_t done = 0;
  while (done < out.size()) {
    const ssize_t n = ::read(fd, out.data() + done, out.size() - done);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      const int error = errno;
      ::close(fd);
      return n == 0 ? std::string("the file shrank while okr read it")
                    : std::string(std::strerror(error));
    }
    done += static_cast<std::size_t>(n);
  }
  ::close(fd);
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

/// What loading one file produced.
struct Slot {
  loader::FileResult result;
  std::optional<std::string> read_error;
  // For the cache: the file's stamp and hash, and a view of the old cache's bytes when the
  // file is unchanged (a parsed file is encoded when the cache is written).
  std::optional<loader::FileStamp> stamp;
  std::uint64_t hash = 0;
  std::string_view cached_payload;
  bool rehashed = false;
};

void parse_file(const SourceFile& source, std::uint32_t index, loader::FileResult& slot) {
  slot.suppressions = source.text.find(k_suppression_marker) != std::string::npos;
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
    if (auto okr = loader::read_okr_file(*root, index, source.path, slot.diagnostics)) {
      slot.okr = std::make_unique<OkrFile>(std::move(*okr));
    }
  } else if (source.kind == FileKind::checkin) {
    if (auto checkin = loader::read_checkin(*root, index, source.path, slot.diagnostics)) {
      slot.checkin = std::make_unique<Checkin>(std::move(*checkin));
    }
  }
}

/// The cache of a repository loaded from disk, or none (disabled, or no place for it).
std::optional<loader::Cache> open_cache(const Repository& repo, const LoadOptions& options) {
  if (!options.use_cache || repo.root.empty()) {
    return std::nullopt;
  }
  const fs::path dir = options.cache_dir.empty() ? default_cache_dir(repo.root) : options.cache_dir;
  if (dir.empty()) {
    return std::nullopt;
  }
  // Anything that changes what loading produces is in the key: okr's build and the settings.
  const bool has_config = !repo.files.empty() && repo.files[0].kind == FileKind::config;
  const std::uint64_t settings = has_config ? loader::content_hash(repo.files[0].text) : 0;
  std::string key = fmt::format("okr {} {}\nroot {}\nsettings {:016x} {}", version(), git_commit(),
                                repo.root, settings, has_config);
  const std::string name = fmt::format("check-{:016x}.bin", loader::content_hash(repo.root));
  return loader::Cache(dir / name, std::move(key));
}

/// Fills a slot from the cache when the file is unchanged; reads it otherwise. False when the
/// file must be parsed (its text is then in `source.text`).
bool load_cached(const loader::Cache& cache, const fs::path& root_dir, SourceFile& source,
                 std::uint32_t index, Slot& slot) {
  slot.stamp = loader::stamp_of(root_dir / source.path);
  const loader::Cache::Entry* old = cache.find(source.path);
  if (slot.stamp && old && old->stamp == *slot.stamp && cache.trusts(*slot.stamp) &&
      loader::Cache::decode(old->payload, index, slot.result)) {
    slot.hash = old->hash;
    slot.cached_payload = old->payload;
    return true;
  }
  off_t oversize = 0;
  if (auto error = read_file(root_dir / source.path, source.text, oversize)) {
    slot.read_error = std::move(error);
    return true;
  }
  if (oversize > 0) {
    slot.result.diagnostics.push_back(oversize_finding(source.path, oversize));
    slot.stamp.reset(); // never cached: it is read (and refused) again next time
    return true;
  }
  slot.hash = loader::content_hash(source.text);
  if (old && old->hash == slot.hash && loader::Cache::decode(old->payload, index, slot.result)) {
    slot.cached_payload = old->payload;
    slot.rehashed = true; // rewrite the cache so that the next run can trust the stamp
    return true;
  }
  return false;
}

/// Loads the config (files[0] when it is okr.yaml), then every other file in parallel.
LoadResult assemble(std::vector<SourceFile> files, const fs::path* root_dir,
                    const LoadOptions& options) {
  const std::int64_t run_start_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                                        std::chrono::system_clock::now().time_since_epoch())
                                        .count();
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
  std::optional<loader::Cache> cache = open_cache(repo, options);
  std::vector<Slot> slots(repo.files.size());
  std::atomic<bool> changed{false};
  parallel_for(repo.files.size() - first, options.jobs, [&](std::size_t k) {
    const std::size_t i = first + k;
    SourceFile& source = repo.files[i];
    const auto index = static_cast<std::uint32_t>(i);
    if (cache) {
      if (load_cached(*cache, *root_dir, source, index, slots[i])) {
        if (!slots[i].cached_payload.data() || slots[i].rehashed) {
          changed = true;
        }
        std::string().swap(source.text);
        return;
      }
    } else if (root_dir && source.text.empty()) {
      off_t oversize = 0;
      if (auto error = read_file(*root_dir / source.path, source.text, oversize)) {
        slots[i].read_error = std::move(error);
        return;
      }
      if (oversize > 0) {
        slots[i].result.diagnostics.push_back(oversize_finding(source.path, oversize));
        return;
      }
    }
    parse_file(source, index, slots[i].result);
    if (cache) {
      changed = true; // encoded when the cache is written
    }
    if (root_dir) {
      // source_text() reads it again for the few files with findings; keeping every file's
      // text would cost as much memory as the repository's size.
      std::string().swap(source.text);
    }
  });
  if (cache) {
    std::vector<loader::Cache::NewEntry> entries;
    entries.reserve(slots.size());
    for (std::size_t i = first; i < slots.size(); ++i) {
      const Slot& slot = slots[i];
      if (!slot.read_error && slot.stamp) {
        entries.push_back({repo.files[i].path,
                           {*slot.stamp, slot.hash, slot.cached_payload},
                           slot.cached_payload.data() ? nullptr : &slot.result});
      }
    }
    if (changed || entries.size() != cache->size()) {
      cache->write(entries, run_start_ns);
    }
    cache.reset();
  }
  std::size_t okr_count = 0;
  std::size_t checkin_count = 0;
  for (const Slot& slot : slots) {
    okr_count += slot.result.okr ? 1 : 0;
    checkin_count += slot.result.checkin ? 1 : 0;
  }
  repo.okr_files.reserve(okr_count);
  repo.checkins.reserve(checkin_count);
  for (std::size_t i = first; i < slots.size(); ++i) {
    Slot& slot = slots[i];
    if (slot.read_error && !result.fatal) {
      result.fatal = fmt::format("cannot read '{}': {}", repo.files[i].path, *slot.read_error);
    }
    repo.files[i].suppressions = slot.result.suppressions;
    if (slot.result.okr) {
      repo.okr_files.push_back(std::move(*slot.result.okr));
      slot.result.okr.reset();
    }
    if (slot.result.checkin) {
      repo.checkins.push_back(std::move(*slot.result.checkin));
      slot.result.checkin.reset();
    }
    std::move(slot.result.diagnostics.begin(), slot.result.diagnostics.end(),
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
    // The entry's path is root / dir / ...: cut the prefix (fs::relative would resolve
    // symlinks with a system call per file).
    SourceFile file;
    file.path =
        (fs::path(dir) / entry.path().lexically_relative(base)).lexically_normal().generic_string();
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
    off_t oversize = 0;
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

std::string source_text(const Repository& repo, const SourceFile& file) {
  if (!file.text.empty() || repo.root.empty()) {
    return file.text;
  }
  std::string text;
  off_t oversize = 0;
  if (read_file(fs::path(repo.root) / file.path, text, oversize)) {
    return {};
  }
  return text;
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
