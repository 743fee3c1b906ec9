#include "view.hpp"

#include <cmath>
#include <fmt/format.h>
#include <functional>
#include <iterator>
#include <map>

#include <okr/check_render.hpp>
#include <okr/number.hpp>
#include <okr/score_render.hpp>
#include <okr/scoring.hpp>
#include <okr/text.hpp>

#include "fields.hpp"
#include "svg.hpp"

namespace okr::report {

namespace {

/// A computed number (a score, a pace) as the templates print it: rounded once, to
/// k_fraction_decimals, without trailing zeros.
void fraction_text(std::string& out, double value) {
  out.clear();
  append_number(out, round_fraction(value));
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

/// Walks the fields of a `T` (fields.hpp) with a lookup.
template <typename T> void walk(View::Lookup& lookup, const void* item) {
  fields(lookup, *static_cast<const T*>(item));
}

/// Walks the part of a `T` that the functor `F` lists.
template <typename T, typename F> void walk_part(View::Lookup& lookup, const void* item) {
  F{}(lookup, *static_cast<const T*>(item));
}

} // namespace

/// Looks one name up among the fields of a struct as they are walked: the first field of that
/// key (or the list of which it is has_NAME or NAME_count) is the value.
struct View::Lookup {
  const View& view;
  std::string_view name;
  Built* built = nullptr; ///< the owner the struct is part of, if any
  Value found;
  bool done = false;

  /// Whether `key` is the name looked up (and not found before).
  bool is(std::string_view key) {
    if (done || key != name) {
      return false;
    }
    done = true;
    return true;
  }

  void text(std::string_view key, std::string_view value) {
    if (is(key)) {
      found = view.text(value);
    }
  }
  void optional_text(std::string_view key, std::string_view value) { text(key, value); }
  template <typename E> void word(std::string_view key, E value) {
    if (is(key)) {
      found = view.text(to_string(value));
    }
  }
  template <typename E> void optional_word(std::string_view key, E value) {
    if (is(key)) {
      found = view.text(value == E{} ? std::string_view() : to_string(value));
    }
  }
  template <typename E> void optional_word(std::string_view key, const std::optional<E>& value) {
    if (is(key)) {
      found = view.text(value ? to_string(*value) : std::string_view());
    }
  }
  void flag(std::string_view key, bool value) {
    if (is(key)) {
      found = view.boolean(value);
    }
  }
  void optional_flag(std::string_view key, const std::optional<bool>& value) {
    flag(key, value && *value);
  }
  void count(std::string_view key, std::size_t value) {
    if (is(key)) {
      found = view.number(static_cast<double>(value));
    }
  }
  void integer(std::string_view key, int value) {
    if (is(key)) {
      found = view.number(value);
    }
  }
  // Numbers as written: with the decimals they were written with.
  void number(std::string_view key, double value, std::uint8_t decimals = k_shortest) {
    if (is(key)) {
      found = view.number(value, decimals);
    }
  }
  void optional_number(std::string_view key, const std::optional<double>& value,
                       std::uint8_t decimals = k_shortest) {
    if (is(key)) {
      found = value ? view.number(*value, decimals) : view.boolean(false);
    }
  }
  // Computed numbers, rounded once, by View::fraction(); null (false) when there is none.
  void score(std::string_view key, const std::optional<double>& value) {
    if (is(key)) {
      found = value ? view.fraction(*value) : view.boolean(false);
    }
  }
  void score(std::string_view key, double value) {
    if (is(key)) {
      found = view.fraction(value);
    }
  }
  void date(std::string_view key, Date value) {
    if (is(key)) {
      found = view.text(value.str());
    }
  }
  void optional_date(std::string_view key, const std::optional<Date>& value) {
    if (is(key)) {
      found = value ? view.text(value->str()) : view.boolean(false);
    }
  }
  void strings(std::string_view key, const std::vector<std::string>& values) {
    list_field(key, values, nullptr);
  }
  template <typename T> void object(std::string_view key, const T& value) {
    if (is(key)) {
      found = view.object(Node{&value, &walk<T>, built});
    }
  }
  template <typename T, typename F> void object(std::string_view key, const T& value, F /*part*/) {
    if (is(key)) {
      found = view.object(Node{&value, &walk_part<T, F>, built});
    }
  }
  template <typename T> void optional_object(std::string_view key, const std::optional<T>& value) {
    if (!value) {
      flag(key, false);
    } else {
      object(key, *value);
    }
  }
  template <typename T> void list(std::string_view key, const std::vector<T>& items) {
    list_field(key, items, &walk<T>);
  }
  template <typename T, typename F>
  void list(std::string_view key, const std::vector<T>& items, F /*part*/) {
    list_field(key, items, &walk_part<T, F>);
  }
  void owners(std::string_view key, const ReportOwners& owners) {
    list_field(key, owners, nullptr);
  }

