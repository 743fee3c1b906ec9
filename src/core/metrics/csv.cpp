// CSV metrics files, RFC 4180: a header `metric,value[,date]`, records ended by CRLF or LF,
// fields in double quotes holding commas, line breaks and "" for a quote. Hand-written: the
// format is small, and a finding needs the line and column of each field, which the CSV
// libraries Debian packages do not give.

#include <algorithm>
#include <fmt/format.h>
#include <string>
#include <vector>

#include <okr/metrics.hpp>

#include "metrics/sample.hpp"

namespace okr::metrics {

namespace {

struct Field {
  std::string text;
  std::uint32_t line = 0;
  std::uint32_t column = 0;
};

std::string lower_trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  return s;
}

} // namespace

ParseResult parse_csv(std::string_view text, const std::string& path) {
  Collector out(path);
  if (text.substr(0, 3) == "\xEF\xBB\xBF") {
    text.remove_prefix(3);
  }
  std::size_t at = 0;
  std::uint32_t line = 1;
  std::size_t line_start = 0;
  auto column = [&](std::size_t i) { return static_cast<std::uint32_t>(i - line_start + 1); };

  // Reads one record into `fields`; false at the end of the text or after a syntax error.
  std::vector<Field> fields;
  bool failed = false;
  auto read_record = [&]() -> bool {
    fields.clear();
    if (at >= text.size()) {
      return false;
    }
    while (true) {
      Field field{{}, line, column(at)};
      if (at < text.size() && text[at] == '"') {
        const std::uint32_t open_line = line;
        const std::uint32_t open_column = column(at);
        ++at;
        bool closed = false;
        while (at < text.size()) {
          const char c = text[at];
          if (c == '"') {
            if (at + 1 < text.size() && text[at + 1] == '"') {
              field.text += '"';
              at += 2;
              continue;
            }
            ++at;
            closed = true;
            break;
          }
          if (c == '\n') {
            ++line;
            line_start = at + 1;
          }
          field.text += c;
          ++at;
        }
        if (!closed) {
          out.error(open_line, open_column, "this quoted field has no closing '\"'");
          failed = true;
          return false;
        }
        if (at < text.size() && text[at] != ',' && text[at] != '\n' &&
            !(text[at] == '\r' && at + 1 < text.size() && text[at + 1] == '\n') &&
            !(text[at] == '\r' && at + 1 == text.size())) {
          out.error(line, column(at),
                    "after a quoted field comes ',' or the end of the line; write a quote "
                    "inside a quoted field as \"\"");
          failed = true;
          return false;
        }
      } else {
        while (at < text.size() && text[at] != ',' && text[at] != '\n' && text[at] != '\r') {
          if (text[at] == '"') {
            out.error(line, column(at),
                      "a field holding '\"' is written in double quotes, with the quote "
                      "doubled: \"a \"\"b\"\"\"");
            failed = true;
            return false;
          }
          field.text += text[at];
          ++at;
        }
        if (at < text.size() && text[at] == '\r' &&
            !(at + 1 == text.size() || text[at + 1] == '\n')) {
          out.error(line, column(at), "a carriage return outside quotes, not before a line feed");
          failed = true;
          return false;
        }
      }
      fields.push_back(std::move(field));
      if (at >= text.size()) {
        return true;
      }
      if (text[at] == ',') {
        ++at;
        continue;
      }
      // End of the record: CRLF, LF, or a final CR.
      if (text[at] == '\r') {
        ++at;
      }
      if (at < text.size() && text[at] == '\n') {
        ++at;
      }
      ++line;
      line_start = at;
      return true;
    }
  };

  auto blank = [&] { return fields.size() == 1 && fields[0].text.empty(); };
  // The header.
  while (read_record() && blank()) {
  }
  if (failed) {
    return out.take();
  }
  if (fields.empty()) {
    out.error(1, 1, "the file is empty; a CSV metrics file starts with the header metric,value");
    return out.take();
  }
  const bool has_date = fields.size() == 3 && lower_trimmed(fields[2].text) == "date";
  if (fields.size() < 2 || fields.size() > 3 || lower_trimmed(fields[0].text) != "metric" ||
      lower_trimmed(fields[1].text) != "value" || (fields.size() == 3 && !has_date)) {
    std::vector<std::string> got;
    for (const Field& f : fields) {
      got.push_back(f.text);
    }
    out.error(fields[0].line, fields[0].column,
              fmt::format("the header is '{}'; a CSV metrics file starts with metric,value or "
                          "metric,value,date",
                          fmt::join(got, ",")));
    return out.take();
  }
  const std::size_t width = has_date ? 3 : 2;
  while (read_record()) {
    if (blank()) {
      continue;
    }
    if (fields.size() != width) {
      out.error(fields[0].line, fields[0].column,
                fmt::format("this record has {} field{}; the header has {} ({})", fields.size(),
                            fields.size() == 1 ? "" : "s", width,
                            has_date ? "metric,value,date" : "metric,value"));
      continue;
    }
    out.add(trimmed(fields[0].text), trimmed(fields[1].text),
            has_date ? trimmed(fields[2].text) : std::string_view(), fields[0].line,
            fields[0].column);
  }
  return out.take();
}

} // namespace okr::metrics
