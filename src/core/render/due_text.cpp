// `okr due` for people: the summary, then one aligned line per owner, the overdue first.

#include <algorithm>
#include <array>
#include <fmt/format.h>
#include <ostream>
#include <string>
#include <vector>

#include <okr/check_render.hpp>
#include <okr/due.hpp>
#include <okr/text.hpp>

namespace okr {

namespace {

constexpr std::string_view k_reset = "\x1b[0m";
constexpr std::string_view k_yellow = "\x1b[33m";
constexpr std::string_view k_red = "\x1b[31m";

constexpr std::size_t k_columns = 5;
using Row = std::array<std::string, k_columns>;

} // namespace

void render_due_text(std::ostream& out, const DueReport& report, const DueRenderOptions& options) {
  out << due_summary(report) << '\n';
  if (!report.owners.empty()) {
    std::vector<Row> rows;
    rows.reserve(report.owners.size() + 1);
    rows.push_back({"OWNER", "CYCLE", "LAST CHECK-IN", "DUE", "STANDING"});
    for (const DueOwner& o : report.owners) {
      rows.push_back(
          {sanitize_for_terminal(o.file->owner.value), sanitize_for_terminal(o.file->cycle.value),
           o.clock.last ? o.clock.last->str() : "never", o.clock.due.str(), due_standing(o)});
    }
    std::array<std::size_t, k_columns> width{};
    for (const Row& row : rows) {
      for (std::size_t c = 0; c < k_columns; ++c) {
        width[c] = std::max(width[c], utf8_length(row[c]));
      }
    }
    out << '\n';
    for (std::size_t r = 0; r < rows.size(); ++r) {
      std::string line;
      for (std::size_t c = 0; c + 1 < k_columns; ++c) {
        line += rows[r][c];
        line.append(width[c] - utf8_length(rows[r][c]) + 2, ' ');
      }
      const bool colored = options.color && r > 0;
      if (colored) {
        line += report.owners[r - 1].overdue ? k_red : k_yellow;
      }
      line += rows[r][k_columns - 1];
      if (colored) {
        line += k_reset;
      }
      out << line << '\n';
    }
  }
  if (const std::string note = private_due_note(report); !note.empty()) {
    out << '\n' << note << '\n';
  }
}

} // namespace okr
