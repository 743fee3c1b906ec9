// okr align's default view: the outline as a tree, then the sections and a summary.

#include <fmt/format.h>
#include <ostream>

#include <okr/check_render.hpp>

#include "render/align_common.hpp"

namespace okr {

namespace {

constexpr std::string_view k_reset = "\x1b[0m";
constexpr std::string_view k_bold = "\x1b[1m";
constexpr std::string_view k_dim = "\x1b[2m";
constexpr std::string_view k_yellow = "\x1b[1;33m";
constexpr std::string_view k_green = "\x1b[32m";

class TreePrinter {
public:
  TreePrinter(std::ostream& out, const AlignReport& report, const AlignRenderOptions& options)
      : m_out(out), m_report(report), m_graph(*report.graph), m_color(options.color) {}

  std::string paint(std::string_view style, std::string_view text) const {
    return m_color ? fmt::format("{}{}{}", style, text, k_reset) : std::string(text);
  }

  void print(const align::TreeItem& item, const std::string& prefix, bool last, bool top) {
    const std::string branch = top ? "" : (last ? "└── " : "├── ");
    m_out << prefix << branch << line(item) << '\n';
    const std::string below = top ? "" : prefix + (last ? "    " : "│   ");
    // Key results and notes are details of the line above, not branches: they hang under it,
    // with a bar when branches follow.
    std::size_t branches = 0;
    for (const align::TreeItem& child : item.children) {
      branches += is_branch(child) ? 1 : 0;
    }
    for (const align::TreeItem& child : item.children) {
      if (!is_branch(child)) {
        m_out << below << (branches > 0 ? "│ " : "  ") << line(child) << '\n';
        continue;
      }
      --branches;
      print(child, below, branches == 0, false);
    }
  }

  void sections() {
    for (const std::string_view name : align_sections()) {
      const align::SectionText& text = align::section_text(name);
      const auto lines = align::section_lines(m_graph, name);
      const std::size_t n = section_size(m_graph, name);
      m_out << '\n';
      if (n == 0) {
        m_out << paint(k_bold, text.title) << ": " << paint(k_green, "none") << '\n';
        continue;
      }
      m_out << paint(k_bold, fmt::format("{} ({})", text.title, n)) << ": "
            << sanitize_for_terminal(text.advice) << '\n';
      for (const std::string& l : lines) {
        m_out << "  " << sanitize_for_terminal(l) << '\n';
      }
    }
    m_out << '\n' << paint(k_bold, "Summary: ");
    const std::string summary = align::summary_line(m_graph);
    m_out << (m_graph.gaps.empty() && m_graph.orphans.empty() ? summary : paint(k_yellow, summary))
          << '\n';
  }

private:
  static bool is_branch(const align::TreeItem& item) {
    using Kind = align::TreeItem::Kind;
    return item.kind != Kind::note && item.kind != Kind::key_result;
  }

  std::string with_score(std::string text, const auto& item) const {
    const std::string score = align::score_text(m_report, item);
    if (!score.empty()) {
      text += "  " + paint(k_dim, "score " + score);
    }
    return text;
  }

  std::string line(const align::TreeItem& item) const {
    using Kind = align::TreeItem::Kind;
    switch (item.kind) {
    case Kind::owner: {
      const AlignOwner& owner = m_graph.owners[item.index];
      return paint(k_bold, sanitize_for_terminal(fmt::format("{} ({}, {})", owner.name, owner.id,
                                                             to_string(owner.level))));
    }
    case Kind::objective: {
      const AlignObjective& o = m_graph.objectives[item.index];
      std::string text =
          paint(k_bold, sanitize_for_terminal(o.ref)) + "  " + sanitize_for_terminal(o.title);
      if (o.shares) {
        text +=
            sanitize_for_terminal(fmt::format("  (shared: {})", m_graph.objectives[*o.shares].ref));
      }
      if (item.repeated) {
        return text + paint(k_dim, "  (shown above)");
      }
      return with_score(std::move(text), o);
    }
    case Kind::sharer: {
      const AlignObjective& o = m_graph.objectives[item.index];
      const AlignOwner& owner = m_graph.owners[o.owner];
      return with_score(fmt::format("shared by {} ({}) with its own key results:",
                                    paint(k_bold, sanitize_for_terminal(owner.id)),
                                    sanitize_for_terminal(owner.name)),
                        o);
    }
    case Kind::key_result: {
      const AlignKeyResult& kr = m_graph.key_results[item.index];
      return with_score(sanitize_for_terminal(fmt::format("{}: {}", kr.key_result->id.value,
                                                          kr.key_result->title.value)),
                        kr);
    }
    case Kind::note:
      return paint(k_dim, "· ") + sanitize_for_terminal(item.note);
    }
    return "";
  }

  std::ostream& m_out;
  const AlignReport& m_report;
  const Alignment& m_graph;
  bool m_color;
};

} // namespace

void render_align_tree(std::ostream& out, const AlignReport& report,
                       const AlignRenderOptions& options) {
  TreePrinter printer(out, report, options);
  const std::string heading = align::report_title(report) + " (as of " + report.as_of.str() + ")";
  out << printer.paint(k_bold, sanitize_for_terminal(heading)) << '\n';
  for (const align::TreeItem& root : align::build_outline(*report.graph)) {
    out << '\n';
    printer.print(root, "", true, true);
  }
  printer.sections();
}

} // namespace okr
