// The table of `okr due` output formats.

#include <algorithm>
#include <array>

#include <okr/due.hpp>

namespace okr {

namespace {
constexpr std::array k_formats = {
    DueFormat{"text", render_due_text},         DueFormat{"json", render_due_json},
    DueFormat{"markdown", render_due_markdown}, DueFormat{"slack", render_due_slack},
    DueFormat{"teams", render_due_teams},
};
} // namespace

std::span<const DueFormat> due_formats() {
  return k_formats;
}

const DueFormat* find_due_format(std::string_view name) {
  const auto it = std::find_if(k_formats.begin(), k_formats.end(),
                               [&](const DueFormat& f) { return f.name == name; });
  return it == k_formats.end() ? nullptr : &*it;
}

} // namespace okr
