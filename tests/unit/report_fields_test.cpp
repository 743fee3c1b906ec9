// The report model is described once: src/core/report/fields.hpp lists each struct's fields,
// and both the JSON writer and the templates' view walk those lists. These tests hold the two
// to each other on the example repository: every object of the JSON has the keys its struct
// lists, in that order, and nothing else; the view, positioned at that object as kainjow
// positions it, gives every one of those keys the JSON's value (in the view's conventions);
// and the view's presentation fields are none of the JSON's keys.

#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <okr/report.hpp>

#include "report/fields.hpp"
#include "report/view.hpp"
#include "support.hpp"

using namespace okr;

namespace {

using json = nlohmann::ordered_json;
using Data = kainjow::mustache::data;

/// The keys fields() lists for one struct, in order, without walking into its parts.
struct Keys {
  std::vector<std::string> keys;
  void add(std::string_view key) { keys.emplace_back(key); }
  template <typename... T> void text(std::string_view key, const T&...) { add(key); }
  template <typename... T> void optional_text(std::string_view key, const T&...) { add(key); }
  template <typename... T> void word(std::string_view key, const T&...) { add(key); }
  template <typename... T> void optional_word(std::string_view key, const T&...) { add(key); }
  template <typename... T> void flag(std::string_view key, const T&...) { add(key); }
  template <typename... T> void optional_flag(std::string_view key, const T&...) { add(key); }
  template <typename... T> void count(std::string_view key, const T&...) { add(key); }
  template <typename... T> void integer(std::string_view key, const T&...) { add(key); }
  template <typename... T> void number(std::string_view key, const T&...) { add(key); }
  template <typename... T> void optional_number(std::string_view key, const T&...) { add(key); }
  template <typename... T> void score(std::string_view key, const T&...) { add(key); }
  template <typename... T> void date(std::string_view key, const T&...) { add(key); }
  template <typename... T> void optional_date(std::string_view key, const T&...) { add(key); }
  template <typename... T> void strings(std::string_view key, const T&...) { add(key); }
  template <typename... T> void object(std::string_view key, const T&...) { add(key); }
  template <typename... T> void optional_object(std::string_view key, const T&...) { add(key); }
  template <typename... T> void list(std::string_view key, const T&...) { add(key); }
  template <typename... T> void owners(std::string_view key, const T&...) { add(key); }
};

template <typename T> std::vector<std::string> keys_of(const T& value) {
  Keys k;
  report::fields(k, value);
  return k.keys;
}

std::vector<std::string> keys_of(const json& object) {
  std::vector<std::string> keys;
  for (const auto& [key, value] : object.items()) {
    keys.push_back(key);
  }
  return keys;
}

/// The view's names that are not the JSON's (view.hpp, okr-report(1)); and `summary.stretch.total`,
/// a name the JSON uses elsewhere (`summary.committed.total`).
const std::set<std::string> k_presentation = {
    "standing",      "measured_note",   "score_percent", "is_progress",  "is_stay_above",
    "is_stay_below", "is_stay_between", "is_milestone",  "is_guardrail", "held",
    "chart",         "distribution",    "mermaid",       "freshness",    "is_breached"};

/// Checks that the view, as it stands, gives each key of `object` its JSON value.
void check_view(report::View& view, const json& object, const std::string& where) {
  for (const auto& [key, value] : object.items()) {
    INFO(where << "." << key);
    CHECK_FALSE(k_presentation.contains(key));
    const Data* got = view.get(key);
    REQUIRE(got != nullptr);
    if (value.is_null() || (value.is_boolean() && !value.get<bool>()) ||
        (value.is_string() && value.get<std::string>().empty())) {
      CHECK((got->is_bool() && !got->is_true()));
    } else if (value.is_boolean()) {
      CHECK(got->is_true());
    } else if (value.is_string()) {
      REQUIRE(got->is_string());
      CHECK(got->string_value() == value.get<std::string>());
    } else if (value.is_number()) {
      REQUIRE(got->is_string());
      // The view rounds to two decimals what the JSON rounds to three.
      CHECK(std::stod(got->string_value()) == Approx(value.get<double>()).margin(0.0051));
    } else if (value.is_array()) {
      REQUIRE(got->is_list());
      CHECK(got->list_value().size() == value.size());
    }
  }
}

/// Walks the JSON of `list` (objects) with the view inside each item, as kainjow walks a
/// section, and checks each item with `check`.
template <typename F>
void each_item(report::View& view, const std::string& name, const json& list, F check) {
  const Data* items = view.get(name);
  REQUIRE(items != nullptr);
  REQUIRE(items->is_list());
  REQUIRE(items->list_value().size() == list.size());
  // kainjow pushes the items of the list it was given; the list stays where it is.
  const auto& data = items->list_value();
  for (std::size_t i = 0; i < list.size(); ++i) {
    view.push(&data[i]);
    check(list[i], i);
    view.pop();
  }
}

} // namespace

