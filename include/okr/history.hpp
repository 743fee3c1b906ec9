#pragma once

// The git history of the repository that holds an OKR root, read with libgit2 (never by running
// git): its commits, and each commit's files as a FileSource (okr/file_source.hpp).

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <okr/date.hpp>
#include <okr/file_source.hpp>

namespace okr {

/// One commit, as okr names it.
struct Commit {
  std::string id;        ///< 40 hex digits
  std::string short_id;  ///< the first 7
  std::string author;    ///< the author's name
  std::string email;     ///< the author's e-mail address
  std::string summary;   ///< the first line of the message
  std::int64_t time = 0; ///< committer time, seconds since the epoch
  int offset = 0;        ///< the committer's time-zone offset, minutes east of UTC
  Date date;             ///< the committer date as a calendar day in that offset
  Date author_date;      ///< the author date as a calendar day in the author's offset
  bool merge = false;    ///< more than one parent
};

class History {
public:
  /// The git repository that holds `root` (a folder of its work tree, at any depth), or null
  /// with `error` saying why (not in a git repository; a bare or damaged one).
  static std::unique_ptr<History> open(const std::filesystem::path& root, std::string& error);
  ~History();
  History(const History&) = delete;
  History& operator=(const History&) = delete;

  /// The OKR root relative to the work tree's top, '/'-separated; "" when they are the same.
  const std::string& prefix() const { return m_prefix; }
  /// Whether the history was cut short (a shallow clone).
  bool shallow() const;
  /// HEAD's commit; nullopt in a repository without commits.
  std::optional<Commit> head() const;
  /// The last commit of HEAD's first-parent line whose committer date (a calendar day in the
  /// commit's own time-zone offset) is on or before `date`; nullopt when there is none (the
  /// line begins later, or the shallow history stops before).
  std::optional<Commit> as_of(Date date) const;
  /// The date of the oldest commit of HEAD's first-parent line that okr can read.
  std::optional<Date> first_date() const;
  /// A revision as git reads it (HEAD~2, a branch, a tag, an id) or a date YYYY-MM-DD (the
  /// commit as_of() that date); nullopt with `error` set when it names no commit.
  std::optional<Commit> resolve(const std::string& revision, std::string& error) const;
  /// The commits of the first-parent line after `from` up to and including `to`, oldest first
  /// (empty when `from` is not an ancestor on that line of `to`).
  std::vector<Commit> first_parent_range(const Commit& from, const Commit& to) const;
  /// The first-parent line from `start` back, newest first: every commit, or with `since` the
  /// commits of that day or later and the one before them (what the oldest changed is seen
  /// against it).
  std::vector<Commit> first_parent_line(const Commit& start,
                                        std::optional<Date> since = std::nullopt) const;
  /// The OKR root's files as they stood at `commit`.
  std::unique_ptr<FileSource> source_at(const Commit& commit) const;
  /// The OKR-root-relative paths of the files that differ between two commits (added, removed
  /// or changed), below `folder` of the OKR root ("" for all of it).
  std::vector<std::string> changed_paths(const Commit& from, const Commit& to,
                                         const std::string& folder) const;

  /// The OKR-root-relative paths below `folder` whose working-tree files differ from HEAD's
  /// (changed, added, removed; untracked files included).
  std::vector<std::string> uncommitted_paths(const std::string& folder) const;
  /// Every file below `folder` of the OKR root (OKR-root-relative paths) that HEAD's
  /// first-parent line added, with the commit that first added it there.
  std::vector<std::pair<std::string, Commit>> first_added(const std::string& folder) const;

  struct Impl;

private:
  explicit History(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
  std::string m_prefix;
};

} // namespace okr

namespace okr {

/// The repository at `root` as it stood at the end of `date`: okr.yaml and the OKR files from
/// History::as_of(date), the check-in files from the working tree (they are dated). When the
/// history cannot answer (not a git repository, no commits, a shallow or younger history),
/// the working tree's files are loaded and `note` says why, in a sentence. `commit` gets the
/// commit read, when one was.
LoadResult load_as_of(const std::filesystem::path& root, Date date, const LoadOptions& options,
                      std::string& note, std::optional<Commit>* commit = nullptr);

} // namespace okr
