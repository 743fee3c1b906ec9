// Markdown and HTML through Mustache templates. The templates see the JSON model, converted
// to Mustache data (numbers as text, null and "" as false, and for every list `x` also
// `has_x` and `x_count`), plus a few presentation fields: per key result `is_progress`,
// `is_stay_above`, `is_stay_below`, `is_milestone`, `chart` (HTML: an inline SVG) and
// `score_percent`; at the top `distribution` (HTML: an inline SVG) and `mermaid` (Markdown:
// the alignment flowchart).

#include <cmath>
#include <fmt/format.h>
#include <kainjow/mustache.hpp>
#include <map>
#include <ostream>

#include <okr/render.hpp>
#include <okr/report.hpp>
#include <okr/text.hpp>

#include "report_json.hpp"

namespace okr {

namespace report {
extern const char* const k_markdown_template;
extern const char* const k_html_template;
} // namespace report

namespace {

using json = nlohmann::ordered_json;
using kainjow::mustache::data;
using kainjow::mustache::mustache;

std::string number_text(double value) {
  return format_number(std::round(value * 100) / 100 + 0.0);
}

/// A scalar as Mustache data; objects and lists come out empty, for fill() to fill in place.
data shell(const json& value) {
  switch (value.type()) {
  case json::value_t::object:
    return data(data::type::object);
  case json::value_t::array:
    return data(data::type::list);
  case json::value_t::string: {
    const std::string& text = value.get_ref<const std::string&>();
    return text.empty() ? data(false) : data(text);
  }
  case json::value_t::boolean:
    return data(value.get<bool>());
  case json::value_t::number_integer:
  case json::value_t::number_unsigned:
  case json::value_t::number_float:
    return data(number_text(value.get<double>()));
  case json::value_t::null:
  case json::value_t::discarded:
  case json::value_t::binary:
    break;
  }
  return data(false);
}

/// Converts `value` into `out` (made by shell()). kainjow's data copies whatever it is given,
/// so children are inserted empty and filled where they live: a bottom-up build would copy
/// every subtree once per level.
void fill(data& out, const json& value) {
  if (value.is_object()) {
    for (const auto& [key, item] : value.items()) {
      out.set(key, shell(item));
      fill(*const_cast<data*>(out.get(key)), item);
      if (item.is_array()) {
        out.set("has_" + key, data(!item.empty()));
        out.set(key + "_count", data(std::to_string(item.size())));
      }
    }
  } else if (value.is_array()) {
    auto& list = const_cast<kainjow::mustache::list&>(out.list_value());
    list.reserve(value.size());
    for (const json& item : value) {
      list.push_back(shell(item));
      fill(list.back(), item);
    }
  }
}

data to_data(const json& value) {
  data out = shell(value);
  fill(out, value);
  return out;
}

std::string mermaid_chart(const Report& report) {
  std::map<std::string, std::string> ids; // ref -> n<k>
  std::string nodes;
  auto node = [&](const std::string& ref, const std::string& title) -> std::string {
    auto it = ids.find(ref);
    if (it != ids.end()) {
      return it->second;
    }
    const std::string id = fmt::format("n{}", ids.size() + 1);
    ids.emplace(ref, id);
    nodes += fmt::format("  {}[\"{}{}{}\"]\n", id, escape_mermaid(ref), title.empty() ? "" : ": ",
                         escape_mermaid(title));
    return id;
  };
  for (const ReportOwner& owner : report.owners) {
    for (const ReportObjective& o : owner.objectives) {
      node(o.ref, o.title);
    }
  }
  std::string edges;
  for (const auto& [from, to] : report.alignment.edges) {
    const std::string a = node(from, "");
    const std::string b = node(to, "");
    edges += fmt::format("  {} --> {}\n", a, b);
  }
  std::string chart = "flowchart BT\n" + nodes + edges;
  chart.pop_back(); // the template ends the line
  return chart;
}

/// The JSON model plus the presentation fields.
json view_json(const Report& report, bool html) {
  json view = report::to_json(report);
  json& owners = view["owners"];
  for (std::size_t i = 0; i < report.owners.size(); ++i) {
    const ReportOwner& owner = report.owners[i];
    for (std::size_t j = 0; j < owner.objectives.size(); ++j) {
      const ReportObjective& objective = owner.objectives[j];
      json& o = owners[i]["objectives"][j];
      o["score_percent"] = std::lround(objective.score * 100);
      for (std::size_t k = 0; k < objective.key_results.size(); ++k) {
        const ReportKr& kr = objective.key_results[k];
        json& v = o["key_results"][k];
        v["is_progress"] = kr.measure == "progress";
        v["is_stay_above"] = kr.measure == "stay_above";
        v["is_stay_below"] = kr.measure == "stay_below";
        v["is_milestone"] = kr.measure == "milestone";
        v["score_percent"] = std::lround(kr.score * 100);
        if (html) {
          v["chart"] = svg_kr_chart(kr, owner.cycle_start, owner.cycle_end);
        }
      }
    }
  }
  view["summary"]["stretch"]["total"] =
      report.summary.stretch_below + report.summary.stretch_sweet + report.summary.stretch_above;
  if (html) {
    view["distribution"] = svg_score_distribution(report);
  } else {
    view["mermaid"] = mermaid_chart(report);
  }
  return view;
}

std::optional<std::string> render(std::ostream& out, const Report& report,
                                  std::string_view template_text, bool html) {
  mustache tmpl{std::string(template_text)};
  if (!tmpl.is_valid()) {
    return tmpl.error_message();
  }
  if (html) {
    tmpl.set_custom_escape([](const std::string& s) { return escape_html(s); });
  } else {
    tmpl.set_custom_escape([](const std::string& s) { return escape_markdown(s); });
  }
  const std::string text = tmpl.render(to_data(view_json(report, html)));
  if (!tmpl.is_valid()) {
    return tmpl.error_message();
  }
  if (html) {
    out << text;
    return std::nullopt;
  }
  // Optional sections leave blank lines behind; Markdown never needs more than one in a row.
  std::size_t newlines = 0;
  for (char c : text) {
    newlines = c == '\n' ? newlines + 1 : 0;
    if (newlines <= 2) {
      out << c;
    }
  }
  return std::nullopt;
}

} // namespace

std::string_view builtin_markdown_template() {
  return report::k_markdown_template;
}

std::string_view builtin_html_template() {
  return report::k_html_template;
}

std::optional<std::string> render_report_markdown(std::ostream& out, const Report& report,
                                                  std::string_view template_text) {
  return render(out, report, template_text.empty() ? builtin_markdown_template() : template_text,
                false);
}

std::optional<std::string> render_report_html(std::ostream& out, const Report& report,
                                              std::string_view template_text) {
  return render(out, report, template_text.empty() ? builtin_html_template() : template_text, true);
}

} // namespace okr
