#include "loader/reader.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <fmt/format.h>

#include <okr/number.hpp>
#include <okr/text.hpp>

namespace okr::loader {

void Reader::report(const Node& at, std::string_view rule, std::string message, Severity severity) {
  if (at.rejected) {
    ++m_silenced; // the parser has reported this value already
    return;
  }
  add_file_finding(m_out,
                   {m_path, at.line, at.column, severity, std::string(rule), std::move(message)});
}

bool Reader::expect_scalar(const Node& node, std::string_view key, std::string_view expected) {
  if (node.is_scalar() && !node.is_null()) {
    return true;
  }
  if (node.is_null()) {
    report(node, "schema", fmt::format("'{}' is empty; write {}", key, expected));
  } else {
    report(node, "schema", fmt::format("'{}' must be {}, not {}", key, expected, describe(node)));
  }
  return false;
}

std::optional<Text> Reader::text(const Node& node, std::string_view key) {
  if (!expect_scalar(node, key, "a text")) {
    return std::nullopt;
  }
  return Text{node.text, pos(node)};
}

/// The id `text` was probably meant to be, or "" when there is no safe guess (non-ASCII
/// letters have no obvious spelling in a-z).
static std::string slug(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) {
      return "";
    }
    if (c >= 'A' && c <= 'Z') {
      out += static_cast<char>(c - 'A' + 'a');
    } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      out += c;
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
  }
  while (!out.empty() && out.back() == '-') {
    out.pop_back();
  }
  return out;
}

std::optional<Text> Reader::id(const Node& node, std::string_view key) {
  if (!expect_scalar(node, key, "an id such as 'first-week'")) {
    return std::nullopt;
  }
  if (!is_valid_id(node.text)) {
    std::string message =
        fmt::format("'{}' must be a lower-case kebab-case id (letters a-z, digits and '-', "
                    "starting with a letter or digit), not '{}'",
                    key, node.text.size() > 60 ? node.text.substr(0, 60) + "..." : node.text);
    if (const std::string s = slug(node.text); !s.empty() && s.size() <= 60) {
      message += fmt::format("; try '{}'", s);
    }
    report(node, "schema", std::move(message));
    return std::nullopt;
  }
  if (node.text.size() > k_max_id_length) {
    report(node, "schema",
           fmt::format("'{}' is {} characters long; keep ids under {}", key, node.text.size(),
                       k_max_id_length));
    return std::nullopt;
  }
  return Text{node.text, pos(node)};
}

std::optional<Text> Reader::cycle_id(const Node& node, std::string_view key) {
  if (!expect_scalar(node, key, "a cycle id such as 2026-Q4")) {
    return std::nullopt;
  }
  const std::string& s = node.text;
  bool ok = !s.empty() && s.size() <= 40 && s.front() != '-';
  for (char c : s) {
    ok = ok && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '-' || c == '_');
  }
  if (!ok) {
    report(node, "schema",
           fmt::format("'{}' must be a cycle id made of letters, digits and '-' (such as "
                       "2026-Q4), not '{}'",
                       key, s.size() > 60 ? s.substr(0, 60) + "..." : s));
    return std::nullopt;
  }
  return Text{s, pos(node)};
}

static bool looks_numeric(std::string_view s) {
  if (s.empty()) {
    return false;
  }
  std::size_t i = (s[0] == '-' || s[0] == '+') ? 1 : 0;
  bool digits = false;
  bool dot = false;
  for (; i < s.size(); ++i) {
    const char c = s[i];
    if (c >= '0' && c <= '9') {
      digits = true;
    } else if (c == '.' && !dot) {
      dot = true;
    } else if ((c == 'e' || c == 'E') && digits) {
      std::size_t j = i + 1;
      if (j < s.size() && (s[j] == '-' || s[j] == '+')) {
        ++j;
      }
      if (j == s.size()) {
        return false;
      }
      for (; j < s.size(); ++j) {
        if (s[j] < '0' || s[j] > '9') {
          return false;
        }
      }
      return true;
    } else {
      return false;
    }
  }
  return digits;
}

