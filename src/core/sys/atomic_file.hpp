#pragma once

// The one way okr writes a file: into a temporary dot-file beside it, then moved into place
// whole, so that readers see the old file or the new one, never a part of it.

#include <cstddef>
#include <filesystem>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <sys/types.h>

namespace okr::sys {

/// A file being written. Bytes go to a temporary file in the destination's folder (named
/// `.NAME.tmp-PID-RANDOM`: a dot-file, which okr's loader never reads), through a buffer;
/// replace() renames it over the destination, create() links it to a name that must not exist
/// yet. Destroyed before either, it removes the temporary file. Errors are errno values.
class AtomicFile {
public:
  struct Options {
    mode_t mode = 0666; ///< the new file's permission bits, before the umask
    bool sync = true;   ///< fsync(2) the file before it is moved into place
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
  /// existing file: 0, EEXIST when `name` exists (the file is kept: try another name), or
  /// another errno. On file systems without hard links, an exclusive rename.
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

  std::filesystem::path m_destination;
  std::string m_temp;
  int m_fd = -1;
  int m_error = 0;
  bool m_sync = true;
  std::string m_buffer;
  Buffer m_streambuf{*this};
  std::ostream m_stream{&m_streambuf};
};

/// A folder being filled: a temporary dot-folder beside the destination (`.NAME.tmp-PID-RANDOM`),
/// moved into place whole by replace(), so that readers see the old folder or the new one,
/// never a part of it. Destroyed before, it removes the temporary folder and what is in it.
class AtomicFolder {
public:
  /// Creates the temporary folder for `destination`; error() says when it could not.
  explicit AtomicFolder(const std::filesystem::path& destination);
  ~AtomicFolder();
  AtomicFolder(const AtomicFolder&) = delete;
  AtomicFolder& operator=(const AtomicFolder&) = delete;

  int error() const { return m_error; }
  /// The temporary folder, to fill.
  const std::filesystem::path& path() const { return m_temp; }
  /// Moves the folder into place: its file system flushed (sync_file_system), then renamed to
  /// the destination when it does not exist, else exchanged with it (renameat2
  /// RENAME_EXCHANGE) and the old one removed; then the parent folder is synced. 0, or an
  /// errno.
  int replace();

private:
  std::filesystem::path m_destination;
  std::filesystem::path m_temp;
  int m_error = 0;
};

/// fsync(2)s the folder `folder`, so that a file just created or renamed in it survives a
/// crash: 0, or an errno (file systems that cannot sync a folder count as success).
int sync_folder(const std::filesystem::path& folder);

/// syncfs(2) of the file system that holds `path`: every file and folder written on it so far
/// reaches the disk, in one call instead of one fsync per file. 0, or an errno.
int sync_file_system(const std::filesystem::path& path);

} // namespace okr::sys
