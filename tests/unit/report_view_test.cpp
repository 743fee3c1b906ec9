// Templates see the same data as before the renderer read the Report directly: the JSON model
// converted to kainjow data (numbers as text, null and "" as false, has_x and x_count for every
// list x, the presentation fields). That conversion is kept here as the reference; a template
// generated from the data's own shape asks for every name in every section, as a variable,
// unescaped, a section, an inverted section and a partial, plus dotted names and names that do
// not exist, and must render the same with both.

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <kainjow/mustache.hpp>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include <okr/check_render.hpp>
#include <okr/index.hpp>
#include <okr/loader.hpp>
#include <okr/number.hpp>
#include <okr/report.hpp>
#include <okr/score_render.hpp>
#include <okr/text.hpp>

#include "support.hpp"

using namespace okr;

namespace {

using json = nlohmann::ordered_json;
using kainjow::mustache::data;
using kainjow::mustache::mustache;

// ---- The reference: the JSON model as kainjow data, as render.cpp built it before. ----

/// Other numbers: computed ones rounded once to two decimals (numbers from files are made
/// strings as written by reference_json()).
std::string number_text(double value) {
  return format_number(std::round(value * 100) / 100 + 0.0);
}

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
  default:
    break;
  }
  return data(false);
}

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
    for (const json& item : value) {
      list.push_back(shell(item));
      fill(list.back(), item);
    }
  }
}

/// A computed number as the model holds it, unrounded (the view rounds it once, to two
/// decimals, where the JSON rounds it to three): null when there is none.
json raw(const std::optional<double>& value) {
  return value ? json(*value) : json(nullptr);
}

std::string measured_note(std::size_t measured, std::size_t total, const std::string& what) {
  if (measured == 0 || measured == total) {
    return "";
  }
  return std::to_string(measured) + " of " + std::to_string(total) + what + " measured";
}

/// A number from a file as the view prints it: as written (a string passes through shell()
/// unchanged, where a JSON number would be rounded); null when there is none.
json written(const std::optional<double>& value, std::uint8_t decimals) {
  return value ? json(format_number(*value, decimals)) : json(nullptr);
}

void written_range(json& range, const Range& r) {
  range["low"] = written(r.low.value, r.low.decimals);
  range["high"] = written(r.high.value, r.high.decimals);
}

void raw_items(json& list, const std::vector<ReportItem>& items) {
  for (std::size_t i = 0; i < items.size(); ++i) {
    list[i]["score"] = raw(items[i].score);
  }
}

