// Inline SVG charts for the HTML report. Every text that comes from OKR files goes through
// escape_html; numbers are printed with a fixed precision so that output is deterministic.

#include "svg.hpp"

#include <algorithm>
#include <array>
#include <cassert>
#include <charconv>
#include <cmath>
#include <fmt/compile.h>
#include <fmt/format.h>
#include <map>
#include <optional>
#include <unordered_map>
#include <vector>

#include <okr/number.hpp>
#include <okr/report.hpp>
#include <okr/score_render.hpp>
#include <okr/text.hpp>

namespace okr::report {
namespace {

/// A coordinate written with one decimal, exactly as fmt's "{:.1f}" writes it (the decimal
/// rounding of the double's exact value, ties to even) but four times as fast: a chart has
/// dozens, the 1,000-team report 800,000.
struct Tenths {
  double value;
};

/// Writes `value` to `out` as "{:.1f}" would; nullptr when it is not finite or too large for
/// the fast way.
char* write_tenths(char* out, double value) {
  const double t = value * 10;
  if (!(std::fabs(t) < 1e15)) {
    return nullptr;
  }
  auto n = static_cast<long long>(t);             // toward zero
  const double rest = t - static_cast<double>(n); // exact: |rest| < 1
  if (rest > 0.5) {
    ++n;
  } else if (rest < -0.5) {
    --n;
  } else if (rest == 0.5 || rest == -0.5) {
    // t is halfway between two integers, value * 10 itself may not be: the product's exact
    // error decides, and only an exact tie goes to even.
    const double error = std::fma(value, 10, -t);
    const long long below = rest > 0 ? n : n - 1;
    if (error != 0) {
      n = error > 0 ? below + 1 : below;
    } else {
      n = below % 2 == 0 ? below : below + 1;
    }
  }
  // Otherwise value * 10 rounds as t does: a half between them would be a double nearer to
  // it than t is (halves are doubles below 2^51).
  if (std::signbit(value)) {
    *out++ = '-';
  }
  const long long magnitude = n < 0 ? -n : n;
  out = std::to_chars(out, out + 20, magnitude / 10).ptr;
  *out++ = '.';
  *out++ = static_cast<char>('0' + magnitude % 10);
  return out;
}

} // namespace
} // namespace okr::report

template <> struct fmt::formatter<okr::report::Tenths> {
  constexpr auto parse(format_parse_context& context) { return context.begin(); }
  template <typename Context> auto format(okr::report::Tenths tenths, Context& context) const {
    std::array<char, 24> digits{};
    const char* begin = digits.data();
    const char* end = okr::report::write_tenths(digits.data(), tenths.value);
    if (end == nullptr) {
      return fmt::format_to(context.out(), FMT_COMPILE("{:.1f}"), tenths.value);
    }
    // Debug builds check every number against fmt (the unit tests check format_tenths).
    assert(std::string_view(digits.data(), static_cast<std::size_t>(end - digits.data())) ==
           fmt::format(FMT_COMPILE("{:.1f}"), tenths.value));
    return std::copy(begin, end, context.out());
  }
};

