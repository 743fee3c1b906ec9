#pragma once

// `okr lsp`: the Language Server Protocol (3.17) over two streams, independent of where they
// come from (standard input and output for the front end, string streams for the tests).
// Messages are JSON-RPC 2.0 with Content-Length framing; the findings are check_repository()'s
// with the editor's unsaved buffers overlaid. The server never writes a file.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>

#include <okr/date.hpp>

namespace okr::lsp {

enum class LogLevel : std::uint8_t { error, warn, info, debug };

/// Reads "error", "warn", "info" or "debug" into `level`; false when the name is unknown.
bool parse_log_level(std::string_view name, LogLevel& level);

/// The largest message body read (64 MB); a larger one is skipped and refused.
inline constexpr std::size_t k_max_message = 64u << 20;

/// One framed message read from a stream.
struct Frame {
  enum class Status : std::uint8_t {
    message, ///< `body` holds the message
    error,   ///< a broken frame (`error` says why); the reader has resynchronised
    eof,     ///< the stream ended (cleanly, or inside a frame: `error` then says so)
  };
  Status status = Status::eof;
  std::string body;
  std::string error;
};

/// Reads `Content-Length: N\r\n ... \r\n\r\n` + N bytes frames. A header block without a
/// Content-Length, or a body longer than `max_body` (skipped unread), is an error frame; garbage
/// before a header is skipped up to the next "Content-Length:".
class FrameReader {
public:
  explicit FrameReader(std::istream& in, std::size_t max_body = k_max_message)
      : m_in(in), m_max(max_body) {}
  Frame next();

private:
  std::istream& m_in;
  std::size_t m_max;
};

/// Writes one frame (and flushes).
void write_frame(std::ostream& out, std::string_view body);

/// LSP counts columns in UTF-16 code units from 0; okr counts code points from 1. `line` is the
/// text of the line (without its end); positions past its end count one unit per column.
std::uint32_t to_utf16(std::string_view line, std::uint32_t column);
/// The inverse of to_utf16: the 1-based code-point column of 0-based UTF-16 `character`. A
/// character in the middle of a surrogate pair maps to the code point's column.
std::uint32_t from_utf16(std::string_view line, std::uint32_t character);

/// `file://` URIs and paths: percent-decoding and encoding. from_uri is empty when `uri` is not
/// a file URI.
std::string from_uri(std::string_view uri);
std::string to_uri(std::string_view path);

struct ServerOptions {
  LogLevel log_level = LogLevel::warn;
  std::ostream* log = nullptr; ///< where the log goes (standard error); null: nowhere
  Date today = Date::today();  ///< for the checks and for hover's scores
  std::size_t max_message = k_max_message;
  /// false: no workspace is opened and nothing is read from disk, whatever the client says
  /// (the fuzz target).
  bool open_workspace = true;
  /// Check after a change only when no other message is waiting to be read (serve() asks the
  /// stream), so that a burst of edits costs one check; requests check first when needed.
  /// false: check after every change (tests that count publications).
  bool coalesce_changes = true;
};

/// The language server: state (workspace root, open documents, diagnostics published) and the
/// handling of each message.
class Server {
public:
  explicit Server(ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  /// Handles one message body; writes its response and notifications to `out`.
  void handle(std::string_view body, std::ostream& out);
  /// Runs the check a change asked for and publishes its diagnostics, if one is pending.
  void flush(std::ostream& out);
  /// Sees a message read ahead of the one being handled (not handled yet): a `$/cancelRequest`
  /// among them makes the request it names, when handled, answer RequestCancelled (-32800).
  void look_ahead(std::string_view body);
  /// What reads ahead the messages already waiting (serve() passes each to look_ahead() and
  /// queues it); called before a request is answered, after its slow part.
  void set_read_ahead(std::function<void()> read_ahead);
  /// Answers a framing error (an error response without an id).
  void frame_error(const std::string& error, std::ostream& out);
  /// Whether `exit` was received; then exit_code() is 0 after `shutdown`, 1 otherwise.
  bool exited() const;
  int exit_code() const;

private:
  struct State;
  std::unique_ptr<State> m_state;
};

/// Serves the messages of `in` until `exit` or the end of `in`; returns the exit status (0
/// after shutdown and exit, 1 otherwise).
int serve(std::istream& in, std::ostream& out, const ServerOptions& options);

} // namespace okr::lsp
