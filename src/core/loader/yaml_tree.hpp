#pragma once

// The loader's own YAML tree: positions kept, nothing of yaml-cpp visible.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <okr/diagnostic.hpp>

namespace okr::loader {

struct Node {
  enum class Kind : std::uint8_t { null, scalar, sequence, map };
  Kind kind = Kind::null;
  bool plain = true; ///< a plain (unquoted, non-block) scalar, subject to type resolution
  /// Already reported (an alias, a tagged value): readers stay silent about it.
  bool rejected = false;
  std::uint32_t line = 1;
  std::uint32_t column = 1;
  std::string text;
  /// A sequence's items; a map's keys and values, alternating.
  std::vector<Node> children;

  bool is_null() const;
  bool is_scalar() const { return kind == Kind::scalar; }
  bool is_map() const { return kind == Kind::map; }
  bool is_sequence() const { return kind == Kind::sequence; }
};

/// Parses one YAML document. Syntax errors, duplicate keys, anchors, aliases, tags and a second
/// document are reported to `out`; the tree holds what could be read (nullopt for an empty file
/// or a syntax error).
std::optional<Node> parse_yaml(std::string_view text, const std::string& path,
                               std::vector<Diagnostic>& out);

/// Short description of a node's type for messages: "a string", "a list", ...
std::string_view describe(const Node& node);

} // namespace okr::loader
