#pragma once

// The one way okr writes a file: into a temporary dot-file beside it, then moved into place
// whole, so that readers see the old file or the new one, never a part of it.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <sys/types.h>
#include <vector>

namespace okr::sys {

/// The parts of a temporary name `.NAME.tmp-PID-RANDOM` (RANDOM: 8 lower-case hex digits):
/// the destination's NAME and the PID of the process that made it.
struct TemporaryName {
  std::string_view destination;
  long pid = 0;
};
/// The parts of `file_name` when it is a temporary name okr makes; nullopt for any other name.
std::optional<TemporaryName> parse_temporary_name(std::string_view file_name);

/// A temporary file or folder is stale, and swept, once it is this old (its last
/// modification) and the process named in it is not running on this machine.
constexpr std::int64_t k_stale_temporary_ns = std::int64_t{60} * 1'000'000'000;

/// Which temporaries a sweep removes: those of one writer's destinations.
struct TemporaryKind {
  /// The destination name (NAME) the writer writes...
  std::string name{};
  /// ...or, when set, any destination name it accepts (a check-in's `YYYY-MM-DD.yaml`).
  bool (*accepts)(std::string_view name) = nullptr;
  /// Temporary folders of AtomicFolder (removed with what they hold), not files.
  bool folders = false;
};

/// Removes from `folder` the stale temporaries of `kind` that killed or crashed writers left:
/// named exactly `.NAME.tmp-PID-RANDOM` with a NAME of the kind, a regular file (a folder for
/// `kind.folders`, never a symbolic link), last modified k_stale_temporary_ns or more before
/// `now_ns`, by a PID that is not running here. Nothing else is ever touched. Returns how many
/// it removed; errors are ignored (a sweep is tidying, never needed for a write to succeed).
std::size_t remove_stale_temporaries(const std::filesystem::path& folder, const TemporaryKind& kind,
                                     std::int64_t now_ns);

/// Folders created on the way to a file, in this run: each removed again when destroyed (the
/// deepest first, and only while it is empty) unless keep() was called, so that a failed first
/// write into a new folder leaves no empty folder behind.
class MadeFolders {
public:
  MadeFolders() = default;
  ~MadeFolders() { undo(); }
  MadeFolders(const MadeFolders&) = delete;
  MadeFolders& operator=(const MadeFolders&) = delete;

  /// Creates `folder` and the missing folders above it: 0, or an errno.
  int make(const std::filesystem::path& folder);
  /// Whether make() created any folder.
  bool any() const { return !m_made.empty(); }
  /// fsync(2)s the folder holding each folder made, so that the new folders survive a crash:
  /// 0, or an errno.
  int sync() const;
  /// The folders stay.
  void keep() { m_made.clear(); }
  /// Removes the folders made, deepest first, each only while it is empty.
  void undo();

private:
  std::vector<std::filesystem::path> m_made; ///< in the order they were made
};

/// A file being written. Bytes go to a temporary file in the destination's folder (named
/// `.NAME.tmp-PID-RANDOM`: a dot-file, which okr's loader never reads), through a buffer;
/// replace() renames it over the destination, create() links it to a name that must not exist
/// yet. Destroyed before either, it removes the temporary file (and the folders it made).
/// Before it creates its temporary file it removes the stale ones of its kind that killed
/// writers left in the folder (remove_stale_temporaries). Errors are errno values.
class AtomicFile {
public:
  struct Options {
    mode_t mode = 0666; ///< the new file's permission bits, before the umask
    /// fsync(2) the file (and the folders it made) before it takes its name, and for create()
    /// the folder after.
    bool sync = true;
    /// The destination names whose stale temporaries are swept from the folder: nullptr for
    /// the destination's own name only.
    bool (*kind)(std::string_view name) = nullptr;
    /// Sweep them (a bulk writer of many files into one folder sweeps it once itself).
    bool sweep = true;
    /// Create the destination's folder and those missing above it; those made are removed
    /// again (while empty) unless the file takes its name.
    bool make_folders = false;
  };

