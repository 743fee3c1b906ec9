// `okr score` for people: owners → objectives → key results, each with a bar, its score and its
// grade, in 80 columns; colour only when asked for (on a terminal).

#include <algorithm>
#include <fmt/format.h>
#include <ostream>

#include <okr/check_render.hpp>
#include <okr/number.hpp>
#include <okr/score_render.hpp>
#include <okr/text.hpp>

namespace okr {

namespace {

constexpr std::size_t k_width = 80;
constexpr std::size_t k_bar = 10;
/// The right-hand block: bar, space, score (4), space, label (8).
constexpr std::size_t k_right = k_bar + 1 + 4 + 1 + 8;
constexpr std::size_t k_left = k_width - k_right - 1;

constexpr std::string_view k_reset = "\x1b[0m";
constexpr std::string_view k_bold = "\x1b[1m";
constexpr std::string_view k_dim = "\x1b[2m";

std::string_view grade_colour(Grade g) {
  switch (g) {
  case Grade::red:
    return "\x1b[31m";
  case Grade::yellow:
    return "\x1b[33m";
  case Grade::green:
    return "\x1b[32m";
  case Grade::none:
    break;
  }
  return "";
}

/// Cuts `text` to `width` code points, ending with "…" when cut.
std::string fit(std::string_view text, std::size_t width) {
  if (utf8_length(text) <= width) {
    return std::string(text);
  }
  std::string out;
  std::size_t n = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if ((c & 0xC0) != 0x80) {
      if (n == width - 1) {
        break;
      }
      ++n;
    }
    out += static_cast<char>(c);
  }
  return out + "…";
}

std::string pad_left(std::string_view text, std::size_t width) {
  const std::size_t n = utf8_length(text);
  return std::string(n < width ? width - n : 0, ' ') + std::string(text);
}

std::string pad(std::string_view text, std::size_t width) {
  const std::size_t n = utf8_length(text);
  return std::string(text) + std::string(n < width ? width - n : 0, ' ');
}

class Table {
public:
  Table(std::ostream& out, const ScoreRenderOptions& options) : m_out(out), m_options(options) {}

  std::string paint(std::string_view style, std::string_view text) const {
    return m_options.color && !style.empty() ? fmt::format("{}{}{}", style, text, k_reset)
                                             : std::string(text);
  }

  /// A line with text on the left and a score block on the right.
  void scored(std::string_view left, std::optional<double> score, std::string_view score_text,
              Grade colour, std::string_view label, bool bold = false) {
    const std::string text = pad(fit(sanitize_for_terminal(left), k_left), k_left);
    std::string bar;
    const double s = score ? std::clamp(*score, 0.0, 1.0) : 0;
    const auto filled = static_cast<std::size_t>(s * k_bar + 0.5);
    for (std::size_t i = 0; i < k_bar; ++i) {
      bar += i < filled ? "█" : "░";
    }
    const std::string number = pad_left(score_text, 4);
    m_out << (bold ? paint(k_bold, text) : text) << ' '
          << paint(score ? grade_colour(colour) : k_dim,
                   fmt::format("{} {}{}{}", bar, number, label.empty() ? "" : " ", label))
          << '\n';
  }

  void plain(std::string_view text, std::string_view style = {}) {
    m_out << paint(style, fit(sanitize_for_terminal(text), k_width)) << '\n';
  }

private:
  std::ostream& m_out;
  const ScoreRenderOptions& m_options;
};

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (const std::string& p : parts) {
    if (!p.empty()) {
      out += (out.empty() ? "" : std::string(separator)) + p;
    }
  }
  return out;
}

/// A key result's notes: how it stands, then the sparkline, "met", "held" and the forecast. When
/// the line is too long, the standing (a long unit) is cut, never the numbers after it.
std::string notes_line(std::string_view standing, std::string_view rest) {
  constexpr std::string_view indent = "      ";
  constexpr std::string_view separator = " · ";
  const std::string clean = sanitize_for_terminal(standing);
  if (rest.empty()) {
    return std::string(indent) + clean;
  }
  const std::size_t fixed = indent.size() + utf8_length(separator) + utf8_length(rest);
  const std::size_t room = fixed < k_width ? k_width - fixed : 0;
  // Keep a few characters of the standing at least; past that, the line may go beyond 80.
  const std::size_t width = std::max<std::size_t>(room, 8);
  return fmt::format("{}{}{}{}", indent, fit(clean, width), separator, rest);
}

} // namespace

