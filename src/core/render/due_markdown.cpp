// `okr due --format markdown`: the summary and a table, for a wiki, an issue or a pull request.

#include <ostream>

#include <okr/check_render.hpp>
#include <okr/due.hpp>

namespace okr {

void render_due_markdown(std::ostream& out, const DueReport& report, const DueRenderOptions&) {
  out << "## Check-ins due on " << report.as_of.str() << "\n\n" << due_summary(report) << ".\n";
  if (!report.owners.empty()) {
    out << "\n| Owner | Level | Cycle | Last check-in | Due | Standing |\n"
           "|---|---|---|---|---|---|\n";
    for (const DueOwner& o : report.owners) {
      const OkrFile& file = *o.file;
      out << "| " << escape_markdown(file.owner.value);
      if (file.name) {
        out << " (" << escape_markdown(file.name->value) << ")";
      }
      out << " | " << to_string(file.level) << " | " << escape_markdown(file.cycle.value) << " | "
          << (o.clock.last ? o.clock.last->str() : "never") << " | " << o.clock.due.str() << " | "
          << (o.overdue ? "**" + due_standing(o) + "**" : due_standing(o)) << " |\n";
    }
  }
  if (const std::string note = private_due_note(report); !note.empty()) {
    out << "\n_" << note << "_\n";
  }
}

} // namespace okr
