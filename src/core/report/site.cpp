// okr report --format site: the report as a static site, each page one report rendered by the
// HTML template (render_report_html): the index (the summary and the overview of the company
// and its units), a page per unit (its OKRs in full and a line per owner one generation beneath
// it or aligned to it), a page per owner (its OKRs in full). Every page is a Report made of the
// parts of the whole report it shows; links between pages are relative.

#include <algorithm>
#include <fmt/format.h>
#include <ostream>
#include <set>
#include <unordered_map>

#include <okr/report.hpp>

#include "view.hpp"

namespace okr {

namespace report {

std::string site_page_name(std::string_view prefix, std::string_view id, std::size_t page) {
  std::string name(prefix);
  for (char c : id) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-') {
      name += c;
    } else {
      name += fmt::format("_{:02X}", static_cast<unsigned char>(c));
    }
  }
  if (page > 1) {
    name += fmt::format(".{}", page);
  }
  name += ".html";
  return name;
}

} // namespace report

namespace {

using report::site_page_name;

/// The owner of a reference "owner/objective[/kr]".
std::string_view owner_of(std::string_view ref) {
  return ref.substr(0, ref.find('/'));
}

/// The items of a list of the whole report by their owner, found once: a page takes its own.
template <typename T> class ByOwner {
public:
  template <typename F> ByOwner(const std::vector<T>& items, F owner) : m_items(items) {
    for (std::size_t i = 0; i < items.size(); ++i) {
      m_of[owner(items[i])].push_back(i);
    }
  }
  std::vector<T> of(std::string_view owner) const {
    std::vector<T> kept;
    if (auto it = m_of.find(owner); it != m_of.end()) {
      for (std::size_t i : it->second) {
        kept.push_back(m_items[i]);
      }
    }
    return kept;
  }

private:
  const std::vector<T>& m_items;
  std::unordered_map<std::string_view, std::vector<std::size_t>> m_of;
};

constexpr auto by_ref = [](const auto& item) { return owner_of(item.ref); };
constexpr auto by_owner = [](const auto& item) { return std::string_view(item.owner); };

/// The lists of the whole report by owner: review, KPIs, alignment, retrospectives, changes
/// and what needs attention.
class Lists {
public:
  explicit Lists(const Report& whole)
      : committed_below(whole.review.committed_below, by_ref),
        stretch_at_target(whole.review.stretch_at_target, by_ref),
        objectives_at_risk(whole.review.objectives_at_risk, by_ref),
        not_measured(whole.review.not_measured, by_ref),
        stale_owners(whole.review.stale_owners, [](const std::string& s) { return owner_of(s); }),
        kpis(whole.kpis, by_owner), gaps(whole.alignment.gaps, by_ref),
        orphans(whole.alignment.orphans, by_ref),
        edges(whole.alignment.edges, [](const auto& edge) { return owner_of(edge.first); }),
        retros(whole.retros, by_owner), changes(whole.changes, by_ref),
        at_risk(whole.attention.at_risk, by_owner), overdue(whole.attention.overdue, by_owner),
        breached(whole.attention.breached, by_owner), behind(whole.attention.behind, by_owner),
        m_whole(whole) {}

  /// Fills the lists of `page` with those of `owner`.
  void copy(Report& page, std::string_view owner) const {
    page.review.committed_below = committed_below.of(owner);
    page.review.stretch_at_target = stretch_at_target.of(owner);
    page.review.objectives_at_risk = objectives_at_risk.of(owner);
    page.review.not_measured = not_measured.of(owner);
    page.review.stale_owners = stale_owners.of(owner);
    page.kpis = kpis.of(owner);
    page.alignment.gaps = gaps.of(owner);
    page.alignment.orphans = orphans.of(owner);
    for (const ReportOverlap& overlap : m_whole.alignment.overlaps) {
      if (std::any_of(overlap.refs.begin(), overlap.refs.end(),
                      [&](const std::string& ref) { return owner_of(ref) == owner; })) {
        page.alignment.overlaps.push_back(overlap);
      }
    }
    page.alignment.edges = edges.of(owner);
    page.retros = retros.of(owner);
    page.changes = changes.of(owner);
    page.attention.at_risk = at_risk.of(owner);
    page.attention.overdue = overdue.of(owner);
    page.attention.breached = breached.of(owner);
    page.attention.behind = behind.of(owner);
  }

private:
  ByOwner<ReportItem> committed_below, stretch_at_target, objectives_at_risk, not_measured;
  ByOwner<std::string> stale_owners;
  ByOwner<ReportKpi> kpis;
  ByOwner<ReportItem> gaps, orphans;
  ByOwner<std::pair<std::string, std::string>> edges;
  ByOwner<ReportRetro> retros;
  ByOwner<ReportChange> changes;
  ByOwner<ReportAttentionItem> at_risk, overdue, breached, behind;
  const Report& m_whole;
};

/// The navigation of a page: the way to the index, and the pages of a paged list (`pages` of
/// them, named by `name(page)`, this one `current`).
template <typename Name>
std::string navigation(std::string_view here, std::size_t current, std::size_t pages, Name name) {
  std::string nav = "<nav class=\"site\"><a href=\"index.html\">Index</a>";
  if (!here.empty()) {
    nav += " › ";
    nav += escape_html(here);
  }
  if (pages > 1) {
    nav += " · pages:";
    for (std::size_t p = 1; p <= pages; ++p) {
      if (p == current) {
        nav += fmt::format(" <strong aria-current=\"page\">{}</strong>", p);
      } else {
        nav += fmt::format(" <a href=\"{}\">{}</a>", name(p), p);
      }
    }
  }
  nav += "</nav>";
  return nav;
}

/// A page's report: the whole report's header, and nothing else yet.
Report page_of(const Report& whole, ReportSitePage::Kind kind) {
  Report page;
  page.header = whole.header;
  page.site = ReportSitePage{kind, {}};
  return page;
}

std::size_t pages_for(std::size_t rows, std::size_t per_page) {
  return std::max<std::size_t>(1, (rows + per_page - 1) / per_page);
}

} // namespace

