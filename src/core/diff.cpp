// okr diff: the changes between two states of a repository, compared as the model.

#include <algorithm>
#include <fmt/format.h>
#include <map>

#include <okr/diff.hpp>
#include <okr/text.hpp>

namespace okr {

std::string_view to_string(ChangeKind kind) {
  switch (kind) {
  case ChangeKind::owner_added:
    return "owner-added";
  case ChangeKind::owner_removed:
    return "owner-removed";
  case ChangeKind::owner_reparented:
    return "owner-reparented";
  case ChangeKind::visibility:
    return "visibility";
  case ChangeKind::objective_added:
    return "objective-added";
  case ChangeKind::objective_removed:
    return "objective-removed";
  case ChangeKind::objective_renamed:
    return "objective-renamed";
  case ChangeKind::objective_retitled:
    return "objective-retitled";
  case ChangeKind::objective_realigned:
    return "objective-realigned";
  case ChangeKind::objective_reweighted:
    return "objective-reweighted";
  case ChangeKind::kr_added:
    return "key-result-added";
  case ChangeKind::kr_removed:
    return "key-result-removed";
  case ChangeKind::kr_renamed:
    return "key-result-renamed";
  case ChangeKind::kr_retitled:
    return "key-result-retitled";
  case ChangeKind::kr_measure:
    return "key-result-measure";
  case ChangeKind::kr_type:
    return "key-result-type";
  case ChangeKind::kr_unit:
    return "key-result-unit";
  case ChangeKind::kr_weight:
    return "key-result-weight";
  case ChangeKind::kr_contributes_to:
    return "key-result-contributes-to";
  }
  return "unknown";
}

namespace {

std::string number_text(const Number* n) {
  return n ? format_number(n->value) : std::string();
}
std::string number_text(const std::optional<Number>& n) {
  return number_text(n ? &*n : nullptr);
}
std::string number_text(const Boxed<Number>& n) {
  return number_text(n ? &*n : nullptr);
}

std::string refs_text(const std::vector<Ref>& refs) {
  std::vector<std::string> parts;
  for (const Ref& r : refs) {
    parts.push_back(r.str());
  }
  return fmt::format("{}", fmt::join(parts, ", "));
}

std::string texts_text(const std::vector<Text>& texts) {
  std::vector<std::string_view> parts;
  for (const Text& t : texts) {
    parts.push_back(t.value);
  }
  return fmt::format("{}", fmt::join(parts, ", "));
}

/// A key result's fields that a rename keeps: everything but its id.
std::string kr_content(const KeyResult& kr) {
  return fmt::format("{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}",
                     kr.title.value, number_text(kr.baseline), number_text(kr.target),
                     number_text(kr.stay_above), number_text(kr.stay_below),
                     kr.stay_between ? kr.stay_between->str() : "", kr.milestone.has_value(),
                     kr.unit ? kr.unit->value : "", to_string(kr.type), format_number(kr.weight),
                     refs_text(kr.contributes_to));
}

std::string objective_content(const Objective& o) {
  std::string out =
      fmt::format("{}\x1f{}\x1f{}\x1f{}\x1f{}", o.title.value, o.shared ? o.shared->str() : "",
                  refs_text(o.aligns_to), format_number(o.weight), texts_text(o.depends_on));
  for (const KeyResult& kr : o.key_results) {
    out += fmt::format("\x1e{}\x1f{}", kr.id.value, kr_content(kr));
  }
  return out;
}

template <typename T> const T* find_id(const std::vector<T>& items, std::string_view id) {
  for (const T& item : items) {
    if (item.id.value == id) {
      return &item;
    }
  }
  return nullptr;
}

class Differ {
public:
  Differ(const OkrFile& owner, std::vector<Change>& out) : m_owner(owner), m_out(out) {}

  void add(ChangeKind kind, std::string objective = {}, std::string kr = {}, std::string field = {},
           std::string from = {}, std::string to = {}) {
    m_out.push_back({kind,
                     m_owner.cycle.value,
                     m_owner.owner.value,
                     std::move(objective),
                     std::move(kr),
                     std::move(field),
                     std::move(from),
                     std::move(to),
                     {}});
  }

