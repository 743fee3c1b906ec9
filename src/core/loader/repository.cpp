#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <fmt/format.h>
#include <iterator>
#include <mutex>
#include <set>
#include <system_error>
#include <unordered_set>

#include <okr/cache.hpp>
#include <okr/loader.hpp>
#include <okr/version.hpp>

#include "loader/cache.hpp"
#include "loader/check_record.hpp"
#include "loader/files.hpp"
#include "loader/yaml_tree.hpp"
#include "sys/build_id.hpp"
#include "sys/file_status.hpp"
#include "sys/folder.hpp"
#include "sys/read_file.hpp"
#include "sys/work_queue.hpp"

namespace fs = std::filesystem;

namespace okr {

namespace loader {

FileKind classify(std::string_view path, const Config& config);

} // namespace loader

namespace {

using loader::classify;

bool has_yaml_extension(std::string_view path) {
  return path.ends_with(".yaml") || path.ends_with(".yml");
}

bool is_under(std::string_view path, std::string_view dir) {
  return path.size() > dir.size() + 1 && path.substr(0, dir.size()) == dir &&
         path[dir.size()] == '/';
}

} // namespace

FileKind loader::classify(std::string_view path, const Config& config) {
  if (path == "okr.yaml") {
    return FileKind::config;
  }
  if (in_private_root(config, path)) {
    // The private repository's own okrs and checkins folders (its okr.yaml is not read).
    path.remove_prefix(config.private_prefix.size());
    if (path == "okr.yaml") {
      return FileKind::other;
    }
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

namespace {

void strip_bom(std::string& text) {
  if (text.size() >= 3 && static_cast<unsigned char>(text[0]) == 0xEF &&
      static_cast<unsigned char>(text[1]) == 0xBB && static_cast<unsigned char>(text[2]) == 0xBF) {
    text.erase(0, 3);
  }
}

constexpr std::int64_t k_max_size = 64 * 1024 * 1024;

/// The finding for a file too large to read.
Diagnostic oversize_finding(const std::string& path, std::int64_t size) {
  return {path,
          1,
          1,
          Severity::error,
          "syntax",
          fmt::format("the file is {} MB; OKR files are small texts and okr reads at most {} "
                      "MB, so split it or remove what does not belong",
                      static_cast<long long>(size) / (1024 * 1024), k_max_size / (1024 * 1024))};
}

/// The finding for a file okr will not open: not a regular file, or a link out of the
/// repository.
Diagnostic refused_finding(const std::string& path, std::string why) {
  return {path, 1, 1, Severity::error, "syntax", std::move(why)};
}

/// Where the symbolic link root/relative leads when that is outside the repository `root` (or,
/// for a file of the private repository, outside that one: `private_prefix`,
/// Config::private_prefix); nothing when it stays inside (or cannot be resolved: reading it
/// says why).
std::optional<std::string> link_outside(const fs::path& root, const std::string& relative,
                                        std::string_view private_prefix = {}) {
  std::error_code ec;
  const fs::path target = fs::canonical(root / relative, ec);
  if (ec) {
    return std::nullopt;
  }
  const bool in_private = !private_prefix.empty() && relative.starts_with(private_prefix);
  const fs::path top = fs::weakly_canonical(in_private ? root / private_prefix : root, ec);
  if (ec) {
    return std::nullopt;
  }
  if (sys::is_within(top, target)) {
    return std::nullopt;
  }
  return target.string();
}

/// Reads the whole file root/relative (sys::read_file) and strips its byte order mark; returns
/// an error message instead of throwing. A file larger than k_max_size is not read: `oversize`
/// gets its size (0 otherwise). A symbolic link is followed only when its target is inside the
/// repository, and only a regular file is ever opened (a FIFO would block).
std::optional<std::string> read_file(const fs::path& root, const std::string& relative,
                                     std::string& out, std::int64_t& oversize,
                                     std::string* refused = nullptr,
                                     std::string_view private_prefix = {}) {
  // A file okr will not read (not a regular file, a link out of the repository): a finding of
  // its own (in *refused) when the caller takes one, else an error.
  auto refuse = [&](std::string why) -> std::optional<std::string> {
    if (refused == nullptr) {
      return why;
    }
    *refused = std::move(why);
    return std::nullopt;
  };
  std::int64_t size = 0;
  const fs::path path = root / relative;
  int error = sys::read_file(path, k_max_size, out, size, false);
  if (error == ELOOP) {
    if (auto target = link_outside(root, relative, private_prefix)) {
      return refuse(
          fmt::format("a symbolic link to '{}', outside the repository: okr reads only files "
                      "inside it; replace the link with a copy of the file",
                      *target));
    }
    error = sys::read_file(path, k_max_size, out, size, true);
  }
  oversize = error == EFBIG ? size : 0;
  if (error == EFBIG) {
    return std::nullopt;
  }
  if (error == sys::k_not_regular) {
    return refuse("not a regular file (a FIFO, device, socket or folder): okr never opens one; "
                  "replace it with a regular file, or remove it");
  }
  if (error != 0) {
    return error < 0 ? std::string("the file shrank while okr read it")
                     : std::string(std::strerror(error));
  }
  strip_bom(out);
  return std::nullopt;
}

/// Sets config.private_prefix when the private repository is there: OKR_PRIVATE_DIR (relative to
/// the current folder) when set, else okr.yaml's private.path (relative to `root`). In memory
/// (`root` empty) private.path is taken as it is written. A folder that is not there is no
/// error: those without access to the private repository check the main one alone.
void resolve_private(const fs::path& root, Config& config) {
  config.private_prefix.clear();
  std::error_code ec;
  std::string relative;
  if (root.empty()) {
    if (config.private_path.empty() || fs::path(config.private_path).is_absolute()) {
      return;
    }
    relative = fs::path(config.private_path).lexically_normal().generic_string();
  } else {
    fs::path dir;
    if (const char* named = std::getenv("OKR_PRIVATE_DIR"); named && *named) {
      dir = fs::absolute(named, ec);
    } else if (!config.private_path.empty()) {
      dir = fs::absolute(root, ec) / config.private_path;
    } else {
      return;
    }
    if (ec || !fs::is_directory(dir, ec)) {
      return;
    }
    relative = dir.lexically_normal()
                   .lexically_relative(fs::absolute(root, ec).lexically_normal())
                   .generic_string();
  }
  while (!relative.empty() && relative.back() == '/') {
    relative.pop_back();
  }
  // The root itself, another drive, or a folder whose files the main repository lists already.
  if (relative.empty() || relative == "." || relative == config.okrs_path ||
      relative == config.checkins_path || is_under(relative, config.okrs_path) ||
      is_under(relative, config.checkins_path)) {
    return;
  }
  config.private_prefix = relative + "/";
}

/// Calls `visit` with each folder the files of a repository are listed from (root-relative):
/// the OKR files' and, with `checkins`, the check-ins', then the private repository's.
template <typename Visit> void for_each_folder(const Config& config, bool checkins, Visit visit) {
  const auto both = [&](const std::string& prefix) {
    visit(prefix + config.okrs_path);
    if (checkins && config.checkins_path != config.okrs_path) {
      visit(prefix + config.checkins_path);
    }
  };
  both(std::string());
  if (!config.private_prefix.empty()) {
    both(config.private_prefix);
  }
}

/// An OKR file of the private repository is private, whatever its `visibility` says.
void mark_private(const Repository& repo, OkrFile& file) {
  if (file.file < repo.files.size() && in_private_root(repo.config, repo.files[file.file].path)) {
    file.is_private = true;
  }
}

/// What loading one file produced.
struct Slot {
  loader::FileResult result;
  std::optional<std::string> read_error;
  // For the cache: the file's stamp and hash, and a view of the old cache's bytes when the
  // file is unchanged (a parsed file is encoded when the cache is written).
  std::optional<loader::FileStamp> stamp;
  loader::ContentHash hash;
  std::string_view cached_payload; ///< into the old cache: read only while it is open
  bool rehashed = false;
};

/// The entries of the new cache file, taken as the workers produce them and streamed to disk
/// (the encoded results are never all in memory at once). Nothing is written while every file
/// is unchanged, so a run where nothing changed leaves the cache file alone.
class CacheSink {
public:
  CacheSink(const loader::Cache& cache, std::int64_t run_start_ns)
      : m_cache(cache), m_run_start_ns(run_start_ns) {}

  /// `fresh`: the file was parsed, or its stamp changed.
  void add(const loader::Cache::NewEntry& entry, bool fresh) {
    std::lock_guard lock(m_mutex);
    add_locked(entry, fresh);
  }

  /// add() under a key made for this run (content_key()), which the sink keeps.
  void add(std::string key, const loader::Cache::Entry& entry, bool fresh) {
    std::lock_guard lock(m_mutex);
    add_locked({m_keys.emplace_back(std::move(key)), entry}, fresh);
  }

  void finish() {
    if (!m_writer && m_waiting.size() == m_cache.size()) {
      return; // the same files, all unchanged
    }
    open();
    m_writer->commit();
  }

private:
  void add_locked(const loader::Cache::NewEntry& entry, bool fresh) {
    if (!m_writer && !fresh) {
      m_waiting.push_back(entry); // views into the old cache, which outlives this sink
      return;
    }
    open();
    m_writer->add(entry);
  }

  void open() {
    if (m_writer) {
      return;
    }
    m_writer.emplace(m_cache, m_run_start_ns);
    for (const loader::Cache::NewEntry& e : m_waiting) {
      m_writer->add(e);
      m_cache.done_with(e.entry.payload);
    }
    std::vector<loader::Cache::NewEntry>().swap(m_waiting);
  }

  const loader::Cache& m_cache;
  std::int64_t m_run_start_ns;
  std::mutex m_mutex;
  std::optional<loader::Cache::Writer> m_writer;
  std::vector<loader::Cache::NewEntry> m_waiting;
  std::deque<std::string> m_keys; ///< the keys made for this run: m_waiting may view them
};

void parse_file(const SourceFile& source, std::uint32_t index, loader::FileResult& slot) {
  slot.suppressions = find_suppressions(source.text);
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

/// The digest of okr.yaml's bytes (0 without one), part of every DiskStamp and cache key.
std::uint64_t settings_digest(const std::vector<SourceFile>& files) {
  const bool has_config = !files.empty() && files[0].kind == FileKind::config;
  return has_config ? loader::short_hash(files[0].text) : 0;
}

/// The cache of a repository loaded from disk, or none (disabled, or no place for it).
std::optional<loader::Cache> open_cache(const Repository& repo, const LoadOptions& options) {
  // A partial load (no check-ins) would write a cache without them: it reads none.
  if (!options.use_cache || repo.root.empty() || !options.checkins) {
    return std::nullopt;
  }
  const fs::path dir = options.cache_dir.empty() ? default_cache_dir(repo.root) : options.cache_dir;
  if (dir.empty()) {
    return std::nullopt;
  }
  // Anything that changes what loading produces is in the key: okr's build and the settings.
  const bool has_config = !repo.files.empty() && repo.files[0].kind == FileKind::config;
  const std::uint64_t settings = settings_digest(repo.files);
  std::string key = fmt::format("okr {} build {}\nroot {}\nsettings {:016x} {}", version(),
                                sys::build_id(), repo.root, settings, has_config);
  const std::string name = fmt::format("check-{}.bin", loader::content_hash(repo.root).hex());
  return loader::Cache(dir / name, std::move(key));
}

/// Fills a slot from the cache when the file is unchanged; reads it otherwise. False when the
/// file must be parsed (its text is then in `source.text`).
bool load_cached(const loader::Cache& cache, const fs::path& root_dir,
                 std::string_view private_prefix, SourceFile& source, std::uint32_t index,
                 Slot& slot) {
  // A symbolic link is stamped by what it leads to, and only when that is inside the
  // repository: a link out of it is never taken from the cache nor put in it, so it is refused
  // every time (links are rare; for a file, lstat costs what stat does).
  const fs::path path = root_dir / source.path;
  if (auto own = sys::status_of(path, false); own && own->type == sys::FileType::link) {
    own = link_outside(root_dir, source.path, private_prefix) ? std::nullopt
                                                              : sys::status_of(path, true);
    if (own) {
      slot.stamp = loader::stamp_from(*own);
    }
  } else if (own) {
    slot.stamp = loader::stamp_from(*own);
  }
  const loader::Cache::Entry* old = cache.find(source.path);
  if (slot.stamp && old && old->stamp == *slot.stamp && cache.trusts(*slot.stamp) &&
      loader::Cache::decode(old->payload, index, slot.result)) {
    slot.hash = old->hash;
    slot.cached_payload = old->payload;
    cache.done_with(old->payload);
    return true;
  }
  std::int64_t oversize = 0;
  std::string refused;
  if (auto error =
          read_file(root_dir, source.path, source.text, oversize, &refused, private_prefix)) {
    slot.read_error = std::move(error);
    return true;
  }
  if (!refused.empty()) {
    slot.result.diagnostics.push_back(refused_finding(source.path, std::move(refused)));
    slot.stamp.reset(); // never cached: it is refused again next time
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
    cache.done_with(old->payload);
    return true;
  }
  return false;
}

/// okr.yaml first, then by path: the order of Repository::files.
void sort_files(std::vector<SourceFile>& files) {
  auto before = [](const SourceFile& a, const SourceFile& b) {
    if ((a.path == "okr.yaml") != (b.path == "okr.yaml")) {
      return a.path == "okr.yaml";
    }
    return a.path < b.path;
  };
  if (!std::is_sorted(files.begin(), files.end(), before)) { // as find_files() lists them
    std::sort(files.begin(), files.end(), before);
  }
}

/// The stamp of the files as loaded, when every one of them was stat'ed before it was read.
std::optional<DiskStamp> disk_stamp(const Repository& repo, const std::vector<Slot>& slots,
                                    std::size_t first, std::int64_t run_start_ns) {
  DiskStamp stamp;
  stamp.taken_ns = run_start_ns;
  std::uint64_t sum = 0;
  std::string_view folder;
  std::uint64_t folder_hash = loader::short_hash(folder);
  for (std::size_t i = first; i < slots.size(); ++i) {
    if (slots[i].read_error || !slots[i].stamp) {
      return std::nullopt;
    }
    const loader::FileStamp& s = *slots[i].stamp;
    const std::string_view path = repo.files[i].path;
    const std::size_t slash = path.rfind('/');
    const std::string_view dir = slash == std::string_view::npos ? "" : path.substr(0, slash);
    if (dir != folder) {
      folder = dir;
      folder_hash = loader::short_hash(folder);
    }
    sum += loader::file_digest(folder_hash, path.substr(dir.empty() ? 0 : slash + 1), s);
    stamp.newest_change_ns = std::max({stamp.newest_change_ns, s.mtime_ns, s.ctime_ns});
  }
  stamp.digest = loader::files_digest(settings_digest(repo.files), sum, slots.size() - first);
  return stamp;
}

/// The text given for `path` in place of the file on disk, or null.
const std::string* overlay(const LoadOptions& options, std::string_view path) {
  if (!options.overlays) {
    return nullptr;
  }
  const auto it = options.overlays->find(path);
  return it == options.overlays->end() ? nullptr : &it->second;
}

/// Loads the config (files[0] when it is okr.yaml), then every other file in parallel.
/// Reuses the cache's parse of a file read from elsewhere (`preloaded`: from git history) when
/// the cached file has the same bytes; its entry, whatever it holds, stays for the disk's file.
/// The cache's key for the parse of a preloaded file (one read from a commit) by its content:
/// no root-relative path begins with "//", so it is never a file's own entry.
std::string content_key(std::string_view path, const loader::ContentHash& hash) {
  return fmt::format("//{}/{}", hash.hex(), path);
}

/// False when the file must be parsed. A preloaded file is found under its path when the disk
/// holds the same bytes, else under its content (content_key()), as an earlier run that read
/// the same revision left it; the entry under its path is kept for the runs that read the disk.
bool load_preloaded(const loader::Cache& cache, CacheSink& sink, const SourceFile& source,
                    std::uint32_t index, Slot& slot) {
  slot.hash = loader::content_hash(source.text);
  const loader::Cache::Entry* old = cache.find(source.path);
  if (old) {
    sink.add({source.path, *old}, false);
    if (old->hash == slot.hash && loader::Cache::decode(old->payload, index, slot.result)) {
      return true;
    }
  }
  const std::string key = content_key(source.path, slot.hash);
  const loader::Cache::Entry* parsed = cache.find(key);
  if (parsed && parsed->hash == slot.hash &&
      loader::Cache::decode(parsed->payload, index, slot.result)) {
    sink.add(key, *parsed, false);
    return true;
  }
  slot.result = {};
  return false;
}

LoadResult assemble(std::vector<SourceFile> files, const fs::path* root_dir,
                    const LoadOptions& options, std::optional<DiskStamp>* stamp = nullptr,
                    const std::set<std::string, std::less<>>* preloaded = nullptr) {
  const std::int64_t run_start_ns = sys::now_ns();
  LoadResult result;
  Repository& repo = result.repo;
  if (root_dir) {
    repo.root = root_dir->string();
  }
  sort_files(files);
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
    resolve_private(root_dir ? *root_dir : fs::path(), repo.config);
    result.diagnostics = std::move(diagnostics);
    first = 1;
  }
  for (std::size_t i = first; i < repo.files.size(); ++i) {
    if (repo.files[i].kind == FileKind::other) {
      repo.files[i].kind = classify(repo.files[i].path, repo.config);
    }
  }
  std::optional<loader::Cache> cache = open_cache(repo, options);
  std::optional<CacheSink> sink;
  if (cache) {
    sink.emplace(*cache, run_start_ns);
  }
  std::vector<Slot> slots(repo.files.size());
  // Each OKR file and check-in goes straight into its place in the repository (file order)
  // from the worker that loaded it, so that no second copy of every check-in is ever held;
  // the places of files that did not load are removed afterwards.
  std::vector<std::size_t> place(repo.files.size(), 0);
  std::size_t okr_places = 0;
  std::size_t checkin_places = 0;
  for (std::size_t i = first; i < repo.files.size(); ++i) {
    if (repo.files[i].kind == FileKind::okr) {
      place[i] = okr_places++;
    } else if (repo.files[i].kind == FileKind::checkin) {
      place[i] = checkin_places++;
    }
  }
  repo.okr_files.resize(okr_places);
  repo.checkins.resize(checkin_places);
  std::vector<char> okr_loaded(okr_places, 0);
  std::vector<char> checkin_loaded(checkin_places, 0);
  auto settle = [&](std::size_t i, loader::FileResult& loaded) {
    const FileKind kind = repo.files[i].kind;
    if (loaded.okr && kind == FileKind::okr) {
      repo.okr_files[place[i]] = std::move(*loaded.okr);
      okr_loaded[place[i]] = 1;
      loaded.okr.reset();
    }
    if (loaded.checkin && kind == FileKind::checkin) {
      repo.checkins[place[i]] = std::move(*loaded.checkin);
      checkin_loaded[place[i]] = 1;
      loaded.checkin.reset();
    }
  };
  sys::parallel_for(repo.files.size() - first, options.jobs, [&](std::size_t k) {
    const std::size_t i = first + k;
    SourceFile& source = repo.files[i];
    // Read from a commit by the caller: no stamp, cached by its content.
    const bool from_commit = preloaded && preloaded->contains(source.path);
    Slot& slot = slots[i];
    const auto index = static_cast<std::uint32_t>(i);
    if (const std::string* text = overlay(options, source.path)) {
      source.text = *text; // kept: the disk does not hold it
      // The cache keeps what it holds of the file on disk (an editor's buffer is never
      // written): the entry stays as it was.
      if (sink) {
        if (const loader::Cache::Entry* old = cache->find(source.path)) {
          sink->add({source.path, *old}, false);
        }
      }
      parse_file(source, index, slot.result);
      settle(i, slot.result);
      return;
    }
    if (cache && from_commit) {
      if (load_preloaded(*cache, *sink, source, index, slot)) {
        settle(i, slot.result);
        return;
      }
    } else if (cache) {
      if (load_cached(*cache, *root_dir, repo.config.private_prefix, source, index, slot)) {
        if (slot.stamp && !slot.read_error && slot.cached_payload.data()) {
          sink->add({source.path, {*slot.stamp, slot.hash, slot.cached_payload}}, slot.rehashed);
        }
        settle(i, slot.result);
        std::string().swap(source.text);
        return;
      }
    } else if (root_dir && source.text.empty() && !from_commit) {
      std::int64_t oversize = 0;
      std::string refused;
      if (auto error = read_file(*root_dir, source.path, source.text, oversize, &refused,
                                 repo.config.private_prefix)) {
        slot.read_error = std::move(error);
        return;
      }
      if (!refused.empty()) {
        slot.result.diagnostics.push_back(refused_finding(source.path, std::move(refused)));
        return;
      }
      if (oversize > 0) {
        slot.result.diagnostics.push_back(oversize_finding(source.path, oversize));
        return;
      }
    }
    parse_file(source, index, slot.result);
    if (cache && (slot.stamp || from_commit)) {
      // One buffer per thread, reused: a string per file, grown by doubling and freed between
      // the model's own allocations, would leave holes in the heap that a cold run pays for.
      thread_local std::string encoded;
      loader::Cache::encode(slot.result, encoded);
      if (from_commit) {
        sink->add(content_key(source.path, slot.hash), {loader::FileStamp{}, slot.hash, encoded},
                  true);
      } else {
        sink->add({source.path, {*slot.stamp, slot.hash, encoded}}, true);
      }
    }
    settle(i, slot.result);
    if (root_dir && !from_commit && slot.result.diagnostics.empty()) {
      // Kept only where the loader found problems: check_repository() reads again the few
      // other files with findings (read_texts()); keeping every file's text would cost as much
      // memory as the repository's size.
      std::string().swap(source.text);
    }
  });
  if (cache) {
    sink->finish();
    sink.reset();
    cache.reset();
    if (stamp && !options.overlays) {
      *stamp = disk_stamp(repo, slots, first, run_start_ns);
    }
  }
  auto compact = [](auto& items, const std::vector<char>& loaded) {
    std::size_t kept = 0;
    for (std::size_t k = 0; k < items.size(); ++k) {
      if (loaded[k]) {
        if (kept != k) {
          items[kept] = std::move(items[k]);
        }
        ++kept;
      }
    }
    items.erase(items.begin() + static_cast<std::ptrdiff_t>(kept), items.end());
  };
  compact(repo.okr_files, okr_loaded);
  compact(repo.checkins, checkin_loaded);
  for (std::size_t i = first; i < slots.size(); ++i) {
    Slot& slot = slots[i];
    if (slot.read_error && !result.fatal) {
      result.fatal = fmt::format("cannot read '{}': {}", repo.files[i].path, *slot.read_error);
    }
    for (Suppression& suppression : slot.result.suppressions) {
      suppression.file = static_cast<std::uint32_t>(i);
      repo.suppressions.push_back(std::move(suppression));
    }
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
  if (!repo.config.private_prefix.empty()) {
    for (OkrFile& file : repo.okr_files) {
      mark_private(repo, file);
    }
  }
  return result;
}

/// What the files below a folder add to a DiskStamp: the sum of their file_digest() shares,
/// how many they are, the latest change among them; `failed` when one could not be stat'ed.
struct WalkDigest {
  std::uint64_t sum = 0;
  std::uint64_t count = 0;
  std::int64_t newest_change_ns = 0;
  bool failed = false;

  void add(const WalkDigest& other) {
    sum += other.sum;
    count += other.count;
    newest_change_ns = std::max(newest_change_ns, other.newest_change_ns);
    failed = failed || other.failed;
  }
};

/// What collect() does: list the files (`out`), or stat them into `digest`. A listing can also
/// record the folders it reads (`listed`), and a scan reuse the folders a listing recorded
/// (`known`, sorted by path) when their own stamps are unchanged.
struct Walk {
  std::vector<std::string>* out = nullptr;
  WalkDigest* digest = nullptr;
  std::vector<ListedFolder>* listed = nullptr;
  const std::vector<ListedFolder>* known = nullptr;
  std::size_t folders_read = 0;
  std::size_t folders_known = 0;
};

std::string join(const std::string& folder, std::string_view name) {
  std::string path;
  path.reserve(folder.size() + 1 + name.size());
  if (!folder.empty()) {
    path += folder;
    path += '/';
  }
  path += name;
  return path;
}

/// Sets `folder`'s device, inode and times from fstat(2) of it.
void take_stamp(ListedFolder& folder, const sys::FileStatus& status) {
  folder.device = status.device;
  folder.inode = status.inode;
  folder.mtime_ns = status.mtime_ns;
  folder.ctime_ns = status.ctime_ns;
}

/// The folder of `known` at `path` when `now` (fstat(2) of it) shows it unchanged.
const ListedFolder* unchanged_folder(const std::vector<ListedFolder>& known,
                                     const std::string& path, const sys::FileStatus& now) {
  const auto at =
      std::lower_bound(known.begin(), known.end(), path,
                       [](const ListedFolder& f, const std::string& p) { return f.path < p; });
  if (at == known.end() || at->path != path) {
    return nullptr;
  }
  ListedFolder seen;
  take_stamp(seen, now);
  if (at->device != seen.device || at->inode != seen.inode || at->mtime_ns != seen.mtime_ns ||
      at->ctime_ns != seen.ctime_ns) {
    return nullptr;
  }
  return &*at;
}

/// Every *.yaml / *.yml file below root/dir: as root-relative paths in `walk.out` (order not
/// defined), or, with `walk.digest`, stat(2)-ed (relative to the open folder, the cheapest way
/// to ask) and added to it without keeping their paths. Folders are read on `jobs` threads.
/// Directory symlinks are not followed (no loops, nothing outside the repository); names
/// starting with a dot are skipped.
void collect(const fs::path& root, const std::string& dir, unsigned jobs, Walk& walk,
             std::optional<std::string>& error) {
  std::error_code ec;
  if (!fs::is_directory(root / dir, ec)) {
    return;
  }
  std::string prefix = fs::path(dir).lexically_normal().generic_string();
  while (!prefix.empty() && prefix.back() == '/') {
    prefix.pop_back();
  }
  if (prefix == ".") {
    prefix.clear();
  }
  // A folder is recorded only when its stamp can be believed: on the root's local file system,
  // and last changed well before this listing began.
  const std::int64_t listed_at_ns = sys::now_ns();
  const sys::Folder root_folder(root);
  if (root_folder.error() != 0) {
    error = fmt::format("cannot read '{}': {}", root.string(), std::strerror(root_folder.error()));
    return;
  }
  bool record_folders = false;
  std::uint64_t root_device = 0;
  if (walk.listed) {
    const auto st = root_folder.status();
    if (st && root_folder.on_local_file_system()) {
      record_folders = true;
      root_device = st->device;
    }
  }
  auto believable = [&](const sys::FileStatus& st) {
    return st.device == root_device && st.mtime_ns < listed_at_ns - loader::k_racy_ns &&
           st.ctime_ns < listed_at_ns - loader::k_racy_ns;
  };

  std::mutex mutex;
  std::optional<std::pair<std::string, std::string>> failed; // folder, why (the first by name)

  // What one worker found, added to `walk` when it is done.
  struct Found {
    std::vector<std::string> files;
    WalkDigest sums;
    std::vector<ListedFolder> listed;
    std::size_t read = 0;
    std::size_t known = 0;
  };

  auto read_folder = [&](const std::string& folder, Found& found, std::vector<std::string>& next) {
    auto fail = [&](int why) {
      std::lock_guard lock(mutex);
      if (!failed || folder < failed->first) {
        failed.emplace(folder, std::strerror(why));
      }
    };
    // Opened relative to the root's descriptor: the root's own path is not looked up again.
    sys::Folder entries(root_folder, folder.empty() ? "." : folder.c_str(), walk.known != nullptr);
    if (entries.error() != 0) {
      fail(entries.error());
      return;
    }
    const std::uint64_t folder_hash = walk.digest ? loader::short_hash(folder) : 0;
    // A *.yaml entry that is not a folder: a file, or a link to anything.
    auto file_entry = [&](const char* name, sys::FileType type) {
      if (type == sys::FileType::link || walk.digest) {
        if (const auto st = entries.status_of(name, true)) {
          if (st->type == sys::FileType::folder) {
            return; // a link to a folder: not followed, and not a file
          }
          if (walk.digest) {
            const loader::FileStamp stamp = loader::stamp_from(*st);
            found.sums.sum += loader::file_digest(folder_hash, name, stamp);
            found.sums.newest_change_ns =
                std::max({found.sums.newest_change_ns, stamp.mtime_ns, stamp.ctime_ns});
          }
        } else if (walk.digest) {
          found.sums.failed = true; // loading says what is wrong with it
        }
        // A dangling link is listed: reading it says what is wrong.
      }
      if (walk.digest) {
        ++found.sums.count;
      } else {
        found.files.push_back(join(folder, name));
      }
    };

    // The folder's own stamp, taken before its entries are read: a change after it shows.
    std::optional<sys::FileStatus> self;
    if (record_folders || walk.known) {
      self = entries.status();
    }
    if (walk.known && self) {
      if (const ListedFolder* same = unchanged_folder(*walk.known, folder, *self)) {
        ++found.known;
        for (const std::string& name : same->folders) {
          next.push_back(join(folder, name));
        }
        for (const std::string& name : same->files) {
          file_entry(name.c_str(), sys::FileType::unknown);
        }
        return;
      }
    }
    ++found.read;
    entries.open_to_read();
    if (entries.error() != 0) {
      fail(entries.error());
      return;
    }
    ListedFolder* record = nullptr;
    if (record_folders && self && believable(*self)) {
      record = &found.listed.emplace_back();
      record->path = folder;
      take_stamp(*record, *self);
    }
    sys::Folder::Entry e;
    while (entries.next(e)) {
      const std::string_view name = e.name;
      if (name.empty() || name[0] == '.') {
        continue;
      }
      sys::FileType type = e.type;
      if (type == sys::FileType::unknown) {
        if (const auto st = entries.status_of(e.name, false)) {
          type = st->type == sys::FileType::folder || st->type == sys::FileType::link
                     ? st->type
                     : sys::FileType::file;
        }
      }
      if (type == sys::FileType::folder) {
        next.push_back(join(folder, name));
        if (record) {
          record->folders.emplace_back(name);
        }
        continue;
      }
      if (!has_yaml_extension(name)) {
        continue;
      }
      if (record) {
        record->files.emplace_back(name);
      }
      file_entry(e.name, type);
    }
    if (entries.error() != 0) {
      if (record) {
        found.listed.pop_back(); // read in part: not to be reused
      }
      fail(entries.error()); // a folder read in part is not listed as if it were whole
    }
  };

  sys::work_through<std::string, Found>({prefix}, jobs, read_folder, [&](Found& found) {
    // The threads add what they found one at a time.
    if (walk.digest) {
      walk.digest->add(found.sums);
    } else {
      std::move(found.files.begin(), found.files.end(), std::back_inserter(*walk.out));
    }
    if (walk.listed) {
      std::move(found.listed.begin(), found.listed.end(), std::back_inserter(*walk.listed));
    }
    walk.folders_read += found.read;
    walk.folders_known += found.known;
  });
  if (failed) {
    // Root-relative, as every path okr prints; the repository's root as given.
    error = fmt::format("cannot read '{}': {}", failed->first.empty() ? dir : failed->first,
                        failed->second);
  }
}

} // namespace

namespace {
std::optional<fs::path> main_of(const fs::path& dir);
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
      return main_of(d).value_or(d);
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

namespace {

/// okr.yaml, read and added to `files` when it exists (it says where the other files are), or
/// what stops okr from reading it.
std::optional<std::string> read_settings(const fs::path& root, std::vector<SourceFile>& files,
                                         Config& config, const std::string* overlaid = nullptr) {
  std::error_code ec;
  if (!fs::is_directory(root, ec)) {
    return fmt::format("cannot read '{}': not a folder", root.string());
  }
  const fs::path config_path = root / "okr.yaml";
  if (!overlaid && !fs::exists(config_path, ec)) {
    return std::nullopt;
  }
  SourceFile file;
  file.path = "okr.yaml";
  file.kind = FileKind::config;
  std::int64_t oversize = 0;
  if (overlaid) {
    file.text = *overlaid;
  } else if (auto error = read_file(root, file.path, file.text, oversize)) {
    return fmt::format("cannot read 'okr.yaml': {}", *error);
  }
  if (oversize > 0) {
    return fmt::format("cannot read 'okr.yaml': it is {} MB, far too large for settings",
                       static_cast<long long>(oversize) / (1024 * 1024));
  }
  std::vector<Diagnostic> ignored;
  if (auto node = loader::parse_yaml(file.text, file.path, ignored)) {
    loader::read_config(*node, 0, file.path, config, ignored);
  }
  files.push_back(std::move(file));
  return std::nullopt;
}

/// The main repository that the private repository `dir` belongs to: the folder its okr.yaml
/// names (`main: {path: ../acme}`), when that repository names `dir` back as its private one;
/// nothing otherwise (okr then works on `dir` alone).
std::optional<fs::path> main_of(const fs::path& dir) {
  std::vector<SourceFile> files;
  Config own;
  if (read_settings(dir, files, own) || own.main_path.empty()) {
    return std::nullopt;
  }
  std::error_code ec;
  const fs::path main = (dir / own.main_path).lexically_normal();
  std::vector<SourceFile> main_files;
  Config config;
  if (!fs::is_directory(main, ec) || read_settings(main, main_files, config)) {
    return std::nullopt;
  }
  resolve_private(main, config);
  if (config.private_prefix.empty() || !fs::equivalent(main / config.private_prefix, dir, ec) ||
      ec) {
    return std::nullopt;
  }
  return main;
}

/// okr.yaml and the paths of every other file to load, classified, okr.yaml first and the rest
/// sorted; or what stops okr from reading them. With `folders`, the folders read, recorded for
/// scan_repository() (sorted by path).
std::optional<std::string> find_files(const fs::path& root, const LoadOptions& options,
                                      std::vector<SourceFile>& files,
                                      std::vector<ListedFolder>* folders) {
  const bool checkins = options.checkins;
  const unsigned jobs = options.jobs;
  Config config;
  if (auto error = read_settings(root, files, config, overlay(options, "okr.yaml"))) {
    return error;
  }
  resolve_private(root, config);
  std::optional<std::string> error;
  std::vector<std::string> listed;
  Walk walk;
  walk.out = &listed;
  walk.listed = folders;
  for_each_folder(config, checkins,
                  [&](const std::string& folder) { collect(root, folder, jobs, walk, error); });
  if (folders) {
    // Nested okrs and checkins paths list some folders twice.
    std::sort(folders->begin(), folders->end(),
              [](const ListedFolder& a, const ListedFolder& b) { return a.path < b.path; });
    folders->erase(std::unique(folders->begin(), folders->end()), folders->end());
  }
  if (error) {
    return error;
  }
  // A buffer not yet saved: an overlay of an OKR or check-in file that is not on disk.
  if (options.overlays) {
    const std::unordered_set<std::string_view> on_disk(listed.begin(), listed.end());
    std::vector<std::string> added;
    for (const auto& entry : *options.overlays) {
      const FileKind kind = classify(entry.first, config);
      if ((kind == FileKind::okr || (checkins && kind == FileKind::checkin)) &&
          !on_disk.contains(entry.first)) {
        added.push_back(entry.first);
      }
    }
    listed.insert(listed.end(), added.begin(), added.end());
  }
  std::sort(listed.begin(), listed.end());
  files.reserve(files.size() + listed.size());
  for (std::string& path : listed) {
    SourceFile file;
    file.path = std::move(path);
    file.kind = classify(file.path, config);
    files.push_back(std::move(file));
  }
  return std::nullopt;
}

} // namespace

LoadResult load_repository(const fs::path& root, const LoadOptions& options) {
  return load_repository(root, options, nullptr);
}

std::string private_prefix(const fs::path& root) {
  std::vector<SourceFile> files;
  Config config;
  if (read_settings(root, files, config)) {
    return {};
  }
  resolve_private(root, config);
  return config.private_prefix;
}

LoadResult load_repository(const fs::path& root, const LoadOptions& options, Listing* listing) {
  std::vector<SourceFile> files;
  std::vector<ListedFolder> folders;
  const bool keep_folders = options.use_cache && options.checkins && listing;
  if (auto error = find_files(root, options, files, keep_folders ? &folders : nullptr)) {
    LoadResult result;
    result.fatal = std::move(error);
    return result;
  }
  std::error_code ec;
  const fs::path absolute = fs::absolute(root, ec);
  std::optional<DiskStamp> stamp;
  LoadResult result = assemble(std::move(files), &absolute, options, &stamp);
  result.stamp = stamp;
  if (listing) {
    listing->stamp = stamp;
    if (stamp) {
      listing->folders = std::move(folders);
    }
  }
  return result;
}

std::optional<Scan> scan_repository(const fs::path& root, const std::vector<ListedFolder>& known) {
  Scan scan;
  scan.stamp.taken_ns = sys::now_ns();
  std::vector<SourceFile> settings;
  Config config;
  if (read_settings(root, settings, config)) {
    return std::nullopt;
  }
  // The files load_repository() would read, stat'ed in any order: their shares of the digest
  // add up to what disk_stamp() computes from the sorted list.
  WalkDigest files;
  Walk walk;
  walk.digest = &files;
  walk.known = known.empty() ? nullptr : &known;
  resolve_private(root, config);
  std::optional<std::string> error;
  for_each_folder(config, true,
                  [&](const std::string& folder) { collect(root, folder, 0, walk, error); });
  if (error || files.failed) {
    return std::nullopt;
  }
  std::error_code ec;
  scan.root = fs::absolute(root, ec).string();
  scan.stamp.digest = loader::files_digest(settings_digest(settings), files.sum, files.count);
  scan.stamp.newest_change_ns = files.newest_change_ns;
  scan.folders_read = walk.folders_read;
  scan.folders_known = walk.folders_known;
  return scan;
}

LoadResult loader::load_overlay(const fs::path& root, std::vector<SourceFile> overlay,
                                const LoadOptions& options) {
  std::vector<SourceFile> files;
  if (auto error = find_files(root, options, files, nullptr)) {
    LoadResult result;
    result.fatal = std::move(error);
    return result;
  }
  // The cache is keyed by okr.yaml's bytes: with other settings it is not this one.
  const bool same_settings = settings_digest(files) == settings_digest(overlay);
  // The private repository's OKR files come from its working tree: its history is its own.
  Config config;
  if (!files.empty() && files[0].kind == FileKind::config) {
    std::vector<SourceFile> ignored;
    read_settings(root, ignored, config);
    resolve_private(root, config);
  }
  std::erase_if(files, [&](const SourceFile& f) {
    return f.kind == FileKind::config ||
           (f.kind == FileKind::okr && !in_private_root(config, f.path));
  });
  std::set<std::string, std::less<>> preloaded;
  for (SourceFile& file : overlay) {
    preloaded.insert(file.path);
    files.push_back(std::move(file));
  }
  LoadOptions load = options;
  load.use_cache = options.use_cache && same_settings;
  std::error_code ec;
  const fs::path absolute = fs::absolute(root, ec);
  return assemble(std::move(files), &absolute, load, nullptr, &preloaded);
}

std::optional<std::string> loader::list_files(const fs::path& root, bool checkins,
                                              std::vector<SourceFile>& files) {
  LoadOptions options;
  options.checkins = checkins;
  return find_files(root, options, files, nullptr);
}

std::optional<std::string> loader::read_text(const fs::path& root, SourceFile& file) {
  std::int64_t oversize = 0;
  if (auto error = read_file(root, file.path, file.text, oversize)) {
    return error;
  }
  if (oversize > 0) {
    return fmt::format("it is {} MB; okr reads at most {} MB",
                       static_cast<long long>(oversize) / (1024 * 1024),
                       k_max_size / (1024 * 1024));
  }
  return std::nullopt;
}

void read_texts(Repository& repo, const std::function<bool(std::string_view path)>& wanted) {
  if (repo.root.empty()) {
    return; // in memory: every text is kept
  }
  for (SourceFile& file : repo.files) {
    if (file.text.empty() && wanted(file.path)) {
      std::int64_t oversize = 0;
      if (read_file(fs::path(repo.root), file.path, file.text, oversize) || oversize > 0) {
        file.text.clear();
      }
    }
  }
}

bool reparse_file(Repository& repo, std::uint32_t index, std::string text,
                  std::vector<Diagnostic>& findings) {
  if (index >= repo.files.size() || repo.files[index].kind == FileKind::config) {
    return false;
  }
  SourceFile& source = repo.files[index];
  source.text = std::move(text); // as an overlay's: kept, no byte-order mark removed
  loader::FileResult result;
  parse_file(source, index, result);
  if (result.okr) {
    mark_private(repo, *result.okr);
  }
  // Each list stays in file order, as assemble() leaves it.
  const auto replace = [index](auto& items, auto item) {
    const auto first = std::lower_bound(items.begin(), items.end(), index,
                                        [](const auto& x, std::uint32_t i) { return x.file < i; });
    auto last = first;
    while (last != items.end() && last->file == index) {
      ++last;
    }
    const auto at = items.erase(first, last);
    if (item) {
      items.insert(at, std::move(*item));
    }
  };
  replace(repo.okr_files, std::move(result.okr));
  replace(repo.checkins, std::move(result.checkin));
  std::erase_if(repo.suppressions, [index](const Suppression& s) { return s.file == index; });
  for (Suppression& suppression : result.suppressions) {
    suppression.file = index;
  }
  const auto at =
      std::lower_bound(repo.suppressions.begin(), repo.suppressions.end(), index,
                       [](const Suppression& s, std::uint32_t i) { return s.file < i; });
  repo.suppressions.insert(at, std::make_move_iterator(result.suppressions.begin()),
                           std::make_move_iterator(result.suppressions.end()));
  findings = std::move(result.diagnostics);
  return true;
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
