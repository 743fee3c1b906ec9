// Markdown and HTML through Mustache templates. The templates see the JSON model as
// report::View presents it (view.hpp), read straight from the Report.

#include <cctype>
#include <kainjow/mustache.hpp>
#include <memory>
#include <ostream>

#include <okr/check_render.hpp>
#include <okr/report.hpp>

#include "view.hpp"

namespace okr {

namespace report {
extern const char* const k_markdown_template;
extern const char* const k_html_template;
} // namespace report

namespace {

using kainjow::mustache::mustache;

/// Whether rendering `text` could fail once it parsed. Only a partial can make it fail: kainjow
/// parses the text the partial's name resolves to when it meets the tag. Conservative: any tag
/// that may be a partial, or may change the delimiters (and hide a partial from this scan).
bool may_fail_while_rendering(std::string_view text) {
  for (std::size_t i = text.find("{{"); i != std::string_view::npos; i = text.find("{{", i + 1)) {
    std::size_t j = i + 2;
    while (j < text.size() && std::isspace(static_cast<unsigned char>(text[j]))) {
      ++j;
    }
    if (j < text.size() && (text[j] == '>' || text[j] == '=')) {
      return true;
    }
  }
  return false;
}

/// Where kainjow writes the rendered text, line by line (it takes any `stream << text`): passed
/// on in pieces of 64 KiB when rendering cannot fail, else kept until it succeeded. A report
/// can be tens of megabytes; it is never held whole when it need not be.
class Sink {
public:
  Sink(std::ostream& out, bool markdown, bool keep_all)
      : m_out(out), m_markdown(markdown), m_keep_all(keep_all) {
    m_buffer.reserve(2 * k_piece);
  }

  Sink& operator<<(const std::string& text) {
    if (m_markdown) {
      // Optional sections leave blank lines behind; Markdown never needs more than one in a row.
      for (char c : text) {
        m_newlines = c == '\n' ? m_newlines + 1 : 0;
        if (m_newlines <= 2) {
          m_buffer += c;
        }
      }
    } else {
      m_buffer += text;
    }
    if (!m_keep_all && m_buffer.size() >= k_piece) {
      flush();
    }
    return *this;
  }

  void flush() {
    m_out.write(m_buffer.data(), static_cast<std::streamsize>(m_buffer.size()));
    m_buffer.clear();
  }

private:
  static constexpr std::size_t k_piece = 64 * 1024;
  std::ostream& m_out;
  bool m_markdown;
  bool m_keep_all;
  std::size_t m_newlines = 0;
  std::string m_buffer;
};

std::optional<std::string> render(std::ostream& out, const Report& report,
                                  std::string_view template_text, bool html) {
  // The built-in templates are parsed once per thread: a site renders thousands of pages.
  thread_local std::unique_ptr<mustache> builtin[2];
  const bool is_builtin = template_text.data() == builtin_html_template().data() ||
                          template_text.data() == builtin_markdown_template().data();
  std::unique_ptr<mustache> own;
  std::unique_ptr<mustache>& slot = is_builtin ? builtin[html ? 1 : 0] : own;
  if (!slot) {
    slot = std::make_unique<mustache>(std::string(template_text));
  }
  mustache& tmpl = *slot;
  if (!tmpl.is_valid()) {
    return tmpl.error_message();
  }
  if (html) {
    tmpl.set_custom_escape([](const std::string& s) { return escape_html(s); });
  } else {
    tmpl.set_custom_escape([](const std::string& s) { return escape_markdown(s); });
  }
  report::View view(report, html ? report::View::Format::html : report::View::Format::markdown);
  Sink sink(out, !html, may_fail_while_rendering(template_text));
  tmpl.render(view, sink);
  if (!tmpl.is_valid()) {
    return tmpl.error_message();
  }
  sink.flush();
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
