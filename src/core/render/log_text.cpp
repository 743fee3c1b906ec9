// `okr log` for people: one block per check-in, newest first, like git log --stat.

#include <algorithm>
#include <fmt/format.h>
#include <ostream>

#include <okr/check_render.hpp>
#include <okr/checkin_log.hpp>
#include <okr/number.hpp>
#include <okr/score_render.hpp>
#include <okr/text.hpp>

namespace okr {

namespace {

constexpr std::string_view k_reset = "\x1b[0m";
constexpr std::string_view k_yellow = "\x1b[33m";
constexpr std::string_view k_red = "\x1b[31m";
constexpr std::string_view k_dim = "\x1b[2m";

std::string_view status_colour(Status s) {
  switch (s) {
  case Status::on_track:
    return "\x1b[32m";
  case Status::behind:
    return "\x1b[33m";
  case Status::at_risk:
    return "\x1b[31m";
  }
  return "";
}

std::string with_unit(const std::string& value, const std::string& unit) {
  if (unit.empty() || value == "done" || value == "not-done") {
    return value;
  }
  return value + " " + unit;
}

/// "key result pipeline/mqls target 3200 → 2800, 2027-02-22, commit 1b3d1c2, by Marta"
std::string definition_line(const Change& c, bool short_form) {
  std::string what = describe_change(c);
  const std::string kr = fmt::format("key result {}/{} ", c.objective, c.kr);
  if (short_form && what.starts_with(kr)) {
    what.erase(0, kr.size());
  }
  if (!c.commit) {
    return what;
  }
  return fmt::format("{}, {}, commit {}, by {}", what, c.commit->author_date.str(),
                     c.commit->short_id, c.commit->author);
}

Date definition_date(const Change& c) {
  return c.commit ? c.commit->author_date : Date();
}

} // namespace

void render_log_text(std::ostream& out, const CheckinLog& log, bool color) {
  auto paint = [&](std::string_view style, std::string_view text) {
    return color ? fmt::format("{}{}{}", style, text, k_reset) : std::string(text);
  };
  auto clean = [](std::string_view text) { return sanitize_for_terminal(text); };
  if (log.history) {
    const KrHistory& h = *log.history;
    out << fmt::format("{} · {}\n", h.ref, clean(h.kr->title.value));
    std::string line = std::string(to_string(h.kr->type));
    const std::string unit = h.kr->unit ? " " + clean(h.kr->unit->value) : "";
    switch (h.kr->measure()) {
    case Measure::progress:
      line += fmt::format(" · from {} to {}{}", h.kr->baseline->str(), h.kr->target->str(), unit);
      break;
    case Measure::stay_above:
      line += fmt::format(" · stay ≥ {}{}", h.kr->stay_above->str(), unit);
      break;
    case Measure::stay_below:
      line += fmt::format(" · stay ≤ {}{}", h.kr->stay_below->str(), unit);
      break;
    case Measure::stay_between:
      line += fmt::format(" · stay in {}{}", h.kr->stay_between->str(), unit);
      break;
    case Measure::milestone:
      line += " · milestone";
      break;
    case Measure::none:
      break;
    }
    const std::string spark = sparkline(series_numbers(h.series), 16);
    out << line << (spark.empty() ? "" : " · " + spark) << "\n\n";
    if (h.series.empty()) {
      out << "no check-in reports it yet\n";
    }
    if (h.guardrail && h.guardrail->readings > 0) {
      out << guardrail_note(*h.guardrail) << "\n\n";
    }
    // Breaches are matched to their readings by date and value, newest first as shown.
    auto breached = [&](const ReportedValue& v) {
      if (!h.guardrail || !v.number) {
        return false;
      }
      return std::any_of(h.guardrail->breaches.begin(), h.guardrail->breaches.end(),
                         [&](const Breach& b) { return b.date == v.date && b.value == *v.number; });
    };
    std::vector<std::string> values;
    std::vector<std::string> deltas;
    std::size_t value_width = 0;
    std::size_t delta_width = 0;
    for (auto it = h.series.rbegin(); it != h.series.rend(); ++it) {
      values.push_back(it->done ? (*it->done ? "done" : "not-done")
                                : format_number(*it->number, it->decimals));
      std::string delta;
      if (const auto before = std::next(it);
          before != h.series.rend() && it->number && before->number) {
        delta = format_difference(*before->number, before->decimals, *it->number, it->decimals);
      }
      deltas.push_back(delta);
      value_width = std::max(value_width, values.back().size());
      delta_width = std::max(delta_width, delta.size());
    }
    std::size_t i = 0;
    auto next_change = log.definitions.begin();
    auto changes_after = [&](std::optional<Date> date) {
      for (;
           next_change != log.definitions.end() && (!date || definition_date(*next_change) > *date);
           ++next_change) {
        out << paint(k_yellow, definition_date(*next_change).str()) << "  "
            << clean(definition_line(*next_change, true)) << '\n';
      }
    };
    for (auto it = h.series.rbegin(); it != h.series.rend(); ++it, ++i) {
      changes_after(it->date);
      const std::string author =
          it->checkin && it->checkin->author ? clean(it->checkin->author->value) : "";
      std::string row = fmt::format("{}  {:>{}}  {:>{}}  {}", paint(k_yellow, it->date.str()),
                                    values[i], value_width, deltas[i], delta_width, author);
      if (breached(*it)) {
        row += (author.empty() ? "" : "  ") + paint(k_red, "breached");
      }
      while (!row.empty() && row.back() == ' ') {
        row.pop_back();
      }
      out << row << '\n';
    }
    changes_after(std::nullopt);
    return;
  }
  if (log.entries.empty() && log.definitions.empty()) {
    out << "no check-ins\n";
    return;
  }
  bool first = true;
  auto next_change = log.definitions.begin();
  // The definition changes of one commit and owner as one block, in date order with the
  // check-ins.
  auto changes_after = [&](std::optional<Date> date) {
    while (next_change != log.definitions.end() &&
           (!date || definition_date(*next_change) > *date)) {
      const Change& head = *next_change;
      if (!first) {
        out << '\n';
      }
      first = false;
      out << paint(k_yellow, definition_date(head).str()) << " " << clean(head.owner)
          << " · definitions changed\n";
      for (; next_change != log.definitions.end() && next_change->owner == head.owner &&
             next_change->cycle == head.cycle &&
             (next_change->commit ? next_change->commit->id : "") ==
                 (head.commit ? head.commit->id : "");
           ++next_change) {
        out << "  " << clean(definition_line(*next_change, false)) << '\n';
      }
    }
  };
  for (const LogEntry& e : log.entries) {
    const Checkin& c = *e.checkin;
    changes_after(c.date);
    if (!first) {
      out << '\n';
    }
    first = false;
    std::string head = paint(k_yellow, c.date.str()) + " " + c.owner.value;
    if (c.author) {
      head += " (" + clean(c.author->value) + ")";
    }
    if (c.kind == CheckinKind::retro) {
      head += " · retrospective";
    }
    if (c.confidence) {
      head += fmt::format(" · confidence {}", c.confidence->str());
    }
    if (c.status) {
      head += " · " + paint(status_colour(*c.status), to_string(*c.status));
    }
    out << head << '\n';
    out << paint(k_dim, "  " + clean(e.path)) << '\n';
    // Keys are shown as written, so a key that is not a key result (or not a KPI) may hold
    // anything: sanitised like every other text.
    std::size_t width = 0;
    for (const LogChange& ch : e.changes) {
      width = std::max(width, utf8_length(clean(ch.key)));
    }
    for (const LogChange& ch : e.kpis) {
      width = std::max(width, utf8_length(clean(ch.key)) + 4);
    }
    auto change_line = [&](const std::string& key, const LogChange& ch) {
      const std::string label = clean(key);
      const std::string after = with_unit(ch.after, clean(ch.unit));
      out << fmt::format("  {}{}  {}\n", label, std::string(width - utf8_length(label), ' '),
                         ch.before ? fmt::format("{} → {}", *ch.before, after) : after);
    };
    for (const LogChange& ch : e.changes) {
      change_line(ch.key, ch);
    }
    for (const LogChange& ch : e.kpis) {
      change_line("kpi " + ch.key, ch);
    }
    if (e.unchanged > 0) {
      out << fmt::format("  ({} value{} unchanged)\n", e.unchanged, e.unchanged == 1 ? "" : "s");
    }
    if (c.issues) {
      out << "  issues: " << clean(c.issues->value) << '\n';
    }
    if (c.plan) {
      out << "  plan: " << clean(c.plan->value) << '\n';
    }
    for (const Text& t : c.attractors) {
      out << "  attractor: " << clean(t.value) << '\n';
    }
    for (const Text& t : c.detractors) {
      out << "  detractor: " << clean(t.value) << '\n';
    }
    for (const Text& t : c.learned) {
      out << "  learned: " << clean(t.value) << '\n';
    }
  }
  changes_after(std::nullopt);
}

} // namespace okr
