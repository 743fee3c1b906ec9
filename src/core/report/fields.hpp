#pragma once

// The report model described once: one function per struct lists its fields, each once, with
// its JSON key, in the order of the JSON. The JSON writer (json.cpp) and the templates' view
// (view.cpp) both walk these lists, as the cache's io() serves both of its directions; a field
// added here is in both.
//
// A visitor has one method per kind of field, each taking the key and the value:
//   text               a string
//   optional_text      a string, null when empty
//   word               an enum, spelled by its to_string()
//   optional_word      an enum, null for its none (the enumerator 0) or an empty optional
//   flag, optional_flag
//   count, integer     whole numbers
//   number             a number as written (a value, baseline, target, weight), with the
//                      decimals it was written with (okr/number.hpp; k_shortest when not known)
//   optional_number
//   score              a computed number (score, mean, expected pace, forecast), rounded once
//                      by the renderer; null when there is none
//   date, optional_date
//   strings            a list of strings
//   object             a struct with a fields() of its own, or a part of one with the functor
//                      that lists it
//   optional_object    an object or null
//   list               a list of structs, each listed by its fields() or by the functor given
//   owners             the owners of the report, built one at a time (ReportOwners)
//
// The view adds presentation fields of its own (view.hpp); the JSON has none that are not here.

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include <okr/report.hpp>

