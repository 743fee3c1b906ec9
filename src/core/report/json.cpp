// `okr report --format json`: the report model written out as it is walked, in nlohmann's
// dump(2) layout. Building the nlohmann tree first cost eight times as much as writing it,
// and 130 MB on 1,000 teams.

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <okr/report.hpp>

#include "fields.hpp"

namespace okr::report {

namespace {

/// Writes JSON to a stream in pieces, laid out as nlohmann::json::dump(2) lays it out: two
/// spaces a level, `"key": value`, `{}` and `[]` when empty. Numbers and strings that are not
/// plain are written by nlohmann itself, so that they come out exactly as it writes them.
class JsonWriter {
public:
  explicit JsonWriter(std::ostream& out) : m_out(out) { m_buffer.reserve(2 * k_piece); }

  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  void begin_array() { open('['); }
  void end_array() { close(']'); }

  JsonWriter& key(std::string_view name) {
    next();
    quoted(name);
    m_buffer += ": ";
    m_after_key = true;
    return *this;
  }

  void text(std::string_view value) {
    next();
    quoted(value);
  }
  /// null when empty
  void optional_text(std::string_view value) {
    if (value.empty()) {
      null();
    } else {
      text(value);
    }
  }
  void boolean(bool value) {
    next();
    m_buffer += value ? "true" : "false";
  }
  void null() {
    next();
    m_buffer += "null";
  }
  void integer(long long value) {
    next();
    append_integer(value);
  }
  void number(double value) {
    next();
    if (value == std::floor(value) && std::fabs(value) < 1e15 && !std::signbit(value)) {
      append_integer(static_cast<long long>(value)); // nlohmann writes 3.0 as "3.0"
      m_buffer += ".0";
    } else {
      m_buffer += nlohmann::ordered_json(value).dump();
    }
  }
  void optional_number(const std::optional<double>& value) {
    if (value) {
      number(*value);
    } else {
      null();
    }
  }
  /// A computed number, rounded once, here, to score_decimals; null when there is none.
  void score(const std::optional<double>& value) {
    if (value) {
      number(score_decimals(*value));
    } else {
      null();
    }
  }
  void strings(const std::vector<std::string>& values) {
    begin_array();
    for (const std::string& value : values) {
      text(value);
    }
    end_array();
  }

  /// Ends the document with a line break, and writes what is left.
  void finish() {
    m_buffer += '\n';
    flush();
  }

private:
  static constexpr std::size_t k_piece = 64 * 1024;

  /// What comes before a key or a value: nothing after a key, else a line break (after a
  /// comma when it is not the first) and the indentation.
  void next() {
    if (m_after_key) {
      m_after_key = false;
      return;
    }
    if (m_empty.empty()) {
      return;
    }
    m_buffer += m_empty.back() ? "\n" : ",\n";
    m_empty.back() = false;
    m_buffer.append(2 * m_empty.size(), ' ');
  }

  void open(char bracket) {
    next();
    m_buffer += bracket;
    m_empty.push_back(true);
  }

  void flush() {
    m_out.write(m_buffer.data(), static_cast<std::streamsize>(m_buffer.size()));
    m_buffer.clear();
  }

  void close(char bracket) {
    const bool empty = m_empty.back();
    m_empty.pop_back();
    if (!empty) {
      m_buffer += '\n';
      m_buffer.append(2 * m_empty.size(), ' ');
    }
    m_buffer += bracket;
    if (m_buffer.size() >= k_piece) {
      flush();
    }
  }

  void quoted(std::string_view value) {
    const bool plain = std::all_of(value.begin(), value.end(), [](char c) {
      return c >= 0x20 && c < 0x7F && c != '"' && c != '\\';
    });
    if (plain) {
      m_buffer += '"';
      m_buffer += value;
      m_buffer += '"';
    } else {
      // Escapes, and invalid UTF-8 replaced by U+FFFD, exactly as nlohmann does them.
      m_buffer += nlohmann::ordered_json(std::string(value))
                      .dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    }
  }