  void compare(const OkrFile& a, const OkrFile& b) {
    const std::string pa = a.parent ? a.parent->value : "";
    const std::string pb = b.parent ? b.parent->value : "";
    if (pa != pb) {
      add(ChangeKind::owner_reparented, {}, {}, "parent", pa, pb);
    }
    if (a.is_private != b.is_private) {
      add(ChangeKind::visibility, {}, {}, "visibility", a.is_private ? "private" : "public",
          b.is_private ? "private" : "public");
    }
    // Objectives by id; an id that went away while another came with the same content is a
    // rename, as git detects a renamed file.
    std::vector<const Objective*> removed;
    for (const Objective& o : a.objectives) {
      if (!find_id(b.objectives, o.id.value)) {
        removed.push_back(&o);
      }
    }
    for (const Objective& o : b.objectives) {
      const Objective* before = find_id(a.objectives, o.id.value);
      if (before) {
        compare(*before, o);
        continue;
      }
      const std::string content = objective_content(o);
      auto same = std::find_if(removed.begin(), removed.end(), [&](const Objective* r) {
        return r && objective_content(*r) == content;
      });
      if (same != removed.end()) {
        add(ChangeKind::objective_renamed, o.id.value, {}, "id", (*same)->id.value, o.id.value);
        *same = nullptr;
        continue;
      }
      add(ChangeKind::objective_added, o.id.value, {}, "title", {}, o.title.value);
    }
    for (const Objective* r : removed) {
      if (r) {
        add(ChangeKind::objective_removed, r->id.value, {}, "title", r->title.value, {});
      }
    }
  }

private:
  void compare(const Objective& a, const Objective& b) {
    const std::string& id = b.id.value;
    if (a.title.value != b.title.value) {
      add(ChangeKind::objective_retitled, id, {}, "title", a.title.value, b.title.value);
    }
    const std::string sa = a.shared ? a.shared->str() : "";
    const std::string sb = b.shared ? b.shared->str() : "";
    if (sa != sb) {
      add(ChangeKind::objective_realigned, id, {}, "shared", sa, sb);
    }
    if (refs_text(a.aligns_to) != refs_text(b.aligns_to)) {
      add(ChangeKind::objective_realigned, id, {}, "aligns_to", refs_text(a.aligns_to),
          refs_text(b.aligns_to));
    }
    if (texts_text(a.depends_on) != texts_text(b.depends_on)) {
      add(ChangeKind::objective_realigned, id, {}, "depends_on", texts_text(a.depends_on),
          texts_text(b.depends_on));
    }
    if (a.weight != b.weight) {
      add(ChangeKind::objective_reweighted, id, {}, "weight", format_number(a.weight),
          format_number(b.weight));
    }
    std::vector<const KeyResult*> removed;
    for (const KeyResult& kr : a.key_results) {
      if (!find_id(b.key_results, kr.id.value)) {
        removed.push_back(&kr);
      }
    }
    for (const KeyResult& kr : b.key_results) {
      if (const KeyResult* before = find_id(a.key_results, kr.id.value)) {
        compare(id, *before, kr);
        continue;
      }
      const std::string content = kr_content(kr);
      auto same = std::find_if(removed.begin(), removed.end(),
                               [&](const KeyResult* r) { return r && kr_content(*r) == content; });
      if (same != removed.end()) {
        add(ChangeKind::kr_renamed, id, kr.id.value, "id", (*same)->id.value, kr.id.value);
        *same = nullptr;
        continue;
      }
      add(ChangeKind::kr_added, id, kr.id.value, "title", {}, kr.title.value);
    }
    for (const KeyResult* r : removed) {
      if (r) {
        add(ChangeKind::kr_removed, id, r->id.value, "title", r->title.value, {});
      }
    }
  }

  void compare(const std::string& objective, const KeyResult& a, const KeyResult& b) {
    const std::string& id = b.id.value;
    if (a.title.value != b.title.value) {
      add(ChangeKind::kr_retitled, objective, id, "title", a.title.value, b.title.value);
    }
    const std::pair<const char*, std::string (*)(const KeyResult&)> measures[] = {
        {"baseline", [](const KeyResult& kr) { return number_text(kr.baseline); }},
        {"target", [](const KeyResult& kr) { return number_text(kr.target); }},
        {"stay_above", [](const KeyResult& kr) { return number_text(kr.stay_above); }},
        {"stay_below", [](const KeyResult& kr) { return number_text(kr.stay_below); }},
    };
    for (const auto& [field, text] : measures) {
      const std::string va = text(a);
      const std::string vb = text(b);
      if (va != vb) {
        add(ChangeKind::kr_measure, objective, id, field, va, vb);
      }
    }
    const std::string ra = a.stay_between ? a.stay_between->str() : "";
    const std::string rb = b.stay_between ? b.stay_between->str() : "";
    if (ra != rb) {
      add(ChangeKind::kr_measure, objective, id, "stay_between", ra, rb);
    }
    if (a.milestone.has_value() != b.milestone.has_value()) {
      add(ChangeKind::kr_measure, objective, id, "milestone", a.milestone ? "true" : "",
          b.milestone ? "true" : "");
    }
    if (a.type != b.type) {
      add(ChangeKind::kr_type, objective, id, "type", std::string(to_string(a.type)),
          std::string(to_string(b.type)));
    }
    const std::string ua = a.unit ? a.unit->value : "";
    const std::string ub = b.unit ? b.unit->value : "";
    if (ua != ub) {
      add(ChangeKind::kr_unit, objective, id, "unit", ua, ub);
    }
    if (a.weight != b.weight) {
      add(ChangeKind::kr_weight, objective, id, "weight", format_number(a.weight),
          format_number(b.weight));
    }
    if (refs_text(a.contributes_to) != refs_text(b.contributes_to)) {
      add(ChangeKind::kr_contributes_to, objective, id, "contributes_to",
          refs_text(a.contributes_to), refs_text(b.contributes_to));
    }
  }

