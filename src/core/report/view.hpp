#pragma once

// What Mustache templates see: the JSON model of the report (the fields of fields.hpp, which
// json.cpp writes) with numbers as text (a number from a file as it was written, a computed one
// rounded once to two decimals), null and "" as false, and for every list `x` also `has_x`
// and `x_count`, plus the presentation fields (per key result `is_progress`, `is_stay_above`,
// `is_stay_below`, `is_milestone`, `score_percent` and in HTML `chart`; per objective
// `score_percent`; per overview row `standing`, `score_percent`, `score_movement` ("↑ 0.05")
// and `freshness` ("today", "3 days ago", "never"); per KPI `is_stay_above`,
// `is_stay_below`, `is_stay_between` and `is_breached`; `summary.stretch.total`; at the top
// `distribution` and `owner_tree` in HTML and `mermaid` in Markdown).
//
// It is a kainjow context read straight from the Report, not a tree of kainjow data: that
// tree cost more than the rendering (an unordered_map per object, a heap string per value).
// A name is looked up as kainjow's own context would look it up in that tree, field by field,
// when the template asks for it; only lists are built (one placeholder per item), once each.
//
// The owners are not in memory (ReportOwners): the item kainjow pushes of `owners` builds its
// owner, held by that frame with the lists made of its parts, and popping it frees them.
// Frames that point into an owner are pushed after the frame holding it and popped before it;
// nested `{{#owners}}` sections build owners of their own.

#include <cstdint>
#include <kainjow/mustache.hpp>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <okr/report.hpp>

namespace okr::report {

/// The file name of an owner's page in a static site: `prefix`, the owner's id (a character
/// outside [a-z0-9-] as _XX, its hex code: ids are slugs, but a file may break the rule) and
/// ".html"; `page` above 1 adds ".PAGE" before it.
std::string site_page_name(std::string_view prefix, std::string_view id, std::size_t page = 1);

class View : public kainjow::mustache::basic_context<std::string> {
  struct Built;

public:
  using Data = kainjow::mustache::data;

  enum class Format { markdown, html };

  View(const Report& report, Format format);

  void push(const Data* data) override;
  void pop() override;
  const Data* get(const std::string& name) const override;
  const Data* get_partial(const std::string& name) const override;

  struct Lookup;
  /// Looks a name up among the fields of one struct (fields.hpp), given as `item`.
  using Walk = void (*)(Lookup& lookup, const void* item);

  /// One object of the model: the struct holding it and how to walk its fields.
  struct Node {
    const void* item = nullptr;
    Walk walk = nullptr; ///< null for a value without fields: text, a boolean, a list
    /// Of an owner and its parts: the owner built for them (the charts' days, the lists of its
    /// parts).
    Built* built = nullptr;
  };

private:
  /// What a name resolves to: nothing, a value (constant, scratch or list), or an object.
  struct Value {
    const Data* data = nullptr;
    Node node; ///< when data == &m_object
    explicit operator bool() const { return data != nullptr; }
  };

  /// A list as kainjow iterates it, and the objects its items stand for.
  struct List {
    Data data{Data::type::list};
    std::vector<Node> nodes;              ///< one per item; none for a list of texts or of owners
    const ReportOwners* owners = nullptr; ///< items stand for these, built when pushed
    bool holds(const Data* item) const;
  };

  using Lists = std::unordered_map<const void*, std::unique_ptr<List>>;

  /// An owner built for the frame of its item, and the lists made of its parts.
  struct Built {
    ReportOwner owner;
    Lists lists;
  };

  struct Frame {
    Node node;
    const Data* self = nullptr;
    const List* list = nullptr;   ///< the list `self` is an item of
    std::unique_ptr<Built> built; ///< the owner this frame built, freed when it is popped
  };

  Value field(const Node& node, std::string_view name) const;
  /// The fields the view adds to the model's (view.hpp's first lines).
  Value presentation(const Node& node, std::string_view name) const;
  Value text(std::string_view text) const;
  /// A number as written: `decimals` of them (okr/number.hpp), the shortest text when not known.
  Value number(double value, std::uint8_t decimals = k_shortest) const;
  /// A computed number (score, pace, forecast), rounded once to k_fraction_decimals.
  Value fraction(double value) const;
  Value boolean(bool value) const;
  Value object(const Node& node) const;
  /// The list of `items`, kept with the owner they are part of (`built`), else to the end.
  template <typename T> Value list(const std::vector<T>& items, Walk walk, Built* built) const;
  Value owner_list(const ReportOwners& owners) const;
  const List* remember(Lists& lists, const void* key, std::unique_ptr<List> list) const;
  /// Forgets the lists of an owner about to be freed.
  void forget(const Built& built);
  const Data* lookup(const std::string& name, bool dotted) const;
  const Data* result(const Value& value) const;

  Format m_format;
  Date m_as_of; ///< the report's
  bool m_site;  ///< a page of a static site: links go to other pages

  std::vector<Frame> m_frames;
  /// The text of scalars pushed as a section's context, one reused slot per depth.
  std::vector<std::unique_ptr<Data>> m_slots;

  // Lists are built as the template asks for them, by the address of the model's vector, and
  // kept until the end (an owner's until it is freed): kainjow pushes their items. An item
  // pushed is found in the list last returned or the list of the item last popped
  // (iterating), else by address.
  mutable Lists m_lists;
  mutable std::map<const Data*, const List*> m_by_first_item;
  mutable const List* m_last_list = nullptr;
  const List* m_last_popped = nullptr;
  mutable Data m_scratch{std::string()}; ///< the last text or number returned
  mutable Data m_object{true};           ///< stands for the object last returned
  mutable Node m_last_object;
  Data m_true{true};
  Data m_false{false};
};

} // namespace okr::report
