#include <array>
#include <fmt/format.h>

#include "loader/files.hpp"
#include "loader/reader.hpp"

namespace okr::loader {

namespace {

constexpr std::array<std::string_view, 2> k_kinds = {"checkin", "retro"};
constexpr std::array<std::string_view, 3> k_statuses = {"on-track", "behind", "at-risk"};

std::vector<Text> read_strings(Reader& r, const Node& node, std::string_view key) {
  std::vector<Text> out;
  r.one_or_list(node, [&](const Node& item) {
    if (auto text = r.text(item, key)) {
      out.push_back(*text);
    }
  });
  return out;
}

/// A results or kpis mapping: key → number, or done/not-done when `milestones` is allowed.
std::vector<ResultValue> read_values(Reader& r, const Node& node, std::string_view key,
                                     bool milestones) {
  std::vector<ResultValue> out;
  if (!r.expect_map(node, fmt::format("'{}'", key))) {
    return out;
  }
  const auto& c = node.children;
  out.reserve(c.size() / 2); // exactly: a repository keeps one per key result per check-in
  for (std::size_t i = 0; i + 1 < c.size(); i += 2) {
    const Node& k = c[i];
    const Node& v = c[i + 1];
    if (!k.is_scalar()) {
      r.report(k, "schema", fmt::format("keys of '{}' must be plain ids", key));
      continue;
    }
    ResultValue value(k.text, r.pos(k), r.pos(v));
    if (milestones && v.is_scalar() && (v.text == "done" || v.text == "not-done")) {
      value.set_done(v.text == "done");
    } else if (v.is_scalar() && v.plain && !v.is_null() &&
               (v.text == "true" || v.text == "false")) {
      r.report(v, "checkin-bad-value",
               fmt::format("'{}' is {}; a milestone takes done or not-done, a number KR a number",
                           k.text, v.text));
      continue;
    } else {
      std::vector<Diagnostic> ignored;
      Reader quiet(r.pos(v).file, r.path(), ignored);
      if (auto n = quiet.number(v, k.text)) {
        value.set_number(n->value, n->decimals);
      } else {
        r.report(v, "checkin-bad-value",
                 fmt::format(
                     "'{}' must be {}, not {}{}", k.text,
                     milestones ? "a number (or done / not-done for a milestone)" : "a number",
                     v.is_scalar() && !v.is_null() ? "'" + v.text + "'" : std::string(describe(v)),
                     v.is_scalar() ? decimal_comma_hint(v.text) : std::string()));
        continue;
      }
    }
    out.push_back(std::move(value));
  }
  return out;
}

} // namespace

std::optional<Checkin> read_checkin(const Node& root, std::uint32_t file, const std::string& path,
                                    std::vector<Diagnostic>& out) {
  Reader r(file, path, out);
  if (!r.expect_map(root, "a check-in file")) {
    return std::nullopt;
  }
  MapView m(r, root, "a check-in",
            {"owner", "cycle", "date", "author", "kind", "confidence", "status", "results", "kpis",
             "issues", "plan", "attractors", "detractors", "learned", "retro", "notes"});
  Checkin c;
  c.file = file;
  c.pos = r.pos(root);
  bool header_ok = true;
  if (const Node* n = m.require("owner", "the id of the owner checking in")) {
    if (auto id = r.id(*n, "owner")) {
      c.owner = *id;
    } else {
      header_ok = false;
    }
  } else {
    header_ok = false;
  }
  if (const Node* n = m.require("cycle", "the cycle, such as 2026-Q4")) {
    if (auto id = r.cycle_id(*n, "cycle")) {
      c.cycle = *id;
    } else {
      header_ok = false;
    }
  } else {
    header_ok = false;
  }
  if (const Node* n = m.require("date", "the day of the check-in, such as 2026-10-09")) {
    c.date_pos = r.pos(*n);
    if (auto d = r.date(*n, "date")) {
      c.date = *d;
    } else {
      header_ok = false;
    }
  } else {
    header_ok = false;
  }
  if (const Node* n = m.get("author")) {
    c.author = r.text(*n, "author");
  }
  if (const Node* n = m.get("kind")) {
    if (auto k = r.choice(*n, "kind", k_kinds)) {
      c.kind = static_cast<CheckinKind>(*k);
    }
  }
  if (const Node* n = m.get("retro")) {
    r.text(*n, "retro"); // mid | end, free text is tolerated
  }
  if (const Node* n = m.get("confidence")) {
    c.confidence = r.number(*n, "confidence");
  }
  if (const Node* n = m.get("status")) {
    if (auto s = r.choice(*n, "status", k_statuses)) {
      c.status = static_cast<Status>(*s);
    }
  }
  if (const Node* n = m.get("results")) {
    if (!n->is_null()) {
      c.results = read_values(r, *n, "results", true);
    }
  }
  if (const Node* n = m.get("kpis")) {
    if (!n->is_null()) {
      c.kpis = read_values(r, *n, "kpis", false);
    }
  }
  if (const Node* n = m.get("issues")) {
    if (!n->is_null()) {
      c.issues = r.text(*n, "issues");
    }
  }
  if (const Node* n = m.get("plan")) {
    if (!n->is_null()) {
      c.plan = r.text(*n, "plan");
    }
  }
  if (const Node* n = m.get("notes")) {
    r.text(*n, "notes");
  }
  for (auto [key, list] :
       {std::pair{"attractors", &c.attractors}, std::pair{"detractors", &c.detractors},
        std::pair{"learned", &c.learned}}) {
    if (const Node* n = m.get(key)) {
      *list = read_strings(r, *n, key);
    }
  }
  if (!header_ok) {
    return std::nullopt;
  }
  return c;
}

} // namespace okr::loader
