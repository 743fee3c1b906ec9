// The Content-Length framing of the Language Server Protocol's base protocol, and the two
// conversions every message needs: UTF-16 columns and file URIs.

#include <algorithm>
#include <array>
#include <charconv>
#include <istream>
#include <optional>
#include <ostream>

#include <okr/lsp.hpp>

namespace okr::lsp {

namespace {

constexpr std::string_view k_content_length = "content-length:";
/// The longest header line kept; longer garbage is searched by its tail only.
constexpr std::size_t k_max_header_line = 4096;

bool iequals_prefix(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) {
    return false;
  }
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
    if (c != prefix[i]) {
      return false;
    }
  }
  return true;
}

/// Where "Content-Length:" starts in `line`, any case, or npos.
std::size_t find_content_length(std::string_view line) {
  for (std::size_t i = 0; i + k_content_length.size() <= line.size(); ++i) {
    if (iequals_prefix(line.substr(i), k_content_length)) {
      return i;
    }
  }
  return std::string_view::npos;
}

enum class LineEnd : std::uint8_t { line, eof };

/// One header line, without its "\r\n" (or "\n"); only its last k_max_header_line bytes when
/// longer.
LineEnd read_line(std::istream& in, std::string& line) {
  line.clear();
  for (;;) {
    const int c = in.get();
    if (c == std::char_traits<char>::eof()) {
      return LineEnd::eof;
    }
    if (c == '\n') {
      if (!line.empty() && line.back() == '\r') {
        line.pop_back();
      }
      return LineEnd::line;
    }
    line.push_back(static_cast<char>(c));
    if (line.size() > 2 * k_max_header_line) {
      line.erase(0, line.size() - k_max_header_line);
    }
  }
}

bool is_digit_text(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
    text.remove_suffix(1);
  }
  return text;
}

} // namespace

bool parse_log_level(std::string_view name, LogLevel& level) {
  static constexpr std::array<std::pair<std::string_view, LogLevel>, 4> k_levels = {{
      {"error", LogLevel::error},
      {"warn", LogLevel::warn},
      {"info", LogLevel::info},
      {"debug", LogLevel::debug},
  }};
  for (const auto& [text, value] : k_levels) {
    if (text == name) {
      level = value;
      return true;
    }
  }
  return false;
}

Frame FrameReader::next() {
  Frame frame;
  std::string line;
  std::optional<std::uint64_t> length;
  bool any_header = false;
  bool bad_length = false;
  for (;;) {
    if (read_line(m_in, line) == LineEnd::eof) {
      frame.status = Frame::Status::eof;
      if (any_header || !line.empty()) {
        frame.error = "the input ended inside a message's header";
      }
      return frame;
    }
    if (line.empty()) {
      if (!any_header) {
        continue; // blank lines between messages
      }
      break;
    }
    std::string_view view = line;
    const std::size_t at = find_content_length(view);
    if (at != std::string_view::npos) {
      if (at > 0 && !any_header) {
        view.remove_prefix(at); // garbage before a header: resynchronise on it
      }
      if (at == 0 || !any_header) {
        const std::string_view value = trim(view.substr(k_content_length.size()));
        std::uint64_t n = 0;
        const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
        if (!is_digit_text(value) || ec != std::errc() || end != value.data() + value.size()) {
          bad_length = true;
        } else {
          length = n;
        }
      }
    }
    any_header = true;
  }
  frame.status = Frame::Status::error;
  if (bad_length) {
    frame.error = "the Content-Length header is not a number";
    return frame;
  }
  if (!length) {
    frame.error = "a message without a Content-Length header";
    return frame;
  }
  if (*length > m_max) {
    // Skip the body unread, so that the next message is read from its start.
    std::uint64_t left = *length;
    std::array<char, 65536> buffer{};
    while (left > 0 && m_in) {
      const auto chunk = static_cast<std::streamsize>(std::min<std::uint64_t>(left, buffer.size()));
      m_in.read(buffer.data(), chunk);
      left -= static_cast<std::uint64_t>(m_in.gcount());
    }
    frame.error = "a message of " + std::to_string(*length) + " bytes, more than the limit of " +
                  std::to_string(m_max);
    if (left > 0) {
      frame.status = Frame::Status::eof;
    }
    return frame;
  }
  frame.body.resize(static_cast<std::size_t>(*length));
  m_in.read(frame.body.data(), static_cast<std::streamsize>(*length));
  if (static_cast<std::uint64_t>(m_in.gcount()) != *length) {
    frame.status = Frame::Status::eof;
    frame.body.clear();
    frame.error = "the input ended inside a message's body";
    return frame;
  }
  frame.status = Frame::Status::message;
  return frame;
}

