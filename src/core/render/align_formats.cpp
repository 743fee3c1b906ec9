#include <algorithm>
#include <array>

#include <okr/alignment.hpp>

namespace okr {

namespace {
constexpr std::array k_align_formats = {
    AlignFormat{"tree", "for people: the alignment tree, then the sections", render_align_tree},
    AlignFormat{"mermaid", "a Mermaid flowchart, which GitHub renders inside Markdown",
                render_align_mermaid},
    AlignFormat{"dot", "a Graphviz graph: okr align --format dot | dot -Tsvg", render_align_dot},
    AlignFormat{"json", "for programs: {\"nodes\", \"edges\", \"gaps\", ...}", render_align_json},
    AlignFormat{"markdown", "a report to paste into a wiki or pull request", render_align_markdown},
};
} // namespace

std::span<const AlignFormat> align_formats() {
  return k_align_formats;
}

const AlignFormat* find_align_format(std::string_view name) {
  const auto it = std::find_if(k_align_formats.begin(), k_align_formats.end(),
                               [&](const AlignFormat& f) { return f.name == name; });
  return it == k_align_formats.end() ? nullptr : &*it;
}

} // namespace okr