std::optional<std::string> render_report_site(const Report& whole, const SiteWriter& write,
                                              const SiteOptions& options) {
  const std::size_t per_page = std::max<std::size_t>(1, options.rows_per_page);
  const std::vector<ReportRow>& rows = whole.overview;
  // The owners shown in full are whole.owners, in the order of their rows.
  std::unordered_map<std::string_view, std::size_t> detailed; // owner → index in whole.owners
  for (const ReportRow& row : rows) {
    if (row.detailed) {
      detailed.emplace(row.id, detailed.size());
    }
  }
  const Lists lists(whole);
  auto render = [&](const std::string& name, const Report& page) -> std::optional<std::string> {
    return write(name, [&](std::ostream& out) { return render_report_html(out, page); });
  };

  // The index: the company and its units (every owner when there are none), paged.
  std::vector<std::size_t> top;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (rows[i].level == Level::company || rows[i].level == Level::unit) {
      top.push_back(i);
    }
  }
  if (top.empty()) {
    for (std::size_t i = 0; i < rows.size(); ++i) {
      top.push_back(i);
    }
  }
  auto index_name = [](std::size_t p) {
    return p == 1 ? std::string("index.html") : fmt::format("index-{}.html", p);
  };
  const std::size_t index_pages = pages_for(top.size(), per_page);
  for (std::size_t p = 1; p <= index_pages; ++p) {
    Report page = page_of(whole, ReportSitePage::Kind::index);
    page.summary = whole.summary;
    page.comparison = whole.comparison;
    page.score_bins = whole.score_bins;
    page.limit = std::nullopt;
    for (std::size_t k = (p - 1) * per_page; k < std::min(top.size(), p * per_page); ++k) {
      page.overview.push_back(rows[top[k]]);
    }
    page.site->nav = navigation("", p, index_pages, index_name);
    if (auto error = render(index_name(p), page)) {
      return error;
    }
  }

  // Who aligns to or shares an objective of whom: what rolls up into a unit.
  std::unordered_map<std::string, std::set<std::size_t>> rolls_up; // owner → rows
  std::unordered_map<std::string_view, std::size_t> row_of;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    row_of.emplace(rows[i].id, i);
  }
  for (const auto& [id, n] : detailed) {
    const ReportOwner outline = whole.owners.outline(n);
    const std::size_t row = row_of.at(id);
    for (const ReportObjective& o : outline.objectives) {
      for (const std::string& target : o.aligns_to) {
        rolls_up[std::string(owner_of(target))].insert(row);
      }
      if (!o.shared_from.empty()) {
        rolls_up[std::string(owner_of(o.shared_from))].insert(row);
      }
    }
  }
  std::unordered_map<std::string_view, std::vector<std::size_t>> children;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (!rows[i].parent.empty()) {
      children[rows[i].parent].push_back(i);
    }
  }

  // A page per unit (and per company): its OKRs, and a line per owner beneath or aligned to it.
  for (const std::size_t u : top) {
    const ReportRow& unit = rows[u];
    if (unit.level != Level::company && unit.level != Level::unit) {
      continue;
    }
    std::set<std::size_t> members;
    if (auto it = children.find(unit.id); it != children.end()) {
      members.insert(it->second.begin(), it->second.end());
    }
    if (auto it = rolls_up.find(unit.id); it != rolls_up.end()) {
      members.insert(it->second.begin(), it->second.end());
    }
    members.erase(u);
    std::vector<ReportRow> lines;
    lines.push_back(unit);
    lines.back().depth = 0;
    for (std::size_t m : members) {
      lines.push_back(rows[m]);
      lines.back().depth = 1;
    }
    const std::size_t pages = pages_for(lines.size(), per_page);
    auto name = [&](std::size_t p) { return site_page_name("unit-", unit.id, p); };
    for (std::size_t p = 1; p <= pages; ++p) {
      Report page = page_of(whole, ReportSitePage::Kind::unit);
      for (std::size_t k = (p - 1) * per_page; k < std::min(lines.size(), p * per_page); ++k) {
        page.overview.push_back(lines[k]);
      }
      if (p == 1) {
        if (auto it = detailed.find(unit.id); it != detailed.end()) {
          page.owners = whole.owners.select({it->second});
        }
        lists.copy(page, unit.id);
      }
      page.site->nav = navigation(unit.name.empty() ? unit.id : unit.name, p, pages, name);
      if (auto error = render(name(p), page)) {
        return error;
      }
    }
  }

  // A page per owner shown in full: its OKRs and its lines of the lists.
  for (const ReportRow& row : rows) {
    auto it = detailed.find(row.id);
    if (it == detailed.end()) {
      continue;
    }
    Report page = page_of(whole, ReportSitePage::Kind::owner);
    page.overview.push_back(row);
    page.overview.back().depth = 0;
    page.owners = whole.owners.select({it->second});
    lists.copy(page, row.id);
    const std::string name = site_page_name("owner-", row.id);
    page.site->nav =
        navigation(row.name.empty() ? row.id : row.name, 1, 1, [&](std::size_t) { return name; });
    if (auto error = render(name, page)) {
      return error;
    }
  }
  return std::nullopt;
}

} // namespace okr