  /// A list field: the list, has_NAME or NAME_count. The lists of an owner's parts are kept
  /// with that owner.
  template <typename L> void list_field(std::string_view key, const L& items, Walk walk) {
    if (done) {
      return;
    }
    switch (list_part(name, key)) {
    case ListPart::list:
      if constexpr (std::is_same_v<L, ReportOwners>) {
        found = view.owner_list(items);
      } else {
        found = view.list(items, walk, built);
      }
      break;
    case ListPart::has:
      found = view.boolean(!items.empty());
      break;
    case ListPart::count:
      found = view.number(static_cast<double>(items.size()));
      break;
    case ListPart::none:
      return;
    }
    done = true;
  }
};

namespace {} // namespace

View::View(const Report& report, Format format)
    : m_format(format), m_as_of(report.header.as_of), m_site(report.site.has_value()) {
  m_frames.push_back({Node{&report, &walk<Report>, nullptr}, &m_object, nullptr, nullptr});
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
        frame.node = Node{&frame.built->owner, &walk<ReportOwner>, frame.built.get()};
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
      value = field(node, part); // a part that is not an object has no fields
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

View::Value View::number(double value, std::uint8_t decimals) const {
  const_cast<std::string&>(m_scratch.string_value()) = format_number(value, decimals);
  return {&m_scratch, {}};
}

View::Value View::fraction(double value) const {
  fraction_text(const_cast<std::string&>(m_scratch.string_value()), value);
  return {&m_scratch, {}};
}

View::Value View::boolean(bool value) const {
  return {value ? &m_true : &m_false, {}};
}

View::Value View::object(const Node& node) const {
  return {&m_object, node};
}

const View::List* View::remember(Lists& lists, const void* key, std::unique_ptr<List> list) const {
  const auto& data = list->data.list_value();
  if (!data.empty()) {
    m_by_first_item.emplace(data.data(), list.get());
  }
  return lists.emplace(key, std::move(list)).first->second.get();
}

template <typename T>
View::Value View::list(const std::vector<T>& items, Walk walk, Built* built) const {
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
      list->nodes.push_back(Node{&item, walk, built});
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
  if (node.walk == nullptr) {
    return {};
  }
  if (Value value = presentation(node, name)) {
    return value;
  }
  Lookup lookup{*this, name, node.built, {}, false};
  node.walk(lookup, node.item);
  return lookup.found;
}

View::Value View::presentation(const Node& node, std::string_view name) const {
  // "2 of 3 measured" where a mean counts unmeasured parts as 0; "" when all are measured.
  auto measured_note = [&](std::size_t measured, std::size_t total, std::string_view what) {
    if (measured == 0 || measured == total) {
      return text("");
    }
    return text(fmt::format("{} of {}{} measured", measured, total, what));
  };
  auto percent = [&](const std::optional<double>& score) {
    return number(static_cast<double>(std::lround(score.value_or(0) * 100)));
  };

  if (node.walk == &walk<ReportKr>) {
    const KrScore& k = static_cast<const ReportKr*>(node.item)->scored;
    if (name == "standing") {
      return text(standing_label(k.measured, k.grade, k.pace));
    }
    if (name == "is_guardrail") {
      return boolean(k.guardrail.has_value());
    }
    if (name == "held" && k.guardrail) {
      return number(static_cast<double>(k.guardrail->held));
    }
    if (name.starts_with("is_")) {
      const Measure measure = k.kr->measure();
      if (name == "is_progress") {
        return boolean(measure == Measure::progress);
      }
      if (name == "is_stay_above") {
        return boolean(measure == Measure::stay_above);
      }
      if (name == "is_stay_below") {
        return boolean(measure == Measure::stay_below);
      }
      if (name == "is_stay_between") {
        return boolean(measure == Measure::stay_between);
      }
      if (name == "is_milestone") {
        return boolean(measure == Measure::milestone);
      }
    }
    if (name == "score_percent") {
      return percent(k.measured_score());
    }
    if (m_format == Format::html && name == "chart") {
      std::string& out = const_cast<std::string&>(m_scratch.string_value());
      out.clear();
      append_svg_kr_chart(out, *static_cast<const ReportKr*>(node.item),
                          node.built->owner.cycle_start, node.built->owner.cycle_end);
      return {&m_scratch, {}};
    }
  } else if (node.walk == &walk<ReportObjective>) {
    const ReportObjective& o = *static_cast<const ReportObjective*>(node.item);
    if (name == "standing") {
      return text(standing_label(o.score.has_value(), o.grade, o.pace));
    }
    if (name == "measured_note") {
      return measured_note(o.measured, o.parts, "");
    }
    if (name == "score_percent") {
      return percent(o.score);
    }
  } else if (node.walk == &walk<ReportOwner>) {
    const ReportOwner& o = *static_cast<const ReportOwner*>(node.item);
    if (name == "standing") {
      return text(standing_label(o.score.has_value(), o.grade, o.pace));
    }
    if (name == "measured_note") {
      return measured_note(o.measured, o.objectives.size(), " objectives");
    }
  } else if (node.walk == &walk<ReportRow>) {
    const ReportRow& r = *static_cast<const ReportRow*>(node.item);
    if (name == "standing") {
      return text(standing_label(r.score.has_value(), r.grade, r.pace));
    }
    if (name == "score_percent") {
      return percent(r.score);
    }
    if (name == "score_movement") { // "↑ 0.05", "↓ 0.05", "→ 0": the change's arrow and size
      if (!r.score_change) {
        return boolean(false);
      }
      const std::string_view arrow = r.score_trend == Trend::up     ? "↑ "
                                     : r.score_trend == Trend::down ? "↓ "
                                                                    : "→ ";
      return text(std::string(arrow) + format_fraction(std::fabs(*r.score_change)));
    }
    if (name == "freshness") { // how long ago it last checked in, as of the report's date
      if (!r.latest) {
        return text("never");
      }
      const int days = m_as_of - *r.latest;
      return text(days <= 0 ? std::string("today")
                            : plural(static_cast<std::size_t>(days), "day", "days") + " ago");
    }
    if (name == "href") { // its page in a site, else its section when shown in full
      if (m_site) {
        const bool unit = r.level == Level::company || r.level == Level::unit;
        return text(site_page_name(unit ? "unit-" : "owner-", r.id));
      }
      return text(r.detailed ? "#owner-" + r.id : std::string());
    }
  } else if (node.walk == &walk<ReportAttentionItem>) {
    const ReportAttentionItem& i = *static_cast<const ReportAttentionItem*>(node.item);
    if (name == "href") {
      if (m_site) {
        return text(site_page_name("owner-", i.owner));
      }
      return text(i.detailed ? "#owner-" + i.owner : std::string());
    }
  } else if (node.walk == &walk<ReportAttention>) {
    const ReportAttention& a = *static_cast<const ReportAttention*>(node.item);
    if (name == "any") {
      return boolean(!a.at_risk.empty() || !a.overdue.empty() || !a.breached.empty() ||
                     !a.behind.empty());
    }
  } else if (node.walk == &walk<ReportKpi>) {
    const ReportKpi& k = *static_cast<const ReportKpi*>(node.item);
    if (name == "is_stay_above") {
      return boolean(k.guardrail == Measure::stay_above);
    }
    if (name == "is_stay_below") {
      return boolean(k.guardrail == Measure::stay_below);
    }
    if (name == "is_stay_between") {
      return boolean(k.guardrail == Measure::stay_between);
    }
    if (name == "is_breached") {
      return boolean(k.health == Health::breached);
    }
  } else if (node.walk == &walk<LevelMean>) {
    const LevelMean& l = *static_cast<const LevelMean*>(node.item);
    if (name == "measured_note") {
      return measured_note(l.measured, l.objectives, " objectives");
    }
  } else if (node.walk == &walk_part<ReportSummary, StretchCounts>) {
    const ReportSummary& s = *static_cast<const ReportSummary*>(node.item);
    if (name == "total") {
      return number(static_cast<double>(s.stretch_below + s.stretch_sweet + s.stretch_above));
    }
  } else if (node.walk == &walk<Report>) {
    const Report& r = *static_cast<const Report*>(node.item);
    if (m_format == Format::html && name == "distribution") {
      std::string& out = const_cast<std::string&>(m_scratch.string_value());
      out.clear();
      append_svg_score_distribution(out, r);
      return {&m_scratch, {}};
    }
    if (m_format == Format::html && name == "owner_tree") {
      std::string& out = const_cast<std::string&>(m_scratch.string_value());
      out.clear();
      append_svg_owner_tree(out, r);
      return {&m_scratch, {}};
    }
    // A page of a static site: its navigation; the index shows the summary and overview, the
    // other pages the details of the owners they show.
    if (name == "site_nav") {
      return text(r.site ? r.site->nav : std::string());
    }
    if (name == "show_summary") {
      return boolean(!r.site || r.site->kind == ReportSitePage::Kind::index);
    }
    if (name == "show_details") {
      return boolean(!r.site || r.site->kind != ReportSitePage::Kind::index);
    }
    if (m_format == Format::markdown && name == "mermaid") {
      return text(mermaid_chart(r));
    }
  }
  return {};
}

} // namespace okr::report
