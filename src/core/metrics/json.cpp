// JSON metrics files, read with nlohmann/json's SAX parser through an iterator that counts lines,
// so that every value keeps the line and column it was written at. Two shapes:
//   {"signup": {"completion_ratio": 0.72}, "nps": 41}   nested names joined with dots
//   {"metrics": [{"name": "nps", "value": 41, "date": "2026-10-12"}]}

#include <fmt/format.h>
#include <iterator>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include <okr/metrics.hpp>

#include "metrics/sample.hpp"

namespace okr::metrics {

namespace {

constexpr std::size_t k_max_depth = 64;

/// Where the parser has read to: the line and column of the last character it took.
struct Cursor {
  const char* begin = nullptr;
  const char* line_start = nullptr;
  std::uint32_t line = 1;
  std::uint32_t last_line = 1;
  std::uint32_t last_column = 1;
};

/// A const char* that moves the Cursor as nlohmann's lexer reads each character (once each).
class CountingIterator {
public:
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  CountingIterator(const char* p, Cursor* cursor) : m_p(p), m_cursor(cursor) {}
  const char& operator*() const {
    m_cursor->last_line = m_cursor->line;
    m_cursor->last_column = static_cast<std::uint32_t>(m_p - m_cursor->line_start + 1);
    if (*m_p == '\n') {
      ++m_cursor->line;
      m_cursor->line_start = m_p + 1;
    }
    return *m_p;
  }
  CountingIterator& operator++() {
    ++m_p;
    return *this;
  }
  CountingIterator operator++(int) {
    CountingIterator old = *this;
    ++m_p;
    return old;
  }
  bool operator==(const CountingIterator& other) const { return m_p == other.m_p; }
  bool operator!=(const CountingIterator& other) const { return m_p != other.m_p; }

private:
  const char* m_p;
  Cursor* m_cursor;
};

struct Value {
  enum class Kind : std::uint8_t { object, array, number, string, other };
  Kind kind = Kind::other;
  std::string text; ///< a number as written, a string's value
  std::vector<std::pair<std::string, std::unique_ptr<Value>>> members;
  std::vector<std::unique_ptr<Value>> items;
  std::uint32_t line = 0;
  std::uint32_t column = 0;
};

class TreeBuilder : public nlohmann::json_sax<nlohmann::json> {
public:
  TreeBuilder(const Cursor& cursor, Collector& out) : m_cursor(cursor), m_out(out) {}

  std::unique_ptr<Value> root;

  // `back`: a literal ends at its last character, a number one after it (the lexer reads on
  // to see it end), a string at its closing quote.
  bool null() override { return leaf(Value::Kind::other, "null", 3); }
  bool boolean(bool val) override {
    return leaf(Value::Kind::other, val ? "true" : "false", val ? 3 : 4);
  }
  bool number_integer(number_integer_t val) override {
    std::string text = fmt::format("{}", val);
    const auto n = text.size();
    return leaf(Value::Kind::number, std::move(text), n);
  }
  bool number_unsigned(number_unsigned_t val) override {
    std::string text = fmt::format("{}", val);
    const auto n = text.size();
    return leaf(Value::Kind::number, std::move(text), n);
  }
  bool number_float(number_float_t /*val*/, const string_t& s) override {
    return leaf(Value::Kind::number, s, s.size());
  }
  bool string(string_t& val) override {
    const auto n = val.size();
    return leaf(Value::Kind::string, std::move(val), n + 1);
  }
  bool binary(binary_t& /*val*/) override { return leaf(Value::Kind::other, "binary", 0); }
  bool start_object(std::size_t /*elements*/) override { return open(Value::Kind::object); }
  bool key(string_t& val) override {
    m_key = std::move(val);
    return true;
  }
  bool end_object() override {
    m_stack.pop_back();
    return true;
  }
  bool start_array(std::size_t /*elements*/) override { return open(Value::Kind::array); }
  bool end_array() override {
    m_stack.pop_back();
    return true;
  }
  bool parse_error(std::size_t /*position*/, const std::string& /*last_token*/,
                   const nlohmann::detail::exception& ex) override {
    std::string message = ex.what();
    // "[json.exception.parse_error.101] parse error at line 1, column 5: syntax error ...":
    // the position is the finding's own.
    if (const auto colon = message.find(": "); colon != std::string::npos) {
      message = message.substr(colon + 2);
    } else if (const auto bracket = message.find("] "); bracket != std::string::npos) {
      message = message.substr(bracket + 2);
    }
    m_out.error(m_cursor.last_line, m_cursor.last_column,
                fmt::format("not valid JSON: {}", message));
    return false;
  }

private:
  bool open(Value::Kind kind) {
    if (m_stack.size() >= k_max_depth) {
      m_out.error(m_cursor.last_line, m_cursor.last_column,
                  fmt::format("nested deeper than {} levels", k_max_depth));
      return false;
    }
    Value* v = attach(kind, {}, 0);
    m_stack.push_back(v);
    return true;
  }
  bool leaf(Value::Kind kind, std::string text, std::size_t back) {
    attach(kind, std::move(text), back);
    return true;
  }
  /// `back`: how far before the last character read the value starts.
  Value* attach(Value::Kind kind, std::string text, std::size_t back) {
    auto v = std::make_unique<Value>();
    v->kind = kind;
    v->text = std::move(text);
    v->line = m_cursor.last_line;
    v->column =
        m_cursor.last_column > back ? static_cast<std::uint32_t>(m_cursor.last_column - back) : 1;
    Value* raw = v.get();
    if (m_stack.empty()) {
      root = std::move(v);
    } else if (m_stack.back()->kind == Value::Kind::object) {
      m_stack.back()->members.emplace_back(std::move(m_key), std::move(v));
    } else {
      m_stack.back()->items.push_back(std::move(v));
    }
    return raw;
  }