namespace okr {

namespace {

// A key result's chart is drawn at the size the report shows it (CSS pixels), so its 11 px
// labels are read at 11 px.
constexpr double k_width = 220;
constexpr double k_height = 90;
constexpr double k_left = 42;
constexpr double k_right = 6;
constexpr double k_top = 7;
constexpr double k_bottom = 20;

std::string_view grade_color(std::string_view grade) {
  if (grade == "red") {
    return "#c62828";
  }
  if (grade == "yellow") {
    return "#8d6708";
  }
  if (grade == "green") {
    return "#2e7d32";
  }
  return "#455a64";
}

} // namespace

namespace report {

namespace {

/// Date::str() of the day last asked: the charts of an owner share their first and last days.
struct DayText {
  std::optional<Date> day;
  std::string text;
  const std::string& of(Date asked) {
    if (day != asked) {
      day = asked;
      text = asked.str();
    }
    return text;
  }
};

} // namespace

void append_number(std::string& out, double value) {
  if (value == std::floor(value) && std::fabs(value) < 1e15) {
    std::array<char, 24> digits; // NOLINT: written before read
    const auto [end, error] =
        std::to_chars(digits.data(), digits.data() + digits.size(), static_cast<long long>(value));
    out.append(digits.data(), static_cast<std::size_t>(end - digits.data()));
  } else if (std::isnan(value)) {
    out += "nan";
  } else {
    fmt::format_to(std::back_inserter(out), FMT_COMPILE("{}"), value);
  }
}

void append_escaped_html(std::string& out, std::string_view text) {
  append_escaped_markup(out, text, Markup::html);
}

namespace {

void add_part(std::string& out, std::string_view text) {
  out.append(text);
}

void add_part(std::string& out, Tenths tenths) {
  std::array<char, 24> digits; // NOLINT: written before read
  const char* end = write_tenths(digits.data(), tenths.value);
  if (end == nullptr) {
    fmt::format_to(std::back_inserter(out), FMT_COMPILE("{:.1f}"), tenths.value);
    return;
  }
  out.append(digits.data(), static_cast<std::size_t>(end - digits.data()));
}

/// Appends every part: text as it is, coordinates with one decimal. A chart is mostly fixed
/// text around 60 numbers: this is a third of the work of formatting it with fmt.
template <typename... Parts> void add(std::string& out, const Parts&... parts) {
  (add_part(out, parts), ...);
}

/// The parts of a key result's chart that are the same in every chart.
struct ChartText {
  std::string open;   ///< before the label
  std::string frame;  ///< after the title: the plot's frame
  std::string high;   ///< before the label of the top of the scale
  std::string low;    ///< between it and the label of the bottom
  std::string first;  ///< between that and the first day
  std::string last;   ///< between the first day and the last
  std::string absent; ///< instead of the values, when there are none
};

const ChartText& chart_text() {
  static const ChartText text{
      fmt::format("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 {0} "
                  "{1}\" width=\"{0}\" height=\"{1}\" role=\"img\" aria-label=\"",
                  k_width, k_height),
      fmt::format(FMT_COMPILE("</title><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" "
                              "fill=\"#fafafa\" stroke=\"#cfd8dc\"/>"),
                  Tenths{k_left}, Tenths{k_top}, Tenths{k_width - k_left - k_right},
                  Tenths{k_height - k_top - k_bottom}),
      fmt::format(FMT_COMPILE("<text x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"#546e7a\" "
                              "text-anchor=\"end\">"),
                  Tenths{k_left - 3}, Tenths{k_top + 10}),
      fmt::format(FMT_COMPILE("</text><text x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"#546e7a\" "
                              "text-anchor=\"end\">"),
                  Tenths{k_left - 3}, Tenths{k_height - k_bottom}),
      fmt::format(FMT_COMPILE("</text><text x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"#546e7a\">"),
                  Tenths{k_left}, Tenths{k_height - 5}),
      fmt::format(FMT_COMPILE("</text><text x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"#546e7a\" "
                              "text-anchor=\"end\">"),
                  Tenths{k_width - k_right}, Tenths{k_height - 5}),
      fmt::format(FMT_COMPILE("<text x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"#546e7a\" "
                              "text-anchor=\"middle\">not measured</text>"),
                  Tenths{(k_left + k_width - k_right) / 2}, Tenths{k_height / 2})};
  return text;
}

} // namespace

void append_svg_kr_chart(std::string& out, const ReportKr& report_kr, Date start, Date end) {
  const KrScore& kr = report_kr.scored;
  const Measure measure = kr.kr->measure();
  const Bounds bounds = bounds_of(*kr.kr);
  const std::vector<ReportedValue>& values = kr.series;
  const bool milestone = measure == Measure::milestone;
  double low = 0;
  double high = 1;
  if (!milestone) {
    bool any = false;
    auto see = [&](double v) {
      low = any ? std::min(low, v) : v;
      high = any ? std::max(high, v) : v;
      any = true;
    };
    for (const ReportedValue& p : values) {
      see(p.as_number());
    }
    if (bounds.baseline) {
      see(bounds.baseline->value);
    }
    if (bounds.target) {
      see(bounds.target->value);
    }
    if (bounds.range) {
      see(bounds.range->low.value);
      see(bounds.range->high.value);
    }
    if (!any) {
      low = 0;
      high = 1;
    }
    const double pad = high > low ? (high - low) * 0.08 : std::max(1.0, std::fabs(high) * 0.05);
    low -= pad;
    high += pad;
  }
  const double days = std::max(1, end - start);
  auto x = [&](Date d) {
    const double f = std::clamp(static_cast<double>(d - start) / days, 0.0, 1.0);
    return Tenths{k_left + f * (k_width - k_left - k_right)};
  };
  auto y = [&](double v) {
    const double f = (v - low) / (high - low);
    return Tenths{k_top + (1.0 - f) * (k_height - k_top - k_bottom)};
  };
  const ChartText& text = chart_text();
  thread_local std::string label; // kept from chart to chart, as the days
  thread_local DayText first_day;
  thread_local DayText last_day;
  label.clear();
  append_escaped_html(label, kr.ref);
  label += ": ";
  append_escaped_html(label, kr.kr->title.value);
  add(out, text.open, label, "\"><title>", label, text.frame);
  // The expected pace: from the baseline on the first day to the target on the last, or the
  // guardrail's threshold all along.
  std::optional<double> from;
  if (measure == Measure::progress && bounds.baseline && bounds.target) {
    from = bounds.baseline->value;
  } else if ((measure == Measure::stay_above || measure == Measure::stay_below) && bounds.target) {
    from = bounds.target->value;
  }
  if (from) {
    add(out, "<line class=\"expected\" x1=\"", x(start), "\" y1=\"", y(*from), "\" x2=\"", x(end),
        "\" y2=\"", y(bounds.target->value), "\" stroke=\"#90a4ae\" stroke-dasharray=\"4 3\"/>");
  }
  if (bounds.range) { // a stay_between guardrail: both ends all along
    for (const double end_value : {bounds.range->low.value, bounds.range->high.value}) {
      add(out, "<line class=\"expected\" x1=\"", x(start), "\" y1=\"", y(end_value), "\" x2=\"",
          x(end), "\" y2=\"", y(end_value), "\" stroke=\"#90a4ae\" stroke-dasharray=\"4 3\"/>");
    }
  }
  const std::string_view color =
      grade_color(kr.colour == Grade::none ? std::string_view() : to_string(kr.colour));
  if (!values.empty()) {
    add(out, "<polyline class=\"values\" points=\"");
    for (std::size_t i = 0; i < values.size(); ++i) {
      add(out, i == 0 ? "" : " ", x(values[i].date), ",", y(values[i].as_number()));
    }
    add(out, "\" fill=\"none\" stroke=\"", color, "\" stroke-width=\"2\"/>");
    for (const ReportedValue& p : values) {
      add(out, "<circle cx=\"", x(p.date), "\" cy=\"", y(p.as_number()), "\" r=\"2.5\" fill=\"",
          color, "\"/>");
    }
  } else {
    add(out, text.absent);
  }
  // The scale's labels are digits, a sign and a dot: nothing to escape.
  add(out, text.high);
  if (milestone) {
    add(out, "done");
  } else {
    append_number(out, std::round(high * 100) / 100);
  }
  add(out, text.low);
  if (milestone) {
    add(out, "not done");
  } else {
    append_number(out, std::round(low * 100) / 100);
  }
  add(out, text.first, first_day.of(start), text.last, last_day.of(end), "</text></svg>");
}

void append_svg_score_distribution(std::string& out, const Report& report) {
  std::array<int, 11> bins{}; // tenths 0..9, then not measured
  std::transform(report.score_bins.begin(), report.score_bins.end(), bins.begin(),
                 [](std::size_t n) { return static_cast<int>(n); });
  const int most = std::max(1, *std::max_element(bins.begin(), bins.end()));
  constexpr double w = 440;
  constexpr double h = 170;
  constexpr double base = 140;
  constexpr double bar = 34;
  auto to = std::back_inserter(out);
  fmt::format_to(
      to,
      FMT_COMPILE(
          "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 {0} {1}\" "
          "width=\"{0}\" height=\"{1}\" role=\"img\" aria-label=\"Distribution of key result "
          "scores\"><title>Distribution of key result scores</title>"),
      w, h);
  for (std::size_t i = 0; i < bins.size(); ++i) {
    const double height = 110.0 * bins[i] / most;
    const double left = 8 + static_cast<double>(i) * 39;
    const std::string_view color = i == 10 ? "#90a4ae"
                                   : i < 4 ? grade_color("red")
                                   : i < 7 ? grade_color("yellow")
                                           : grade_color("green");
    fmt::format_to(to,
                   FMT_COMPILE("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" "
                               "fill=\"{}\"/>"),
                   left, base - height, bar, height, color);
    fmt::format_to(to,
                   FMT_COMPILE("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"11\" "
                               "text-anchor=\"middle\">{}</text>"),
                   left + bar / 2, base - height - 3, bins[i]);
    const std::string label = i == 10 ? "n/m" : fmt::format("{:.1f}", static_cast<double>(i) / 10);
    fmt::format_to(to,
                   FMT_COMPILE("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"10\" fill=\"#546e7a\" "
                               "text-anchor=\"middle\">{}</text>"),
                   left + bar / 2, base + 14, label);
  }
  out += "</svg>";
}

namespace {

/// The owners the tree draws: the most generations that hold k_report_full_owners.
std::vector<const ReportRow*> tree_rows(const std::vector<ReportRow>& overview) {
  std::map<std::size_t, std::size_t> per_depth;
  for (const ReportRow& row : overview) {
    ++per_depth[row.depth];
  }
  std::optional<std::size_t> deepest;
  std::size_t within = 0;
  for (const auto& [depth, count] : per_depth) {
    if (within + count > k_report_full_owners) {
      break;
    }
    within += count;
    deepest = depth;
  }
  std::vector<const ReportRow*> rows;
  for (const ReportRow& row : overview) {
    if (deepest ? row.depth <= *deepest : row.depth == per_depth.begin()->first) {
      rows.push_back(&row);
      if (rows.size() == k_report_full_owners) {
        break;
      }
    }
  }
  return rows;
}

/// `text` cut to `most` code points, an ellipsis in place of the rest.
std::string_view cut(std::string_view text, std::size_t most, bool& cut_off) {
  std::size_t points = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80 && points++ == most) {
      cut_off = true;
      return text.substr(0, i);
    }
  }
  cut_off = false;
  return text;
}

} // namespace

void append_svg_owner_tree(std::string& out, const Report& report) {
  // Drawn at the size it is shown: 400 px wide, 13 px names, one owner every 26 px; a phone
  // narrower than that scales it down a little (max-width: 100%).
  constexpr double width = 400;
  constexpr double row = 26;
  constexpr double top = 8;
  constexpr double indent = 20;
  constexpr double dot = 6;
  constexpr double standing_width = 118; // "0.72 on pace" at 12 px, right-aligned
  const std::vector<const ReportRow*> rows = tree_rows(report.overview);
  const std::size_t left_out = report.overview.size() - rows.size();
  const double height = top * 2 + row * static_cast<double>(rows.size() + (left_out ? 1 : 0));
  const std::size_t min_depth = rows.empty() ? 0 : rows.front()->depth;
  auto to = std::back_inserter(out);
  fmt::format_to(to,
                 FMT_COMPILE("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart tree\" "
                             "viewBox=\"0 0 {0} {1}\" width=\"{0}\" height=\"{1}\" role=\"img\" "
                             "aria-labelledby=\"owner-tree-title\"><title id=\"owner-tree-title\">"
                             "The organisation: each owner under its parent, coloured by pace "),
                 width, height);
  if (left_out) {
    fmt::format_to(to, FMT_COMPILE("({} of {} owners)</title>"), rows.size(),
                   report.overview.size());
  } else {
    fmt::format_to(to, FMT_COMPILE("({} owners)</title>"), rows.size());
  }
  std::unordered_map<std::string_view, std::size_t> drawn; // owner → its row
  auto x_of = [&](const ReportRow& r) {
    return 12 + static_cast<double>(r.depth - std::min(r.depth, min_depth)) * indent;
  };
  auto y_of = [&](std::size_t i) { return top + row * (static_cast<double>(i) + 0.5); };
  // The links first, under the dots: down from the parent's dot, then across.
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const ReportRow& r = *rows[i];
    drawn.emplace(r.id, i);
    const auto parent = r.parent.empty() ? drawn.end() : drawn.find(r.parent);
    if (parent == drawn.end() || parent->second == i) {
      continue;
    }
    const double px = x_of(*rows[parent->second]);
    add(out, "<path d=\"M", Tenths{px}, " ", Tenths{y_of(parent->second) + dot}, "V",
        Tenths{y_of(i)}, "H", Tenths{x_of(r) - dot}, "\" fill=\"none\" stroke=\"#78909c\"/>");
  }
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const ReportRow& r = *rows[i];
    const double x = x_of(r);
    const double y = y_of(i);
    const std::string_view color =
        grade_color(r.colour == Grade::none ? std::string_view() : to_string(r.colour));
    const std::string standing =
        r.score ? format_fraction(*r.score) + " " + standing_label(true, r.grade, r.pace)
                : std::string("not measured");
    // About 7 px a character at 13 px: the name gets the room left of the standing.
    const double room = width - 8 - standing_width - (x + dot + 6);
    bool cut_off = false;
    const std::string_view name =
        cut(r.name, static_cast<std::size_t>(std::max(4.0, room / 7.2)), cut_off);
    out += "<g><title>";
    append_escaped_html(out, r.name);
    out += " (";
    out += to_string(r.level);
    out += "): ";
    out += standing;
    out += "</title>";
    add(out, "<circle cx=\"", Tenths{x}, "\" cy=\"", Tenths{y}, "\" r=\"", Tenths{dot},
        "\" fill=\"", color, "\"/><text x=\"", Tenths{x + dot + 6}, "\" y=\"", Tenths{y + 4.5},
        "\" font-size=\"13\" fill=\"#1f2a30\"",
        r.level == Level::team ? "" : " font-weight=\"600\"", ">");
    append_escaped_html(out, name);
    if (cut_off) {
      out += "…";
    }
    add(out, "</text><text x=\"", Tenths{width - 8}, "\" y=\"", Tenths{y + 4.5},
        "\" font-size=\"12\" fill=\"", color, "\" text-anchor=\"end\">", standing, "</text></g>");
  }
  if (left_out) {
    add(out, "<text x=\"12\" y=\"", Tenths{y_of(rows.size()) + 4.5},
        "\" font-size=\"12\" fill=\"#546e7a\">");
    fmt::format_to(to, FMT_COMPILE("and {} more owners, in the overview</text>"), left_out);
  }
  out += "</svg>";
}

} // namespace report

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  report::append_escaped_html(out, text);
  return out;
}

std::string svg_kr_chart(const ReportKr& kr, Date start, Date end) {
  std::string out;
  report::append_svg_kr_chart(out, kr, start, end);
  return out;
}

std::string format_tenths(double value) {
  return fmt::format(FMT_COMPILE("{}"), report::Tenths{value});
}

std::string svg_owner_tree(const Report& report) {
  std::string out;
  report::append_svg_owner_tree(out, report);
  return out;
}

std::string svg_score_distribution(const Report& report) {
  std::string out;
  report::append_svg_score_distribution(out, report);
  return out;
}

} // namespace okr
