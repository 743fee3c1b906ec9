// `okr report --format json`: the report model written out as it is walked, in nlohmann's
// dump(2) layout. Building the nlohmann tree first cost eight times as much as writing it,
// and 130 MB on 1,000 teams.

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <okr/report.hpp>

namespace okr::report {

namespace {

/// Writes JSON to a stream in pieces, laid out as nlohmann::json::dump(2) lays it out: two
/// spaces a level, `"key": value`, `{}` and `[]` when empty. Numbers and strings that are not
/// plain are written by nlohmann itself, so that they come out exactly as it writes them.
class JsonWriter {
public:
  explicit JsonWriter(std::ostream& out) : m_out(out) { m_buffer.reserve(2 * k_piece); }

  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  void begin_array() { open('['); }
  void end_array() { close(']'); }

  JsonWriter& key(std::string_view name) {
    next();
    quoted(name);
    m_buffer += ": ";
    m_after_key = true;
    return *this;
  }

  void text(std::string_view value) {
    next();
    quoted(value);
  }
  /// null when empty
  void optional_text(std::string_view value) {
    if (value.empty()) {
      null();
    } else {
      text(value);
    }
  }
  void boolean(bool value) {
    next();
    m_buffer += value ? "true" : "false";
  }
  void null() {
    next();
    m_buffer += "null";
  }
  void integer(long long value) {
    next();
    append_integer(value);
  }
  void number(double value) {
    next();
    if (value == std::floor(value) && std::fabs(value) < 1e15 && !std::signbit(value)) {
      append_integer(static_cast<long long>(value)); // nlohmann writes 3.0 as "3.0"
      m_buffer += ".0";
    } else {
      m_buffer += nlohmann::ordered_json(value).dump();
    }
  }
  void optional_number(const std::optional<double>& value) {
    if (value) {
      number(*value);
    } else {
      null();
    }
  }
  /// A computed number, rounded once, here, to score_decimals; null when there is none.
  void score(const std::optional<double>& value) {
    if (value) {
      number(score_decimals(*value));
    } else {
      null();
    }
  }
  void grade(Grade value) { optional_text(value == Grade::none ? "" : to_string(value)); }
  void pace(Pace value) { optional_text(to_string(value)); }
  void strings(const std::vector<std::string>& values) {
    begin_array();
    for (const std::string& value : values) {
      text(value);
    }
    end_array();
  }

  /// Ends the document with a line break, and writes what is left.
  void finish() {
    m_buffer += '\n';
    flush();
  }

private:
  static constexpr std::size_t k_piece = 64 * 1024;

  /// What comes before a key or a value: nothing after a key, else a line break (after a
  /// comma when it is not the first) and the indentation.
  void next() {
    if (m_after_key) {
      m_after_key = false;
      return;
    }
    if (m_empty.empty()) {
      return;
    }
    m_buffer += m_empty.back() ? "\n" : ",\n";
    m_empty.back() = false;
    m_buffer.append(2 * m_empty.size(), ' ');
  }

  void open(char bracket) {
    next();
    m_buffer += bracket;
    m_empty.push_back(true);
  }

  void flush() {
    m_out.write(m_buffer.data(), static_cast<std::streamsize>(m_buffer.size()));
    m_buffer.clear();
  }

  void close(char bracket) {
    const bool empty = m_empty.back();
    m_empty.pop_back();
    if (!empty) {
      m_buffer += '\n';
      m_buffer.append(2 * m_empty.size(), ' ');
    }
    m_buffer += bracket;
    if (m_buffer.size() >= k_piece) {
      flush();
    }
  }

  void quoted(std::string_view value) {
    const bool plain = std::all_of(value.begin(), value.end(), [](char c) {
      return c >= 0x20 && c < 0x7F && c != '"' && c != '\\';
    });
    if (plain) {
      m_buffer += '"';
      m_buffer += value;
      m_buffer += '"';
    } else {
      // Escapes, and invalid UTF-8 replaced by U+FFFD, exactly as nlohmann does them.
      m_buffer += nlohmann::ordered_json(std::string(value))
                      .dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    }
  }

  void append_integer(long long value) {
    std::array<char, 24> digits; // NOLINT: written before read
    const auto [end, error] = std::to_chars(digits.data(), digits.data() + digits.size(), value);
    m_buffer.append(digits.data(), static_cast<std::size_t>(end - digits.data()));
  }

