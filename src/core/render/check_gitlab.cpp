// GitLab Code Quality report: a JSON array of issues, as GitLab's code quality widget reads it.

#include <algorithm>
#include <nlohmann/json.hpp>
#include <ostream>

#include <okr/check_render.hpp>

namespace okr {

void render_gitlab(std::ostream& out, const CheckReport& report, const RenderOptions& options) {
  const std::vector<FindingDetails> details = finding_details(report);
  nlohmann::ordered_json issues = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < report.diagnostics.size(); ++i) {
    const Diagnostic& d = report.diagnostics[i];
    issues.push_back(
        {{"description", sanitize_for_terminal(d.message)}, // shown as it is in merge requests
         {"check_name", d.rule},
         {"fingerprint", details[i].fingerprint},
         {"severity", by_severity(d.severity, "major", "minor", "info")},
         {"location",
          {{"path", options.path_prefix + d.file},
           {"lines", {{"begin", d.line}, {"end", std::max(details[i].end_line, d.line)}}}}}});
  }
  out << issues.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
}

} // namespace okr