void write_frame(std::ostream& out, std::string_view body) {
  out << "Content-Length: " << body.size() << "\r\n\r\n" << body;
  out.flush();
}

namespace {

bool continuation(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

/// UTF-16 units of the code point whose lead byte is `c`: two for a four-byte sequence.
std::uint32_t units(char c) {
  return static_cast<unsigned char>(c) >= 0xF0 ? 2 : 1;
}

} // namespace

std::uint32_t to_utf16(std::string_view line, std::uint32_t column) {
  std::uint32_t result = 0;
  std::size_t i = 0;
  for (std::uint32_t c = 1; c < column; ++c) {
    if (i >= line.size()) {
      result += column - c; // past the end: one unit per column
      break;
    }
    result += units(line[i]);
    ++i;
    while (i < line.size() && continuation(line[i])) {
      ++i;
    }
  }
  return result;
}

std::uint32_t from_utf16(std::string_view line, std::uint32_t character) {
  std::uint32_t column = 1;
  std::uint32_t counted = 0;
  std::size_t i = 0;
  while (counted < character) {
    if (i >= line.size()) {
      return column + (character - counted);
    }
    const std::uint32_t n = units(line[i]);
    if (counted + n > character) {
      break; // inside a surrogate pair
    }
    counted += n;
    ++column;
    ++i;
    while (i < line.size() && continuation(line[i])) {
      ++i;
    }
  }
  return column;
}

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

} // namespace

std::string from_uri(std::string_view uri) {
  constexpr std::string_view scheme = "file://";
  if (uri.substr(0, scheme.size()) != scheme) {
    return {};
  }
  uri.remove_prefix(scheme.size());
  // file://host/path: only the local host (empty or "localhost") is a path here.
  const std::size_t slash = uri.find('/');
  if (slash == std::string_view::npos) {
    return {};
  }
  const std::string_view host = uri.substr(0, slash);
  if (!host.empty() && host != "localhost") {
    return {};
  }
  uri.remove_prefix(slash);
  std::string path;
  for (std::size_t i = 0; i < uri.size(); ++i) {
    if (uri[i] == '?' || uri[i] == '#') {
      break;
    }
    if (uri[i] == '%' && i + 2 < uri.size()) {
      const int high = hex_value(uri[i + 1]);
      const int low = hex_value(uri[i + 2]);
      if (high >= 0 && low >= 0) {
        path.push_back(static_cast<char>(high * 16 + low));
        i += 2;
        continue;
      }
    }
    path.push_back(uri[i]);
  }
  if (path.find('\0') != std::string::npos) {
    return {};
  }
  return path;
}

std::string to_uri(std::string_view path) {
  static constexpr std::string_view k_hex = "0123456789ABCDEF";
  std::string uri = "file://";
  for (const char c : path) {
    const auto u = static_cast<unsigned char>(c);
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '.' || c == '_' || c == '~' || c == '/') {
      uri.push_back(c);
    } else {
      uri.push_back('%');
      uri.push_back(k_hex[u >> 4]);
      uri.push_back(k_hex[u & 15]);
    }
  }
  return uri;
}

} // namespace okr::lsp
