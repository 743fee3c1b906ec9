#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <limits>
#include <utility>
#include <vector>

#include <okr/checkins.hpp>
#include <okr/metrics.hpp>

#include "metrics/series.hpp"

namespace okr::metrics {

namespace {

bool is_name_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
}
bool is_name_char(char c) {
  return is_name_start(c) || (c >= '0' && c <= '9') || c == '.';
}
bool is_label_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool is_label_char(char c) {
  return is_label_start(c) || (c >= '0' && c <= '9');
}

void skip_blanks(std::string_view text, std::size_t& at) {
  while (at < text.size() && (text[at] == ' ' || text[at] == '\t')) {
    ++at;
  }
}

std::string escape_label_value(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

} // namespace

std::optional<std::string> read_series(std::string_view text, std::size_t& at, std::string& error) {
  const std::size_t start = at;
  if (at >= text.size() || !is_name_start(text[at])) {
    error = "a metric name starts with a letter, '_' or ':'";
    return std::nullopt;
  }
  while (at < text.size() && is_name_char(text[at])) {
    ++at;
  }
  std::string name(text.substr(start, at - start));
  if (at >= text.size() || text[at] != '{') {
    return name;
  }
  ++at;
  std::vector<std::pair<std::string, std::string>> labels;
  while (true) {
    skip_blanks(text, at);
    if (at < text.size() && text[at] == '}') {
      ++at;
      break;
    }
    const std::size_t label_start = at;
    if (at >= text.size() || !is_label_start(text[at])) {
      error = "a label name starts with a letter or '_'; write name{label=\"value\"}";
      return std::nullopt;
    }
    while (at < text.size() && is_label_char(text[at])) {
      ++at;
    }
    std::string label(text.substr(label_start, at - label_start));
    skip_blanks(text, at);
    if (at >= text.size() || text[at] != '=') {
      error = fmt::format("label '{}' needs a value: {}=\"...\"", label, label);
      return std::nullopt;
    }
    ++at;
    skip_blanks(text, at);
    if (at >= text.size() || text[at] != '"') {
      error = fmt::format("the value of label '{}' is written in double quotes", label);
      return std::nullopt;
    }
    ++at;
    std::string value;
    bool closed = false;
    while (at < text.size()) {
      const char c = text[at];
      if (c == '"') {
        ++at;
        closed = true;
        break;
      }
      if (c == '\n') {
        break;
      }
      if (c == '\\') {
        if (at + 1 >= text.size()) {
          break;
        }
        const char e = text[at + 1];
        if (e == '\\' || e == '"') {
          value += e;
        } else if (e == 'n') {
          value += '\n';
        } else {
          error = fmt::format("'\\{}' in the value of label '{}': the escapes are \\\\, \\\" "
                              "and \\n",
                              e, label);
          return std::nullopt;
        }
        at += 2;
        continue;
      }
      value += c;
      ++at;
    }
    if (!closed) {
      error = fmt::format("the value of label '{}' has no closing '\"'", label);
      return std::nullopt;
    }
    for (const auto& existing : labels) {
      if (existing.first == label) {
        error = fmt::format("label '{}' is given twice", label);
        return std::nullopt;
      }
    }
    labels.emplace_back(std::move(label), std::move(value));
    skip_blanks(text, at);
    if (at < text.size() && text[at] == ',') {
      ++at;
      continue;
    }
    if (at < text.size() && text[at] == '}') {
      ++at;
      break;
    }
    error = "labels are separated by ',' and closed by '}'";
    return std::nullopt;
  }
  if (labels.empty()) {
    return name;
  }
  std::sort(labels.begin(), labels.end());
  name += '{';
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (i > 0) {
      name += ',';
    }
    name += labels[i].first;
    name += "=\"";
    name += escape_label_value(labels[i].second);
    name += '"';
  }
  name += '}';
  return name;
}

std::optional<double> read_value(std::string_view text) {
  if (text == "+Inf" || text == "Inf" || text == "+inf" || text == "inf") {
    return std::numeric_limits<double>::infinity();
  }
  if (text == "-Inf" || text == "-inf") {
    return -std::numeric_limits<double>::infinity();
  }
  if (text == "NaN" || text == "nan") {
    return std::numeric_limits<double>::quiet_NaN();
  }
  return parse_number(text);
}

std::optional<std::string> canonical_name(std::string_view written, std::string* error) {
  std::size_t at = 0;
  std::string why;
  auto name = read_series(written, at, why);
  if (name && at != written.size()) {
    why = fmt::format("unexpected '{}' after the name; a metric is name or "
                      "name{{label=\"value\",...}}",
                      written.substr(at, 1));
    name.reset();
  }
  if (!name && error) {
    *error = std::move(why);
  }
  return name;
}

std::string_view to_string(Format format) {
  switch (format) {
  case Format::json:
    return "json";
  case Format::csv:
    return "csv";
  case Format::openmetrics:
    return "openmetrics";
  }
  return "json";
}

std::optional<Format> parse_format(std::string_view name) {
  for (Format f : {Format::json, Format::csv, Format::openmetrics}) {
    if (name == to_string(f)) {
      return f;
    }
  }
  return std::nullopt;
}

std::optional<Format> format_of(std::string_view path) {
  const std::size_t dot = path.rfind('.');
  const std::size_t slash = path.rfind('/');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) {
    return std::nullopt;
  }
  std::string ext(path.substr(dot + 1));
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (ext == "json") {
    return Format::json;
  }
  if (ext == "csv") {
    return Format::csv;
  }
  if (ext == "prom" || ext == "om" || ext == "openmetrics" || ext == "txt") {
    return Format::openmetrics;
  }
  return std::nullopt;
}

ParseResult parse(std::string_view text, Format format, const std::string& path) {
  switch (format) {
  case Format::json:
    return parse_json(text, path);
  case Format::csv:
    return parse_csv(text, path);
  case Format::openmetrics:
    return parse_openmetrics(text, path);
  }
  return {};
}

} // namespace okr::metrics
