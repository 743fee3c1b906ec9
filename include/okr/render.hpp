#pragma once

#include <iosfwd>
#include <span>
#include <string_view>
#include <vector>

#include <okr/diagnostic.hpp>
#include <okr/model.hpp>

namespace okr {

/// The result of `okr check`, ready to render.
struct CheckReport {
  const Repository* repo = nullptr; ///< for source lines; may be null
  std::vector<Diagnostic> diagnostics;
  std::size_t files_checked = 0;
};

struct RenderOptions {
  bool color = false;
};

using RenderFn = void (*)(std::ostream& out, const CheckReport& report,
                          const RenderOptions& options);

/// An output format of `okr check`.
struct OutputFormat {
  std::string_view name;
  std::string_view summary;
  RenderFn render;
};

std::span<const OutputFormat> output_formats();
const OutputFormat* find_output_format(std::string_view name);

void render_text(std::ostream& out, const CheckReport& report, const RenderOptions& options);
void render_json(std::ostream& out, const CheckReport& report, const RenderOptions& options);

/// Removes control characters (ESC, BEL, ...) so that text from OKR files cannot drive the
/// terminal; tabs become spaces.
std::string sanitize_for_terminal(std::string_view text);

} // namespace okr
