#include <nlohmann/json.hpp>
#include <ostream>

#include <okr/check_render.hpp>

namespace okr {

void render_json(std::ostream& out, const CheckReport& report, const RenderOptions& options) {
  const std::vector<FindingDetails> details = finding_details(report);
  nlohmann::ordered_json diagnostics = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < report.diagnostics.size(); ++i) {
    const Diagnostic& d = report.diagnostics[i];
    diagnostics.push_back({{"file", options.path_prefix + d.file},
                           {"line", d.line},
                           {"column", d.column},
                           {"end_line", details[i].end_line},
                           {"end_column", details[i].end_column},
                           {"severity", to_string(d.severity)},
                           {"rule", d.rule},
                           {"message", d.message},
                           {"fingerprint", details[i].fingerprint}});
  }
  const Counts counts = count(report.diagnostics);
  const nlohmann::ordered_json doc = {{"version", 1},
                                      {"diagnostics", std::move(diagnostics)},
                                      {"summary",
                                       {{"files", report.files_checked},
                                        {"errors", counts.errors},
                                        {"warnings", counts.warnings},
                                        {"infos", counts.infos}}}};
  out << doc.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
}

} // namespace okr
