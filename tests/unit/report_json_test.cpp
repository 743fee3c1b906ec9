// --format json is written as the report is walked, in nlohmann's dump(2) layout. The tree
// it was built as before, and dumped, is kept here as the reference: the same bytes on the
// example and hostile repositories, and on a report made by hand with the numbers and text
// that nlohmann writes in its own ways (integral, negative zero, huge and non-finite numbers,
// escapes, control characters, invalid UTF-8).

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <tuple>

#include <okr/index.hpp>
#include <okr/loader.hpp>
#include <okr/report.hpp>

#include "support.hpp"

using namespace okr;

namespace {

using json = nlohmann::ordered_json;

double round3(double value) {
  const double rounded = std::round(value * 1000.0) / 1000.0;
  return rounded == 0 ? 0.0 : rounded; // no -0
}

json optional_number(const std::optional<double>& value) {
  return value ? json(*value) : json(nullptr);
}

json optional_score(const std::optional<double>& value) {
  return value ? json(round3(*value)) : json(nullptr);
}

json optional_text(std::string_view text) {
  return text.empty() ? json(nullptr) : json(text);
}

json grade(Grade g) {
  return g == Grade::none ? json(nullptr) : json(to_string(g));
}

json pace(Pace p) {
  return optional_text(to_string(p));
}

json attention_items(const std::vector<ReportAttentionItem>& list) {
  json out = json::array();
  for (const ReportAttentionItem& item : list) {
    out.push_back({{"owner", item.owner},
                   {"ref", item.ref},
                   {"title", item.title},
                   {"score", optional_score(item.score)},
                   {"detail", item.detail},
                   {"detailed", item.detailed}});
  }
  return out;
}

json items(const std::vector<ReportItem>& list, bool team_call = false) {
  json out = json::array();
  for (const ReportItem& item : list) {
    json j = {{"ref", item.ref}, {"title", item.title}, {"score", optional_score(item.score)}};
    if (team_call) {
      j["team_call"] = item.team_call;
    }
    out.push_back(std::move(j));
  }
  return out;
}

/// `object` with `key` set to `value` right after the key `after`.
json insert_after(const json& object, const std::string& after, const std::string& key,
                  json value) {
  json out = json::object();
  for (const auto& [k, v] : object.items()) {
    out[k] = v;
    if (k == after) {
      out[key] = value;
    }
  }
  return out;
}

json range(const Range& range) {
  return {{"low", range.low.value}, {"high", range.high.value}};
}

/// The baseline of a progress key result, null otherwise.
json baseline(const KeyResult& kr) {
  return kr.measure() == Measure::progress ? json(kr.baseline->value) : json(nullptr);
}

/// The target of a progress key result, or a stay_above or stay_below guardrail's threshold.
json target(const KeyResult& kr) {
  switch (kr.measure()) {
  case Measure::progress:
    return kr.target->value;
  case Measure::stay_above:
    return kr.stay_above->value;
  case Measure::stay_below:
    return kr.stay_below->value;
  default:
    return nullptr;
  }
}

json kr_json(const ReportKr& report_kr) {
  const KrScore& k = report_kr.scored;
  const KeyResult& kr = *k.kr;
  json values = json::array();
  for (const ReportedValue& p : k.series) {
    values.push_back({{"date", p.date.str()},
                      {"value", p.number ? *p.number : (p.done.value_or(false) ? 1.0 : 0.0)}});
  }
  json value = optional_number(k.value);
  if (k.done) {
    value = *k.done ? 1.0 : 0.0;
  }
  json out = {{"id", kr.id.value},
              {"ref", k.ref},
              {"title", kr.title.value},
              {"type", to_string(kr.type)},
              {"measure", to_string(kr.measure())},
              {"baseline", baseline(kr)},
              {"value", value},
              {"target", target(kr)},
              {"unit", kr.unit ? kr.unit->value : ""},
              {"weight", kr.weight},
              {"measured", k.measured},
              {"done", k.done ? json(*k.done) : json(nullptr)},
              {"score", k.measured ? json(round3(k.score)) : json(nullptr)},
              {"grade", grade(k.grade)},
              {"pace", pace(k.pace)},
              {"colour", grade(k.colour)},
              {"succeeded", k.succeeded},
              {"expected", round3(report_kr.expected)},
              {"behind_pace", k.behind_pace},
              {"at_risk", report_kr.at_risk},
              {"team_call", report_kr.team_call},
              {"forecast", optional_score(k.forecast)},
              {"forecast_value", optional_score(k.forecast_value)}};
  if (k.guardrail) {
    json breaches = json::array();
    for (const Breach& b : k.guardrail->breaches) {
      breaches.push_back({{"date", b.date.str()}, {"value", b.value}});
    }
    out["readings"] = k.guardrail->readings;
    out["breaches"] = std::move(breaches);
  }
  out["values"] = std::move(values);
  if (kr.measure() == Measure::stay_between) {
    out = insert_after(out, "target", "range", range(*kr.stay_between));
  }
  return out;
}

json owner_json(const ReportOwner& owner) {
  json objectives = json::array();
  for (const ReportObjective& o : owner.objectives) {
    json krs = json::array();
    for (const ReportKr& kr : o.key_results) {
      krs.push_back(kr_json(kr));
    }
    json j = {{"id", o.id},
              {"ref", o.ref},
              {"title", o.title},
              {"shared_from", optional_text(o.shared_from)},
              {"aligns_to", o.aligns_to},
              {"initiatives", o.initiatives},
              {"score", optional_score(o.score)},
              {"grade", grade(o.grade)},
              {"pace", pace(o.pace)},
              {"colour", grade(o.colour)},
              {"measured_count", o.measured},
              {"total_count", o.parts},
              {"rollup", !o.sharers.empty()}};
    if (!o.sharers.empty()) {
      json sharers = json::array();
      for (const SharerScore& sharer : o.sharers) {
        sharers.push_back({{"ref", sharer.ref},
                           {"score", optional_score(sharer.score)},
                           {"weight", sharer.weight}});
      }
      j["sharers"] = std::move(sharers);
    }
    j["at_risk"] = o.at_risk;
    j["team_call"] = o.team_call;
    j["key_results"] = std::move(krs);
    objectives.push_back(std::move(j));
  }
  json latest = nullptr;
  if (owner.latest) {
    const ReportCheckin& c = *owner.latest;
    latest = {{"date", c.date.str()},
              {"author", optional_text(c.author)},
              {"confidence", optional_number(c.confidence)},
              {"confidence_trend", optional_text(to_string(c.confidence_trend))},
              {"status", optional_text(c.status ? to_string(*c.status) : "")},
              {"status_trend", optional_text(to_string(c.status_trend))},
              {"issues", optional_text(c.issues)},
              {"plan", optional_text(c.plan)}};
  }
  return {
      {"id", owner.id},
      {"name", owner.name},
      {"level", to_string(owner.level)},
      {"parent", optional_text(owner.parent)},
      {"cycle",
       {{"id", owner.cycle}, {"start", owner.cycle_start.str()}, {"end", owner.cycle_end.str()}}},
      {"private", owner.is_private},
      {"score", optional_score(owner.score)},
      {"grade", grade(owner.grade)},
      {"pace", pace(owner.pace)},
      {"colour", grade(owner.colour)},
      {"measured_count", owner.measured},
      {"total_count", owner.objectives.size()},
      {"expected", round3(owner.expected)},
      {"checkins", owner.checkins},
      {"on_cadence", owner.on_cadence},
      {"latest", std::move(latest)},
      {"objectives", std::move(objectives)}};
}

json reference_json(const Report& report) {
  const ReportHeader& h = report.header;
  json commit = nullptr;
  if (h.commit) {
    commit = {{"hash", h.commit->hash}, {"modified", h.commit->modified}};
  }
  const ReportSummary& s = report.summary;
  json levels = json::array();
  for (const LevelMean& level : s.levels) {
    levels.push_back({{"level", to_string(level.level)},
                      {"objectives", level.objectives},
                      {"measured", level.measured},
                      {"mean", optional_score(level.mean)}});
  }
  json comparison = nullptr;
  if (const auto& c = report.comparison) {
    json rows = json::array();
    for (const LevelComparison& level : c->levels) {
      rows.push_back({{"level", to_string(level.level)},
                      {"mean", optional_score(level.mean)},
                      {"previous_mean", optional_score(level.previous_mean)}});
    }
    comparison = {{"cycle", c->cycle},
                  {"levels", std::move(rows)},
                  {"committed_met", c->committed_met},
                  {"committed_total", c->committed_total},
                  {"previous_committed_met", c->previous_committed_met},
                  {"previous_committed_total", c->previous_committed_total},
                  {"stretch_sweet_spot", c->stretch_sweet_spot},
                  {"stretch_measured", c->stretch_measured},
                  {"previous_stretch_sweet_spot", c->previous_stretch_sweet_spot},
                  {"previous_stretch_measured", c->previous_stretch_measured}};
  }
  json overview = json::array();
  for (const ReportRow& r : report.overview) {
    overview.push_back({{"id", r.id},
                        {"name", r.name},
                        {"level", to_string(r.level)},
                        {"parent", optional_text(r.parent)},
                        {"depth", r.depth},
                        {"detailed", r.detailed},
                        {"private", r.is_private},
                        {"score", optional_score(r.score)},
                        {"grade", grade(r.grade)},
                        {"pace", pace(r.pace)},
                        {"colour", grade(r.colour)},
                        {"score_trend", optional_text(to_string(r.score_trend))},
                        {"score_change", optional_score(r.score_change)},
                        {"score_since", r.score_since ? json(r.score_since->str()) : json(nullptr)},
                        {"objectives_count", r.objectives},
                        {"at_risk_count", r.at_risk},
                        {"latest_checkin", r.latest ? json(r.latest->str()) : json(nullptr)},
                        {"confidence", optional_number(r.confidence)},
                        {"confidence_trend", optional_text(to_string(r.confidence_trend))},
                        {"status", optional_text(r.status ? to_string(*r.status) : "")},
                        {"on_cadence", r.on_cadence},
                        {"cadence_days", r.cadence_days}});
  }
  json owners = json::array();
  for (const ReportOwner& owner : report.owners) {
    owners.push_back(owner_json(owner));
  }
  json kpis = json::array();
  for (const ReportKpi& k : report.kpis) {
    kpis.push_back(
        {{"owner", k.owner},
         {"id", k.id},
         {"title", k.title},
         {"unit", k.unit},
         {"guardrail", optional_text(k.guardrail == Measure::none ? "" : to_string(k.guardrail))},
         {"threshold", optional_number(k.threshold)},
         {"value", optional_number(k.value)},
         {"date", k.date ? json(k.date->str()) : json(nullptr)},
         {"readings", k.readings},
         {"readings_held", k.held},
         {"health", to_string(k.health)}});
    if (k.range) {
      kpis.back() = insert_after(kpis.back(), "threshold", "range", range(*k.range));
    }
  }
  json overlaps = json::array();
  for (const ReportOverlap& o : report.alignment.overlaps) {
    overlaps.push_back({{"refs", o.refs}, {"suggestion", o.suggestion}});
  }
  json edges = json::array();
  for (const auto& [from, to] : report.alignment.edges) {
    edges.push_back({{"from", from}, {"to", to}});
  }
  json retros = json::array();
  for (const ReportRetro& r : report.retros) {
    retros.push_back({{"owner", r.owner},
                      {"date", r.date.str()},
                      {"author", optional_text(r.author)},
                      {"attractors", r.attractors},
                      {"detractors", r.detractors},
                      {"learned", r.learned}});
  }
  json changes = json::array();
  for (const ReportChange& c : report.changes) {
    const Change& d = c.change;
    json by = nullptr;
    if (d.commit) {
      by = {{"id", d.commit->id},
            {"short_id", d.commit->short_id},
            {"author", d.commit->author},
            {"date", d.commit->author_date.str()},
            {"summary", d.commit->summary}};
    }
    changes.push_back({{"kind", to_string(d.kind)},
                       {"ref", c.ref},
                       {"owner", d.owner},
                       {"objective", optional_text(d.objective)},
                       {"key_result", optional_text(d.kr)},
                       {"field", optional_text(d.field)},
                       {"from", optional_text(d.from)},
                       {"to", optional_text(d.to)},
                       {"description", c.description},
                       {"commit", std::move(by)},
                       {"reason", optional_text(c.reason)}});
  }
  return {
      {"version", 1},
      {"header",
       {{"organization", optional_text(h.organization)},
        {"vision", optional_text(h.vision)},
        {"strategy", h.strategy},
        {"cycle", {{"id", h.cycle}, {"start", h.cycle_start.str()}, {"end", h.cycle_end.str()}}},
        {"as_of", h.as_of.str()},
        {"commit", std::move(commit)},
        {"history", h.history}}},
      {"summary",
       {{"owners", s.owners},
        {"objectives", s.objectives},
        {"key_results", s.key_results},
        {"levels", std::move(levels)},
        {"committed", {{"met", s.committed_met}, {"total", s.committed_total}}},
        {"stretch",
         {{"below", s.stretch_below}, {"sweet_spot", s.stretch_sweet}, {"above", s.stretch_above}}},
        {"at_risk", s.at_risk},
        {"not_measured", s.not_measured},
        {"checkins",
         {{"on_cadence", s.on_cadence},
          {"owners", s.owners},
          {"cadence_days", s.cadence_days},
          {"cadence_varies", s.cadence_varies}}}}},
      {"comparison", std::move(comparison)},
      {"overview", std::move(overview)},
      {"limit", report.limit ? json{{"owners", report.limit->owners},
                                    {"depth", report.limit->depth},
                                    {"detailed", report.limit->detailed}}
                             : json(nullptr)},
      {"attention",
       {{"at_risk", attention_items(report.attention.at_risk)},
        {"overdue", attention_items(report.attention.overdue)},
        {"breached", attention_items(report.attention.breached)},
        {"behind", attention_items(report.attention.behind)}}},
      {"owners", std::move(owners)},
      {"review",
       {{"committed_below_target", items(report.review.committed_below)},
        {"stretch_at_target", items(report.review.stretch_at_target)},
        {"objectives_at_risk", items(report.review.objectives_at_risk, true)},
        {"not_measured_yet", items(report.review.not_measured)},
        {"stale_owners", report.review.stale_owners}}},
      {"kpis", std::move(kpis)},
      {"alignment",
       {{"counts",
         {{"gaps", report.alignment.gaps.size()},
          {"orphans", report.alignment.orphans.size()},
          {"overlaps", report.alignment.overlaps.size()}}},
        {"gaps", items(report.alignment.gaps)},
        {"orphans", items(report.alignment.orphans)},
        {"overlaps", std::move(overlaps)},
        {"edges", std::move(edges)}}},
      {"retrospectives", std::move(retros)},
      {"changes", std::move(changes)}};
}

std::string reference(const Report& report) {
  return reference_json(report).dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

std::string actual(const Report& report) {
  std::ostringstream out;
  render_report_json(out, report);
  return out.str();
}

test::LoadedReport report_of(const std::string& folder, bool include_private, bool with_commit) {
  return test::report_of(folder, include_private,
                         with_commit ? std::optional(ReportCommit{"0123abc", false})
                                     : std::nullopt);
}

} // namespace

TEST_CASE("report json: the repositories of the tests, as the nlohmann tree dumped them") {
  for (const auto& [folder, include_private, with_commit] :
       {std::tuple("examples", true, true), std::tuple("examples", false, false),
        std::tuple("tests/injection/repo", true, false)}) {
    INFO(folder);
    const test::LoadedReport loaded = report_of(folder, include_private, with_commit);
    CHECK(actual(loaded.report) == reference(loaded.report));
  }
}

TEST_CASE("report json: numbers and text that nlohmann writes its own way") {
  test::LoadedReport loaded = report_of("examples", true, false);
  Report& r = loaded.report;
  // Owners given whole, so that they can be changed.
  std::vector<ReportOwner> owners(r.owners.begin(), r.owners.end());
  REQUIRE_FALSE(owners.empty());
  REQUIRE_FALSE(owners[0].objectives.empty());
  REQUIRE_FALSE(owners[0].objectives[0].key_results.empty());
  ReportKr& kr = owners[0].objectives[0].key_results[0];
  const std::vector<double> numbers = {0.0,
                                       -0.0,
                                       1.0,
                                       -3.0,
                                       0.5,
                                       1.0 / 3,
                                       999999999999999.0,
                                       1e15,
                                       -1e15,
                                       1e21,
                                       5e-324,
                                       1e-7,
                                       123456.789,
                                       std::numeric_limits<double>::infinity(),
                                       std::numeric_limits<double>::quiet_NaN()};
  std::mt19937_64 random(11);
  std::uniform_int_distribution<long long> whole(-2000000000000000LL, 2000000000000000LL);
  std::vector<ReportedValue> points;
  for (double n : numbers) {
    points.emplace_back(Date(), n, std::nullopt, nullptr);
  }
  for (int i = 0; i < 2000; ++i) {
    points.emplace_back(Date(), static_cast<double>(whole(random)), std::nullopt, nullptr);
    points.emplace_back(Date(), static_cast<double>(whole(random)) / 1000, std::nullopt, nullptr);
  }
  kr.scored.series = points;
  // The key result, changed: a progress one with these numbers and text.
  KeyResult made = *kr.scored.kr;
  made.stay_above.reset();
  made.stay_below.reset();
  made.stay_between.reset();
  made.milestone.reset();
  made.weight = -0.0;
  made.baseline = Number{std::numeric_limits<double>::infinity(), {}, k_shortest};
  made.target = Number{1e15, {}, k_shortest};
  made.title.value = std::string("tab\t quote\" backslash\\ nul") + std::string(1, '\0') +
                     " esc\x1b del\x7f \xc3\xa9 invalid \xff\xfe half \xe2\x82 end";
  made.unit = Text{"\xc2\x9b C1, \xf0\x9f\x98\x80 emoji, \r\n", {}};
  kr.scored.kr = &made;
  owners[0].name = "\xed\xa0\x80 surrogate";
  r.owners = ReportOwners(std::move(owners));
  r.header.strategy = {"", "plain", "\"quoted\""};
  CHECK(actual(r) == reference(r));
}

TEST_CASE("report json: what changed this cycle, committed or not, with its reason") {
  test::LoadedReport loaded = report_of("examples", false, false);
  Report& r = loaded.report;
  r.header.history = true;
  Change change;
  change.kind = ChangeKind::kr_measure;
  change.cycle = "2026-Q4";
  change.owner = "growth";
  change.objective = "pipeline";
  change.kr = "mqls";
  change.field = "target";
  change.from = "3200";
  change.to = "2800";
  r.changes.push_back({change, "growth/pipeline/mqls", describe_change(change),
                       "re-planned \"after\" the\tincident \xc3\xa9"});
  Commit commit;
  commit.id = std::string(40, 'a');
  commit.short_id = "aaaaaaa";
  commit.author = "Marta \\ \x1b";
  commit.author_date = *Date::parse("2027-02-22");
  commit.summary = "lower the target";
  change.commit = commit;
  change.kind = ChangeKind::kr_added;
  change.field.clear();
  change.from.clear();
  r.changes.push_back({change, "growth/pipeline/mqls", describe_change(change), ""});
  const std::string out = actual(r);
  CHECK(out == reference(r));
  CHECK(out.find("\"history\": true") != std::string::npos);
  CHECK(out.find("\"reason\": null") != std::string::npos);
}
