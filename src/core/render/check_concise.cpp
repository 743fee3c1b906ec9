#include <fmt/format.h>
#include <ostream>

#include <okr/check_render.hpp>

namespace okr {

void render_concise(std::ostream& out, const CheckReport& report, const RenderOptions& options) {
  for (const Diagnostic& d : report.diagnostics) {
    out << fmt::format("{}:{}:{}: {}: {} [{}]\n",
                       sanitize_for_terminal(options.path_prefix + d.file), d.line, d.column,
                       to_string(d.severity), sanitize_for_terminal(d.message), d.rule);
  }
}

} // namespace okr
