// SARIF 2.1.0 (OASIS), as GitHub code scanning and other SARIF viewers read it.

#include <cctype>
#include <fmt/format.h>
#include <map>
#include <nlohmann/json.hpp>
#include <ostream>

#include <okr/check_render.hpp>
#include <okr/rules.hpp>
#include <okr/version.hpp>

namespace okr {

namespace {

/// Percent-encodes everything but RFC 3986's unreserved characters and '/'.
std::string uri_encode(std::string_view path) {
  std::string out;
  for (unsigned char c : path) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

/// A rule's name for people, distinct from its id: "unresolved-reference" as
/// "UnresolvedReference", as SARIF viewers expect.
std::string pascal_case(std::string_view id) {
  std::string out;
  bool upper = true;
  for (const char c : id) {
    if (c == '-' || c == '_') {
      upper = true;
    } else {
      out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
      upper = false;
    }
  }
  return out;
}

std::string_view sarif_level(Severity severity) {
  return by_severity(severity, "error", "warning", "note");
}

nlohmann::ordered_json describe(const RuleInfo& rule) {
  const auto [fires, clean] = split_example(rule);
  std::string help = fmt::format("{}\n\nFires:\n{}\n", rule.details, fires);
  std::string markdown = fmt::format("{}\n\nFires:\n\n```yaml\n{}\n```\n", rule.details, fires);
  if (!clean.empty()) {
    help += fmt::format("\nClean:\n{}\n", clean);
    markdown += fmt::format("\nClean:\n\n```yaml\n{}\n```\n", clean);
  }
  help += fmt::format("\nSilence one finding with '# okr: ignore[{}]'; see okr rules {}.\n",
                      rule.name, rule.name);
  markdown += fmt::format("\nSilence one finding with `# okr: ignore[{}]`; see `okr rules {}`.\n",
                          rule.name, rule.name);
  return {{"id", rule.name},
          {"name", pascal_case(rule.name)},
          {"shortDescription", {{"text", rule.summary}}},
          {"fullDescription", {{"text", rule.details}}},
          {"helpUri", rule_help_uri(rule.name)},
          {"help", {{"text", help}, {"markdown", markdown}}},
          {"defaultConfiguration", {{"level", sarif_level(rule.severity)}}}};
}

} // namespace

void render_sarif(std::ostream& out, const CheckReport& report, const RenderOptions& options) {
  nlohmann::ordered_json rules = nlohmann::ordered_json::array();
  std::map<std::string_view, std::size_t> index;
  for (const RuleInfo* rule : all_rules()) {
    index.emplace(rule->name, rules.size());
    rules.push_back(describe(*rule));
  }
  const std::vector<FindingDetails> details = finding_details(report);
  nlohmann::ordered_json results = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < report.diagnostics.size(); ++i) {
    const Diagnostic& d = report.diagnostics[i];
    nlohmann::ordered_json result = {{"ruleId", d.rule}};
    if (const auto it = index.find(d.rule); it != index.end()) {
      result["ruleIndex"] = it->second;
    }
    const std::uint32_t line = std::max<std::uint32_t>(d.line, 1);
    nlohmann::ordered_json region = {{"startLine", line}};
    if (d.column > 0) {
      region["startColumn"] = d.column;
      region["endLine"] = std::max(details[i].end_line, line);
      region["endColumn"] = details[i].end_column;
    }
    result["level"] = sarif_level(d.severity);
    result["message"] = {{"text", d.message}};
    result["locations"] = {
        {{"physicalLocation",
          {{"artifactLocation",
            {{"uri", uri_encode(options.path_prefix + d.file)}, {"uriBaseId", "%SRCROOT%"}}},
           {"region", std::move(region)}}}}};
    result["partialFingerprints"] = {{"primaryLocationLineHash", details[i].line_hash},
                                     {"okrFingerprint/v1", details[i].fingerprint}};
    results.push_back(std::move(result));
  }
  nlohmann::ordered_json run = {{"tool",
                                 {{"driver",
                                   {{"name", "okr"},
                                    {"version", std::string(version())},
                                    {"semanticVersion", std::string(version())},
                                    {"informationUri", std::string(homepage())},
                                    {"rules", std::move(rules)}}}}}};
  nlohmann::ordered_json invocation = {{"executionSuccessful", report.fatal.empty()}};
  if (!report.fatal.empty()) {
    invocation["toolExecutionNotifications"] = {
        {{"level", "error"}, {"message", {{"text", report.fatal}}}}};
  }
  // array(), not braces: a braced single json is a copy for clang and an array for g++.
  run["invocations"] = nlohmann::ordered_json::array({std::move(invocation)});
  if (!options.source_root.empty()) {
    std::string root = options.source_root;
    if (!root.ends_with('/')) {
      root += '/';
    }
    run["originalUriBaseIds"] = {{"%SRCROOT%", {{"uri", "file://" + uri_encode(root)}}}};
  }
  run["columnKind"] = "unicodeCodePoints";
  run["results"] = std::move(results);
  const nlohmann::ordered_json doc = {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
                                      {"version", "2.1.0"},
                                      {"runs", {std::move(run)}}};
  out << doc.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
}

} // namespace okr
