// `okr due --format slack`: a Slack Block Kit message payload, for an incoming webhook
// (curl -d @- "$OKR_SLACK_WEBHOOK"). Block Kit publishes no schema; its documented limits are
// kept: at most 50 blocks, a header's text at most 150 characters, a section's 3000.

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

#include <okr/due.hpp>

#include "render/due_common.hpp"

namespace okr {

namespace {

using Json = nlohmann::ordered_json;

/// A section's text at most (Block Kit: 3000 characters), with room to spare.
constexpr std::size_t k_section_chars = 2800;

/// Text for mrkdwn: & < > as Slack's entities (the only escaping Slack has; it shows others as
/// they are written), controls as visible escapes (chat_line).
std::string mrkdwn(std::string_view text, std::size_t limit = 200) {
  constexpr std::array<std::pair<char, std::string_view>, 3> k_entities = {
      {{'&', "&amp;"}, {'<', "&lt;"}, {'>', "&gt;"}}};
  std::string out;
  for (const char c : chat_line(text, limit)) {
    const auto* entity = std::find_if(k_entities.begin(), k_entities.end(),
                                      [c](const auto& e) { return e.first == c; });
    if (entity != k_entities.end()) {
      out += entity->second;
    } else {
      out += c;
    }
  }
  return out;
}

Json section(const std::string& text) {
  return {{"type", "section"}, {"text", {{"type", "mrkdwn"}, {"text", text}}}};
}

} // namespace

void render_due_slack(std::ostream& out, const DueReport& report, const DueRenderOptions&) {
  const std::string summary = due_summary(report);
  Json blocks = Json::array();
  blocks.push_back({{"type", "header"},
                    {"text",
                     {{"type", "plain_text"},
                      {"text", "Check-ins due on " + report.as_of.str()},
                      {"emoji", true}}}});
  blocks.push_back(section(mrkdwn(summary)));
  std::string text;
  std::size_t listed = 0;
  for (const DueOwner& o : report.owners) {
    if (listed == k_chat_listed) {
      break;
    }
    const OkrFile& file = *o.file;
    // Each text is cut (chat_line) so that one line always fits a section.
    const std::string name = file.name ? mrkdwn(file.name->value) : "";
    std::string line = "• *" + mrkdwn(file.owner.value) + "*";
    if (!name.empty()) {
      line += " (" + name + ")";
    }
    line += ", " + mrkdwn(file.cycle.value, 100) + ": " +
            (o.overdue ? "*" + due_standing(o) + "*" : due_standing(o)) + " · " +
            last_checkin_text(o) + "\n";
    if (text.size() + line.size() > k_section_chars) {
      blocks.push_back(section(text));
      text.clear();
    }
    text += line;
    ++listed;
  }
  if (!text.empty()) {
    blocks.push_back(section(text));
  }
  Json context = Json::array();
  if (listed < report.owners.size()) {
    context.push_back({{"type", "mrkdwn"},
                       {"text", "and " + std::to_string(report.owners.size() - listed) +
                                    " more: `okr due` lists them all"}});
  }
  if (const std::string note = private_due_note(report); !note.empty()) {
    context.push_back({{"type", "mrkdwn"}, {"text", note}});
  }
  if (!context.empty()) {
    blocks.push_back({{"type", "context"}, {"elements", std::move(context)}});
  }
  const Json payload = {{"text", summary}, {"blocks", std::move(blocks)}};
  out << payload.dump(2, ' ', false, Json::error_handler_t::replace) << '\n';
}

} // namespace okr