/// The JSON model plus the presentation fields, as render.cpp's view_json() added them.
json reference_json(const Report& report, bool html) {
  std::ostringstream text;
  render_report_json(text, report);
  json view = json::parse(text.str());
  json& owners = view["owners"];
  std::size_t i = 0;
  for (const ReportOwner& owner : report.owners) {
    json& w = owners[i];
    w["score"] = raw(owner.score);
    w["expected"] = owner.expected;
    w["standing"] = standing_label(owner.score.has_value(), owner.grade, owner.pace);
    w["measured_note"] = measured_note(owner.measured, owner.objectives.size(), " objectives");
    for (std::size_t j = 0; j < owner.objectives.size(); ++j) {
      const ReportObjective& objective = owner.objectives[j];
      json& o = w["objectives"][j];
      o["score"] = raw(objective.score);
      o["standing"] = standing_label(objective.score.has_value(), objective.grade, objective.pace);
      o["measured_note"] = measured_note(objective.measured, objective.parts, "");
      o["score_percent"] = std::lround(objective.score.value_or(0) * 100);
      for (std::size_t k = 0; k < objective.sharers.size(); ++k) {
        o["sharers"][k]["score"] = raw(objective.sharers[k].score);
      }
      for (std::size_t k = 0; k < objective.key_results.size(); ++k) {
        const ReportKr& report_kr = objective.key_results[k];
        const KrScore& kr = report_kr.scored;
        const KeyResult& key_result = *kr.kr;
        const Measure measure = key_result.measure();
        json& v = o["key_results"][k];
        v["score"] = raw(kr.measured ? std::optional<double>(kr.score) : std::nullopt);
        if (measure == Measure::progress) {
          v["baseline"] = written(key_result.baseline->value, key_result.baseline->decimals);
        }
        if (kr.done) {
          v["value"] = written(*kr.done ? 1.0 : 0.0, 0);
        } else {
          v["value"] = written(kr.value, kr.value_decimals);
        }
        const std::optional<Number> target =
            measure == Measure::progress     ? key_result.target
            : measure == Measure::stay_above ? key_result.stay_above.optional()
            : measure == Measure::stay_below ? key_result.stay_below.optional()
                                             : std::nullopt;
        v["target"] = target ? written(target->value, target->decimals) : json(nullptr);
        if (measure == Measure::stay_between) {
          written_range(v["range"], *key_result.stay_between);
        }
        for (std::size_t p = 0; p < kr.series.size(); ++p) {
          const ReportedValue& point = kr.series[p];
          v["values"][p]["value"] = point.number
                                        ? written(point.number, point.decimals)
                                        : written(point.done.value_or(false) ? 1.0 : 0.0, 0);
        }
        if (kr.guardrail) {
          for (std::size_t b = 0; b < kr.guardrail->breaches.size(); ++b) {
            const Breach& breach = kr.guardrail->breaches[b];
            v["breaches"][b]["value"] = written(breach.value, breach.decimals);
          }
        }
        v["expected"] = report_kr.expected;
        v["forecast"] = raw(kr.forecast);
        v["forecast_value"] = raw(kr.forecast_value);
        v["standing"] = standing_label(kr.measured, kr.grade, kr.pace);
        v["is_progress"] = measure == Measure::progress;
        v["is_stay_above"] = measure == Measure::stay_above;
        v["is_stay_below"] = measure == Measure::stay_below;
        v["is_stay_between"] = measure == Measure::stay_between;
        v["is_milestone"] = measure == Measure::milestone;
        v["is_guardrail"] = kr.guardrail.has_value();
        if (kr.guardrail) {
          v["held"] = kr.guardrail->held;
        }
        v["score_percent"] = std::lround((kr.measured ? kr.score : 0) * 100);
        if (html) {
          v["chart"] = svg_kr_chart(report_kr, owner.cycle_start, owner.cycle_end);
        }
      }
    }
    ++i;
  }
  for (std::size_t j = 0; j < report.kpis.size(); ++j) {
    const ReportKpi& kpi = report.kpis[j];
    json& k = view["kpis"][j];
    k["threshold"] = written(kpi.threshold, kpi.threshold_decimals);
    k["value"] = written(kpi.value, kpi.value_decimals);
    k["is_stay_above"] = kpi.guardrail == Measure::stay_above;
    k["is_stay_below"] = kpi.guardrail == Measure::stay_below;
    k["is_stay_between"] = kpi.guardrail == Measure::stay_between;
    k["is_breached"] = kpi.health == Health::breached;
    if (kpi.range) {
      written_range(k["range"], *kpi.range);
    }
  }
  for (std::size_t j = 0; j < report.overview.size(); ++j) {
    const ReportRow& row = report.overview[j];
    json& r = view["overview"][j];
    r["score"] = raw(row.score);
    r["standing"] = standing_label(row.score.has_value(), row.grade, row.pace);
    r["score_percent"] = std::lround(row.score.value_or(0) * 100);
    r["score_change"] = raw(row.score_change);
    if (row.score_change) {
      r["score_movement"] = std::string(row.score_trend == Trend::up     ? "↑ "
                                        : row.score_trend == Trend::down ? "↓ "
                                                                         : "→ ") +
                            format_fraction(std::fabs(*row.score_change));
    }
    if (row.latest) {
      const int days = report.header.as_of - *row.latest;
      r["freshness"] = days <= 0   ? std::string("today")
                       : days == 1 ? std::string("1 day ago")
                                   : std::to_string(days) + " days ago";
    } else {
      r["freshness"] = "never";
    }
  }
  for (std::size_t j = 0; j < report.overview.size(); ++j) {
    const ReportRow& row = report.overview[j];
    view["overview"][j]["href"] = row.detailed ? "#owner-" + row.id : std::string();
  }
  bool any_attention = false;
  for (const auto& [key, list] : {std::pair{"at_risk", &report.attention.at_risk},
                                  {"overdue", &report.attention.overdue},
                                  {"breached", &report.attention.breached},
                                  {"behind", &report.attention.behind}}) {
    for (std::size_t j = 0; j < list->size(); ++j) {
      const ReportAttentionItem& item = (*list)[j];
      view["attention"][key][j]["score"] = raw(item.score);
      view["attention"][key][j]["href"] = item.detailed ? "#owner-" + item.owner : std::string();
    }
    any_attention = any_attention || !list->empty();
  }
  view["attention"]["any"] = any_attention;
  view["site_nav"] = "";
  view["show_summary"] = true;
  view["show_details"] = true;
  for (std::size_t j = 0; j < report.summary.levels.size(); ++j) {
    const LevelMean& level = report.summary.levels[j];
    view["summary"]["levels"][j]["mean"] = raw(level.mean);
    view["summary"]["levels"][j]["measured_note"] =
        measured_note(level.measured, level.objectives, " objectives");
  }
  raw_items(view["review"]["committed_below_target"], report.review.committed_below);
  raw_items(view["review"]["stretch_at_target"], report.review.stretch_at_target);
  raw_items(view["review"]["objectives_at_risk"], report.review.objectives_at_risk);
  raw_items(view["alignment"]["gaps"], report.alignment.gaps);
  raw_items(view["alignment"]["orphans"], report.alignment.orphans);
  view["summary"]["stretch"]["total"] =
      report.summary.stretch_below + report.summary.stretch_sweet + report.summary.stretch_above;
  if (html) {
    view["distribution"] = svg_score_distribution(report);
    view["owner_tree"] = svg_owner_tree(report);
  } else {
    // The flowchart's own code did not change; taken from the renderer.
    std::ostringstream mermaid;
    REQUIRE_FALSE(render_report_markdown(mermaid, report, "{{{mermaid}}}"));
    view["mermaid"] = mermaid.str();
  }
  return view;
}

