// JUnit XML, as CI systems (GitLab, Jenkins, Azure) show test reports: a test suite per file, a
// failing test case per error or warning, a passing one per info, and one passing test case
// for a file without findings.

#include <fmt/format.h>
#include <map>
#include <ostream>
#include <set>

#include <okr/check_render.hpp>

namespace okr {

void render_junit(std::ostream& out, const CheckReport& report, const RenderOptions& options) {
  std::map<std::string, std::vector<const Diagnostic*>> by_file;
  for (const std::string& file : report.files) {
    by_file[file];
  }
  for (const Diagnostic& d : report.diagnostics) {
    by_file[d.file].push_back(&d);
  }
  const Counts counts = count(report.diagnostics);
  const std::size_t failures = counts.errors + counts.warnings;
  std::size_t tests = 0;
  for (const auto& [file, list] : by_file) {
    tests += list.empty() ? 1 : list.size();
  }
  // okr checks the files together (references cross them): each suite gets an equal share of
  // the run's time, so that they add up to it.
  const double share = by_file.empty() ? 0 : report.seconds / static_cast<double>(by_file.size());
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << fmt::format("<testsuites name=\"okr check\" tests=\"{}\" failures=\"{}\" errors=\"0\" "
                     "time=\"{:.3f}\">\n",
                     tests, failures, report.seconds);
  for (const auto& [file, list] : by_file) {
    const std::string name = escape_xml(options.path_prefix + file);
    std::size_t file_failures = 0;
    for (const Diagnostic* d : list) {
      file_failures += d->severity == Severity::info ? 0 : 1;
    }
    out << fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" "
                       "skipped=\"0\" time=\"{:.3f}\" timestamp=\"{}\" file=\"{}\">\n",
                       name, list.empty() ? 1 : list.size(), file_failures, share,
                       escape_xml(report.started), name);
    if (list.empty()) {
      out << fmt::format("    <testcase classname=\"{}\" name=\"okr check\"/>\n", name);
    }
    std::set<std::string> names;
    for (const Diagnostic* d : list) {
      std::string test = fmt::format("{} at {}:{}", d->rule, d->line, d->column);
      for (int n = 2; !names.insert(test).second; ++n) {
        test = fmt::format("{} at {}:{} ({})", d->rule, d->line, d->column, n);
      }
      out << fmt::format("    <testcase classname=\"{}\" name=\"{}\">\n", name, escape_xml(test));
      const std::string where =
          fmt::format("{}{}:{}:{}", options.path_prefix, d->file, d->line, d->column);
      if (d->severity == Severity::info) {
        out << fmt::format("      <system-out>{}: info: {}</system-out>\n", escape_xml(where),
                           escape_xml(d->message));
      } else {
        out << fmt::format("      <failure type=\"{}\" message=\"{}\">{}: {}: {} [{}]</failure>\n",
                           to_string(d->severity), escape_xml(d->message), escape_xml(where),
                           to_string(d->severity), escape_xml(d->message), d->rule);
      }
      out << "    </testcase>\n";
    }
    out << "  </testsuite>\n";
  }
  out << "</testsuites>\n";
}

} // namespace okr
