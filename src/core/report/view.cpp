#include "view.hpp"

#include <cmath>
#include <fmt/format.h>
#include <functional>
#include <iterator>
#include <map>

#include <okr/check_render.hpp>
#include <okr/score_render.hpp>
#include <okr/scoring.hpp>
#include <okr/text.hpp>

#include "svg.hpp"

namespace okr::report {

namespace {

using Kind = View::Kind;

/// Numbers as the templates print them: at most two decimals.
void number_text(std::string& out, double value) {
  out.clear();
  append_number(out, std::round(value * 100) / 100 + 0.0);
}

std::string mermaid_chart(const Report& report) {
  std::map<std::string, std::string> ids; // ref -> n<k>
  std::string nodes;
  auto node = [&](const std::string& ref, const std::string& title) -> std::string {
    auto it = ids.find(ref);
    if (it != ids.end()) {
      return it->second;
    }
    const std::string id = fmt::format("n{}", ids.size() + 1);
    ids.emplace(ref, id);
    nodes += fmt::format("  {}[\"{}{}{}\"]\n", id, escape_mermaid(ref), title.empty() ? "" : ": ",
                         escape_mermaid(title));
    return id;
  };
  for (std::size_t i = 0; i < report.owners.size(); ++i) {
    for (const ReportObjective& o : report.owners.outline(i).objectives) {
      node(o.ref, o.title);
    }
  }
  std::string edges;
  for (const auto& [from, to] : report.alignment.edges) {
    const std::string a = node(from, "");
    const std::string b = node(to, "");
    edges += fmt::format("  {} --> {}\n", a, b);
  }
  std::string chart = "flowchart BT\n" + nodes + edges;
  chart.pop_back(); // the template ends the line
  return chart;
}

enum class ListPart { none, list, has, count };

/// Whether `name` is the list `key`, `has_key` or `key_count`.
ListPart list_part(std::string_view name, std::string_view key) {
  if (name == key) {
    return ListPart::list;
  }
  if (name.size() == key.size() + 4 && name.starts_with("has_") && name.ends_with(key)) {
    return ListPart::has;
  }
  if (name.size() == key.size() + 6 && name.ends_with("_count") && name.starts_with(key)) {
    return ListPart::count;
  }
  return ListPart::none;
}

} // namespace

View::View(const Report& report, Format format) : m_format(format) {
  m_frames.push_back({Node{Kind::root, &report, nullptr}, &m_object, nullptr, nullptr});
}

void View::push(const Data* data) {
  Frame frame{Node{}, data, nullptr, nullptr};
  if (data == &m_object) {
    frame.node = m_last_object;
  } else if (data == &m_scratch) {
    // The scratch value is overwritten by the next lookup: the section keeps a copy.
    const std::size_t depth = m_frames.size();
    if (m_slots.size() <= depth) {
      m_slots.resize(depth + 1);
    }
    if (!m_slots[depth]) {
      m_slots[depth] = std::make_unique<Data>(std::string());
    }
    const_cast<std::string&>(m_slots[depth]->string_value()) = m_scratch.string_value();
    frame.self = m_slots[depth].get();
  } else {
    const List* list = nullptr;
    if (m_last_list != nullptr && m_last_list->holds(data)) {
      list = m_last_list;
    } else if (m_last_popped != nullptr && m_last_popped->holds(data)) {
      list = m_last_popped;
    } else if (auto it = m_by_first_item.upper_bound(data); it != m_by_first_item.begin()) {
      list = std::prev(it)->second->holds(data) ? std::prev(it)->second : nullptr;
    }
    // Otherwise a constant, a scalar kept by an enclosing frame, or an empty list.
    if (list != nullptr) {
      frame.list = list;
      const auto i = static_cast<std::size_t>(data - list->data.list_value().data());
      if (list->owners != nullptr) {
        frame.built = std::make_unique<Built>();
        frame.built->owner = list->owners->owner(i);
        frame.node = Node{Kind::owner, &frame.built->owner, frame.built.get()};
      } else if (!list->nodes.empty()) {
        frame.node = list->nodes[i];
      }
    }
  }
  m_frames.push_back(std::move(frame));
}

void View::pop() {
  Frame& frame = m_frames.back();
  if (frame.list != nullptr) {
    m_last_popped = frame.list;
  }
  if (frame.built) {
    forget(*frame.built);
  }
  m_frames.pop_back();
}

void View::forget(const Built& built) {
  for (const auto& [key, list] : built.lists) {
    if (m_last_list == list.get()) {
      m_last_list = nullptr;
    }
    if (m_last_popped == list.get()) {
      m_last_popped = nullptr;
    }
    if (!list->data.list_value().empty()) {
      m_by_first_item.erase(list->data.list_value().data());
    }
  }
}

bool View::List::holds(const Data* item) const {
  const auto& items = data.list_value();
  return !items.empty() && !std::less<>()(item, items.data()) &&
         std::less<>()(item, items.data() + items.size());
}

const View::Data* View::get(const std::string& name) const {
  if (name.size() == 1 && name[0] == '.') {
    m_last_object = m_frames.back().node;
    return m_frames.back().self;
  }
  return lookup(name, name.find('.') != std::string::npos);
}

const View::Data* View::get_partial(const std::string& name) const {
  // kainjow looks partials up by the whole name, without splitting it at dots.
  return lookup(name, false);
}

const View::Data* View::lookup(const std::string& name, bool dotted) const {
  // As kainjow's context: the innermost section first; a dotted name must resolve whole in one
  // section. Its name splitting (std::getline) drops one empty part at the end only.
  std::vector<std::string_view> parts;
  if (dotted) {
    std::string_view rest = name;
    while (!rest.empty()) {
      const std::size_t dot = rest.find('.');
      parts.push_back(rest.substr(0, dot));
      rest = dot == std::string_view::npos ? std::string_view() : rest.substr(dot + 1);
    }
  }
  for (auto frame = m_frames.rbegin(); frame != m_frames.rend(); ++frame) {
    if (!dotted) {
      if (const Value value = field(frame->node, name)) {
        return result(value);
      }
      continue;
    }
    Node node = frame->node;
    Value value;
    for (std::string_view part : parts) {
      value = field(node, part); // a part that is not an object has no fields: Kind::none
      if (!value) {
        break;
      }
      node = value.node;
    }
    if (value) {
      return result(value);
    }
  }
  return nullptr;
}

const View::Data* View::result(const Value& value) const {
  if (value.data == &m_object) {
    m_last_object = value.node;
  }
  return value.data;
}

View::Value View::text(std::string_view text) const {
  if (text.empty()) {
    return {&m_false, {}};
  }
  const_cast<std::string&>(m_scratch.string_value()).assign(text);
  return {&m_scratch, {}};
}

View::Value View::number(double value) const {
  number_text(const_cast<std::string&>(m_scratch.string_value()), value);
  return {&m_scratch, {}};
}

View::Value View::object(Kind kind, const void* item) const {
  return {&m_object, Node{kind, item, nullptr}};
}

const View::List* View::remember(Lists& lists, const void* key, std::unique_ptr<List> list) const {
  const auto& data = list->data.list_value();
  if (!data.empty()) {
    m_by_first_item.emplace(data.data(), list.get());
  }
  return lists.emplace(key, std::move(list)).first->second.get();
}

template <typename T>
View::Value View::list(const std::vector<T>& items, Kind kind, Built* built) const {
  Lists& lists = built != nullptr ? built->lists : m_lists;
  const auto it = lists.find(&items);
  if (it != lists.end()) {
    m_last_list = it->second.get();
    return {&m_last_list->data, {}};
  }
  auto list = std::make_unique<List>();
  auto& data = const_cast<kainjow::mustache::list&>(list->data.list_value());
  data.reserve(items.size());
  for (const T& item : items) {
    if constexpr (std::is_same_v<T, std::string>) {
      data.emplace_back(item.empty() ? Data(false) : Data(item));
    } else {
      data.emplace_back(true); // a placeholder for the object, nodes[i]
      list->nodes.push_back(Node{kind, &item, built});
    }
  }
  m_last_list = remember(lists, &items, std::move(list));
  return {&m_last_list->data, {}};
}

View::Value View::owner_list(const ReportOwners& owners) const {
  const auto it = m_lists.find(&owners);
  if (it != m_lists.end()) {
    m_last_list = it->second.get();
    return {&m_last_list->data, {}};
  }
  auto list = std::make_unique<List>();
  list->owners = &owners;
  // Placeholders: pushing item i builds owner i.
  auto& data = const_cast<kainjow::mustache::list&>(list->data.list_value());
  data.reserve(owners.size());
  for (std::size_t i = 0; i < owners.size(); ++i) {
    data.emplace_back(true);
  }
  m_last_list = remember(m_lists, &owners, std::move(list));
  return {&m_last_list->data, {}};
}

View::Value View::field(const Node& node, std::string_view name) const {
  const Value none;
  auto boolean = [&](bool value) { return Value{value ? &m_true : &m_false, {}}; };
  auto optional_number = [&](const std::optional<double>& value) {
    return value ? number(*value) : boolean(false);
  };
  // Computed numbers, rounded once, by number(); null (false) when there is none.
  auto optional_score = [&](const std::optional<double>& value) {
    return value ? number(*value) : boolean(false);
  };
  auto grade = [&](Grade g) { return text(g == Grade::none ? "" : to_string(g)); };
  auto pace = [&](Pace p) { return text(to_string(p)); };
  // "2 of 3 measured" where a mean counts unmeasured parts as 0; "" when all are measured.
  auto measured_note = [&](std::size_t measured, std::size_t total, std::string_view what) {
    if (measured == 0 || measured == total) {
      return text("");
    }
    return text(fmt::format("{} of {}{} measured", measured, total, what));
  };
  auto count = [&](std::size_t n) { return number(static_cast<double>(n)); };
  // A list field: the list, has_NAME or NAME_count; `none` when `name` is none of them. The
  // lists of an owner's parts are kept with that owner.
  auto list_field = [&](std::string_view key, const auto& items, Kind kind) -> Value {
    switch (list_part(name, key)) {
    case ListPart::list:
      if constexpr (std::is_same_v<std::decay_t<decltype(items)>, ReportOwners>) {
        return owner_list(items);
      } else {
        return list(items, kind, node.built);
      }
    case ListPart::has:
      return boolean(!items.empty());
    case ListPart::count:
      return count(items.size());
    case ListPart::none:
      break;
    }
    return {};
  };
  auto items = [&](std::string_view key, const std::vector<ReportItem>& list) {
    return list_field(key, list, Kind::item);
  };
  auto strings = [&](std::string_view key, const std::vector<std::string>& list) {
    return list_field(key, list, Kind::none);
  };

  switch (node.kind) {
  case Kind::none:
    return none;

  case Kind::root: {
    const Report& r = *static_cast<const Report*>(node.item);
    if (name == "version") {
      return count(1);
    }
    if (name == "header") {
      return object(Kind::header, &r.header);
    }
    if (name == "summary") {
      return object(Kind::summary, &r.summary);
    }
    if (name == "review") {
      return object(Kind::review, &r.review);
    }
    if (name == "alignment") {
      return object(Kind::alignment, &r.alignment);
    }
    if (m_format == Format::html && name == "distribution") {
      std::string& out = const_cast<std::string&>(m_scratch.string_value());
      out.clear();
      append_svg_score_distribution(out, r);
      return {&m_scratch, {}};
    }
    if (m_format == Format::markdown && name == "mermaid") {
      return text(mermaid_chart(r));
    }
    if (Value v = list_field("owners", r.owners, Kind::owner)) {
      return v;
    }
    if (Value v = list_field("kpis", r.kpis, Kind::kpi)) {
      return v;
    }
    return list_field("retrospectives", r.retros, Kind::retro);
  }

  case Kind::header: {
    const ReportHeader& h = *static_cast<const ReportHeader*>(node.item);
    if (name == "organization") {
      return text(h.organization);
    }
    if (name == "vision") {
      return text(h.vision);
    }
    if (name == "cycle") {
      return object(Kind::cycle, &h);
    }
    if (name == "as_of") {
      return text(h.as_of.str());
    }
    if (name == "commit") {
      return h.commit ? object(Kind::commit, &*h.commit) : boolean(false);
    }
    return strings("strategy", h.strategy);
  }

  case Kind::cycle: {
    const ReportHeader& h = *static_cast<const ReportHeader*>(node.item);
    if (name == "id") {
      return text(h.cycle);
    }
    if (name == "start") {
      return text(h.cycle_start.str());
    }
    if (name == "end") {
      return text(h.cycle_end.str());
    }
    return none;
  }

  case Kind::commit: {
    const ReportCommit& c = *static_cast<const ReportCommit*>(node.item);
    if (name == "hash") {
      return text(c.hash);
    }
    if (name == "modified") {
      return boolean(c.modified);
    }
    return none;
  }

  case Kind::summary: {
    const ReportSummary& s = *static_cast<const ReportSummary*>(node.item);
    if (name == "owners") {
      return count(s.owners);
    }
    if (name == "objectives") {
      return count(s.objectives);
    }
    if (name == "key_results") {
      return count(s.key_results);
    }
    if (name == "committed") {
      return object(Kind::committed, &s);
    }
    if (name == "stretch") {
      return object(Kind::stretch, &s);
    }
    if (name == "at_risk") {
      return count(s.at_risk);
    }
    if (name == "not_measured") {
      return count(s.not_measured);
    }
    if (name == "checkins") {
      return object(Kind::summary_checkins, &s);
    }
    return list_field("levels", s.levels, Kind::level);
  }

  case Kind::level: {
    const LevelMean& l = *static_cast<const LevelMean*>(node.item);
    if (name == "level") {
      return text(l.level);
    }
    if (name == "objectives") {
      return count(l.objectives);
    }
    if (name == "mean") {
      return optional_score(l.mean);
    }
    if (name == "measured") {
      return count(l.measured);
    }
    if (name == "measured_note") {
      return measured_note(l.measured, l.objectives, " objectives");
    }
    return none;
  }

  case Kind::committed: {
    const ReportSummary& s = *static_cast<const ReportSummary*>(node.item);
    if (name == "met") {
      return count(s.committed_met);
    }
    if (name == "total") {
      return count(s.committed_total);
    }
    return none;
  }

  case Kind::stretch: {
    const ReportSummary& s = *static_cast<const ReportSummary*>(node.item);
    if (name == "below") {
      return count(s.stretch_below);
    }
    if (name == "sweet_spot") {
      return count(s.stretch_sweet);
    }
    if (name == "above") {
      return count(s.stretch_above);
    }
    if (name == "total") {
      return count(s.stretch_below + s.stretch_sweet + s.stretch_above);
    }
    return none;
  }

  case Kind::summary_checkins: {
    const ReportSummary& s = *static_cast<const ReportSummary*>(node.item);
    if (name == "on_cadence") {
      return count(s.on_cadence);
    }
    if (name == "owners") {
      return count(s.owners);
    }
    if (name == "cadence_days") {
      return number(s.cadence_days);
    }
    return none;
  }

  case Kind::owner: {
    const ReportOwner& o = *static_cast<const ReportOwner*>(node.item);
    if (name == "id") {
      return text(o.id);
    }
    if (name == "name") {
      return text(o.name);
    }
    if (name == "level") {
      return text(o.level);
    }
    if (name == "parent") {
      return text(o.parent);
    }
    if (name == "cycle") {
      return object(Kind::owner_cycle, &o);
    }
    if (name == "private") {
      return boolean(o.is_private);
    }
    if (name == "score") {
      return optional_score(o.score);
    }
    if (name == "grade") {
      return grade(o.grade);
    }
    if (name == "pace") {
      return pace(o.pace);
    }
    if (name == "colour") {
      return grade(o.colour);
    }
    if (name == "standing") {
      return text(standing_label(o.score.has_value(), o.grade, o.pace));
    }
    if (name == "measured_count") {
      return count(o.measured);
    }
    if (name == "total_count") {
      return count(o.objectives.size());
    }
    if (name == "measured_note") {
      return measured_note(o.measured, o.objectives.size(), " objectives");
    }
    if (name == "expected") {
      return number(o.expected);
    }
    if (name == "checkins") {
      return count(o.checkins);
    }
    if (name == "on_cadence") {
      return boolean(o.on_cadence);
    }
    if (name == "latest") {
      return o.latest ? object(Kind::latest, &*o.latest) : boolean(false);
    }
    return list_field("objectives", o.objectives, Kind::objective);
  }

  case Kind::owner_cycle: {
    const ReportOwner& o = *static_cast<const ReportOwner*>(node.item);
    if (name == "id") {
      return text(o.cycle);
    }
    if (name == "start") {
      return text(o.cycle_start.str());
    }
    if (name == "end") {
      return text(o.cycle_end.str());
    }
    return none;
  }

  case Kind::latest: {
    const ReportCheckin& c = *static_cast<const ReportCheckin*>(node.item);
    if (name == "date") {
      return text(c.date.str());
    }
    if (name == "author") {
      return text(c.author);
    }
    if (name == "confidence") {
      return optional_number(c.confidence);
    }
    if (name == "confidence_trend") {
      return text(c.confidence_trend);
    }
    if (name == "status") {
      return text(c.status);
    }
    if (name == "status_trend") {
      return text(c.status_trend);
    }
    if (name == "issues") {
      return text(c.issues);
    }
    if (name == "plan") {
      return text(c.plan);
    }
    return none;
  }

  case Kind::objective: {
    const ReportObjective& o = *static_cast<const ReportObjective*>(node.item);
    if (name == "id") {
      return text(o.id);
    }
    if (name == "ref") {
      return text(o.ref);
    }
    if (name == "title") {
      return text(o.title);
    }
    if (name == "shared_from") {
      return text(o.shared_from);
    }
    if (name == "score") {
      return optional_score(o.score);
    }
    if (name == "grade") {
      return grade(o.grade);
    }
    if (name == "pace") {
      return pace(o.pace);
    }
    if (name == "colour") {
      return grade(o.colour);
    }
    if (name == "standing") {
      return text(standing_label(o.score.has_value(), o.grade, o.pace));
    }
    if (name == "measured_count") {
      return count(o.measured);
    }
    if (name == "total_count") {
      return count(o.parts);
    }
    if (name == "measured_note") {
      return measured_note(o.measured, o.parts, "");
    }
    if (name == "rollup") {
      return boolean(!o.sharers.empty());
    }
    if (name == "at_risk") {
      return boolean(o.at_risk);
    }
    if (name == "team_call") {
      return boolean(o.team_call);
    }
    if (name == "score_percent") {
      return number(static_cast<double>(std::lround(o.score.value_or(0) * 100)));
    }
    if (!o.sharers.empty()) { // only a roll-up has them, as in the JSON
      if (Value v = list_field("sharers", o.sharers, Kind::sharer)) {
        return v;
      }
    }
    if (Value v = strings("aligns_to", o.aligns_to)) {
      return v;
    }
    return list_field("key_results", o.key_results, Kind::key_result);
  }

  case Kind::key_result: {
    const ReportKr& k = *static_cast<const ReportKr*>(node.item);
    if (name == "id") {
      return text(k.id);
    }
    if (name == "ref") {
      return text(k.ref);
    }
    if (name == "title") {
      return text(k.title);
    }
    if (name == "type") {
      return text(k.type);
    }
    if (name == "measure") {
      return text(k.measure);
    }
    if (name == "baseline") {
      return optional_number(k.baseline);
    }
    if (name == "value") {
      return optional_number(k.value);
    }
    if (name == "target") {
      return optional_number(k.target);
    }
    if (name == "unit") {
      return text(k.unit);
    }
    if (name == "weight") {
      return number(k.weight);
    }
    if (name == "measured") {
      return boolean(k.measured);
    }
    if (name == "done") {
      return boolean(k.done && *k.done);
    }
    if (name == "score") {
      return optional_score(k.score);
    }
    if (name == "grade") {
      return grade(k.grade);
    }
    if (name == "pace") {
      return pace(k.pace);
    }
    if (name == "colour") {
      return grade(k.colour);
    }
    if (name == "standing") {
      return text(standing_label(k.measured, k.grade, k.pace));
    }
    if (name == "succeeded") {
      return boolean(k.succeeded);
    }
    if (name == "expected") {
      return number(k.expected);
    }
    if (name == "behind_pace") {
      return boolean(k.behind_pace);
    }
    if (name == "at_risk") {
      return boolean(k.at_risk);
    }
    if (name == "team_call") {
      return boolean(k.team_call);
    }
    if (name == "is_guardrail") {
      return boolean(k.guardrail.has_value());
    }
    // A guardrail's readings, held and breaches; other key results have none of them.
    if (k.guardrail) {
      if (name == "readings") {
        return count(k.guardrail->readings);
      }
      if (name == "held") {
        return count(k.guardrail->held);
      }
      if (Value v = list_field("breaches", k.guardrail->breaches, Kind::breach)) {
        return v;
      }
    }
    if (name == "forecast") {
      return optional_score(k.forecast);
    }
    if (name == "forecast_value") {
      return optional_score(k.forecast_value);
    }
    if (name == "is_progress") {
      return boolean(k.measure == "progress");
    }
    if (name == "is_stay_above") {
      return boolean(k.measure == "stay_above");
    }
    if (name == "is_stay_below") {
      return boolean(k.measure == "stay_below");
    }
    if (name == "is_milestone") {
      return boolean(k.measure == "milestone");
    }
    if (name == "score_percent") {
      return number(static_cast<double>(std::lround(k.score.value_or(0) * 100)));
    }
    if (m_format == Format::html && name == "chart") {
      std::string& out = const_cast<std::string&>(m_scratch.string_value());
      out.clear();
      append_svg_kr_chart(out, k, node.built->owner.cycle_start, node.built->owner.cycle_end);
      return {&m_scratch, {}};
    }
    return list_field("values", k.values, Kind::point);
  }

  case Kind::point: {
    const ReportPoint& p = *static_cast<const ReportPoint*>(node.item);
    if (name == "date") {
      return text(p.date.str());
    }
    if (name == "value") {
      return number(p.value);
    }
    return none;
  }

  case Kind::sharer: {
    const SharerScore& sharer = *static_cast<const SharerScore*>(node.item);
    if (name == "ref") {
      return text(sharer.ref);
    }
    if (name == "score") {
      return optional_score(sharer.score);
    }
    if (name == "weight") {
      return number(sharer.weight);
    }
    return none;
  }

  case Kind::breach: {
    const Breach& b = *static_cast<const Breach*>(node.item);
    if (name == "date") {
      return text(b.date.str());
    }
    if (name == "value") {
      return number(b.value);
    }
    return none;
  }

  case Kind::review: {
    const ReportReview& r = *static_cast<const ReportReview*>(node.item);
    if (Value v = items("committed_below_target", r.committed_below)) {
      return v;
    }
    if (Value v = items("stretch_at_target", r.stretch_at_target)) {
      return v;
    }
    if (Value v = items("objectives_at_risk", r.objectives_at_risk)) {
      return v;
    }
    if (Value v = items("not_measured_yet", r.not_measured)) {
      return v;
    }
    return strings("stale_owners", r.stale_owners);
  }

  case Kind::item: {
    const ReportItem& i = *static_cast<const ReportItem*>(node.item);
    if (name == "ref") {
      return text(i.ref);
    }
    if (name == "title") {
      return text(i.title);
    }
    if (name == "score") {
      return optional_score(i.score);
    }
    if (name == "team_call") {
      return boolean(i.team_call);
    }
    return none;
  }

  case Kind::kpi: {
    const ReportKpi& k = *static_cast<const ReportKpi*>(node.item);
    if (name == "owner") {
      return text(k.owner);
    }
    if (name == "id") {
      return text(k.id);
    }
    if (name == "title") {
      return text(k.title);
    }
    if (name == "unit") {
      return text(k.unit);
    }
    if (name == "guardrail") {
      return text(k.guardrail);
    }
    if (name == "threshold") {
      return optional_number(k.threshold);
    }
    if (name == "value") {
      return optional_number(k.value);
    }
    if (name == "date") {
      return k.date ? text(k.date->str()) : boolean(false);
    }
    if (name == "health") {
      return text(k.health);
    }
    return none;
  }

  case Kind::alignment: {
    const ReportAlignment& a = *static_cast<const ReportAlignment*>(node.item);
    if (name == "counts") {
      return object(Kind::alignment_counts, &a);
    }
    if (Value v = items("gaps", a.gaps)) {
      return v;
    }
    if (Value v = items("orphans", a.orphans)) {
      return v;
    }
    if (Value v = list_field("overlaps", a.overlaps, Kind::overlap)) {
      return v;
    }
    return list_field("edges", a.edges, Kind::edge);
  }

  case Kind::alignment_counts: {
    const ReportAlignment& a = *static_cast<const ReportAlignment*>(node.item);
    if (name == "gaps") {
      return count(a.gaps.size());
    }
    if (name == "orphans") {
      return count(a.orphans.size());
    }
    if (name == "overlaps") {
      return count(a.overlaps.size());
    }
    return none;
  }

  case Kind::overlap: {
    const ReportOverlap& o = *static_cast<const ReportOverlap*>(node.item);
    if (name == "suggestion") {
      return text(o.suggestion);
    }
    return strings("refs", o.refs);
  }

  case Kind::edge: {
    const auto& e = *static_cast<const std::pair<std::string, std::string>*>(node.item);
    if (name == "from") {
      return text(e.first);
    }
    if (name == "to") {
      return text(e.second);
    }
    return none;
  }

  case Kind::retro: {
    const ReportRetro& r = *static_cast<const ReportRetro*>(node.item);
    if (name == "owner") {
      return text(r.owner);
    }
    if (name == "date") {
      return text(r.date.str());
    }
    if (name == "author") {
      return text(r.author);
    }
    if (Value v = strings("attractors", r.attractors)) {
      return v;
    }
    if (Value v = strings("detractors", r.detractors)) {
      return v;
    }
    return strings("learned", r.learned);
  }
  }
  return none;
}

} // namespace okr::report