namespace okr::report {

/// A cycle as `{id, start, end}`.
template <typename V> void cycle_fields(V& v, const std::string& id, Date start, Date end) {
  v.text("id", id);
  v.date("start", start);
  v.date("end", end);
}

// The parts of a struct that the JSON shows as objects of their own.

struct HeaderCycle {
  template <typename V> void operator()(V& v, const ReportHeader& h) const {
    cycle_fields(v, h.cycle, h.cycle_start, h.cycle_end);
  }
};

struct OwnerCycle {
  template <typename V> void operator()(V& v, const ReportOwner& o) const {
    cycle_fields(v, o.cycle, o.cycle_start, o.cycle_end);
  }
};

struct CommittedCounts {
  template <typename V> void operator()(V& v, const ReportSummary& s) const {
    v.count("met", s.committed_met);
    v.count("total", s.committed_total);
  }
};

struct StretchCounts {
  template <typename V> void operator()(V& v, const ReportSummary& s) const {
    v.count("below", s.stretch_below);
    v.count("sweet_spot", s.stretch_sweet);
    v.count("above", s.stretch_above);
  }
};

struct CheckinCounts {
  template <typename V> void operator()(V& v, const ReportSummary& s) const {
    v.count("on_cadence", s.on_cadence);
    v.count("owners", s.owners);
    v.integer("cadence_days", s.cadence_days);
    v.flag("cadence_varies", s.cadence_varies);
  }
};

struct AlignmentCounts {
  template <typename V> void operator()(V& v, const ReportAlignment& a) const {
    v.count("gaps", a.gaps.size());
    v.count("orphans", a.orphans.size());
    v.count("overlaps", a.overlaps.size());
  }
};

/// An item of the review and alignment lists.
template <typename V> void fields(V& v, const ReportItem& i) {
  v.text("ref", i.ref);
  v.text("title", i.title);
  v.score("score", i.score);
}

/// An objective listed at risk: an item, and whose call that is.
struct AtRiskItem {
  template <typename V> void operator()(V& v, const ReportItem& i) const {
    fields(v, i);
    v.flag("team_call", i.team_call);
  }
};

template <typename V> void fields(V& v, const ReportCommit& c) {
  v.text("hash", c.hash);
  v.flag("modified", c.modified);
}

template <typename V> void fields(V& v, const ReportHeader& h) {
  v.optional_text("organization", h.organization);
  v.optional_text("vision", h.vision);
  v.strings("strategy", h.strategy);
  v.object("cycle", h, HeaderCycle{});
  v.date("as_of", h.as_of);
  v.optional_object("commit", h.commit);
  v.flag("history", h.history);
}

template <typename V> void fields(V& v, const LevelMean& l) {
  v.word("level", l.level);
  v.count("objectives", l.objectives);
  v.count("measured", l.measured);
  v.score("mean", l.mean);
}

template <typename V> void fields(V& v, const LevelComparison& l) {
  v.word("level", l.level);
  v.score("mean", l.mean);
  v.score("previous_mean", l.previous_mean);
}

template <typename V> void fields(V& v, const ReportComparison& c) {
  v.text("cycle", c.cycle);
  v.list("levels", c.levels);
  v.count("committed_met", c.committed_met);
  v.count("committed_total", c.committed_total);
  v.count("previous_committed_met", c.previous_committed_met);
  v.count("previous_committed_total", c.previous_committed_total);
  v.count("stretch_sweet_spot", c.stretch_sweet_spot);
  v.count("stretch_measured", c.stretch_measured);
  v.count("previous_stretch_sweet_spot", c.previous_stretch_sweet_spot);
  v.count("previous_stretch_measured", c.previous_stretch_measured);
}

template <typename V> void fields(V& v, const ReportSummary& s) {
  v.count("owners", s.owners);
  v.count("objectives", s.objectives);
  v.count("key_results", s.key_results);
  v.list("levels", s.levels);
  v.object("committed", s, CommittedCounts{});
  v.object("stretch", s, StretchCounts{});
  v.count("at_risk", s.at_risk);
  v.count("not_measured", s.not_measured);
  v.object("checkins", s, CheckinCounts{});
}

/// A stay_between guardrail's range, its ends as written.
template <typename V> void fields(V& v, const Range& r) {
  v.number("low", r.low.value, r.low.decimals);
  v.number("high", r.high.value, r.high.decimals);
}

/// A value of a key result's series: a number, or 1/0 for a milestone done/not done.
template <typename V> void fields(V& v, const ReportedValue& p) {
  v.date("date", p.date);
  v.number("value", p.as_number(), p.as_number_decimals());
}

/// A number as written, null when there is none.
template <typename V> void written(V& v, std::string_view key, const Number* number) {
  if (number) {
    v.optional_number(key, number->value, number->decimals);
  } else {
    v.optional_number(key, std::nullopt);
  }
}

template <typename V> void fields(V& v, const Breach& b) {
  v.date("date", b.date);
  v.number("value", b.value, b.decimals);
}

template <typename V> void fields(V& v, const SharerScore& s) {
  v.text("ref", s.ref);
  v.score("score", s.score);
  v.number("weight", s.weight);
}

/// A key result: what scoring made of it (`scored`, and its KeyResult), with the report's own.
template <typename V> void fields(V& v, const ReportKr& r) {
  const KrScore& k = r.scored;
  const KeyResult& kr = *k.kr;
  const Measure measure = kr.measure();
  const Bounds bounds = bounds_of(kr, measure);
  v.text("id", kr.id.value);
  v.text("ref", k.ref);
  v.text("title", kr.title.value);
  v.word("type", kr.type);
  v.word("measure", measure);
  written(v, "baseline", bounds.baseline);
  v.optional_number("value", k.latest_number(), k.latest_decimals());
  written(v, "target", bounds.target);
  if (bounds.range) { // only a stay_between guardrail has one
    v.object("range", *bounds.range);
  }
  v.text("unit", kr.unit ? std::string_view(kr.unit->value) : std::string_view());
  v.number("weight", kr.weight);
  v.flag("measured", k.measured);
  v.optional_flag("done", k.done);
  v.score("score", k.measured_score());
  v.optional_word("grade", k.grade);
  v.optional_word("pace", k.pace);
  v.optional_word("colour", k.colour);
  v.flag("succeeded", k.succeeded);
  v.score("expected", r.expected);
  v.flag("behind_pace", k.behind_pace);
  v.flag("at_risk", r.at_risk);
  v.flag("team_call", r.team_call);
  v.score("forecast", k.forecast);
  v.score("forecast_value", k.forecast_value);
  if (k.guardrail) { // a guardrail's readings and breaches; other key results have none
    v.count("readings", k.guardrail->readings);
    v.list("breaches", k.guardrail->breaches);
  }
  v.list("values", k.series);
}

template <typename V> void fields(V& v, const ReportObjective& o) {
  v.text("id", o.id);
  v.text("ref", o.ref);
  v.text("title", o.title);
  v.optional_text("shared_from", o.shared_from);
  v.strings("aligns_to", o.aligns_to);
  v.strings("initiatives", o.initiatives);
  v.score("score", o.score);
  v.optional_word("grade", o.grade);
  v.optional_word("pace", o.pace);
  v.optional_word("colour", o.colour);
  v.count("measured_count", o.measured);
  v.count("total_count", o.parts);
  v.flag("rollup", !o.sharers.empty());
  if (!o.sharers.empty()) { // only a roll-up has sharers
    v.list("sharers", o.sharers);
  }
  v.flag("at_risk", o.at_risk);
  v.flag("team_call", o.team_call);
  v.list("key_results", o.key_results);
}

template <typename V> void fields(V& v, const ReportCheckin& c) {
  v.date("date", c.date);
  v.optional_text("author", c.author);
  v.optional_number("confidence", c.confidence);
  v.optional_word("confidence_trend", c.confidence_trend);
  v.optional_word("status", c.status);
  v.optional_word("status_trend", c.status_trend);
  v.optional_text("issues", c.issues);
  v.optional_text("plan", c.plan);
}

template <typename V> void fields(V& v, const ReportOwner& o) {
  v.text("id", o.id);
  v.text("name", o.name);
  v.word("level", o.level);
  v.optional_text("parent", o.parent);
  v.object("cycle", o, OwnerCycle{});
  v.flag("private", o.is_private);
  v.score("score", o.score);
  v.optional_word("grade", o.grade);
  v.optional_word("pace", o.pace);
  v.optional_word("colour", o.colour);
  v.count("measured_count", o.measured);
  v.count("total_count", o.objectives.size());
  v.score("expected", o.expected);
  v.count("checkins", o.checkins);
  v.flag("on_cadence", o.on_cadence);
  v.optional_object("latest", o.latest);
  v.list("objectives", o.objectives);
}

template <typename V> void fields(V& v, const ReportRow& r) {
  v.text("id", r.id);
  v.text("name", r.name);
  v.word("level", r.level);
  v.optional_text("parent", r.parent);
  v.count("depth", r.depth);
  v.flag("detailed", r.detailed);
  v.flag("private", r.is_private);
  v.score("score", r.score);
  v.optional_word("grade", r.grade);
  v.optional_word("pace", r.pace);
  v.optional_word("colour", r.colour);
  v.optional_word("score_trend", r.score_trend);
  v.score("score_change", r.score_change);
  v.optional_date("score_since", r.score_since);
  v.count("objectives_count", r.objectives);
  v.count("at_risk_count", r.at_risk);
  v.optional_date("latest_checkin", r.latest);
  v.optional_number("confidence", r.confidence);
  v.optional_word("confidence_trend", r.confidence_trend);
  v.optional_word("status", r.status);
  v.flag("on_cadence", r.on_cadence);
  v.integer("cadence_days", r.cadence_days);
}

template <typename V> void fields(V& v, const ReportReview& r) {
  v.list("committed_below_target", r.committed_below);
  v.list("stretch_at_target", r.stretch_at_target);
  v.list("objectives_at_risk", r.objectives_at_risk, AtRiskItem{});
  v.list("not_measured_yet", r.not_measured);
  v.strings("stale_owners", r.stale_owners);
}

template <typename V> void fields(V& v, const ReportKpi& k) {
  v.text("owner", k.owner);
  v.text("id", k.id);
  v.text("title", k.title);
  v.text("unit", k.unit);
  v.optional_word("guardrail", k.guardrail);
  v.optional_number("threshold", k.threshold, k.threshold_decimals);
  if (k.range) { // only a stay_between guardrail has one
    v.object("range", *k.range);
  }
  v.optional_number("value", k.value, k.value_decimals);
  v.optional_date("date", k.date);
  v.count("readings", k.readings);
  v.count("readings_held", k.held);
  v.word("health", k.health);
}

template <typename V> void fields(V& v, const ReportOverlap& o) {
  v.strings("refs", o.refs);
  v.text("suggestion", o.suggestion);
}

template <typename V> void fields(V& v, const std::pair<std::string, std::string>& edge) {
  v.text("from", edge.first);
  v.text("to", edge.second);
}

template <typename V> void fields(V& v, const ReportAlignment& a) {
  v.object("counts", a, AlignmentCounts{});
  v.list("gaps", a.gaps);
  v.list("orphans", a.orphans);
  v.list("overlaps", a.overlaps);
  v.list("edges", a.edges);
}

template <typename V> void fields(V& v, const ReportRetro& r) {
  v.text("owner", r.owner);
  v.date("date", r.date);
  v.optional_text("author", r.author);
  v.strings("attractors", r.attractors);
  v.strings("detractors", r.detractors);
  v.strings("learned", r.learned);
}

/// The commit that made a change: who, when (the author's day) and why, in its own words.
template <typename V> void fields(V& v, const Commit& c) {
  v.text("id", c.id);
  v.text("short_id", c.short_id);
  v.text("author", c.author);
  v.date("date", c.author_date);
  v.text("summary", c.summary);
}

template <typename V> void fields(V& v, const ReportChange& c) {
  v.word("kind", c.change.kind);
  v.text("ref", c.ref);
  v.text("owner", c.change.owner);
  v.optional_text("objective", c.change.objective);
  v.optional_text("key_result", c.change.kr);
  v.optional_text("field", c.change.field);
  v.optional_text("from", c.change.from);
  v.optional_text("to", c.change.to);
  v.text("description", c.description);
  v.optional_object("commit", c.change.commit); // null: not committed yet
  v.optional_text("reason", c.reason);
}

template <typename V> void fields(V& v, const ReportAttentionItem& i) {
  v.text("owner", i.owner);
  v.text("ref", i.ref);
  v.text("title", i.title);
  v.score("score", i.score);
  v.text("detail", i.detail);
  v.flag("detailed", i.detailed);
}

template <typename V> void fields(V& v, const ReportAttention& a) {
  v.list("at_risk", a.at_risk);
  v.list("overdue", a.overdue);
  v.list("breached", a.breached);
  v.list("behind", a.behind);
}

template <typename V> void fields(V& v, const ReportLimit& l) {
  v.count("owners", l.owners);
  v.count("depth", l.depth);
  v.count("detailed", l.detailed);
}

template <typename V> void fields(V& v, const Report& r) {
  v.integer("version", 1);
  v.object("header", r.header);
  v.object("summary", r.summary);
  v.optional_object("comparison", r.comparison);
  v.list("overview", r.overview);
  v.optional_object("limit", r.limit); // null: every owner within --depth is shown in full
  v.object("attention", r.attention);
  v.owners("owners", r.owners);
  v.object("review", r.review);
  v.list("kpis", r.kpis);
  v.object("alignment", r.alignment);
  v.list("retrospectives", r.retros);
  v.list("changes", r.changes);
}

} // namespace okr::report