  /// Creates the temporary file for `destination`; error() says when it could not.
  explicit AtomicFile(const std::filesystem::path& destination, Options options);
  explicit AtomicFile(const std::filesystem::path& destination)
      : AtomicFile(destination, Options{}) {}
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  /// errno of the first failure so far; 0 when there was none.
  int error() const { return m_error; }

  /// Appends `bytes` (buffered; failures show in error()).
  void write(std::string_view bytes);
  /// A stream that appends to the file, for renderers that write to an std::ostream.
  std::ostream& stream() { return m_stream; }

  /// Finishes the file without moving it: flushes, fsyncs when Options::sync asks, closes and
  /// frees the buffers; 0, or an errno. replace() or create() may follow (they close first
  /// themselves). A bulk writer closes many files unsynced, flushes the file system once
  /// (sync_file_system) and only then links each into place.
  int close() { return finish() ? 0 : m_error; }

  /// Renames the file over the destination (replacing it): 0, or an errno.
  int replace();
  /// Links the file to `name` (a path in the destination's folder), never replacing an
  /// existing file, then (Options::sync) fsyncs the folder: 0, EEXIST when `name` exists (the
  /// file is kept: try another name), or another errno (when the folder cannot be synced, the
  /// name is removed again and error() says why). On file systems without hard links, an
  /// exclusive rename.
  int create(const std::filesystem::path& name);

private:
  class Buffer : public std::streambuf {
  public:
    explicit Buffer(AtomicFile& file) : m_file(file) {}

  protected:
    int_type overflow(int_type c) override;
    int sync() override;

  private:
    static constexpr std::size_t k_size = 16 * 1024;
    AtomicFile& m_file;
    std::unique_ptr<char[]> m_bytes; ///< allocated by the first write through stream()
  };

  void flush();
  /// Flushes, syncs when asked and closes the file: false on failure (error() says).
  bool finish();

  /// After a successful replace() or create(): the folders made stay.
  void placed();

  std::filesystem::path m_destination;
  std::string m_temp;
  int m_fd = -1;
  int m_error = 0;
  bool m_sync = true;
  MadeFolders m_made;
  std::string m_buffer;
  Buffer m_streambuf{*this};
  std::ostream m_stream{&m_streambuf};
};

/// A folder being filled: a temporary dot-folder beside the destination (`.NAME.tmp-PID-RANDOM`),
/// moved into place whole by replace(), so that readers see the old folder or the new one,
/// never a part of it. Destroyed before, it removes the temporary folder and what is in it.
class AtomicFolder {
public:
  /// Creates the temporary folder for `destination`, after removing the stale temporary
  /// folders of the same destination (remove_stale_temporaries); error() says when it could
  /// not.
  explicit AtomicFolder(const std::filesystem::path& destination);
  ~AtomicFolder();
  AtomicFolder(const AtomicFolder&) = delete;
  AtomicFolder& operator=(const AtomicFolder&) = delete;

  int error() const { return m_error; }
  /// The temporary folder, to fill.
  const std::filesystem::path& path() const { return m_temp; }
  /// Moves the folder into place: its file system flushed (sync_file_system), then renamed to
  /// the destination when it does not exist, else exchanged with it (renameat2
  /// RENAME_EXCHANGE); then the parent folder is synced and the old folder removed. 0, or an
  /// errno; when the parent cannot be synced the move is undone (the old folder is back).
  int replace();
  /// After replace(): the old folder when it could not be removed (left under its temporary
  /// name, which the next write sweeps), and why; empty when it was.
  const std::filesystem::path& left_behind() const { return m_left; }
  int left_error() const { return m_left_error; }

private:
  std::filesystem::path m_destination;
  std::filesystem::path m_temp;
  std::filesystem::path m_left;
  int m_error = 0;
  int m_left_error = 0;
};

/// fsync(2)s the folder `folder`, so that a file just created or renamed in it survives a
/// crash: 0, or an errno (file systems that cannot sync a folder count as success).
int sync_folder(const std::filesystem::path& folder);

/// syncfs(2) of the file system that holds `path`: every file and folder written on it so far
/// reaches the disk, in one call instead of one fsync per file. 0, or an errno.
int sync_file_system(const std::filesystem::path& path);

} // namespace okr::sys
