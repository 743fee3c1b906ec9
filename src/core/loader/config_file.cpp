#include <algorithm>
#include <array>
#include <fmt/format.h>

#include "loader/files.hpp"
#include "loader/reader.hpp"

namespace okr::loader {

namespace {

constexpr std::array<std::string_view, 4> k_severities = {"off", "info", "warning", "error"};

void read_cycles(Reader& r, const Node& node, Config& config) {
  if (!r.expect_map(node, "'cycles'")) {
    return;
  }
  const auto& c = node.children;
  for (std::size_t i = 0; i + 1 < c.size(); i += 2) {
    auto id = r.cycle_id(c[i], "cycle id");
    if (!id || !r.expect_map(c[i + 1], fmt::format("cycle '{}'", c[i].text))) {
      continue;
    }
    MapView m(r, c[i + 1], fmt::format("cycle '{}'", id->value), {"start", "end"});
    const Node* start = m.require("start", "its first day, such as 2026-10-01");
    const Node* end = m.require("end", "its last day, such as 2026-12-31");
    auto s = start ? r.date(*start, "start") : std::nullopt;
    auto e = end ? r.date(*end, "end") : std::nullopt;
    if (!s || !e) {
      continue;
    }
    if (*e < *s) {
      r.report(
          *end, "schema",
          fmt::format("cycle '{}' ends ({}) before it starts ({})", id->value, e->str(), s->str()));
      continue;
    }
    config.cycles.push_back(Cycle{id->value, *s, *e, r.pos(c[i])});
  }
}

/// A rule's `levels`: one level or a list of them, none twice.
void read_levels(Reader& r, const Node& node, RuleSetting& setting) {
  if (node.is_null() || (node.is_sequence() && node.children.empty())) {
    r.report(node, "schema",
             "'levels' lists the levels a rule applies to, such as [company, unit, team]; "
             "remove it to apply the rule to every level, or turn the rule off");
    return;
  }
  r.one_or_list(node, [&](const Node& item) {
    if (auto level = r.level(item, "levels")) {
      if (std::find(setting.levels.begin(), setting.levels.end(), *level) != setting.levels.end()) {
        r.report(item, "schema", fmt::format("'levels' names '{}' twice", item.text));
      } else {
        setting.levels.push_back(*level);
      }
    }
  });
}

void read_lint(Reader& r, const Node& node, Config& config) {
  // `lint:` with nothing under it sets nothing, as `rules:` with nothing does.
  if (node.is_null() || !r.expect_map(node, "'lint'")) {
    return;
  }
  MapView m(r, node, "'lint'", {"rules", "ignore"});
  if (const Node* rules = m.get("rules"); rules && !rules->is_null()) {
    if (r.expect_map(*rules, "'lint.rules'")) {
      const auto& c = rules->children;
      for (std::size_t i = 0; i + 1 < c.size(); i += 2) {
        RuleSetting setting;
        setting.name = Text{c[i].text, r.pos(c[i])};
        const Node& value = c[i + 1];
        if (value.is_map()) {
          const auto& o = value.children;
          for (std::size_t j = 0; j + 1 < o.size(); j += 2) {
            if (o[j].text == "severity") {
              if (r.choice(o[j + 1], "severity", k_severities)) {
                setting.severity = Text{o[j + 1].text, r.pos(o[j + 1])};
              }
            } else if (o[j].text == "levels") {
              read_levels(r, o[j + 1], setting);
            } else if (auto t = r.text(o[j + 1], o[j].text)) {
              setting.options.emplace(o[j].text, *t);
            }
          }
        } else if (r.choice(value, c[i].text, k_severities)) {
          setting.severity = Text{value.text, r.pos(value)};
        }
        config.rules.push_back(std::move(setting));
      }
    }
  }
  if (const Node* ignore = m.get("ignore")) {
    r.one_or_list(*ignore, [&](const Node& item) {
      if (auto t = r.text(item, "ignore")) {
        config.ignore.push_back(*t);
      }
    });
  }
}

void read_checkin_settings(Reader& r, const Node& node, Config& config) {
  MapView c(r, node, "'checkin'", {"cadence_days", "cadence_by_level", "retro_grace_days"});
  if (const Node* d = c.get("cadence_days")) {
    if (auto v = r.days(*d, "cadence_days", 1, 366)) {
      config.cadence_days = static_cast<int>(v->value);
    }
  }
  if (const Node* levels = c.get("cadence_by_level");
      levels && r.expect_map(*levels, "'cadence_by_level'")) {
    const auto& l = levels->children;
    for (std::size_t i = 0; i + 1 < l.size(); i += 2) {
      const auto level = r.level(l[i], "cadence_by_level");
      const auto days = r.days(l[i + 1], fmt::format("cadence_by_level.{}", l[i].text), 1, 366);
      if (level && days) {
        config.cadence_by_level[static_cast<std::size_t>(*level)] = static_cast<int>(days->value);
      }
    }
  }
  if (const Node* d = c.get("retro_grace_days")) {
    if (auto v = r.days(*d, "retro_grace_days", 0, 366,
                        "; 0 holds retrospectives to their cycle's dates")) {
      config.retro_grace_days = static_cast<int>(v->value);
    }
  }
}

std::optional<std::string> relative_dir(Reader& r, const Node& node, std::string_view key) {
  auto t = r.text(node, key);
  if (!t) {
    return std::nullopt;
  }
  std::string s = t->value;
  while (s.size() > 1 && s.back() == '/') {
    s.pop_back();
  }
  if (s.empty() || s.front() == '/' || s == ".." || s.rfind("../", 0) == 0 ||
      s.find("/../") != std::string::npos || s.find('\\') != std::string::npos) {
    r.report(node, "schema",
             fmt::format("'{}' must be a folder inside the repository, such as '{}', not '{}'", key,
                         key, s));
    return std::nullopt;
  }
  return s;
}

} // namespace

void read_config(const Node& root, std::uint32_t file, const std::string& path, Config& config,
                 std::vector<Diagnostic>& out) {
  Reader r(file, path, out);
  config.file = file;
  if (root.is_null()) {
    return; // an empty okr.yaml is fine: every key is optional
  }
  if (!r.expect_map(root, "okr.yaml")) {
    return;
  }
  MapView m(r, root, "okr.yaml",
            {"version", "organization", "vision", "mission", "strategy", "cycles", "checkin",
             "paths", "private", "main", "lint", "scoring"});
  if (const Node* n = m.get("version")) {
    if (auto v = r.number(*n, "version")) {
      if (v->value != 1) {
        r.report(*n, "schema",
                 fmt::format("this okr reads format version 1, not {}; upgrade okr", n->text));
      }
    }
  }
  if (const Node* n = m.get("organization")) {
    config.organization = r.text(*n, "organization");
  }
  if (const Node* n = m.get("vision")) {
    config.vision = r.text(*n, "vision");
  }
  if (const Node* n = m.get("mission")) {
    r.text(*n, "mission");
  }
  if (const Node* n = m.get("strategy")) {
    r.one_or_list(*n, [&](const Node& item) {
      if (auto t = r.text(item, "strategy")) {
        config.strategy.push_back(*t);
      }
    });
  }
  if (const Node* n = m.get("cycles")) {
    read_cycles(r, *n, config);
  }
  if (const Node* n = m.get("checkin"); n && r.expect_map(*n, "'checkin'")) {
    read_checkin_settings(r, *n, config);
  }
  if (const Node* n = m.get("paths"); n && r.expect_map(*n, "'paths'")) {
    MapView p(r, *n, "'paths'", {"okrs", "checkins"});
    if (const Node* d = p.get("okrs")) {
      if (auto s = relative_dir(r, *d, "okrs")) {
        config.okrs_path = *s;
      }
    }
    if (const Node* d = p.get("checkins")) {
      if (auto s = relative_dir(r, *d, "checkins")) {
        config.checkins_path = *s;
      }
    }
  }
  if (const Node* n = m.get("private"); n && r.expect_map(*n, "'private'")) {
    MapView p(r, *n, "'private'", {"path"});
    if (const Node* d = p.get("path")) {
      if (auto t = r.text(*d, "path")) {
        std::string s = t->value;
        while (s.size() > 1 && s.back() == '/') {
          s.pop_back();
        }
        if (s.empty() || s == "." || s.find('\\') != std::string::npos) {
          r.report(*d, "schema",
                   fmt::format("'private.path' must name the folder of the private repository, "
                               "such as '../okr-private', not '{}'",
                               s));
        } else {
          config.private_path = s;
        }
      }
    }
  }
  if (const Node* n = m.get("main"); n && r.expect_map(*n, "'main'")) {
    MapView p(r, *n, "'main'", {"path"});
    if (const Node* d = p.get("path")) {
      if (auto t = r.text(*d, "path")) {
        config.main_path = t->value;
      }
    }
  }
  if (const Node* n = m.get("lint")) {
    read_lint(r, *n, config);
  }
  if (const Node* n = m.get("scoring"); n && r.expect_map(*n, "'scoring'")) {
    MapView s(r, *n, "'scoring'", {"allow_over_target"});
    if (const Node* a = s.get("allow_over_target")) {
      if (auto b = r.boolean(*a, "allow_over_target")) {
        config.allow_over_target = *b;
      }
    }
  }
}

} // namespace okr::loader
