// The only file of okr that includes yaml-cpp. It uses yaml-cpp's event parser, so no
// YAML::Node is ever built: anchors and aliases can be refused before anything expands, and
// duplicate keys (which YAML::Node silently accepts) can be seen.

#include "loader/yaml_tree.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <istream>
#include <streambuf>
#include <unordered_map>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <okr/text.hpp>

#include "loader/prescan.hpp"

namespace okr::loader {

namespace {

constexpr std::size_t k_max_depth = 64;

std::string too_deep_message() {
  return fmt::format("nesting deeper than {} levels; OKR files are never this deep", k_max_depth);
}

struct TooDeep {
  YAML::Mark mark;
};

/// The values (scalars, lists, mappings, keys included) one file may hold: 500,000 and one
/// per 8 bytes. A tree node costs about 72 bytes and a list's storage grows by doubling, so
/// this keeps a file's tree within 16 times its size plus 64 MB even when it is nothing but
/// `[a,a,a,...` (one value per 2 bytes); real OKR files hold about one value per 8 to 20
/// bytes, and 100,000 objectives in one file still load.
constexpr std::size_t k_base_nodes = 500'000;
constexpr std::size_t k_bytes_per_node = 8;

std::size_t max_nodes(std::string_view text) {
  return k_base_nodes + text.size() / k_bytes_per_node;
}

struct TooMany {
  YAML::Mark mark;
};

/// Converts yaml-cpp's 0-based byte positions to 1-based line and code-point column, the one
/// place where that happens.
struct Position {
  std::uint32_t line = 1;
  std::uint32_t column = 1;
};

/// The last position converted, so that the next one on the same line counts code points
/// from there: a file of one long line of values would otherwise cost the line's length per
/// value.
struct LastPosition {
  int line = -1;
  std::size_t pos = 0;
  std::size_t code_points = 0; // from the line's start to pos
};

Position to_position(std::string_view text, const YAML::Mark& mark, LastPosition* last = nullptr) {
  if (mark.is_null() || mark.pos < 0 || mark.line < 0 || mark.column < 0) {
    return {};
  }
  const auto pos = std::min<std::size_t>(static_cast<std::size_t>(mark.pos), text.size());
  const auto col = std::min<std::size_t>(static_cast<std::size_t>(mark.column), pos);
  std::size_t code_points = 0;
  if (last && last->line == mark.line && last->pos <= pos && last->pos >= pos - col) {
    code_points = last->code_points + utf8_length(text.substr(last->pos, pos - last->pos));
  } else {
    code_points = utf8_length(text.substr(pos - col, col));
  }
  if (last) {
    *last = {mark.line, pos, code_points};
  }
  return {static_cast<std::uint32_t>(mark.line) + 1, static_cast<std::uint32_t>(code_points) + 1};
}

/// Position of a byte offset, counted from the text itself.
Position position_of_offset(std::string_view text, std::size_t offset) {
  Position p;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++p.line;
      line_start = i + 1;
    }
  }
  p.column =
      static_cast<std::uint32_t>(utf8_length(text.substr(line_start, offset - line_start))) + 1;
  return p;
}

std::string short_tag(const std::string& tag) {
  constexpr std::string_view k_prefix = "tag:yaml.org,2002:";
  if (tag.rfind(k_prefix, 0) == 0) {
    return "!!" + tag.substr(k_prefix.size());
  }
  return tag;
}

class TreeBuilder : public YAML::EventHandler {
public:
  TreeBuilder(std::string_view text, const std::string& path, std::vector<Diagnostic>& out)
      : m_text(text), m_path(path), m_out(out), m_nodes_left(max_nodes(text)) {}

  std::optional<Node> root;
  bool had_alias = false;

  void report(const YAML::Mark& mark, std::string rule, std::string message) {
    const Position p = to_position(m_text, mark);
    add_file_finding(
        m_out, {m_path, p.line, p.column, Severity::error, std::move(rule), std::move(message)});
  }

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t) override {
    Node node = make(mark, Node::Kind::null);
    add(std::move(node));
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override {
    report(mark, "schema",
           "YAML aliases (*name) are not supported in OKR files; write the value out in full");
    Node node = make(mark, Node::Kind::null);
    node.rejected = true;
    add(std::move(node));
  }

  void OnAnchor(const YAML::Mark& mark, const std::string& name) override {
    report(mark, "schema",
           fmt::format("YAML anchors (&{}) are not supported in OKR files; remove the anchor and "
                       "write values out in full",
                       name));
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t,
                const std::string& value) override {
    Node node = make(mark, Node::Kind::scalar);
    node.rejected = !check_tag(mark, tag);
    node.plain = tag == "?";
    node.text = value;
    add(std::move(node));
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    check_tag(mark, tag);
    open(make(mark, Node::Kind::sequence), mark);
  }
  void OnSequenceEnd() override { close(); }

  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    check_tag(mark, tag);
    open(make(mark, Node::Kind::map), mark);
  }
  void OnMapEnd() override {
    remove_duplicate_keys(m_stack.back());
    close();
  }

