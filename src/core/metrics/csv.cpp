// CSV metrics files: a header `metric,value[,date]`, then one sample a record, read through the
// one CSV reader (okr/csv.hpp).

#include <algorithm>
#include <fmt/format.h>
#include <string>
#include <vector>

#include <okr/csv.hpp>
#include <okr/metrics.hpp>

#include "metrics/sample.hpp"

namespace okr::metrics {

namespace {

std::string lower_trimmed(std::string_view s) {
  std::string out(csv::trimmed(s));
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

} // namespace

ParseResult parse_csv(std::string_view text, const std::string& path) {
  Collector out(path);
  csv::Table table = csv::read(text, path, "metrics");
  // The syntax error that stopped the reading comes after the findings of the records before it.
  auto finish = [&] {
    if (table.error) {
      out.error(table.error->line, table.error->column, table.error->message);
    }
    return out.take();
  };
  if (table.records.empty()) {
    if (!table.error) {
      out.error(1, 1, "the file is empty; a CSV metrics file starts with the header metric,value");
    }
    return finish();
  }
  const csv::Record& header = table.records.front();
  const bool has_date = header.size() == 3 && lower_trimmed(header[2].text) == "date";
  if (header.size() < 2 || header.size() > 3 || lower_trimmed(header[0].text) != "metric" ||
      lower_trimmed(header[1].text) != "value" || (header.size() == 3 && !has_date)) {
    std::vector<std::string> got;
    for (const csv::Field& f : header) {
      got.push_back(f.text);
    }
    out.error(header[0].line, header[0].column,
              fmt::format("the header is '{}'; a CSV metrics file starts with metric,value or "
                          "metric,value,date",
                          fmt::join(got, ",")));
    return out.take();
  }
  const std::size_t width = has_date ? 3 : 2;
  for (std::size_t i = 1; i < table.records.size(); ++i) {
    const csv::Record& fields = table.records[i];
    if (fields.size() != width) {
      out.error(fields[0].line, fields[0].column,
                fmt::format("this record has {} field{}; the header has {} ({})", fields.size(),
                            fields.size() == 1 ? "" : "s", width,
                            has_date ? "metric,value,date" : "metric,value"));
      continue;
    }
    out.add(csv::trimmed(fields[0].text), csv::trimmed(fields[1].text),
            has_date ? csv::trimmed(fields[2].text) : std::string_view(), fields[0].line,
            fields[0].column);
  }
  return finish();
}

} // namespace okr::metrics