void render_score_table(std::ostream& out, const ScoreReport& report,
                        const ScoreRenderOptions& options) {
  Table table(out, options);
  table.plain(fmt::format("{}as of {}",
                          report.cycle ? fmt::format("cycle {} · ", *report.cycle) : "",
                          report.as_of.str()),
              k_bold);
  if (report.owners.empty()) {
    table.plain("no OKRs to score");
    return;
  }
  for (const OwnerScore& owner : report.owners) {
    out << '\n';
    const OkrFile& file = *owner.file;
    std::string title = owner.owner;
    if (file.name && file.name->value != owner.owner) {
      title += " (" + file.name->value + ")";
    }
    title += fmt::format(" · {}", to_string(file.level));
    if (!report.cycle) {
      title += " · " + owner.cycle;
    }
    table.scored(title, owner.score, score_text(owner.score), owner.colour,
                 standing_label(owner.score.has_value(), owner.grade, owner.pace), true);
    std::vector<std::string> facts = {
        "expected pace " + format_fraction(owner.expected),
        measured_note(owner.measured, owner.objectives.size(), "objectives")};
    if (owner.latest) {
      facts.push_back(fmt::format("latest check-in {}", owner.latest->date.str()));
    } else {
      facts.emplace_back("no check-in yet");
    }
    if (owner.confidence) {
      facts.push_back(fmt::format("confidence {}", owner.confidence->str()));
    }
    if (owner.status) {
      facts.emplace_back(to_string(*owner.status));
    }
    table.plain("  " + join(facts, " · "), k_dim);
    for (const ObjectiveScore& objective : owner.objectives) {
      table.scored(fmt::format("  {}: {}", objective.id, objective.title), objective.score,
                   score_text(objective.score), objective.colour,
                   standing_label(objective.score.has_value(), objective.grade, objective.pace));
      if (const std::string note = join(
              {rollup_note(objective), measured_note(objective.measured, objective.parts)}, " · ");
          !note.empty()) {
        table.plain("    " + note, k_dim);
      }
      if (options.rollup && objective.aligned_count > 0) {
        table.plain(fmt::format("    aligned to it: {} objective{}, mean score {}",
                                objective.aligned_count, objective.aligned_count == 1 ? "" : "s",
                                format_score(objective.aligned_score)));
      }
      for (const KrScore& k : objective.key_results) {
        table.scored(fmt::format("    {} · {}", k.kr->id.value, to_string(k.kr->type)),
                     measured_score(k), score_text(measured_score(k)), k.colour,
                     standing_label(k.measured, k.grade, k.pace));
        std::vector<std::string> notes = {sparkline(series_numbers(k.series))};
        if (k.succeeded) {
          notes.emplace_back("met");
        }
        if (k.guardrail && !k.guardrail->breaches.empty()) {
          notes.push_back(fmt::format("held {} of {}", k.guardrail->held, k.guardrail->readings));
        }
        if (k.forecast) {
          notes.push_back("forecast " + format_fraction(*k.forecast));
        }
        table.plain(notes_line(describe_standing(k), join(notes, " · ")));
        if (k.guardrail) {
          for (const Breach& b : k.guardrail->breaches) {
            table.plain(
                fmt::format("      breached {} on {}", format_number(b.value), b.date.str()));
          }
        }
      }
    }
  }
  if (report.comparison) {
    const CycleComparison& c = *report.comparison;
    out << '\n';
    table.plain(fmt::format("compared with {}", c.previous.cycle));
    const std::vector<ComparisonRow> rows = comparison_rows(c);
    std::size_t width = 0;
    for (const ComparisonRow& row : rows) {
      width = std::max(width, utf8_length(row.label));
    }
    const auto line = [&](std::string_view label, std::string_view now, std::string_view before) {
      return fmt::format("  {}{}  {:<10}  {}", label, std::string(width - utf8_length(label), ' '),
                         now, before);
    };
    table.plain(line("", c.current.cycle, c.previous.cycle), k_dim);
    for (const ComparisonRow& row : rows) {
      table.plain(line(row.label, row.current, row.previous));
    }
  }
}

} // namespace okr