  std::ostream& m_out;
  std::string m_buffer;
  std::vector<bool> m_empty; ///< per open container: nothing in it yet
  bool m_after_key = false;
};

long long count(std::size_t n) {
  return static_cast<long long>(n);
}

void write_items(JsonWriter& w, const std::vector<ReportItem>& list, bool team_call = false) {
  w.begin_array();
  for (const ReportItem& item : list) {
    w.begin_object();
    w.key("ref").text(item.ref);
    w.key("title").text(item.title);
    w.key("score").score(item.score);
    if (team_call) {
      w.key("team_call").boolean(item.team_call);
    }
    w.end_object();
  }
  w.end_array();
}

void write_cycle(JsonWriter& w, const std::string& id, Date start, Date end) {
  w.begin_object();
  w.key("id").text(id);
  w.key("start").text(start.str());
  w.key("end").text(end.str());
  w.end_object();
}

void write_kr(JsonWriter& w, const ReportKr& kr) {
  w.begin_object();
  w.key("id").text(kr.id);
  w.key("ref").text(kr.ref);
  w.key("title").text(kr.title);
  w.key("type").text(kr.type);
  w.key("measure").text(kr.measure);
  w.key("baseline").optional_number(kr.baseline);
  w.key("value").optional_number(kr.value);
  w.key("target").optional_number(kr.target);
  w.key("unit").text(kr.unit);
  w.key("weight").number(kr.weight);
  w.key("measured").boolean(kr.measured);
  if (kr.done) {
    w.key("done").boolean(*kr.done);
  } else {
    w.key("done").null();
  }
  w.key("score").score(kr.score);
  w.key("grade").grade(kr.grade);
  w.key("pace").pace(kr.pace);
  w.key("colour").grade(kr.colour);
  w.key("succeeded").boolean(kr.succeeded);
  w.key("expected").score(kr.expected);
  w.key("behind_pace").boolean(kr.behind_pace);
  w.key("at_risk").boolean(kr.at_risk);
  w.key("team_call").boolean(kr.team_call);
  w.key("forecast").score(kr.forecast);
  w.key("forecast_value").score(kr.forecast_value);
  if (kr.guardrail) {
    w.key("readings").integer(count(kr.guardrail->readings));
    w.key("breaches").begin_array();
    for (const Breach& b : kr.guardrail->breaches) {
      w.begin_object();
      w.key("date").text(b.date.str());
      w.key("value").number(b.value);
      w.end_object();
    }
    w.end_array();
  }
  w.key("values").begin_array();
  for (const ReportPoint& p : kr.values) {
    w.begin_object();
    w.key("date").text(p.date.str());
    w.key("value").number(p.value);
    w.end_object();
  }
  w.end_array();
  w.end_object();
}

void write_owner(JsonWriter& w, const ReportOwner& owner) {
  w.begin_object();
  w.key("id").text(owner.id);
  w.key("name").text(owner.name);
  w.key("level").text(owner.level);
  w.key("parent").optional_text(owner.parent);
  w.key("cycle");
  write_cycle(w, owner.cycle, owner.cycle_start, owner.cycle_end);
  w.key("private").boolean(owner.is_private);
  w.key("score").score(owner.score);
  w.key("grade").grade(owner.grade);
  w.key("pace").pace(owner.pace);
  w.key("colour").grade(owner.colour);
  w.key("measured_count").integer(count(owner.measured));
  w.key("total_count").integer(count(owner.objectives.size()));
  w.key("expected").score(owner.expected);
  w.key("checkins").integer(count(owner.checkins));
  w.key("on_cadence").boolean(owner.on_cadence);
  w.key("latest");
  if (owner.latest) {
    const ReportCheckin& c = *owner.latest;
    w.begin_object();
    w.key("date").text(c.date.str());
    w.key("author").optional_text(c.author);
    w.key("confidence").optional_number(c.confidence);
    w.key("confidence_trend").optional_text(c.confidence_trend);
    w.key("status").optional_text(c.status);
    w.key("status_trend").optional_text(c.status_trend);
    w.key("issues").optional_text(c.issues);
    w.key("plan").optional_text(c.plan);
    w.end_object();
  } else {
    w.null();
  }
  w.key("objectives").begin_array();
  for (const ReportObjective& o : owner.objectives) {
    w.begin_object();
    w.key("id").text(o.id);
    w.key("ref").text(o.ref);
    w.key("title").text(o.title);
    w.key("shared_from").optional_text(o.shared_from);
    w.key("aligns_to").strings(o.aligns_to);
    w.key("score").score(o.score);
    w.key("grade").grade(o.grade);
    w.key("pace").pace(o.pace);
    w.key("colour").grade(o.colour);
    w.key("measured_count").integer(count(o.measured));
    w.key("total_count").integer(count(o.parts));
    w.key("rollup").boolean(!o.sharers.empty());
    if (!o.sharers.empty()) {
      w.key("sharers").begin_array();
      for (const SharerScore& sharer : o.sharers) {
        w.begin_object();
        w.key("ref").text(sharer.ref);
        w.key("score").score(sharer.score);
        w.key("weight").number(sharer.weight);
        w.end_object();
      }
      w.end_array();
    }
    w.key("at_risk").boolean(o.at_risk);
    w.key("team_call").boolean(o.team_call);
    w.key("key_results").begin_array();
    for (const ReportKr& kr : o.key_results) {
      write_kr(w, kr);
    }
    w.end_array();
    w.end_object();
  }
  w.end_array();
  w.end_object();
}

} // namespace

} // namespace okr::report

