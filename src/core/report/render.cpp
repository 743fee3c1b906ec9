// Markdown and HTML through Mustache templates. The templates see the JSON model as
// report::View presents it (view.hpp), read straight from the Report.

#include <kainjow/mustache.hpp>
#include <ostream>

#include <okr/render.hpp>
#include <okr/report.hpp>

#include "view.hpp"

namespace okr {

namespace report {
extern const char* const k_markdown_template;
extern const char* const k_html_template;
} // namespace report

namespace {

using kainjow::mustache::mustache;

/// Where kainjow writes the rendered text, line by line (it takes any `stream << text`).
class Sink {
public:
  Sink(std::string& out, bool markdown) : m_out(out), m_markdown(markdown) {}

  Sink& operator<<(const std::string& text) {
    if (!m_markdown) {
      m_out += text;
      return *this;
    }
    // Optional sections leave blank lines behind; Markdown never needs more than one in a row.
    for (char c : text) {
      m_newlines = c == '\n' ? m_newlines + 1 : 0;
      if (m_newlines <= 2) {
        m_out += c;
      }
    }
    return *this;
  }

private:
  std::string& m_out;
  bool m_markdown;
  std::size_t m_newlines = 0;
};

std::optional<std::string> render(std::ostream& out, const Report& report,
                                  std::string_view template_text, bool html) {
  mustache tmpl{std::string(template_text)};
  if (!tmpl.is_valid()) {
    return tmpl.error_message();
  }
  if (html) {
    tmpl.set_custom_escape([](const std::string& s) { return escape_html(s); });
  } else {
    tmpl.set_custom_escape([](const std::string& s) { return escape_markdown(s); });
  }
  report::View view(report, html ? report::View::Format::html : report::View::Format::markdown);
  std::string text;
  Sink sink(text, !html);
  tmpl.render(view, sink);
  if (!tmpl.is_valid()) {
    return tmpl.error_message();
  }
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  return std::nullopt;
}

} // namespace

std::string_view builtin_markdown_template() {
  return report::k_markdown_template;
}

std::string_view builtin_html_template() {
  return report::k_html_template;
}

std::optional<std::string> render_report_markdown(std::ostream& out, const Report& report,
                                                  std::string_view template_text) {
  return render(out, report, template_text.empty() ? builtin_markdown_template() : template_text,
                false);
}

std::optional<std::string> render_report_html(std::ostream& out, const Report& report,
                                              std::string_view template_text) {
  return render(out, report, template_text.empty() ? builtin_html_template() : template_text, true);
}

} // namespace okr