private:
  Node make(const YAML::Mark& mark, Node::Kind kind) {
    if (m_nodes_left == 0) {
      throw TooMany{mark};
    }
    --m_nodes_left;
    Node node;
    node.kind = kind;
    const Position p = to_position(m_text, mark, &m_last);
    node.line = p.line;
    node.column = p.column;
    return node;
  }

  /// Reports a tag other than the default ones; false when it did.
  bool check_tag(const YAML::Mark& mark, const std::string& tag) {
    if (!tag.empty() && tag != "?" && tag != "!") {
      report(mark, "schema",
             fmt::format("YAML tags are not supported in OKR files; remove '{}'", short_tag(tag)));
      return false;
    }
    return true;
  }

  void open(Node node, const YAML::Mark& mark) {
    if (m_stack.size() >= k_max_depth) {
      throw TooDeep{mark};
    }
    m_stack.push_back(std::move(node));
  }

  void close() {
    Node node = std::move(m_stack.back());
    m_stack.pop_back();
    add(std::move(node));
  }

  void add(Node node) {
    if (m_stack.empty()) {
      root = std::move(node);
      return;
    }
    Node& parent = m_stack.back();
    if (parent.is_map() && parent.children.size() % 2 == 1 && node.kind == Node::Kind::null) {
      // yaml-cpp marks an empty value at the next token; point at its key instead.
      node.line = parent.children.back().line;
      node.column = parent.children.back().column;
    }
    parent.children.push_back(std::move(node));
  }

  static void mark_dropped(std::vector<bool>& drop, std::size_t size, std::size_t i) {
    drop.resize(size / 2, false);
    drop[i / 2] = true;
  }

  void remove_duplicate_keys(Node& map) {
    auto& c = map.children;
    if (c.size() % 2 != 0) {
      return; // an incomplete map after a syntax error
    }
    // Maps in OKR files are small: compare keys pairwise below a few dozen, hash above.
    constexpr std::size_t k_linear = 32;
    std::unordered_map<std::string_view, const Node*> seen;
    auto first_of = [&](std::size_t i) -> const Node* {
      if (c.size() <= 2 * k_linear) {
        for (std::size_t j = 0; j < i; j += 2) {
          if (c[j].is_scalar() && c[j].text == c[i].text && !(c[j].plain && c[j].text == "<<")) {
            return &c[j];
          }
        }
        return nullptr;
      }
      const auto [it, inserted] = seen.emplace(c[i].text, &c[i]);
      return inserted ? nullptr : it->second;
    };
    std::vector<bool> drop;
    for (std::size_t i = 0; i < c.size(); i += 2) {
      if (!c[i].is_scalar()) {
        continue;
      }
      if (c[i].plain && c[i].text == "<<") {
        add_file_finding(m_out,
                         {m_path, c[i].line, c[i].column, Severity::error, "schema",
                          "YAML merge keys (<<) are not supported in OKR files; write the keys "
                          "out in full"});
        mark_dropped(drop, c.size(), i);
        continue;
      }
      if (const Node* first = first_of(i)) {
        add_file_finding(m_out,
                         {m_path, c[i].line, c[i].column, Severity::error, "duplicate-key",
                          fmt::format("duplicate key '{}' (first written on line {}); YAML keeps "
                                      "only one of them, so remove or rename this one",
                                      c[i].text, first->line)});
        mark_dropped(drop, c.size(), i);
      }
    }
    if (drop.empty()) {
      return;
    }
    std::vector<Node> kept;
    kept.reserve(c.size());
    for (std::size_t i = 0; i < c.size(); i += 2) {
      if (!drop[i / 2]) {
        kept.push_back(std::move(c[i]));
        kept.push_back(std::move(c[i + 1]));
      }
    }
    c = std::move(kept);
  }

  std::string_view m_text;
  const std::string& m_path;
  std::vector<Diagnostic>& m_out;
  std::vector<Node> m_stack;
  std::size_t m_nodes_left;
  LastPosition m_last;
};