struct Rendered {
  std::optional<std::string> error;
  std::string text;
  bool operator==(const Rendered&) const = default;
};

Rendered render_reference(const Report& report, const std::string& template_text, bool html) {
  mustache tmpl{template_text};
  REQUIRE(tmpl.is_valid());
  if (html) {
    tmpl.set_custom_escape([](const std::string& s) { return escape_html(s); });
  } else {
    tmpl.set_custom_escape([](const std::string& s) { return escape_markdown(s); });
  }
  const json view = reference_json(report, html);
  data root = shell(view);
  fill(root, view);
  const std::string text = tmpl.render(root);
  if (!tmpl.is_valid()) {
    return {tmpl.error_message(), ""};
  }
  if (html) {
    return {std::nullopt, text};
  }
  std::string collapsed;
  std::size_t newlines = 0;
  for (char c : text) {
    newlines = c == '\n' ? newlines + 1 : 0;
    if (newlines <= 2) {
      collapsed += c;
    }
  }
  return {std::nullopt, collapsed};
}

Rendered render_actual(const Report& report, const std::string& template_text, bool html) {
  std::ostringstream out;
  Rendered r;
  r.error = html ? render_report_html(out, report, template_text)
                 : render_report_markdown(out, report, template_text);
  r.text = out.str();
  return r;
}

// ---- A template that asks for everything, everywhere. ----

/// Every name of the data: every key, has_/_count of every list, the dotted paths through
/// objects; plus names that are not there.
void collect(const json& value, std::set<std::string>& names, const std::string& path) {
  if (value.is_object()) {
    for (const auto& [key, item] : value.items()) {
      names.insert(key);
      if (!path.empty() && std::count(path.begin(), path.end(), '.') < 2) {
        names.insert(path + "." + key);
      }
      if (item.is_array()) {
        names.insert("has_" + key);
        names.insert(key + "_count");
        for (const json& element : item) {
          collect(element, names, "");
        }
      } else if (item.is_object()) {
        collect(item, names, path.empty() ? key : path + "." + key);
        collect(item, names, "");
      }
    }
  }
}

/// The union of the shapes of `values` (objects): each key with every value it takes.
std::map<std::string, std::vector<const json*>> shape(const std::vector<const json*>& values) {
  std::map<std::string, std::vector<const json*>> keys;
  for (const json* value : values) {
    for (const auto& [key, item] : value->items()) {
      auto& children = keys[key];
      if (item.is_object()) {
        children.push_back(&item);
      } else if (item.is_array()) {
        for (const json& element : item) {
          if (element.is_object()) {
            children.push_back(&element);
          }
        }
      }
    }
  }
  return keys;
}

std::string probe(const std::set<std::string>& names) {
  std::string out;
  for (const std::string& n : names) {
    out += n + "={{" + n + "}}|{{{" + n + "}}}|{{#" + n + "}}<{{.}}>{{/" + n + "}}|{{^" + n +
           "}}!{{.}}{{/" + n + "}}|{{>" + n + "}};\n";
  }
  return out;
}

/// The probe, then every object and list below `values` as a section holding the same.
std::string everything(const std::vector<const json*>& values, const std::set<std::string>& names,
                       int depth) {
  std::string out = probe(names);
  if (depth == 0) {
    return out;
  }
  for (const auto& [key, children] : shape(values)) {
    if (!children.empty()) {
      out += "{{#" + key + "}}[" + key + "\n" + everything(children, names, depth - 1) + "]{{/" +
             key + "}}\n";
    }
  }
  return out;
}

