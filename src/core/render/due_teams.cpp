// `okr due --format teams`: an Adaptive Card of version 1.5 (the highest Microsoft Teams reads),
// made of elements of version 1.0 (TextBlock, FactSet). A Teams webhook takes it as the content
// of a message's attachment; okr(1)'s okr-due page shows the jq line that wraps it.

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

#include <okr/due.hpp>

#include "render/due_common.hpp"

namespace okr {

namespace {

using Json = nlohmann::ordered_json;

Json text_block(const std::string& text, bool subtle = false) {
  Json block = {{"type", "TextBlock"}, {"text", text}, {"wrap", true}};
  if (subtle) {
    block["isSubtle"] = true;
  }
  return block;
}

} // namespace

void render_due_teams(std::ostream& out, const DueReport& report, const DueRenderOptions&) {
  Json body = Json::array();
  body.push_back({{"type", "TextBlock"},
                  {"text", "Check-ins due on " + report.as_of.str()},
                  {"size", "Medium"},
                  {"weight", "Bolder"},
                  {"wrap", true}});
  body.push_back(text_block(due_summary(report)));
  Json facts = Json::array();
  std::size_t listed = 0;
  for (const DueOwner& o : report.owners) {
    if (listed == k_chat_listed) {
      break;
    }
    const OkrFile& file = *o.file;
    std::string title = chat_line(file.owner.value);
    if (file.name) {
      title += " (" + chat_line(file.name->value) + ")";
    }
    facts.push_back({{"title", title},
                     {"value", chat_line(file.cycle.value, 100) + ": " + due_standing(o) + ", " +
                                   last_checkin_text(o)}});
    ++listed;
  }
  if (!facts.empty()) {
    body.push_back({{"type", "FactSet"}, {"facts", std::move(facts)}});
  }
  if (listed < report.owners.size()) {
    body.push_back(text_block("and " + std::to_string(report.owners.size() - listed) +
                                  " more: okr due lists them all",
                              true));
  }
  if (const std::string note = private_due_note(report); !note.empty()) {
    body.push_back(text_block(note, true));
  }
  const Json card = {{"type", "AdaptiveCard"},
                     {"$schema", "http://adaptivecards.io/schemas/adaptive-card.json"},
                     {"version", "1.5"},
                     {"body", std::move(body)}};
  out << card.dump(2, ' ', false, Json::error_handler_t::replace) << '\n';
}

} // namespace okr
