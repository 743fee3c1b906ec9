#pragma once

// Where the bytes of a repository's files come from: the working tree, or a commit of the git
// history (okr/history.hpp). The loader reads through this interface; the model, the rules and
// the renderers never learn which source a file came from.

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <okr/loader.hpp>

namespace okr {

class FileSource {
public:
  virtual ~FileSource() = default;
  /// okr.yaml first when there is one (its text read: it says where the other files are), then
  /// the OKR files and, with `checkins`, the check-in files, sorted by path, their kinds set and
  /// their texts not read; or what stops the source from listing them.
  virtual std::optional<std::string> list(bool checkins, std::vector<SourceFile>& files) const = 0;
  /// Reads a listed file's bytes into `file.text` (a UTF-8 byte-order mark removed), or says
  /// why it cannot.
  virtual std::optional<std::string> read(SourceFile& file) const = 0;
  /// How messages name the source: "the working tree", "commit 1b3d1c2".
  virtual std::string name() const = 0;
};

/// The files of the repository at `root` as they are on disk now.
std::unique_ptr<FileSource> working_tree(const std::filesystem::path& root);

/// `source` with only okr.yaml and the files at `paths` (root-relative, sorted) listed: for
/// loading what a commit changed.
std::unique_ptr<FileSource> only_paths(const FileSource& source, std::vector<std::string> paths);

/// Loads okr.yaml and the OKR files from `definitions`, and the check-in files from `checkins`
/// (when given; from `definitions` otherwise, when options.checkins). The cache is not used:
/// it is keyed by the files on disk. The texts of the files are kept (the revision's, which the
/// disk may not hold).
LoadResult load_from(const FileSource& definitions, const FileSource* checkins,
                     const LoadOptions& options = {});

} // namespace okr
