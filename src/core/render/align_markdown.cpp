// okr align --format markdown: a report for a wiki page or a pull request: the tree as nested
// lists, the chart as a Mermaid block (GitHub draws it), the sections and a summary table.

#include <fmt/format.h>
#include <ostream>
#include <sstream>

#include <okr/check_render.hpp>

#include "render/align_common.hpp"

namespace okr {

namespace {

class MarkdownWriter {
public:
  MarkdownWriter(std::ostream& out, const AlignReport& report)
      : m_out(out), m_report(report), m_graph(*report.graph) {}

  void item(const align::TreeItem& item, std::size_t depth) {
    using Kind = align::TreeItem::Kind;
    const std::string indent(2 * depth, ' ');
    switch (item.kind) {
    case Kind::owner: {
      const AlignOwner& owner = m_graph.owners[item.index];
      m_out << fmt::format("\n### {} ({}, {})\n\n", escape_markdown(owner.name),
                           escape_markdown(owner.id), to_string(owner.level));
      for (const align::TreeItem& child : item.children) {
        this->item(child, 0);
      }
      return;
    }
    case Kind::objective: {
      const AlignObjective& o = m_graph.objectives[item.index];
      m_out << fmt::format("{}- **{}** {}", indent, escape_markdown(o.ref),
                           escape_markdown(o.title));
      if (o.shares) {
        m_out << fmt::format(" (shared: {})", escape_markdown(m_graph.objectives[*o.shares].ref));
      }
      m_out << (item.repeated ? " (shown above)" : score(o)) << '\n';
      break;
    }
    case Kind::sharer: {
      const AlignObjective& o = m_graph.objectives[item.index];
      const AlignOwner& owner = m_graph.owners[o.owner];
      m_out << fmt::format("{}- shared by **{}** ({}) with its own key results:{}\n", indent,
                           escape_markdown(owner.id), escape_markdown(owner.name), score(o));
      break;
    }
    case Kind::key_result: {
      const AlignKeyResult& kr = m_graph.key_results[item.index];
      m_out << fmt::format("{}- {}: {}{}\n", indent, escape_markdown(kr.key_result->id.value),
                           escape_markdown(kr.key_result->title.value),
                           score(m_graph.key_results[item.index]));
      break;
    }
    case Kind::note:
      m_out << fmt::format("{}- *{}*\n", indent, escape_markdown(item.note));
      break;
    }
    for (const align::TreeItem& child : item.children) {
      this->item(child, depth + 1);
    }
  }

  void sections() {
    for (const std::string_view name : align_sections()) {
      const align::SectionText& text = align::section_text(name);
      const std::size_t n = section_size(m_graph, name);
      m_out << fmt::format("\n## {} ({})\n\n", text.title, n);
      if (n == 0) {
        m_out << "None.\n";
        continue;
      }
      std::string advice(text.advice);
      advice[0] = static_cast<char>(advice[0] - 'a' + 'A');
      m_out << escape_markdown(advice) << ".\n\n";
      for (const std::string& line : align::section_lines(m_graph, name)) {
        const bool nested = line.starts_with("  ");
        m_out << (nested ? "  - " : "- ") << escape_markdown(nested ? line.substr(2) : line)
              << '\n';
      }
    }
    m_out << "\n## Summary\n\n| section | count |\n|---|---:|\n";
    for (const std::string_view name : align_sections()) {
      m_out << fmt::format("| {} | {} |\n", align::section_text(name).title,
                           section_size(m_graph, name));
    }
  }

private:
  std::string score(const auto& item) const {
    const std::string s = align::score_text(m_report, item);
    return s.empty() ? "" : " (score " + s + ")";
  }

  std::ostream& m_out;
  const AlignReport& m_report;
  const Alignment& m_graph;
};

} // namespace

void render_align_markdown(std::ostream& out, const AlignReport& report,
                           const AlignRenderOptions& options) {
  out << "# " << escape_markdown(align::report_title(report)) << "\n\nAs of " << report.as_of.str()
      << ".\n\n## Tree\n";
  MarkdownWriter writer(out, report);
  for (const align::TreeItem& root : align::build_outline(*report.graph)) {
    writer.item(root, 0);
  }
  out << "\n## Chart\n\n```mermaid\n";
  render_align_mermaid(out, report, options);
  out << "```\n";
  writer.sections();
}

} // namespace okr
