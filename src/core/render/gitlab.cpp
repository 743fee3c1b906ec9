// GitLab Code Quality report: a JSON array of issues, as GitLab's code quality widget reads it.

#include <nlohmann/json.hpp>
#include <ostream>

#include <okr/render.hpp>

namespace okr {

void render_gitlab(std::ostream& out, const CheckReport& report, const RenderOptions& options) {
  const std::vector<std::string> prints = fingerprints(report);
  nlohmann::ordered_json issues = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < report.diagnostics.size(); ++i) {
    const Diagnostic& d = report.diagnostics[i];
    issues.push_back(
        {{"description", sanitize_for_terminal(d.message)}, // shown as it is in merge requests
         {"check_name", d.rule},
         {"fingerprint", prints[i]},
         {"severity", by_severity(d.severity, "major", "minor", "info")},
         {"location", {{"path", options.path_prefix + d.file}, {"lines", {{"begin", d.line}}}}}});
  }
  out << issues.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
}

} // namespace okr
