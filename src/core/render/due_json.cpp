// `okr due --format json`: {"as_of", "running", "due", "overdue", "owners": [...], "private"}.

#include <nlohmann/json.hpp>
#include <ostream>

#include <okr/due.hpp>

namespace okr {

void render_due_json(std::ostream& out, const DueReport& report, const DueRenderOptions&) {
  using Json = nlohmann::ordered_json;
  Json owners = Json::array();
  for (const DueOwner& o : report.owners) {
    const OkrFile& file = *o.file;
    owners.push_back(
        {{"owner", file.owner.value},
         {"name", file.name ? Json(file.name->value) : Json(nullptr)},
         {"level", to_string(file.level)},
         {"cycle", file.cycle.value},
         {"cadence_days", o.clock.cadence},
         {"last_checkin", o.clock.last ? Json(o.clock.last->str()) : Json(nullptr)},
         {"due", o.clock.due.str()},
         {"overdue_from", o.clock.overdue ? Json(o.clock.overdue->str()) : Json(nullptr)},
         {"days_overdue", o.days_overdue},
         {"status", o.overdue ? "overdue" : "due"}});
  }
  const Json doc = {
      {"version", 1},
      {"as_of", report.as_of.str()},
      {"running", report.running},
      {"due", report.owners.size() + report.private_due + report.private_overdue},
      {"overdue", report.overdue + report.private_overdue},
      {"owners", std::move(owners)},
      {"private",
       {{"due", report.private_due + report.private_overdue}, {"overdue", report.private_overdue}}},
  };
  // Text from files may hold any bytes: invalid UTF-8 is replaced, never a reason to fail.
  out << doc.dump(2, ' ', false, Json::error_handler_t::replace) << '\n';
}

} // namespace okr