  const Cursor& m_cursor;
  Collector& m_out;
  std::vector<Value*> m_stack;
  std::string m_key;
};

std::string_view describe(const Value& v) {
  switch (v.kind) {
  case Value::Kind::object:
    return "an object";
  case Value::Kind::array:
    return "a list";
  case Value::Kind::string:
    return "a string";
  default:
    return "not a number";
  }
}

void flatten(const Value& object, const std::string& prefix, Collector& out) {
  for (const auto& [key, value] : object.members) {
    const std::string name = prefix.empty() ? key : prefix + "." + key;
    if (value->kind == Value::Kind::object) {
      flatten(*value, name, out);
    } else if (value->kind == Value::Kind::number) {
      out.add(name, value->text, {}, value->line, value->column);
    } else if (value->kind == Value::Kind::string) {
      out.error(value->line, value->column,
                fmt::format("the value of '{}' is the string \"{}\"; write a number, "
                            "without quotes",
                            name, value->text),
                canonical_name(name).value_or(""));
    } else {
      out.error(value->line, value->column,
                fmt::format("the value of '{}' is {}, not a number", name,
                            value->kind == Value::Kind::other ? value->text
                                                              : std::string(describe(*value))),
                canonical_name(name).value_or(""));
    }
  }
}

void read_list(const Value& list, Collector& out) {
  for (const auto& item : list.items) {
    if (item->kind != Value::Kind::object) {
      out.error(item->line, item->column,
                fmt::format("each item of \"metrics\" is an object {{\"name\", \"value\", "
                            "\"date\"}}, not {}",
                            describe(*item)));
      continue;
    }
    const Value* name = nullptr;
    const Value* value = nullptr;
    const Value* date = nullptr;
    bool ok = true;
    for (const auto& [key, member] : item->members) {
      const Value** slot = key == "name"    ? &name
                           : key == "value" ? &value
                           : key == "date"  ? &date
                                            : nullptr;
      if (!slot) {
        out.error(member->line, member->column,
                  fmt::format("unknown key '{}'; a metric has \"name\", \"value\" and "
                              "optionally \"date\"",
                              key));
        ok = false;
      } else if (*slot) {
        out.error(member->line, member->column, fmt::format("'{}' is given twice", key));
        ok = false;
      } else {
        *slot = member.get();
      }
    }
    if (!ok) {
      continue;
    }
    if (!name || name->kind != Value::Kind::string) {
      out.error(item->line, item->column, "each metric has a \"name\", a string");
      continue;
    }
    if (!value) {
      out.error(item->line, item->column, fmt::format("metric '{}' has no \"value\"", name->text),
                canonical_name(name->text).value_or(""));
      continue;
    }
    if (value->kind == Value::Kind::string) {
      out.error(value->line, value->column,
                fmt::format("the value of '{}' is the string \"{}\"; write a number, "
                            "without quotes",
                            name->text, value->text),
                canonical_name(name->text).value_or(""));
      continue;
    }
    if (value->kind != Value::Kind::number) {
      out.error(value->line, value->column,
                fmt::format("the value of '{}' is {}, not a number", name->text,
                            value->kind == Value::Kind::other ? value->text
                                                              : std::string(describe(*value))),
                canonical_name(name->text).value_or(""));
      continue;
    }
    if (date && date->kind != Value::Kind::string) {
      out.error(date->line, date->column,
                fmt::format("the date of '{}' is a string written YYYY-MM-DD", name->text),
                canonical_name(name->text).value_or(""));
      continue;
    }
    out.add(name->text, value->text, date ? std::string_view(date->text) : std::string_view(),
            value->line, value->column);
  }
}

} // namespace

ParseResult parse_json(std::string_view text, const std::string& path) {
  Collector out(path);
  Cursor cursor;
  cursor.begin = text.data();
  cursor.line_start = text.data();
  TreeBuilder builder(cursor, out);
  const bool ok =
      nlohmann::json::sax_parse(CountingIterator(text.data(), &cursor),
                                CountingIterator(text.data() + text.size(), &cursor), &builder);
  if (!ok || !builder.root) {
    return out.take();
  }
  const Value& root = *builder.root;
  if (root.kind != Value::Kind::object) {
    out.error(root.line, root.column,
              fmt::format("a JSON metrics file is an object of names and numbers, not {}",
                          describe(root)));
    return out.take();
  }
  if (root.members.size() == 1 && root.members[0].first == "metrics" &&
      root.members[0].second->kind == Value::Kind::array) {
    read_list(*root.members[0].second, out);
  } else {
    flatten(root, {}, out);
  }
  return out.take();
}

} // namespace okr::metrics
