// RFC 4180 records with their positions (okr/csv.hpp). Hand-written: the format is small, and a
// finding needs the line and column of each field, which the CSV libraries Debian packages do
// not give.

#include <okr/csv.hpp>

namespace okr::csv {

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  return s;
}

namespace {

class Reader {
public:
  Reader(std::string_view text, const std::string& path, std::string_view rule)
      : m_text(text), m_path(path), m_rule(rule) {}

  Table read() {
    Table table;
    Record fields;
    while (record(fields)) {
      if (!(fields.size() == 1 && fields[0].text.empty())) {
        table.records.push_back(std::move(fields));
      }
      fields = Record();
    }
    table.error = std::move(m_error);
    return table;
  }

private:
  /// The column of byte `i` of the current line, in code points: counted on from the last
  /// column asked for, as columns are asked for in order along a line.
  std::uint32_t column(std::size_t i) {
    if (m_counted_from < m_line_start || m_counted_from > i) {
      m_counted_from = m_line_start;
      m_counted = 1;
    }
    for (; m_counted_from < i; ++m_counted_from) {
      if ((static_cast<unsigned char>(m_text[m_counted_from]) & 0xC0) != 0x80) {
        ++m_counted;
      }
    }
    return m_counted;
  }

  void new_line(std::size_t start) {
    ++m_line;
    m_line_start = start;
  }

  bool fail(std::uint32_t line, std::uint32_t col, std::string message) {
    m_error =
        Diagnostic{m_path, line, col, Severity::error, std::string(m_rule), std::move(message)};
    return false;
  }

  bool crlf_at(std::size_t i) const {
    return m_text[i] == '\r' && (i + 1 == m_text.size() || m_text[i + 1] == '\n');
  }

  /// Reads one record into `fields`; false at the end of the text or after a syntax error.
  bool record(Record& fields) {
    if (m_at >= m_text.size()) {
      return false;
    }
    while (true) {
      Field field{{}, m_line, column(m_at)};
      if (m_at < m_text.size() && m_text[m_at] == '"') {
        const std::uint32_t open_line = m_line;
        const std::uint32_t open_column = field.column;
        ++m_at;
        bool closed = false;
        while (m_at < m_text.size()) {
          const char c = m_text[m_at];
          if (c == '"') {
            if (m_at + 1 < m_text.size() && m_text[m_at + 1] == '"') {
              field.text += '"';
              m_at += 2;
              continue;
            }
            ++m_at;
            closed = true;
            break;
          }
          field.text += c;
          ++m_at;
          if (c == '\n') {
            new_line(m_at);
          }
        }
        if (!closed) {
          return fail(open_line, open_column, "this quoted field has no closing '\"'");
        }
        if (m_at < m_text.size() && m_text[m_at] != ',' && m_text[m_at] != '\n' && !crlf_at(m_at)) {
          return fail(m_line, column(m_at),
                      "after a quoted field comes ',' or the end of the line; write a quote "
                      "inside a quoted field as \"\"");
        }
      } else {
        while (m_at < m_text.size() && m_text[m_at] != ',' && m_text[m_at] != '\n' &&
               m_text[m_at] != '\r') {
          if (m_text[m_at] == '"') {
            return fail(m_line, column(m_at),
                        "a field holding '\"' is written in double quotes, with the quote "
                        "doubled: \"a \"\"b\"\"\"");
          }
          field.text += m_text[m_at];
          ++m_at;
        }
        if (m_at < m_text.size() && m_text[m_at] == '\r' && !crlf_at(m_at)) {
          return fail(m_line, column(m_at),
                      "a carriage return outside quotes, not before a line feed");
        }
      }
      fields.push_back(std::move(field));
      if (m_at >= m_text.size()) {
        return true;
      }
      if (m_text[m_at] == ',') {
        ++m_at;
        continue;
      }
      // The end of the record: CRLF, LF, or a final CR.
      if (m_text[m_at] == '\r') {
        ++m_at;
      }
      if (m_at < m_text.size() && m_text[m_at] == '\n') {
        ++m_at;
      }
      new_line(m_at);
      return true;
    }
  }

  std::string_view m_text;
  const std::string& m_path;
  std::string_view m_rule;
  std::optional<Diagnostic> m_error;
  std::size_t m_at = 0;
  std::uint32_t m_line = 1;
  std::size_t m_line_start = 0;
  std::size_t m_counted_from = 0;
  std::uint32_t m_counted = 1;
};

} // namespace

Table read(std::string_view text, const std::string& path, std::string_view rule) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") {
    text.remove_prefix(3);
  }
  return Reader(text, path, rule).read();
}

} // namespace okr::csv