TEST_CASE("report fields: the JSON has the keys the field lists name, in their order") {
  const test::LoadedReport loaded = test::report_of("examples", true, ReportCommit{"abc", false});
  const Report& r = loaded.report;
  std::ostringstream text;
  render_report_json(text, r);
  const json doc = json::parse(text.str());

  CHECK(keys_of(doc) == keys_of(r));
  CHECK(keys_of(doc["header"]) == keys_of(r.header));
  CHECK(keys_of(doc["header"]["commit"]) == keys_of(*r.header.commit));
  CHECK(keys_of(doc["summary"]) == keys_of(r.summary));
  CHECK(keys_of(doc["review"]) == keys_of(r.review));
  CHECK(keys_of(doc["alignment"]) == keys_of(r.alignment));
  REQUIRE(doc["kpis"].size() == r.kpis.size());
  for (std::size_t i = 0; i < r.kpis.size(); ++i) {
    CHECK(keys_of(doc["kpis"][i]) == keys_of(r.kpis[i]));
  }
  std::size_t i = 0;
  std::size_t krs = 0;
  for (const ReportOwner& owner : r.owners) {
    const json& o = doc["owners"][i++];
    CHECK(keys_of(o) == keys_of(owner));
    if (owner.latest) {
      CHECK(keys_of(o["latest"]) == keys_of(*owner.latest));
    }
    for (std::size_t j = 0; j < owner.objectives.size(); ++j) {
      const ReportObjective& objective = owner.objectives[j];
      CHECK(keys_of(o["objectives"][j]) == keys_of(objective));
      for (std::size_t k = 0; k < objective.key_results.size(); ++k) {
        CHECK(keys_of(o["objectives"][j]["key_results"][k]) == keys_of(objective.key_results[k]));
        ++krs;
      }
    }
  }
  CHECK(i == doc["owners"].size());
  CHECK(krs > 10);
}

TEST_CASE("report fields: the view gives every key of the JSON, where the JSON has it") {
  for (const auto format : {report::View::Format::markdown, report::View::Format::html}) {
    const test::LoadedReport loaded = test::report_of("examples", true, ReportCommit{"abc", false});
    const Report& r = loaded.report;
    std::ostringstream text;
    render_report_json(text, r);
    const json doc = json::parse(text.str());
    report::View view(r, format);

    check_view(view, doc, "");
    for (const char* part : {"header", "summary", "review", "alignment"}) {
      const Data* object = view.get(part);
      REQUIRE(object != nullptr);
      view.push(object);
      check_view(view, doc[part], part);
      view.pop();
    }
    for (const char* part : {"header.cycle", "header.commit", "summary.committed",
                             "summary.stretch", "summary.checkins", "alignment.counts"}) {
      const std::string name(part);
      const std::string group = name.substr(0, name.find('.'));
      const Data* object = view.get(name);
      REQUIRE(object != nullptr);
      view.push(object);
      check_view(view, doc[group][name.substr(name.find('.') + 1)], name);
      view.pop();
    }
    each_item(view, "kpis", doc["kpis"],
              [&](const json& kpi, std::size_t) { check_view(view, kpi, "kpis[]"); });
    each_item(view, "owners", doc["owners"], [&](const json& owner, std::size_t) {
      check_view(view, owner, "owners[]");
      each_item(view, "objectives", owner["objectives"], [&](const json& objective, std::size_t) {
        check_view(view, objective, "objectives[]");
        each_item(view, "key_results", objective["key_results"], [&](const json& kr, std::size_t) {
          check_view(view, kr, "key_results[]");
          if (kr.contains("breaches")) {
            each_item(view, "breaches", kr["breaches"],
                      [&](const json& b, std::size_t) { check_view(view, b, "breaches[]"); });
          }
          each_item(view, "values", kr["values"],
                    [&](const json& p, std::size_t) { check_view(view, p, "values[]"); });
        });
      });
    });
  }
}
