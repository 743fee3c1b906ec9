// The rules are documented once, in each rule's file (RuleInfo: summary, details, settings,
// example). The RULES section of man/okr-check.1 and the rule table of README.md are made from
// it: these tests fail when either has drifted, and OKR_UPDATE_DOCS=1 rewrites them.

#include <catch2/catch.hpp>
#include <cstdlib>
#include <fmt/format.h>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include <okr/rules.hpp>

namespace {

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_text(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

/// Text as an mdoc line: a backslash is \e; a line starting with a dot or an apostrophe would
/// be a request, so it starts with \&.
std::string mdoc_line(std::string_view line) {
  std::string out;
  if (!line.empty() && (line[0] == '.' || line[0] == '\'')) {
    out += "\\&";
  }
  for (const char c : line) {
    if (c == '\\') {
      out += "\\e";
    } else if (c == '\t') {
      out += "<tab>"; // a literal tab would not show
    } else {
      out += c;
    }
  }
  return out;
}

/// A paragraph with one sentence per line, as mdoc wants: a sentence ends at ". " before a
/// capital letter.
std::string sentences(std::string_view text) {
  std::string out;
  std::size_t start = 0;
  for (std::size_t i = 0; i + 2 < text.size(); ++i) {
    if (text[i] == '.' && text[i + 1] == ' ' && text[i + 2] >= 'A' && text[i + 2] <= 'Z') {
      out += mdoc_line(text.substr(start, i + 1 - start)) + "\n";
      start = i + 2;
    }
  }
  return out + mdoc_line(text.substr(start)) + "\n";
}

std::string literal(std::string_view text) {
  std::string out = ".Bd -literal -offset indent\n";
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    out += mdoc_line(text.substr(start, end - start)) + "\n";
    start = end + 1;
  }
  return out + ".Ed\n";
}

/// "min (default 2), max (default 5)" from "min=2 max=5".
std::string settings_list(std::string_view settings, std::string_view before,
                          std::string_view after) {
  std::string out;
  while (!settings.empty()) {
    const std::size_t space = settings.find(' ');
    const std::string_view item = settings.substr(0, space);
    const std::size_t equals = item.find('=');
    out += fmt::format("{}{}{}{} (default {})", out.empty() ? "" : ", ", before,
                       item.substr(0, equals), after, item.substr(equals + 1));
    settings = space == std::string_view::npos ? std::string_view() : settings.substr(space + 1);
  }
  return out;
}

/// The list of the RULES section of okr-check(1), from the registry.
std::string man_rules() {
  std::string out = ".Bl -tag -width Ds\n";
  for (const okr::RuleInfo* rule : okr::all_rules()) {
    out += fmt::format(".It Cm {} Pq {}\n", rule->name, okr::to_string(rule->severity));
    out += sentences(rule->details);
    if (!rule->settings.empty()) {
      out += fmt::format("Settings: {}.\n", settings_list(rule->settings, "", ""));
    }
    const auto [fires, clean] = okr::split_example(*rule);
    out += ".Pp\nFires:\n" + literal(fires);
    if (!clean.empty()) {
      out += "Clean:\n" + literal(clean);
    }
  }
  return out + ".El\n";
}

/// The rule table of README.md, from the registry.
std::string readme_rules() {
  std::string out = "\n| rule | severity | finds |\n|---|---|---|\n";
  for (const okr::RuleInfo* rule : okr::all_rules()) {
    std::string summary(rule->summary);
    if (!rule->settings.empty()) {
      summary += fmt::format(" (settings: {})", settings_list(rule->settings, "`", "`"));
    }
    out += fmt::format("| `{}` | {} | {} |\n", rule->name, okr::to_string(rule->severity), summary);
  }
  return out + "\n";
}

/// Checks that `file` holds `expected` between the line `start` and the line `end` (both
/// kept), or rewrites it there with OKR_UPDATE_DOCS=1.
void check_section(const std::string& file, std::string_view start, std::string_view end,
                   const std::string& expected) {
  const std::string path = std::string(OKR_SOURCE_DIR) + "/" + file;
  std::string text = read_text(path);
  const std::size_t from = text.find(start);
  REQUIRE(from != std::string::npos);
  const std::size_t body = text.find('\n', from) + 1;
  const std::size_t to = text.find(end, body);
  REQUIRE(to != std::string::npos);
  const char* update = std::getenv("OKR_UPDATE_DOCS");
  if (update && std::string_view(update) == "1") {
    text.replace(body, to - body, expected);
    write_text(path, text);
    return;
  }
  INFO(file << " has drifted from the rules' own documentation (src/core/rules/); rerun with "
               "OKR_UPDATE_DOCS=1 to rewrite it");
  CHECK(text.substr(body, to - body) == expected);
}

} // namespace

TEST_CASE("okr-check(1) documents every rule as its file does", "[docs]") {
  // The section's list runs from the paragraph that introduces it to ENVIRONMENT.
  check_section("man/okr-check.1", "are applied while files are read.\n", ".Sh ENVIRONMENT",
                man_rules());
}

TEST_CASE("the README's rule table is the rules' own summaries", "[docs]") {
  check_section("README.md", "### Rules\n", "The structural rules, from", readme_rules());
}