  void append_integer(long long value) {
    std::array<char, 24> digits; // NOLINT: written before read
    const auto [end, error] = std::to_chars(digits.data(), digits.data() + digits.size(), value);
    m_buffer.append(digits.data(), static_cast<std::size_t>(end - digits.data()));
  }

  std::ostream& m_out;
  std::string m_buffer;
  std::vector<bool> m_empty; ///< per open container: nothing in it yet
  bool m_after_key = false;
};

/// Writes the fields that fields.hpp lists, as they are walked.
class JsonFields {
public:
  explicit JsonFields(JsonWriter& w) : m_w(w) {}

  void text(std::string_view key, std::string_view value) { m_w.key(key).text(value); }
  void optional_text(std::string_view key, std::string_view value) {
    m_w.key(key).optional_text(value);
  }
  template <typename E> void word(std::string_view key, E value) {
    m_w.key(key).text(to_string(value));
  }
  template <typename E> void optional_word(std::string_view key, E value) {
    m_w.key(key).optional_text(value == E{} ? std::string_view() : to_string(value));
  }
  template <typename E> void optional_word(std::string_view key, const std::optional<E>& value) {
    m_w.key(key).optional_text(value ? to_string(*value) : std::string_view());
  }
  void flag(std::string_view key, bool value) { m_w.key(key).boolean(value); }
  void optional_flag(std::string_view key, const std::optional<bool>& value) {
    if (value) {
      m_w.key(key).boolean(*value);
    } else {
      m_w.key(key).null();
    }
  }
  void count(std::string_view key, std::size_t value) {
    m_w.key(key).integer(static_cast<long long>(value));
  }
  void integer(std::string_view key, int value) { m_w.key(key).integer(value); }
  // JSON numbers are values: the written decimals are the text renderers' concern.
  void number(std::string_view key, double value, std::uint8_t /*decimals*/ = k_shortest) {
    m_w.key(key).number(value);
  }
  void optional_number(std::string_view key, const std::optional<double>& value,
                       std::uint8_t /*decimals*/ = k_shortest) {
    m_w.key(key).optional_number(value);
  }
  void score(std::string_view key, const std::optional<double>& value) {
    m_w.key(key).score(value);
  }
  void score(std::string_view key, double value) { m_w.key(key).score(value); }
  void date(std::string_view key, Date value) { m_w.key(key).text(value.str()); }
  void optional_date(std::string_view key, const std::optional<Date>& value) {
    if (value) {
      date(key, *value);
    } else {
      m_w.key(key).null();
    }
  }
  void strings(std::string_view key, const std::vector<std::string>& values) {
    m_w.key(key).strings(values);
  }
  template <typename T> void object(std::string_view key, const T& value) {
    object(key, value, Listed{});
  }
  template <typename T, typename F> void object(std::string_view key, const T& value, F listed) {
    m_w.key(key).begin_object();
    listed(*this, value);
    m_w.end_object();
  }
  template <typename T> void optional_object(std::string_view key, const std::optional<T>& value) {
    if (value) {
      object(key, *value);
    } else {
      m_w.key(key).null();
    }
  }
  template <typename T> void list(std::string_view key, const std::vector<T>& items) {
    list(key, items, Listed{});
  }
  template <typename T, typename F>
  void list(std::string_view key, const std::vector<T>& items, F listed) {
    m_w.key(key).begin_array();
    for (const T& item : items) {
      m_w.begin_object();
      listed(*this, item);
      m_w.end_object();
    }
    m_w.end_array();
  }
  void owners(std::string_view key, const ReportOwners& owners) {
    m_w.key(key).begin_array();
    for (const ReportOwner& owner : owners) {
      m_w.begin_object();
      fields(*this, owner);
      m_w.end_object();
    }
    m_w.end_array();
  }

private:
  /// A struct's own fields().
  struct Listed {
    template <typename T> void operator()(JsonFields& v, const T& value) const { fields(v, value); }
  };

  JsonWriter& m_w;
};

} // namespace

} // namespace okr::report

namespace okr {

void render_report_json(std::ostream& out, const Report& report) {
  report::JsonWriter w(out);
  report::JsonFields v(w);
  w.begin_object();
  report::fields(v, report);
  w.end_object();
  w.finish();
}

} // namespace okr