std::optional<Number> Reader::number(const Node& node, std::string_view key) {
  if (!expect_scalar(node, key, "a number")) {
    return std::nullopt;
  }
  const std::string& s = node.text;
  if (!node.plain) {
    if (looks_numeric(s)) {
      report(node, "schema",
             fmt::format("'{}' must be a number, not a quoted string; remove the quotes around "
                         "\"{}\"",
                         key, s));
    } else {
      report(node, "schema", fmt::format("'{}' must be a number, not a quoted string", key));
    }
    return std::nullopt;
  }
  if (s == ".inf" || s == "-.inf" || s == "+.inf" || s == ".Inf" || s == ".INF" || s == ".nan" ||
      s == ".NaN" || s == ".NAN" || s == "-.Inf" || s == "-.INF") {
    report(node, "schema", fmt::format("'{}' must be a finite number, not '{}'", key, s));
    return std::nullopt;
  }
  if (!looks_numeric(s)) {
    std::string hint;
    if (!s.empty() && s.back() == '%' && looks_numeric(s.substr(0, s.size() - 1))) {
      hint = fmt::format("; write {} and put the '%' in 'unit'", s.substr(0, s.size() - 1));
    } else {
      hint = decimal_comma_hint(s);
    }
    report(node, "schema", fmt::format("'{}' must be a number, not '{}'{}", key, s, hint));
    return std::nullopt;
  }
  const std::size_t start = s[0] == '+' ? 1 : 0;
  double value = 0;
  const auto [ptr, ec] = std::from_chars(s.data() + start, s.data() + s.size(), value);
  if (ec == std::errc::result_out_of_range || !std::isfinite(value)) {
    report(node, "schema", fmt::format("'{}' is out of range: {}", key, s));
    return std::nullopt;
  }
  if (ec != std::errc() || ptr != s.data() + s.size()) {
    report(node, "schema", fmt::format("'{}' must be a number, not '{}'", key, s));
    return std::nullopt;
  }
  if (value == 0) {
    value = 0; // no negative zero
  }
  return Number{value, pos(node), written_decimals(s)};
}

std::optional<bool> Reader::boolean(const Node& node, std::string_view key) {
  if (!expect_scalar(node, key, "true or false")) {
    return std::nullopt;
  }
  const std::string& s = node.text;
  if (node.plain && (s == "true" || s == "True" || s == "TRUE")) {
    return true;
  }
  if (node.plain && (s == "false" || s == "False" || s == "FALSE")) {
    return false;
  }
  report(node, "schema", fmt::format("'{}' must be true or false, not '{}'", key, s));
  return std::nullopt;
}

std::optional<Date> Reader::date(const Node& node, std::string_view key) {
  if (!expect_scalar(node, key, "a date such as 2026-10-09")) {
    return std::nullopt;
  }
  std::string why;
  if (auto date = Date::parse(node.text, &why)) {
    return date;
  }
  report(node, "schema", fmt::format("'{}' is not a valid date ('{}'): {}", key, node.text, why));
  return std::nullopt;
}

std::optional<std::size_t> Reader::choice(const Node& node, std::string_view key,
                                          std::span<const std::string_view> choices) {
  if (node.is_scalar() && !node.is_null()) {
    for (std::size_t i = 0; i < choices.size(); ++i) {
      if (node.text == choices[i]) {
        return i; // the common case, without building the message below
      }
    }
  }
  std::string list;
  for (std::size_t i = 0; i < choices.size(); ++i) {
    list += (i == 0 ? "" : (i + 1 == choices.size() ? " or " : ", "));
    list += choices[i];
  }
  if (!expect_scalar(node, key, list)) {
    return std::nullopt;
  }
  for (std::size_t i = 0; i < choices.size(); ++i) {
    if (node.text == choices[i]) {
      return i;
    }
  }
  std::string message = fmt::format("'{}' must be {}, not '{}'", key, list, node.text);
  if (auto near = closest_match(node.text, choices); !near.empty()) {
    message += fmt::format("; did you mean '{}'?", near);
  }
  report(node, "schema", std::move(message));
  return std::nullopt;
}

std::optional<Number> Reader::days(const Node& node, std::string_view key, int min, int max,
                                   std::string_view hint) {
  auto n = number(node, key);
  if (!n) {
    return std::nullopt;
  }
  if (n->value < min || n->value > max || n->value != static_cast<int>(n->value)) {
    report(node, "schema",
           fmt::format("'{}' must be a whole number of days from {} to {}, not {}{}", key, min, max,
                       n->str(), hint));
    return std::nullopt;
  }
  return n;
}

