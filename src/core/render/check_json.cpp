#include <nlohmann/json.hpp>
#include <ostream>

#include <okr/check_render.hpp>

namespace okr {

void render_json(std::ostream& out, const CheckReport& report, const RenderOptions&) {
  nlohmann::ordered_json diagnostics = nlohmann::ordered_json::array();
  for (const Diagnostic& d : report.diagnostics) {
    diagnostics.push_back({{"file", d.file},
                           {"line", d.line},
                           {"column", d.column},
                           {"severity", to_string(d.severity)},
                           {"rule", d.rule},
                           {"message", d.message}});
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