  const OkrFile& m_owner;
  std::vector<Change>& m_out;
};

using Owners = std::map<std::pair<std::string, std::string>, const OkrFile*>;

Owners owners_of(const Repository& repo, const std::vector<std::string>& skipped) {
  Owners owners;
  for (const OkrFile& f : repo.okr_files) {
    const std::string& path = repo.files[f.file].path;
    if (std::find(skipped.begin(), skipped.end(), path) == skipped.end()) {
      owners.emplace(std::pair(f.cycle.value, f.owner.value), &f);
    }
  }
  return owners;
}

} // namespace

std::vector<Change> diff_repositories(const Repository& before, const Repository& after,
                                      const std::vector<std::string>& failed_before,
                                      const std::vector<std::string>& failed_after) {
  const Owners a = owners_of(before, failed_after);
  const Owners b = owners_of(after, failed_before);
  std::vector<Change> out;
  auto ia = a.begin();
  auto ib = b.begin();
  while (ia != a.end() || ib != b.end()) {
    if (ib == b.end() || (ia != a.end() && ia->first < ib->first)) {
      const OkrFile& gone = *ia->second;
      Differ(gone, out).add(ChangeKind::owner_removed, {}, {}, "level",
                            std::string(to_string(gone.level)), {});
      ++ia;
    } else if (ia == a.end() || ib->first < ia->first) {
      const OkrFile& added = *ib->second;
      Differ(added, out)
          .add(ChangeKind::owner_added, {}, {}, "level", {}, std::string(to_string(added.level)));
      ++ib;
    } else {
      Differ(*ib->second, out).compare(*ia->second, *ib->second);
      ++ia;
      ++ib;
    }
  }
  return out;
}

std::string change_key(const Change& c) {
  return fmt::format("{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}", to_string(c.kind), c.cycle, c.owner,
                     c.objective, c.kr, c.field);
}

std::string describe_change(const Change& c) {
  const std::string kr = fmt::format("key result {}/{}", c.objective, c.kr);
  const std::string objective = fmt::format("objective {}", c.objective);
  auto quoted = [](const std::string& s) { return fmt::format("\"{}\"", s); };
  auto arrow = [](const std::string& a, const std::string& b) {
    return fmt::format("{} → {}", a.empty() ? "(none)" : a, b.empty() ? "(none)" : b);
  };
  switch (c.kind) {
  case ChangeKind::owner_added:
    return fmt::format("owner added ({})", c.to);
  case ChangeKind::owner_removed:
    return fmt::format("owner removed ({})", c.from);
  case ChangeKind::owner_reparented:
    return fmt::format("parent {}", arrow(c.from, c.to));
  case ChangeKind::visibility:
    return fmt::format("visibility {}", arrow(c.from, c.to));
  case ChangeKind::objective_added:
    return fmt::format("{} added: {}", objective, quoted(c.to));
  case ChangeKind::objective_removed:
    return fmt::format("{} removed: {}", objective, quoted(c.from));
  case ChangeKind::objective_renamed:
    return fmt::format("objective {} renamed to {}", c.from, c.to);
  case ChangeKind::objective_retitled:
    return fmt::format("{} title {} → {}", objective, quoted(c.from), quoted(c.to));
  case ChangeKind::objective_realigned:
  case ChangeKind::objective_reweighted:
    return fmt::format("{} {} {}", objective, c.field, arrow(c.from, c.to));
  case ChangeKind::kr_added:
    return fmt::format("{} added: {}", kr, quoted(c.to));
  case ChangeKind::kr_removed:
    return fmt::format("{} removed: {}", kr, quoted(c.from));
  case ChangeKind::kr_renamed:
    return fmt::format("key result {}/{} renamed to {}", c.objective, c.from, c.to);
  case ChangeKind::kr_retitled:
    return fmt::format("{} title {} → {}", kr, quoted(c.from), quoted(c.to));
  case ChangeKind::kr_measure:
  case ChangeKind::kr_type:
  case ChangeKind::kr_unit:
  case ChangeKind::kr_weight:
  case ChangeKind::kr_contributes_to:
    return fmt::format("{} {} {}", kr, c.field, arrow(c.from, c.to));
  }
  return {};
}

} // namespace okr