std::optional<Level> Reader::level(const Node& node, std::string_view key) {
  static constexpr std::array<std::string_view, k_level_count> k_levels = {"company", "unit",
                                                                           "team", "individual"};
  if (auto c = choice(node, key, k_levels)) {
    return static_cast<Level>(*c);
  }
  return std::nullopt;
}

std::optional<Ref> Reader::ref(const Node& node, std::string_view key, int parts) {
  const std::string_view shape = parts == 2 ? "owner/objective-id" : "owner/objective-id/kr-id";
  if (!expect_scalar(node, key, fmt::format("a reference written {}", shape))) {
    return std::nullopt;
  }
  std::vector<std::string> pieces;
  std::string_view rest = node.text;
  while (true) {
    const std::size_t slash = rest.find('/');
    pieces.emplace_back(rest.substr(0, slash));
    if (slash == std::string_view::npos) {
      break;
    }
    rest.remove_prefix(slash + 1);
  }
  const bool ok = static_cast<int>(pieces.size()) == parts &&
                  std::all_of(pieces.begin(), pieces.end(), is_valid_id);
  if (!ok) {
    report(node, "schema",
           fmt::format("'{}' takes references written {} (lower-case ids), not '{}'", key, shape,
                       node.text));
    return std::nullopt;
  }
  Ref r;
  r.owner = pieces[0];
  r.objective = pieces[1];
  if (parts == 3) {
    r.kr = pieces[2];
  }
  r.pos = pos(node);
  return r;
}

bool Reader::expect_list(const Node& node, std::string_view key) {
  if (node.is_sequence()) {
    return true;
  }
  report(
      node, "schema",
      fmt::format("'{}' must be a list (items starting with '- '), not {}", key, describe(node)));
  return false;
}

bool Reader::expect_map(const Node& node, std::string_view what) {
  if (node.is_map()) {
    return true;
  }
  report(node, "schema",
         fmt::format("{} must be a mapping of keys to values, not {}", what, describe(node)));
  return false;
}

MapView::MapView(Reader& reader, const Node& map, std::string_view what,
                 std::initializer_list<std::string_view> keys)
    : m_reader(reader), m_map(map), m_what(what) {
  const std::span<const std::string_view> allowed(keys.begin(), keys.size());
  const auto& c = map.children;
  m_entries.reserve(c.size() / 2);
  for (std::size_t i = 0; i + 1 < c.size(); i += 2) {
    const Node& key = c[i];
    if (!key.is_scalar()) {
      reader.report(key, "schema",
                    "keys must be plain words such as 'title', not " + std::string(describe(key)));
      continue;
    }
    if (std::find(allowed.begin(), allowed.end(), key.text) == allowed.end()) {
      std::string message = fmt::format("unknown key '{}'", key.text);
      if (auto near = closest_match(key.text, allowed); !near.empty()) {
        message += fmt::format("; did you mean '{}'?", near);
      } else {
        std::string list;
        for (std::string_view k : allowed) {
          list += (list.empty() ? "" : ", ") + std::string(k);
        }
        message += fmt::format(" in {}; it takes: {}", what, list);
      }
      reader.report(key, "schema", std::move(message));
      continue;
    }
    m_entries.emplace_back(std::string_view(key.text), &c[i + 1]);
  }
}

const Node* MapView::get(std::string_view key) const {
  for (const auto& [k, v] : m_entries) {
    if (k == key) {
      return v;
    }
  }
  return nullptr;
}

const Node* MapView::require(std::string_view key, std::string_view hint) const {
  const Node* value = get(key);
  if (value && !value->is_null()) {
    return value;
  }
  std::string message = value ? fmt::format("'{}' is empty in {}", key, m_what)
                              : fmt::format("{} needs '{}'", m_what, key);
  if (!hint.empty()) {
    message += fmt::format(": {}", hint);
  }
  m_reader.report(value ? *value : m_map, "schema", std::move(message));
  return nullptr;
}

} // namespace okr::loader
