#include <algorithm>
#include <array>

#include <okr/render.hpp>

namespace okr {

namespace {
constexpr std::array k_formats = {
    OutputFormat{"text", "for people: each finding with its source line and a caret", render_text},
    OutputFormat{"json", "for programs: {\"version\", \"diagnostics\", \"summary\"}", render_json},
};
} // namespace

std::span<const OutputFormat> output_formats() {
  return k_formats;
}

const OutputFormat* find_output_format(std::string_view name) {
  const auto it = std::find_if(k_formats.begin(), k_formats.end(),
                               [&](const OutputFormat& f) { return f.name == name; });
  return it == k_formats.end() ? nullptr : &*it;
}

std::string sanitize_for_terminal(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\t') {
      out += ' ';
    } else if (c < 0x20 || c == 0x7F) {
      out += "\xEF\xBF\xBD"; // U+FFFD: the control character is shown, not obeyed
    } else if (c == 0xC2 && i + 1 < text.size() &&
               static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(text[i + 1]) <= 0x9F) {
      out += "\xEF\xBF\xBD"; // a C1 control such as CSI (U+009B)
      ++i;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

} // namespace okr
