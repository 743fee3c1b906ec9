// The git history of an OKR repository, read with libgit2: the only file of okr that includes
// it. Objects are read from git's object database; nothing is checked out and no process runs.

#include <algorithm>
#include <fmt/format.h>
#include <git2.h>
#include <map>
#include <mutex>
#include <unordered_map>

#include <okr/history.hpp>

#include "loader/files.hpp"
#include "loader/yaml_tree.hpp"

namespace fs = std::filesystem;

namespace okr {

namespace {

/// libgit2's last error, in words.
std::string libgit2_error(std::string_view what) {
  const ::git_error* e = git_error_last();
  return e && e->message ? fmt::format("{}: {}", what, e->message) : std::string(what);
}

template <typename T, void (*Free)(T*)> struct Owned {
  T* p = nullptr;
  Owned() = default;
  Owned(const Owned&) = delete;
  Owned& operator=(const Owned&) = delete;
  ~Owned() {
    if (p) {
      Free(p);
    }
  }
  T** out() { return &p; }
  T* get() const { return p; }
};
using OwnedCommit = Owned<git_commit, git_commit_free>;
using OwnedTree = Owned<git_tree, git_tree_free>;
using OwnedBlob = Owned<git_blob, git_blob_free>;
using OwnedObject = Owned<git_object, git_object_free>;
using OwnedEntry = Owned<git_tree_entry, git_tree_entry_free>;
using OwnedDiff = Owned<git_diff, git_diff_free>;

Date day_of(git_time_t time, int offset_minutes) {
  const std::int64_t seconds = static_cast<std::int64_t>(time) + offset_minutes * 60LL;
  std::int64_t days = seconds / 86400;
  if (seconds % 86400 < 0) {
    --days;
  }
  return Date::from_days(static_cast<int>(days));
}

Commit describe_commit(const git_commit* c) {
  Commit out;
  char hex[GIT_OID_HEXSZ + 1] = {};
  git_oid_tostr(hex, sizeof hex, git_commit_id(c));
  out.id = hex;
  out.short_id = out.id.substr(0, 7);
  if (const git_signature* author = git_commit_author(c)) {
    out.author = author->name ? author->name : "";
    out.email = author->email ? author->email : "";
    out.author_date = day_of(author->when.time, author->when.offset);
  }
  const char* summary = git_commit_summary(const_cast<git_commit*>(c));
  out.summary = summary ? summary : "";
  out.time = git_commit_time(c);
  out.offset = git_commit_time_offset(c);
  out.date = day_of(git_commit_time(c), out.offset);
  out.merge = git_commit_parentcount(c) > 1;
  return out;
}

bool yaml_name(std::string_view name) {
  return name.ends_with(".yaml") || name.ends_with(".yml");
}

std::string join(std::string_view a, std::string_view b) {
  if (a.empty()) {
    return std::string(b);
  }
  if (b.empty()) {
    return std::string(a);
  }
  return fmt::format("{}/{}", a, b);
}

/// "a/b/../c" → "a/c"; nullopt when it climbs above the top.
std::optional<std::string> normalize(std::string_view path) {
  std::vector<std::string_view> parts;
  while (!path.empty()) {
    const std::size_t slash = path.find('/');
    const std::string_view part = path.substr(0, slash);
    path = slash == std::string_view::npos ? std::string_view() : path.substr(slash + 1);
    if (part.empty() || part == ".") {
      continue;
    }
    if (part == "..") {
      if (parts.empty()) {
        return std::nullopt;
      }
      parts.pop_back();
      continue;
    }
    parts.push_back(part);
  }
  std::string out;
  for (std::string_view part : parts) {
    out = join(out, part);
  }
  return out;
}

/// git_diff_options limited to one folder of the OKR root (git's pathspec), with FLAGS.
class FolderDiffOptions {
public:
  FolderDiffOptions(const std::string& prefix, const std::string& folder, std::uint32_t flags = 0)
      : m_spec(join(prefix, folder)) {
    git_diff_options_init(&m_options, GIT_DIFF_OPTIONS_VERSION);
    m_options.flags = flags;
    if (!m_spec.empty()) {
      m_specs[0] = m_spec.data();
      m_options.pathspec.strings = m_specs;
      m_options.pathspec.count = 1;
    }
  }
  FolderDiffOptions(const FolderDiffOptions&) = delete;
  FolderDiffOptions& operator=(const FolderDiffOptions&) = delete;
  const git_diff_options* get() const { return &m_options; }

private:
  std::string m_spec;
  char* m_specs[1] = {nullptr};
  git_diff_options m_options{};
};

/// Every path a diff touches, old side and new, relative to the OKR root (SKIP characters of
/// prefix cut), sorted, each once.
std::vector<std::string> touched_paths(git_diff* diff, std::size_t skip) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < git_diff_num_deltas(diff); ++i) {
    const git_diff_delta* delta = git_diff_get_delta(diff, i);
    for (const char* p : {delta->old_file.path, delta->new_file.path}) {
      if (p && std::string_view(p).size() > skip) {
        out.emplace_back(std::string_view(p).substr(skip));
      }
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

} // namespace

struct History::Impl {
  git_repository* repo = nullptr;
  /// libgit2 objects are not to be shared between threads: one lock for every read.
  mutable std::mutex mutex;
  ~Impl() { git_repository_free(repo); }

  bool lookup(const std::string& id, OwnedCommit& out) const {
    git_oid oid;
    return git_oid_fromstr(&oid, id.c_str()) == 0 && git_commit_lookup(out.out(), repo, &oid) == 0;
  }

  /// HEAD's commit, or null (no commits yet).
  bool head(OwnedCommit& out) const {
    OwnedObject object;
    if (git_revparse_single(object.out(), repo, "HEAD") != 0) {
      return false;
    }
    return git_object_peel(reinterpret_cast<git_object**>(out.out()), object.get(),
                           GIT_OBJECT_COMMIT) == 0;
  }

  /// Walks HEAD's first-parent line, newest first, until `visit` returns true or the line ends
  /// (its root, or the edge of a shallow history).
  template <typename F> void walk_first_parents(const git_commit* start, F&& visit) const {
    OwnedCommit current;
    if (git_commit_dup(current.out(), const_cast<git_commit*>(start)) != 0) {
      return;
    }
    for (;;) {
      if (visit(current.get())) {
        return;
      }
      if (git_commit_parentcount(current.get()) == 0) {
        return;
      }
      OwnedCommit parent;
      if (git_commit_parent(parent.out(), current.get(), 0) != 0) {
        return; // not in the object database: a shallow clone's edge
      }
      std::swap(current.p, parent.p);
    }
  }
};

namespace {

/// The files of the OKR root in one commit's tree.
class CommitSource final : public FileSource {
public:
  CommitSource(const History::Impl& impl, Commit commit, std::string prefix)
      : m_impl(&impl), m_commit(std::move(commit)), m_prefix(std::move(prefix)) {}

  std::string name() const override { return fmt::format("commit {}", m_commit.short_id); }

  std::optional<std::string> list(bool checkins, std::vector<SourceFile>& files) const override {
    std::lock_guard lock(m_impl->mutex);
    if (auto error = load_tree()) {
      return error;
    }
    Config config;
    if (find_blob("okr.yaml")) {
      SourceFile settings;
      settings.path = "okr.yaml";
      settings.kind = FileKind::config;
      if (auto error = read_locked(settings)) {
        return error;
      }
      std::vector<Diagnostic> ignored;
      if (auto node = loader::parse_yaml(settings.text, settings.path, ignored)) {
        loader::read_config(*node, 0, settings.path, config, ignored);
      }
      files.push_back(std::move(settings));
    }
    std::vector<std::string> folders = {config.okrs_path};
    if (checkins && config.checkins_path != config.okrs_path) {
      folders.push_back(config.checkins_path);
    }
    std::vector<std::string> paths;
    for (const std::string& folder : folders) {
      collect(folder, paths);
    }
    std::sort(paths.begin(), paths.end());
    paths.erase(std::unique(paths.begin(), paths.end()), paths.end());
    for (std::string& path : paths) {
      SourceFile file;
      file.kind = loader::classify(path, config);
      file.path = std::move(path);
      if (file.kind == FileKind::checkin && !checkins) {
        continue;
      }
      files.push_back(std::move(file));
    }
    return std::nullopt;
  }

  std::optional<std::string> read(SourceFile& file) const override {
    std::lock_guard lock(m_impl->mutex);
    if (auto error = load_tree()) {
      return error;
    }
    return read_locked(file);
  }

private:
  std::optional<std::string> load_tree() const {
    if (m_tree.get()) {
      return std::nullopt;
    }
    OwnedCommit commit;
    if (!m_impl->lookup(m_commit.id, commit) || git_commit_tree(m_tree.out(), commit.get()) != 0) {
      return libgit2_error(fmt::format("cannot read the files of commit {}", m_commit.short_id));
    }
    return std::nullopt;
  }

  /// The entry at an OKR-root-relative path, or null.
  bool entry(const std::string& path, OwnedEntry& out) const {
    const std::string full = join(m_prefix, path);
    return !full.empty() && git_tree_entry_bypath(out.out(), m_tree.get(), full.c_str()) == 0;
  }

  bool find_blob(const std::string& path) const {
    OwnedEntry e;
    return entry(path, e) && git_tree_entry_type(e.get()) == GIT_OBJECT_BLOB;
  }

  /// Every *.yaml and *.yml below `folder`, as the working tree's listing finds them (names
  /// beginning with '.' skipped), OKR-root-relative.
  void collect(const std::string& folder, std::vector<std::string>& paths) const {
    OwnedEntry e;
    if (!entry(folder, e) || git_tree_entry_type(e.get()) != GIT_OBJECT_TREE) {
      return;
    }
    OwnedTree tree;
    if (git_tree_lookup(tree.out(), m_impl->repo, git_tree_entry_id(e.get())) != 0) {
      return;
    }
    struct Walk {
      const std::string* folder;
      std::vector<std::string>* paths;
      std::unordered_map<std::string, Listed>* listed;
    } walk{&folder, &paths, &m_listed};
    git_tree_walk(
        tree.get(), GIT_TREEWALK_PRE,
        [](const char* root, const git_tree_entry* item, void* payload) -> int {
          auto* w = static_cast<Walk*>(payload);
          const std::string_view name = git_tree_entry_name(item);
          if (name.empty() || name[0] == '.') {
            return 1; // skipped, and a folder's contents with it
          }
          if (git_tree_entry_type(item) == GIT_OBJECT_BLOB && yaml_name(name)) {
            // `root` is "" or the subfolder with a trailing slash.
            w->paths->push_back(join(*w->folder, std::string(root) + std::string(name)));
            w->listed->insert_or_assign(
                w->paths->back(), Listed{*git_tree_entry_id(item), git_tree_entry_filemode(item)});
          }
          return 0;
        },
        &walk);
  }

  std::optional<std::string> read_locked(SourceFile& file) const {
    std::string path = file.path;
    // A link (mode 120000) holds the path it points to, not content: follow it inside the
    // commit, as the file system follows it in the working tree.
    for (int hops = 0;; ++hops) {
      // A listed file's blob is known from the listing's walk: looking each path up from the
      // root would parse the trees above it again for every file.
      Listed found;
      if (const auto at = m_listed.find(path); at != m_listed.end()) {
        found = at->second;
      } else {
        OwnedEntry e;
        if (!entry(path, e) || git_tree_entry_type(e.get()) != GIT_OBJECT_BLOB) {
          return fmt::format("no such file in commit {}", m_commit.short_id);
        }
        found = Listed{*git_tree_entry_id(e.get()), git_tree_entry_filemode(e.get())};
      }
      OwnedBlob blob;
      if (git_blob_lookup(blob.out(), m_impl->repo, &found.id) != 0) {
        return libgit2_error("cannot read it");
      }
      const auto size = static_cast<std::size_t>(git_blob_rawsize(blob.get()));
      const char* bytes = static_cast<const char*>(git_blob_rawcontent(blob.get()));
      if (found.mode != GIT_FILEMODE_LINK) {
        constexpr std::size_t k_max_size = 64 * 1024 * 1024;
        if (size > k_max_size) {
          return fmt::format("it is {} MB; okr reads at most 64 MB", size / (1024 * 1024));
        }
        file.text.assign(bytes, size);
        if (file.text.starts_with("\xEF\xBB\xBF")) {
          file.text.erase(0, 3);
        }
        return std::nullopt;
      }
      const std::string target(bytes, size);
      const std::size_t slash = path.rfind('/');
      const std::string dir = slash == std::string::npos ? "" : path.substr(0, slash);
      auto next = target.starts_with("/") ? std::nullopt : normalize(join(dir, target));
      if (!next || hops == 8) {
        return fmt::format("a link to '{}', which is not a file of commit {}", target,
                           m_commit.short_id);
      }
      path = *next;
    }
  }

  /// A blob entry of the commit's tree.
  struct Listed {
    git_oid id{};
    git_filemode_t mode = GIT_FILEMODE_UNREADABLE;
  };

  const History::Impl* m_impl; ///< the History outlives every source it gives
  Commit m_commit;
  std::string m_prefix;
  mutable OwnedTree m_tree;
  mutable std::unordered_map<std::string, Listed> m_listed; ///< the files list() found, by path
};

} // namespace

History::History(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
History::~History() = default;

namespace {

/// Whether a git repository may hold `folder`: it or a folder above it has a `.git` entry, or
/// is itself a git folder (holds a HEAD). Nothing else can make libgit2's search succeed, so a
/// folder outside any repository is told without starting libgit2, whose start-up reads the
/// system's TLS certificates (12 ms on every run of a statically linked okr).
bool may_be_in_repository(const fs::path& folder) {
  std::error_code ec;
  for (fs::path at = folder;; at = at.parent_path()) {
    if (fs::exists(fs::symlink_status(at / ".git", ec)) ||
        fs::exists(fs::symlink_status(at / "HEAD", ec))) {
      return true;
    }
    if (!at.has_relative_path()) {
      return false;
    }
  }
}

} // namespace

std::unique_ptr<History> History::open(const fs::path& root, std::string& error) {
  std::error_code ec;
  const fs::path absolute = fs::weakly_canonical(fs::absolute(root, ec), ec);
  if (!may_be_in_repository(absolute)) {
    error = fmt::format("'{}' is not in a git repository", root.string());
    return nullptr;
  }
  static std::once_flag once;
  std::call_once(once, [] {
    git_libgit2_init();
    // okr only reads, and git does not hash every object it reads either (git fsck does):
    // verifying each object read cost 12% of a warm `okr score --as-of` (SHA-1 with collision
    // detection), on every run.
    git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
  });
  auto impl = std::make_unique<Impl>();
  if (git_repository_open_ext(&impl->repo, absolute.c_str(), 0, nullptr) != 0) {
    error = fmt::format("'{}' is not in a git repository", root.string());
    return nullptr;
  }
  const char* workdir = git_repository_workdir(impl->repo);
  if (!workdir) {
    error = fmt::format("'{}' is in a bare git repository, which has no work tree", root.string());
    return nullptr;
  }
  const fs::path top = fs::weakly_canonical(fs::path(workdir), ec);
  const fs::path relative = absolute.lexically_relative(top);
  std::unique_ptr<History> history(new History(std::move(impl)));
  const std::string prefix = relative.generic_string();
  history->m_prefix = prefix == "." ? "" : prefix;
  if (history->m_prefix.starts_with("..")) {
    error = fmt::format("'{}' is outside the work tree of its git repository", root.string());
    return nullptr;
  }
  return history;
}

bool History::shallow() const {
  return git_repository_is_shallow(m_impl->repo) == 1;
}

std::optional<Commit> History::head() const {
  std::lock_guard lock(m_impl->mutex);
  OwnedCommit commit;
  if (!m_impl->head(commit)) {
    return std::nullopt;
  }
  return describe_commit(commit.get());
}

std::optional<Commit> History::as_of(Date date) const {
  std::lock_guard lock(m_impl->mutex);
  OwnedCommit head;
  if (!m_impl->head(head)) {
    return std::nullopt;
  }
  std::optional<Commit> found;
  m_impl->walk_first_parents(head.get(), [&](const git_commit* c) {
    if (day_of(git_commit_time(c), git_commit_time_offset(c)) <= date) {
      found = describe_commit(c);
      return true;
    }
    return false;
  });
  return found;
}

std::optional<Date> History::first_date() const {
  std::lock_guard lock(m_impl->mutex);
  OwnedCommit head;
  if (!m_impl->head(head)) {
    return std::nullopt;
  }
  std::optional<Date> oldest;
  m_impl->walk_first_parents(head.get(), [&](const git_commit* c) {
    oldest = day_of(git_commit_time(c), git_commit_time_offset(c));
    return false;
  });
  return oldest;
}

std::optional<Commit> History::resolve(const std::string& revision, std::string& error) const {
  if (revision.size() == 10 && revision[4] == '-' && revision[7] == '-') {
    std::string why;
    const auto date = Date::parse(revision, &why);
    if (!date) {
      error = fmt::format("'{}' is not a date: {}", revision, why);
      return std::nullopt;
    }
    auto found = as_of(*date);
    if (!found) {
      const auto first = first_date();
      error = !first      ? "the repository has no commits yet"
              : shallow() ? fmt::format("the history okr can read begins on {} (a shallow clone): "
                                        "fetch more of it (git fetch --unshallow)",
                                        first->str())
                          : fmt::format("the history begins on {}", first->str());
      error = fmt::format("no commit on or before {}: {}", revision, error);
    }
    return found;
  }
  std::lock_guard lock(m_impl->mutex);
  OwnedObject object;
  if (git_revparse_single(object.out(), m_impl->repo, revision.c_str()) != 0) {
    error = fmt::format("'{}' is not a revision of the git repository (nor a date YYYY-MM-DD)",
                        revision);
    return std::nullopt;
  }
  OwnedCommit commit;
  if (git_object_peel(reinterpret_cast<git_object**>(commit.out()), object.get(),
                      GIT_OBJECT_COMMIT) != 0) {
    error = fmt::format("'{}' does not name a commit", revision);
    return std::nullopt;
  }
  return describe_commit(commit.get());
}

std::vector<Commit> History::first_parent_range(const Commit& from, const Commit& to) const {
  std::lock_guard lock(m_impl->mutex);
  OwnedCommit start;
  std::vector<Commit> out;
  if (!m_impl->lookup(to.id, start)) {
    return out;
  }
  bool reached = false;
  m_impl->walk_first_parents(start.get(), [&](const git_commit* c) {
    Commit commit = describe_commit(c);
    if (commit.id == from.id) {
      reached = true;
      return true;
    }
    out.push_back(std::move(commit));
    return false;
  });
  if (!reached) {
    out.clear();
  }
  std::reverse(out.begin(), out.end());
  return out;
}

std::vector<Commit> History::first_parent_line(const Commit& start,
                                               std::optional<Date> since) const {
  std::lock_guard lock(m_impl->mutex);
  std::vector<Commit> out;
  OwnedCommit first;
  if (!m_impl->lookup(start.id, first)) {
    return out;
  }
  m_impl->walk_first_parents(first.get(), [&](const git_commit* c) {
    out.push_back(describe_commit(c));
    return since && out.back().date < *since;
  });
  return out;
}

std::unique_ptr<FileSource> History::source_at(const Commit& commit) const {
  return std::make_unique<CommitSource>(*m_impl, commit, m_prefix);
}

std::vector<std::pair<std::string, Commit>> History::first_added(const std::string& folder) const {
  std::lock_guard lock(m_impl->mutex);
  std::map<std::string, Commit> added;
  OwnedCommit head;
  if (!m_impl->head(head)) {
    return {};
  }
  const FolderDiffOptions options(m_prefix, folder);
  const std::size_t skip = m_prefix.empty() ? 0 : m_prefix.size() + 1;
  // Newest first: an older commit that added the same path (deleted and added again since)
  // takes its place.
  m_impl->walk_first_parents(head.get(), [&](const git_commit* c) {
    OwnedTree tree;
    OwnedTree parent_tree;
    OwnedCommit parent;
    if (git_commit_tree(tree.out(), c) != 0) {
      return true;
    }
    if (git_commit_parentcount(c) > 0 && (git_commit_parent(parent.out(), c, 0) != 0 ||
                                          git_commit_tree(parent_tree.out(), parent.get()) != 0)) {
      return true; // a shallow clone's edge: what it added is not known
    }
    OwnedDiff diff;
    if (git_diff_tree_to_tree(diff.out(), m_impl->repo, parent_tree.get(), tree.get(),
                              options.get()) != 0) {
      return true;
    }
    const Commit commit = describe_commit(c);
    for (std::size_t i = 0; i < git_diff_num_deltas(diff.get()); ++i) {
      const git_diff_delta* delta = git_diff_get_delta(diff.get(), i);
      const std::string_view path = delta->new_file.path ? delta->new_file.path : "";
      if (delta->status == GIT_DELTA_ADDED && path.size() > skip) {
        added.insert_or_assign(std::string(path.substr(skip)), commit);
      }
    }
    return false;
  });
  return {added.begin(), added.end()};
}

std::vector<std::string> History::uncommitted_paths(const std::string& folder) const {
  std::lock_guard lock(m_impl->mutex);
  std::vector<std::string> out;
  OwnedCommit head;
  OwnedTree tree;
  if (!m_impl->head(head) || git_commit_tree(tree.out(), head.get()) != 0) {
    return out;
  }
  const FolderDiffOptions options(m_prefix, folder,
                                  GIT_DIFF_INCLUDE_UNTRACKED | GIT_DIFF_RECURSE_UNTRACKED_DIRS);
  OwnedDiff diff;
  if (git_diff_tree_to_workdir_with_index(diff.out(), m_impl->repo, tree.get(), options.get()) !=
      0) {
    return out;
  }
  return touched_paths(diff.get(), m_prefix.empty() ? 0 : m_prefix.size() + 1);
}

std::vector<std::string> History::changed_paths(const Commit& from, const Commit& to,
                                                const std::string& folder) const {
  std::lock_guard lock(m_impl->mutex);
  std::vector<std::string> out;
  OwnedCommit a;
  OwnedCommit b;
  OwnedTree ta;
  OwnedTree tb;
  if (!m_impl->lookup(from.id, a) || !m_impl->lookup(to.id, b) ||
      git_commit_tree(ta.out(), a.get()) != 0 || git_commit_tree(tb.out(), b.get()) != 0) {
    return out;
  }
  const FolderDiffOptions options(m_prefix, folder);
  OwnedDiff diff;
  if (git_diff_tree_to_tree(diff.out(), m_impl->repo, ta.get(), tb.get(), options.get()) != 0) {
    return out;
  }
  return touched_paths(diff.get(), m_prefix.empty() ? 0 : m_prefix.size() + 1);
}

} // namespace okr