/// A read-only stream buffer over text that is already in memory: yaml-cpp reads through an
/// std::istream, and an istringstream would copy every file once more.
class ViewBuffer : public std::streambuf {
public:
  explicit ViewBuffer(std::string_view text) {
    char* begin = const_cast<char*>(text.data()); // never written: no overflow or putback
    setg(begin, begin, begin + text.size());
  }
};

/// yaml-cpp's messages are terse; say what to do where we can.
std::string explain_syntax_error(std::string_view text, const YAML::Mark& mark,
                                 const std::string& msg) {
  std::string message = "invalid YAML: " + msg;
  // Find the line of the error and the one before it: a tab in the indentation is the
  // most common cause of "illegal map value" and friends.
  std::size_t line_start = 0;
  int line = 0;
  for (std::size_t i = 0; i < text.size() && line < mark.line; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  const std::size_t line_end = text.find('\n', line_start);
  const std::string_view this_line = text.substr(line_start, line_end - line_start);
  const std::size_t indent_end = this_line.find_first_not_of(" \t");
  if (this_line.substr(0, indent_end).find('\t') != std::string_view::npos) {
    message += "; YAML does not allow tabs for indentation, indent with spaces";
  } else if (msg.find("flow") != std::string::npos) {
    message += "; check that every '[' and '{' is closed";
  } else if (msg.find("map") != std::string::npos) {
    message += "; check the indentation and that a ':' follows each key";
  }
  return message;
}

} // namespace

bool Node::is_null() const {
  if (kind == Kind::null) {
    return true;
  }
  return kind == Kind::scalar && plain &&
         (text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL");
}

std::string_view describe(const Node& node) {
  switch (node.kind) {
  case Node::Kind::null:
    return "empty";
  case Node::Kind::sequence:
    return "a list";
  case Node::Kind::map:
    return "a mapping";
  case Node::Kind::scalar:
    break;
  }
  if (node.is_null()) {
    return "empty";
  }
  return node.plain ? "a plain value" : "a quoted string";
}

std::optional<Node> parse_yaml(std::string_view text, const std::string& path,
                               std::vector<Diagnostic>& out) {
  if (const std::size_t nul = text.find('\0'); nul != std::string_view::npos) {
    const Position p = position_of_offset(text, nul);
    out.push_back({path, p.line, p.column, Severity::error, "syntax",
                   "the file contains a NUL byte: it is binary, not a YAML text file"});
    return std::nullopt;
  }
  if (const std::size_t bad = find_invalid_utf8(text); bad != std::string_view::npos) {
    const Position p = position_of_offset(text, bad);
    out.push_back({path, p.line, p.column, Severity::error, "syntax",
                   fmt::format("invalid UTF-8 (byte 0x{:02x}); okr reads UTF-8 only, so save the "
                               "file as UTF-8",
                               static_cast<unsigned char>(text[bad]))});
    return std::nullopt;
  }
  // Before yaml-cpp sees it: deep nesting (which yaml-cpp would queue whole first) and the
  // invalid YAML that yaml-cpp accepts.
  if (auto problem = prescan_yaml(text, k_max_depth)) {
    const Position p = position_of_offset(text, problem->offset);
    out.push_back({path, p.line, p.column, Severity::error, "syntax",
                   problem->too_deep ? too_deep_message() : std::move(problem->message)});
    return std::nullopt;
  }
  TreeBuilder builder(text, path, out);
  try {
    ViewBuffer buffer(text);
    std::istream in(&buffer);
    YAML::Parser parser(in);
    if (!parser.HandleNextDocument(builder)) {
      return std::nullopt;
    }
    // A second document: report it at its first line. Parse it into a throwaway builder.
    std::vector<Diagnostic> ignored;
    TreeBuilder second(text, path, ignored);
    if (parser.HandleNextDocument(second)) {
      const Node& at = second.root ? *second.root : Node{};
      out.push_back({path, at.line, at.column, Severity::error, "syntax",
                     "a second YAML document ('---'); an OKR file holds exactly one, so move it "
                     "to a file of its own"});
    }
  } catch (const TooMany& e) {
    builder.report(e.mark, "syntax",
                   fmt::format("more than {} values (list items, keys and values) in a file of "
                               "{} bytes; okr reads at most {} and one per {} bytes, so split "
                               "the file",
                               max_nodes(text), text.size(), k_base_nodes, k_bytes_per_node));
    return std::nullopt;
  } catch (const TooDeep& e) {
    builder.report(e.mark, "syntax", too_deep_message());
    return std::nullopt;
  } catch (const YAML::Exception& e) {
    builder.report(e.mark, "syntax", explain_syntax_error(text, e.mark, e.msg));
    return std::nullopt;
  }
  return std::move(builder.root);
}

} // namespace okr::loader
