#pragma once

// Typed access to the YAML tree: every conversion reports what is wrong, where, and what to
// write instead, and returns nullopt so that loading goes on and finds every problem.

#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <okr/diagnostic.hpp>
#include <okr/model.hpp>

#include "loader/yaml_tree.hpp"

namespace okr::loader {

class Reader {
public:
  Reader(std::uint32_t file, const std::string& path, std::vector<Diagnostic>& out)
      : m_file(file), m_path(path), m_out(out) {}

  Pos pos(const Node& node) const { return {m_file, node.line, node.column}; }
  const std::string& path() const { return m_path; }
  /// How many findings have been reported so far (to tell whether a part had errors).
  std::size_t reported() const { return m_out.size() + m_silenced; }

  void report(const Node& at, std::string_view rule, std::string message,
              Severity severity = Severity::error);

  /// Any non-empty scalar, as text.
  std::optional<Text> text(const Node& node, std::string_view key);
  /// A lower-case kebab-case id.
  std::optional<Text> id(const Node& node, std::string_view key);
  /// A cycle id such as 2026-Q4: letters, digits and '-', no path characters.
  std::optional<Text> cycle_id(const Node& node, std::string_view key);
  /// A finite plain YAML number.
  std::optional<Number> number(const Node& node, std::string_view key);
  std::optional<bool> boolean(const Node& node, std::string_view key);
  std::optional<Date> date(const Node& node, std::string_view key);
  /// One of `choices`, with a suggestion when it is close to one of them.
  std::optional<std::size_t> choice(const Node& node, std::string_view key,
                                    std::span<const std::string_view> choices);
  /// A whole number of days from `min` to `max`, such as a cadence; `hint` ends the message
  /// when it is not.
  std::optional<Number> days(const Node& node, std::string_view key, int min, int max,
                             std::string_view hint = {});
  /// A level: company, unit, team or individual.
  std::optional<Level> level(const Node& node, std::string_view key);
  /// A reference owner/objective (parts = 2) or owner/objective/kr (parts = 3).
  std::optional<Ref> ref(const Node& node, std::string_view key, int parts);

  /// A value that may be written as one item or as a list of them; calls `each` per item.
  template <typename F> void one_or_list(const Node& node, F&& each) {
    if (node.is_sequence()) {
      for (const Node& item : node.children) {
        each(item);
      }
    } else if (!node.is_null()) {
      each(node);
    }
  }
  /// A list (a single item is reported as a type error).
  bool expect_list(const Node& node, std::string_view key);
  bool expect_map(const Node& node, std::string_view what);

private:
  bool expect_scalar(const Node& node, std::string_view key, std::string_view expected);

  std::uint32_t m_file;
  const std::string& m_path;
  std::vector<Diagnostic>& m_out;
  std::size_t m_silenced = 0;
};

/// A mapping's entries by key. Unknown keys are reported when it is made.
class MapView {
public:
  MapView(Reader& reader, const Node& map, std::string_view what,
          std::initializer_list<std::string_view> keys);

  /// The value of `key`, or null when absent.
  const Node* get(std::string_view key) const;
  /// The value of `key`; reports it missing when absent or empty.
  const Node* require(std::string_view key, std::string_view hint = {}) const;
  const Node& node() const { return m_map; }

private:
  Reader& m_reader;
  const Node& m_map;
  std::string m_what; // owned: callers pass formatted temporaries
  std::vector<std::pair<std::string_view, const Node*>> m_entries;
};

} // namespace okr::loader
