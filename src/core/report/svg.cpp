// Inline SVG charts for the HTML report. Every text that comes from OKR files goes through
// escape_html; numbers are printed with a fixed precision so that output is deterministic.

#include <algorithm>
#include <array>
#include <cmath>
#include <fmt/format.h>

#include <okr/report.hpp>
#include <okr/text.hpp>

namespace okr {

namespace {

constexpr double k_width = 320;
constexpr double k_height = 120;
constexpr double k_left = 44;
constexpr double k_right = 8;
constexpr double k_top = 8;
constexpr double k_bottom = 20;

std::string_view grade_color(std::string_view grade) {
  if (grade == "red") {
    return "#c62828";
  }
  if (grade == "yellow") {
    return "#b7860b";
  }
  if (grade == "green") {
    return "#2e7d32";
  }
  return "#455a64";
}

} // namespace

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\r') {
      // HTML reads CR and CR LF as LF; written as LF, a terminal cannot use it to overwrite a line.
      out += i + 1 < text.size() && text[i + 1] == '\n' ? "" : "\n";
      continue;
    }
    if (c != '\t' && c != '\n') {
      // Controls mean nothing in HTML (and SVG, as XML, forbids them) but a terminal obeys
      // them when the report goes to standard output: shown as U+FFFD, as on a terminal.
      if (const std::size_t n = control_length(text, i); n > 0) {
        out += "\xEF\xBF\xBD";
        i += n - 1;
        continue;
      }
    }
    switch (c) {
    case '&':
      out += "&amp;";
      break;
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '"':
      out += "&quot;";
      break;
    case '\'':
      out += "&#39;";
      break;
    default:
      out += c;
    }
  }
  return out;
}

std::string svg_kr_chart(const ReportKr& kr, Date start, Date end) {
  const bool milestone = kr.measure == "milestone";
  double low = 0;
  double high = 1;
  if (!milestone) {
    std::vector<double> ys;
    for (const ReportPoint& p : kr.values) {
      ys.push_back(p.value);
    }
    if (kr.baseline) {
      ys.push_back(*kr.baseline);
    }
    if (kr.target) {
      ys.push_back(*kr.target);
    }
    if (ys.empty()) {
      ys = {0, 1};
    }
    low = *std::min_element(ys.begin(), ys.end());
    high = *std::max_element(ys.begin(), ys.end());
    const double pad = high > low ? (high - low) * 0.08 : std::max(1.0, std::fabs(high) * 0.05);
    low -= pad;
    high += pad;
  }
  const double days = std::max(1, end - start);
  auto x = [&](Date d) {
    const double f = std::clamp(static_cast<double>(d - start) / days, 0.0, 1.0);
    return k_left + f * (k_width - k_left - k_right);
  };
  auto y = [&](double v) {
    const double f = (v - low) / (high - low);
    return k_top + (1.0 - f) * (k_height - k_top - k_bottom);
  };
  const std::string label = escape_html(kr.ref + ": " + kr.title);
  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 {0} {1}\" "
      "width=\"{0}\" height=\"{1}\" role=\"img\" aria-label=\"{2}\"><title>{2}</title>",
      k_width, k_height, label);
  svg += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" "
                     "fill=\"#fafafa\" stroke=\"#cfd8dc\"/>",
                     k_left, k_top, k_width - k_left - k_right, k_height - k_top - k_bottom);
  // The expected pace: from the baseline on the first day to the target on the last, or the
  // guardrail's threshold all along.
  if (kr.measure == "progress" && kr.baseline && kr.target) {
    svg += fmt::format("<line class=\"expected\" x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" "
                       "y2=\"{:.1f}\" stroke=\"#90a4ae\" stroke-dasharray=\"4 3\"/>",
                       x(start), y(*kr.baseline), x(end), y(*kr.target));
  } else if ((kr.measure == "stay_above" || kr.measure == "stay_below") && kr.target) {
    svg += fmt::format("<line class=\"expected\" x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" "
                       "y2=\"{:.1f}\" stroke=\"#90a4ae\" stroke-dasharray=\"4 3\"/>",
                       x(start), y(*kr.target), x(end), y(*kr.target));
  }
  const std::string_view color = grade_color(kr.grade);
  if (!kr.values.empty()) {
    std::string points;
    for (const ReportPoint& p : kr.values) {
      points += fmt::format("{}{:.1f},{:.1f}", points.empty() ? "" : " ", x(p.date), y(p.value));
    }
    svg += fmt::format("<polyline class=\"values\" points=\"{}\" fill=\"none\" stroke=\"{}\" "
                       "stroke-width=\"2\"/>",
                       points, color);
    for (const ReportPoint& p : kr.values) {
      svg += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"2.5\" fill=\"{}\"/>", x(p.date),
                         y(p.value), color);
    }
  } else {
    svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"11\" fill=\"#607d8b\" "
                       "text-anchor=\"middle\">not measured</text>",
                       (k_left + k_width - k_right) / 2, k_height / 2);
  }
  const std::string top =
      milestone ? "done" : escape_html(format_number(std::round(high * 100) / 100));
  const std::string bottom =
      milestone ? "not done" : escape_html(format_number(std::round(low * 100) / 100));
  svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"9\" fill=\"#607d8b\" "
                     "text-anchor=\"end\">{}</text>",
                     k_left - 3, k_top + 8, top);
  svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"9\" fill=\"#607d8b\" "
                     "text-anchor=\"end\">{}</text>",
                     k_left - 3, k_height - k_bottom, bottom);
  svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"9\" fill=\"#607d8b\">{}</text>",
                     k_left, k_height - 6, start.str());
  svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"9\" fill=\"#607d8b\" "
                     "text-anchor=\"end\">{}</text>",
                     k_width - k_right, k_height - 6, end.str());
  svg += "</svg>";
  return svg;
}

std::string svg_score_distribution(const Report& report) {
  std::array<int, 11> bins{}; // tenths 0..9, then not measured
  for (const ReportOwner& owner : report.owners) {
    for (const ReportObjective& o : owner.objectives) {
      for (const ReportKr& kr : o.key_results) {
        if (!kr.measured) {
          ++bins[10];
        } else {
          ++bins[static_cast<std::size_t>(std::clamp(static_cast<int>(kr.score * 10), 0, 9))];
        }
      }
    }
  }
  const int most = std::max(1, *std::max_element(bins.begin(), bins.end()));
  constexpr double w = 440;
  constexpr double h = 170;
  constexpr double base = 140;
  constexpr double bar = 34;
  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 {0} {1}\" "
      "width=\"{0}\" height=\"{1}\" role=\"img\" aria-label=\"Distribution of key result "
      "scores\"><title>Distribution of key result scores</title>",
      w, h);
  for (std::size_t i = 0; i < bins.size(); ++i) {
    const double height = 110.0 * bins[i] / most;
    const double left = 8 + static_cast<double>(i) * 39;
    const std::string_view color = i == 10 ? "#90a4ae"
                                   : i < 4 ? grade_color("red")
                                   : i < 7 ? grade_color("yellow")
                                           : grade_color("green");
    svg += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" "
                       "fill=\"{}\"/>",
                       left, base - height, bar, height, color);
    svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"11\" "
                       "text-anchor=\"middle\">{}</text>",
                       left + bar / 2, base - height - 3, bins[i]);
    const std::string label = i == 10 ? "n/m" : fmt::format("{:.1f}", static_cast<double>(i) / 10);
    svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"10\" fill=\"#607d8b\" "
                       "text-anchor=\"middle\">{}</text>",
                       left + bar / 2, base + 14, label);
  }
  svg += "</svg>";
  return svg;
}

} // namespace okr
