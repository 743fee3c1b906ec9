#pragma once

// The inline SVG charts of the HTML report, appended to a buffer (report.hpp has the
// string-returning versions).

#include <string>
#include <string_view>

#include <okr/date.hpp>
#include <okr/report.hpp>

namespace okr::report {

void append_escaped_html(std::string& out, std::string_view text);
/// `value` as format_number() writes it, appended, without fmt's parsing of "{}" each time.
void append_number(std::string& out, double value);
void append_svg_kr_chart(std::string& out, const ReportKr& kr, Date start, Date end);
void append_svg_score_distribution(std::string& out, const Report& report);
void append_svg_owner_tree(std::string& out, const Report& report);

} // namespace okr::report