std::string template_for(const Report& report) {
  const json view = reference_json(report, true);
  std::set<std::string> names;
  collect(view, names, "");
  for (const char* extra :
       {"nope", "has_nope", "nope_count", "has_score", "score_count", "header.", ".header",
        "header..cycle", "header.cycle.", "header.nope", "owners.id", "latest.nope", "..",
        "summary.stretch.total.x", "chart.x", "distribution", "mermaid", "chart"}) {
    names.insert(extra);
  }
  return everything({&view}, names, 5);
}

test::LoadedReport report_of(const std::string& folder, bool include_private, bool with_commit) {
  return test::report_of(folder, include_private,
                         with_commit ? std::optional(ReportCommit{"0123abc", true}) : std::nullopt);
}

/// Where `actual` first differs from `expected`, or "" when they are the same.
std::string first_difference(const Rendered& actual, const Rendered& expected) {
  if (actual.error != expected.error) {
    return "error: " + actual.error.value_or("none") + ", expected " +
           expected.error.value_or("none");
  }
  std::istringstream a(actual.text);
  std::istringstream e(expected.text);
  std::string line_a;
  std::string line_e;
  for (std::size_t line = 1;; ++line) {
    const bool more_a = static_cast<bool>(std::getline(a, line_a));
    const bool more_e = static_cast<bool>(std::getline(e, line_e));
    if (!more_a && !more_e) {
      break;
    }
    if (more_a != more_e || line_a != line_e) {
      return "line " + std::to_string(line) + ":\n  actual:   " + (more_a ? line_a : "(end)") +
             "\n  expected: " + (more_e ? line_e : "(end)");
    }
  }
  return actual.text == expected.text ? "" : "the last line break";
}

void check_same(const Report& report) {
  for (const bool html : {true, false}) {
    INFO((html ? "html" : "markdown"));
    const std::string builtin(html ? builtin_html_template() : builtin_markdown_template());
    CHECK(first_difference(render_actual(report, builtin, html),
                           render_reference(report, builtin, html)) == "");
    const std::string all = template_for(report);
    CHECK(first_difference(render_actual(report, all, html), render_reference(report, all, html)) ==
          "");
  }
}

} // namespace

TEST_CASE("report view: the example repository, private OKRs and a commit") {
  check_same(report_of("examples", true, true).report);
}

TEST_CASE("report view: the example repository without private OKRs or git") {
  check_same(report_of("examples", false, false).report);
}

TEST_CASE("report view: hostile text from tests/injection") {
  check_same(report_of("tests/injection/repo", true, false).report);
}

TEST_CASE("report view: numbers from files as written, computed ones rounded once") {
  KeyResult key_result;
  key_result.baseline = Number{0.120, {}, 3};
  key_result.target = Number{0.085, {}, 3};
  ReportKr kr;
  kr.scored.kr = &key_result;
  kr.scored.measured = true;
  kr.scored.value = 0.0970;
  kr.scored.value_decimals = 4;
  kr.scored.score = 0.6571428571428571;
  kr.expected = 0.5549450549450549;
  kr.scored.series = {{Date(), 0.118, std::nullopt, nullptr, 3},
                      {Date(), 0.1, std::nullopt, nullptr, 1},
                      {Date(), 0.097, std::nullopt, nullptr, 4}};
  ReportObjective objective;
  objective.key_results.push_back(kr);
  ReportOwner owner;
  owner.objectives.push_back(objective);
  Report report;
  report.owners = ReportOwners({owner});
  ReportKpi kpi;
  kpi.threshold = 99.5;
  kpi.threshold_decimals = 2;
  kpi.value = 99;
  kpi.value_decimals = 1;
  kpi.range = Range{Number{180, {}, 0}, Number{260, {}, 1}};
  report.kpis.push_back(kpi);

  std::ostringstream out;
  REQUIRE_FALSE(render_report_markdown(
      out, report,
      "{{#owners}}{{#objectives}}{{#key_results}}{{baseline}} → {{value}} → {{target}}: {{score}} "
      "of {{expected}};{{#values}} {{value}}{{/values}}\n{{/key_results}}{{/objectives}}"
      "{{/owners}}{{#kpis}}{{threshold}} {{value}} [{{range.low}}, {{range.high}}]{{/kpis}}"));
  CHECK(out.str() == "0.120 → 0.0970 → 0.085: 0.66 of 0.55; 0.118 0.1 0.0970\n"
                     "99.50 99.0 [180, 260.0]");
}
