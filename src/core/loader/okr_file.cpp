#include <array>
#include <fmt/format.h>

#include <okr/metrics.hpp>

#include "loader/files.hpp"
#include "loader/reader.hpp"

namespace okr::loader {

namespace {

constexpr std::array<std::string_view, 4> k_levels = {"company", "unit", "team", "individual"};
constexpr std::array<std::string_view, 3> k_kr_types = {"committed", "stretch", "experimental"};
constexpr std::array<std::string_view, 2> k_visibilities = {"public", "private"};

std::optional<double> weight(Reader& r, const MapView& m) {
  const Node* node = m.get("weight");
  if (!node) {
    return 1.0;
  }
  auto n = r.number(*node, "weight");
  if (!n) {
    return std::nullopt;
  }
  if (n->value <= 0) {
    r.report(*node, "schema",
             fmt::format("'weight' must be greater than 0, not {}; remove the key to weigh "
                         "it like the others",
                         node->text));
    return std::nullopt;
  }
  return n->value;
}

/// `out`: a std::optional<Number> or a Boxed<Number>.
template <typename Out>
void read_optional_number(Reader& r, const MapView& m, std::string_view key, Out& out) {
  if (const Node* node = m.get(key)) {
    out = r.number(*node, key);
  }
}

/// `stay_between: [low, high]`: a list of exactly two numbers, the low one first.
/// `out`: a std::optional<Range> or a Boxed<Range>.
template <typename Out>
void read_range(Reader& r, const MapView& m, std::string_view key, Out& out) {
  const Node* node = m.get(key);
  if (!node) {
    return;
  }
  if (!node->is_sequence() || node->children.size() != 2) {
    const std::string got =
        node->is_sequence()
            ? fmt::format("a list of {} item{}", node->children.size(),
                          node->children.size() == 1 ? "" : "s")
            : (node->is_scalar() ? fmt::format("'{}'", node->text) : std::string(describe(*node)));
    r.report(*node, "schema",
             fmt::format("'{}' must be a list of two numbers, the lowest and the highest value "
                         "allowed, such as [99.5, 99.9]; not {}",
                         key, got));
    return;
  }
  auto low = r.number(node->children[0], key);
  auto high = r.number(node->children[1], key);
  if (!low || !high) {
    return;
  }
  if (low->value >= high->value) {
    const std::string written = Range{*low, *high}.str();
    r.report(*node, "schema",
             low->value == high->value
                 ? fmt::format("'{}' is {}: a range needs its low end below its high end; for "
                               "one value write stay_above or stay_below",
                               key, written)
                 : fmt::format("'{}' is {}: the low end comes first; write {}", key, written,
                               Range{*high, *low}.str()));
    return;
  }
  out = Range{*low, *high};
}

/// `metric:` a series name, `name` or `name{label="value",...}`, kept canonical (labels sorted).
std::optional<Text> read_metric(Reader& r, const MapView& m) {
  const Node* node = m.get("metric");
  if (!node) {
    return std::nullopt;
  }
  // A plain true, false or number is YAML's boolean or number, not a name (the schema's type).
  if (node->is_scalar() && node->plain &&
      (node->text == "true" || node->text == "false" || node->text == "True" ||
       node->text == "False" || node->text == "TRUE" || node->text == "FALSE")) {
    r.report(*node, "schema",
             fmt::format("'metric' is the boolean {}, not a metric name; write a name such as "
                         "signup_completion_ratio",
                         node->text));
    return std::nullopt;
  }
  auto text = r.text(*node, "metric");
  if (!text) {
    return std::nullopt;
  }
  std::string why;
  auto canonical = metrics::canonical_name(text->value, &why);
  if (!canonical) {
    r.report(
        *node, "schema",
        fmt::format("'metric' is '{}', not a metric name: {}; write a name such as "
                    "signup_completion_ratio or http_requests_success_ratio{{service=\"signup\"}}",
                    text->value, why));
    return std::nullopt;
  }
  text->value = std::move(*canonical);
  return text;
}

std::optional<KeyResult> read_key_result(Reader& r, const Node& node) {
  if (!r.expect_map(node, "a key result")) {
    return std::nullopt;
  }
  const std::size_t before = r.reported();
  MapView m(r, node, "a key result",
            {"id", "title", "type", "baseline", "target", "stay_above", "stay_below",
             "stay_between", "milestone", "unit", "weight", "owner", "contributes_to", "metric",
             "description", "notes"});
  KeyResult kr;
  kr.pos = r.pos(node);
  if (const Node* n = m.require("id", "a lower-case id such as 'completion'")) {
    if (auto id = r.id(*n, "id")) {
      kr.id = *id;
    }
  }
  if (const Node* n = m.require("title", "the measurable result, such as 'Increase onboarding "
                                         "completion from 65% to 90%'")) {
    if (auto title = r.text(*n, "title")) {
      kr.title = *title;
    }
  }
  if (const Node* n = m.get("type")) {
    if (auto c = r.choice(*n, "type", k_kr_types)) {
      kr.type = static_cast<KrType>(*c);
    }
  }
  read_optional_number(r, m, "baseline", kr.baseline);
  read_optional_number(r, m, "target", kr.target);
  read_optional_number(r, m, "stay_above", kr.stay_above);
  read_optional_number(r, m, "stay_below", kr.stay_below);
  read_range(r, m, "stay_between", kr.stay_between);
  if (const Node* n = m.get("milestone")) {
    if (auto b = r.boolean(*n, "milestone"); b && *b) {
      kr.milestone = r.pos(*n);
    }
  }
  if (const Node* n = m.get("unit")) {
    kr.unit = r.text(*n, "unit");
  }
  if (auto w = weight(r, m)) {
    kr.weight = *w;
  }
  if (const Node* n = m.get("owner")) {
    kr.owner = r.id(*n, "owner");
  }
  if (const Node* n = m.get("contributes_to")) {
    r.one_or_list(*n, [&](const Node& item) {
      if (auto ref = r.ref(item, "contributes_to", 3)) {
        kr.contributes_to.push_back(*ref);
      }
    });
  }
  kr.metric = read_metric(r, m);
  if (const Node* n = m.get("description")) {
    r.text(*n, "description");
  }
  if (const Node* n = m.get("notes")) {
    r.text(*n, "notes");
  }
  kr.has_schema_errors = r.reported() > before;
  return kr;
}

std::optional<Objective> read_objective(Reader& r, const Node& node) {
  if (!r.expect_map(node, "an objective")) {
    return std::nullopt;
  }
  MapView m(r, node, "an objective",
            {"id", "title", "shared", "aligns_to", "weight", "depends_on", "initiatives",
             "key_results", "description", "notes"});
  Objective objective;
  objective.pos = r.pos(node);
  if (const Node* shared = m.get("shared")) {
    if (auto ref = r.ref(*shared, "shared", 2)) {
      objective.shared = *ref;
      objective.id = Text{ref->objective, ref->pos};
    }
    for (std::string_view key : {"id", "title"}) {
      if (const Node* n = m.get(key)) {
        r.report(*n, "schema",
                 fmt::format("a shared objective takes its {} from '{}'; remove '{}' here", key,
                             shared->text, key));
      }
    }
  } else {
    if (const Node* n = m.require("id", "a lower-case id such as 'first-week'")) {
      if (auto id = r.id(*n, "id")) {
        objective.id = *id;
      }
    }
    if (const Node* n = m.require("title", "the qualitative change you want, in one sentence")) {
      if (auto title = r.text(*n, "title")) {
        objective.title = *title;
      }
    }
  }
  if (const Node* n = m.get("aligns_to")) {
    r.one_or_list(*n, [&](const Node& item) {
      if (auto ref = r.ref(item, "aligns_to", 2)) {
        objective.aligns_to.push_back(*ref);
      }
    });
  }
  if (auto w = weight(r, m)) {
    objective.weight = *w;
  }
  if (const Node* n = m.get("depends_on")) {
    r.one_or_list(*n, [&](const Node& item) {
      if (auto id = r.id(item, "depends_on")) {
        objective.depends_on.push_back(*id);
      }
    });
  }
  if (const Node* n = m.get("initiatives")) {
    r.one_or_list(*n, [&](const Node& item) {
      if (auto text = r.text(item, "initiatives")) {
        objective.initiatives.push_back(*text);
      }
    });
  }
  if (const Node* n = m.require("key_results", "a list of two to five measurable results")) {
    if (r.expect_list(*n, "key_results")) {
      objective.key_results.reserve(n->children.size());
      for (const Node& item : n->children) {
        if (auto kr = read_key_result(r, item)) {
          objective.key_results.push_back(std::move(*kr));
        }
      }
    }
  }
  if (const Node* n = m.get("description")) {
    r.text(*n, "description");
  }
  if (const Node* n = m.get("notes")) {
    r.text(*n, "notes");
  }
  return objective;
}

std::optional<Kpi> read_kpi(Reader& r, const Node& node) {
  if (!r.expect_map(node, "a KPI")) {
    return std::nullopt;
  }
  MapView m(
      r, node, "a KPI",
      {"id", "title", "unit", "stay_above", "stay_below", "stay_between", "metric", "description"});
  Kpi kpi;
  kpi.pos = r.pos(node);
  if (const Node* n = m.require("id", "a lower-case id such as 'nps'")) {
    if (auto id = r.id(*n, "id")) {
      kpi.id = *id;
    }
  }
  if (const Node* n = m.require("title", "what the metric is, such as 'First-week NPS'")) {
    if (auto title = r.text(*n, "title")) {
      kpi.title = *title;
    }
  }
  if (const Node* n = m.get("unit")) {
    kpi.unit = r.text(*n, "unit");
  }
  read_optional_number(r, m, "stay_above", kpi.stay_above);
  read_optional_number(r, m, "stay_below", kpi.stay_below);
  read_range(r, m, "stay_between", kpi.stay_between);
  kpi.metric = read_metric(r, m);
  if (kpi.stay_between && (kpi.stay_above || kpi.stay_below)) {
    const std::string_view others = kpi.stay_above && kpi.stay_below ? "stay_above and stay_below"
                                    : kpi.stay_above                 ? "stay_above"
                                                                     : "stay_below";
    r.report(*m.get("stay_between"), "schema",
             fmt::format("'stay_between' {} sets both ends of the KPI's range; remove {}",
                         kpi.stay_between->str(), others));
  }
  if (const Node* n = m.get("description")) {
    r.text(*n, "description");
  }
  return kpi;
}

} // namespace

std::optional<OkrFile> read_okr_file(const Node& root, std::uint32_t file, const std::string& path,
                                     std::vector<Diagnostic>& out) {
  Reader r(file, path, out);
  if (!r.expect_map(root, "an OKR file")) {
    return std::nullopt;
  }
  MapView m(r, root, "an OKR file",
            {"cycle", "owner", "name", "level", "parent", "visibility", "cadence_days",
             "objectives", "kpis", "description", "notes"});
  OkrFile okr;
  okr.file = file;
  okr.pos = r.pos(root);
  bool header_ok = true;
  if (const Node* n = m.require("cycle", "the cycle these OKRs are for, such as 2026-Q4")) {
    if (auto c = r.cycle_id(*n, "cycle")) {
      okr.cycle = *c;
    } else {
      header_ok = false;
    }
  } else {
    header_ok = false;
  }
  if (const Node* n = m.require("owner", "the id of the company, unit, team or person")) {
    if (auto id = r.id(*n, "owner")) {
      okr.owner = *id;
    } else {
      header_ok = false;
    }
  } else {
    header_ok = false;
  }
  if (const Node* n = m.get("name")) {
    okr.name = r.text(*n, "name");
  }
  if (const Node* n = m.require("level", "company, unit, team or individual")) {
    okr.level_pos = r.pos(*n);
    if (auto c = r.choice(*n, "level", k_levels)) {
      okr.level = static_cast<Level>(*c);
    } else {
      header_ok = false;
    }
  } else {
    header_ok = false;
  }
  if (const Node* n = m.get("parent")) {
    okr.parent = r.id(*n, "parent");
    if (header_ok && okr.level == Level::company && okr.parent) {
      r.report(*n, "schema", "a company has no parent; remove 'parent' or change 'level'");
    }
  } else if (header_ok && okr.level != Level::company) {
    m.require("parent", fmt::format("the id of the owner this {} belongs to in the organisation",
                                    to_string(okr.level)));
  }
  okr.is_private = okr.level == Level::individual;
  if (const Node* n = m.get("visibility")) {
    if (auto c = r.choice(*n, "visibility", k_visibilities)) {
      okr.is_private = *c == 1;
    }
  }
  if (const Node* n = m.get("cadence_days")) {
    okr.cadence_days = r.days(*n, "cadence_days", 1, 366);
  }
  if (const Node* n = m.require("objectives", "a list of one to three objectives")) {
    if (r.expect_list(*n, "objectives")) {
      okr.objectives.reserve(n->children.size());
      for (const Node& item : n->children) {
        if (auto objective = read_objective(r, item)) {
          okr.objectives.push_back(std::move(*objective));
        }
      }
    }
  }
  if (const Node* n = m.get("kpis")) {
    if (r.expect_list(*n, "kpis")) {
      for (const Node& item : n->children) {
        if (auto kpi = read_kpi(r, item)) {
          okr.kpis.push_back(std::move(*kpi));
        }
      }
    }
  }
  if (const Node* n = m.get("description")) {
    r.text(*n, "description");
  }
  if (const Node* n = m.get("notes")) {
    r.text(*n, "notes");
  }
  if (!header_ok) {
    return std::nullopt; // without owner, cycle and level nothing else can be resolved
  }
  return okr;
}

} // namespace okr::loader
