// `okr diff` for people (text, coloured on a terminal) and for a pull-request comment
// (markdown): one block per owner, one line per change, the commit that made it when known.

#include <fmt/format.h>
#include <ostream>

#include <okr/check_render.hpp>
#include <okr/diff.hpp>
#include <okr/text.hpp>

namespace okr {

namespace {

constexpr std::string_view k_reset = "\x1b[0m";
constexpr std::string_view k_bold = "\x1b[1m";
constexpr std::string_view k_green = "\x1b[32m";
constexpr std::string_view k_red = "\x1b[31m";
constexpr std::string_view k_yellow = "\x1b[33m";
constexpr std::string_view k_dim = "\x1b[2m";

/// "+" added, "-" removed, "~" changed.
char sign(ChangeKind kind) {
  switch (kind) {
  case ChangeKind::owner_added:
  case ChangeKind::objective_added:
  case ChangeKind::kr_added:
    return '+';
  case ChangeKind::owner_removed:
  case ChangeKind::objective_removed:
  case ChangeKind::kr_removed:
    return '-';
  default:
    return '~';
  }
}

std::string side(const std::string& name, const std::optional<Commit>& commit) {
  if (!commit || name == commit->short_id) {
    return commit ? commit->short_id : name;
  }
  return fmt::format("{} ({})", name, commit->short_id);
}

std::string attribution(const Change& c) {
  if (!c.commit) {
    return {};
  }
  return fmt::format("{}, commit {}, by {}", c.commit->author_date.str(), c.commit->short_id,
                     c.commit->author);
}

std::size_t owners_in(const DiffReport& report) {
  std::size_t owners = 0;
  const Change* last = nullptr;
  for (const Change& c : report.changes) {
    if (!last || last->owner != c.owner || last->cycle != c.cycle) {
      ++owners;
    }
    last = &c;
  }
  return owners;
}

std::string summary(const DiffReport& report) {
  const std::size_t n = report.changes.size();
  if (n == 0) {
    return fmt::format("no changes to the OKRs from {} to {}",
                       side(report.from, report.from_commit), side(report.to, report.to_commit));
  }
  const std::size_t owners = owners_in(report);
  return fmt::format("{} change{} in {} owner{} from {} to {}", n, n == 1 ? "" : "s", owners,
                     owners == 1 ? "" : "s", side(report.from, report.from_commit),
                     side(report.to, report.to_commit));
}

} // namespace

void render_diff_text(std::ostream& out, const DiffReport& report, bool color) {
  auto paint = [&](std::string_view style, std::string_view text) {
    return color ? fmt::format("{}{}{}", style, text, k_reset) : std::string(text);
  };
  out << sanitize_for_terminal(summary(report)) << '\n';
  const Change* last = nullptr;
  for (const Change& c : report.changes) {
    if (!last || last->owner != c.owner || last->cycle != c.cycle) {
      out << '\n'
          << paint(k_bold, sanitize_for_terminal(fmt::format("{} ({})", c.owner, c.cycle))) << '\n';
    }
    last = &c;
    const char s = sign(c.kind);
    const std::string_view style = s == '+' ? k_green : s == '-' ? k_red : k_yellow;
    out << "  " << paint(style, sanitize_for_terminal(fmt::format("{} {}", s, describe_change(c))));
    if (c.commit) {
      out << paint(k_dim, sanitize_for_terminal(fmt::format(", {}", attribution(c))));
    }
    out << '\n';
  }
}

void render_diff_markdown(std::ostream& out, const DiffReport& report) {
  auto escape = [](const std::string& text) { return escape_markdown(text); };
  out << "### OKR changes\n\n" << escape(summary(report)) << ".\n";
  const Change* last = nullptr;
  for (const Change& c : report.changes) {
    if (!last || last->owner != c.owner || last->cycle != c.cycle) {
      out << "\n**" << escape(c.owner) << "** (" << escape(c.cycle) << ")\n\n";
    }
    last = &c;
    out << "- " << sign(c.kind) << ' ' << escape(describe_change(c));
    if (c.commit) {
      out << " (" << escape(attribution(c)) << ")";
    }
    out << '\n';
  }
}

} // namespace okr