namespace okr {

void render_report_json(std::ostream& out, const Report& report) {
  using report::count;
  report::JsonWriter w(out);
  const ReportHeader& h = report.header;
  const ReportSummary& s = report.summary;
  w.begin_object();
  w.key("version").integer(1);

  w.key("header").begin_object();
  w.key("organization").optional_text(h.organization);
  w.key("vision").optional_text(h.vision);
  w.key("strategy").strings(h.strategy);
  w.key("cycle");
  report::write_cycle(w, h.cycle, h.cycle_start, h.cycle_end);
  w.key("as_of").text(h.as_of.str());
  w.key("commit");
  if (h.commit) {
    w.begin_object();
    w.key("hash").text(h.commit->hash);
    w.key("modified").boolean(h.commit->modified);
    w.end_object();
  } else {
    w.null();
  }
  w.end_object();

  w.key("summary").begin_object();
  w.key("owners").integer(count(s.owners));
  w.key("objectives").integer(count(s.objectives));
  w.key("key_results").integer(count(s.key_results));
  w.key("levels").begin_array();
  for (const LevelMean& level : s.levels) {
    w.begin_object();
    w.key("level").text(level.level);
    w.key("objectives").integer(count(level.objectives));
    w.key("measured").integer(count(level.measured));
    w.key("mean").score(level.mean);
    w.end_object();
  }
  w.end_array();
  w.key("committed").begin_object();
  w.key("met").integer(count(s.committed_met));
  w.key("total").integer(count(s.committed_total));
  w.end_object();
  w.key("stretch").begin_object();
  w.key("below").integer(count(s.stretch_below));
  w.key("sweet_spot").integer(count(s.stretch_sweet));
  w.key("above").integer(count(s.stretch_above));
  w.end_object();
  w.key("at_risk").integer(count(s.at_risk));
  w.key("not_measured").integer(count(s.not_measured));
  w.key("checkins").begin_object();
  w.key("on_cadence").integer(count(s.on_cadence));
  w.key("owners").integer(count(s.owners));
  w.key("cadence_days").integer(s.cadence_days);
  w.end_object();
  w.end_object();

  w.key("owners").begin_array();
  for (const ReportOwner& owner : report.owners) {
    report::write_owner(w, owner);
  }
  w.end_array();

  w.key("review").begin_object();
  w.key("committed_below_target");
  report::write_items(w, report.review.committed_below);
  w.key("stretch_at_target");
  report::write_items(w, report.review.stretch_at_target);
  w.key("objectives_at_risk");
  report::write_items(w, report.review.objectives_at_risk, true);
  w.key("not_measured_yet");
  report::write_items(w, report.review.not_measured);
  w.key("stale_owners").strings(report.review.stale_owners);
  w.end_object();

  w.key("kpis").begin_array();
  for (const ReportKpi& k : report.kpis) {
    w.begin_object();
    w.key("owner").text(k.owner);
    w.key("id").text(k.id);
    w.key("title").text(k.title);
    w.key("unit").text(k.unit);
    w.key("guardrail").optional_text(k.guardrail);
    w.key("threshold").optional_number(k.threshold);
    w.key("value").optional_number(k.value);
    if (k.date) {
      w.key("date").text(k.date->str());
    } else {
      w.key("date").null();
    }
    w.key("health").text(k.health);
    w.end_object();
  }
  w.end_array();

  const ReportAlignment& a = report.alignment;
  w.key("alignment").begin_object();
  w.key("counts").begin_object();
  w.key("gaps").integer(count(a.gaps.size()));
  w.key("orphans").integer(count(a.orphans.size()));
  w.key("overlaps").integer(count(a.overlaps.size()));
  w.end_object();
  w.key("gaps");
  report::write_items(w, a.gaps);
  w.key("orphans");
  report::write_items(w, a.orphans);
  w.key("overlaps").begin_array();
  for (const ReportOverlap& o : a.overlaps) {
    w.begin_object();
    w.key("refs").strings(o.refs);
    w.key("suggestion").text(o.suggestion);
    w.end_object();
  }
  w.end_array();
  w.key("edges").begin_array();
  for (const auto& [from, to] : a.edges) {
    w.begin_object();
    w.key("from").text(from);
    w.key("to").text(to);
    w.end_object();
  }
  w.end_array();
  w.end_object();

  w.key("retrospectives").begin_array();
  for (const ReportRetro& r : report.retros) {
    w.begin_object();
    w.key("owner").text(r.owner);
    w.key("date").text(r.date.str());
    w.key("author").optional_text(r.author);
    w.key("attractors").strings(r.attractors);
    w.key("detractors").strings(r.detractors);
    w.key("learned").strings(r.learned);
    w.end_object();
  }
  w.end_array();
  w.end_object();
  w.finish();
}

} // namespace okr
