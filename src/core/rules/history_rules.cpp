// The rules that read git history (CheckOptions::history): moved-target and
// backdated-checkin. Without history they say nothing.

#include <fmt/format.h>

#include "rules/rule_list.hpp"

namespace okr::rules {

namespace {

const KeyResult* find_kr(const Index& index, const MeasureMove& move) {
  const OkrFile* file = index.find(move.owner, move.cycle);
  if (!file) {
    return nullptr;
  }
  for (const Objective& o : file->objectives) {
    if (o.id.value == move.objective) {
      for (const KeyResult& kr : o.key_results) {
        if (kr.id.value == move.kr) {
          return &kr;
        }
      }
    }
  }
  return nullptr;
}

void run_moved_target(RuleContext& context) {
  const HistoryFacts* history = context.history();
  if (!history) {
    return;
  }
  for (const MeasureMove& move : history->moves) {
    const Cycle* cycle = context.index().cycle(move.cycle);
    const KeyResult* kr = find_kr(context.index(), move);
    if (!cycle || !kr || move.date <= cycle->start) {
      continue;
    }
    const std::string by = move.commit.empty()
                               ? std::string("not committed yet")
                               : fmt::format("commit {}, by {}", move.commit, move.author);
    context.report(measure_pos(*kr, move.field),
                   fmt::format("{} of key result {}/{} moved from {} to {} on {} ({}), after {} "
                               "started on {}; moving it mid-cycle rescores the past: keep it and "
                               "report the miss, or give the reason in "
                               "'# okr: ignore[moved-target] REASON'",
                               move.field, move.objective, move.kr,
                               move.from.empty() ? "none" : move.from,
                               move.to.empty() ? "none" : move.to, move.date.str(), by, move.cycle,
                               cycle->start.str()));
  }
}

void run_backdated_checkin(RuleContext& context) {
  const HistoryFacts* history = context.history();
  if (!history) {
    return;
  }
  const long days = context.setting("days");
  const Repository& repo = context.repo();
  for (const Checkin& checkin : repo.checkins) {
    const auto found = history->first_committed.find(repo.files[checkin.file].path);
    if (found == history->first_committed.end()) {
      continue;
    }
    const int late = found->second - checkin.date;
    if (late > days) {
      context.report(checkin.date_pos,
                     fmt::format("the check-in of {} was first committed on {}, {} days after "
                                 "its date (more than {}); record check-ins when they happen, or "
                                 "give the reason in '# okr: ignore[backdated-checkin] REASON'",
                                 checkin.date.str(), found->second.str(), late, days));
    }
  }
}

} // namespace

const RuleInfo moved_target{
    "moved-target",
    Severity::warning,
    "a key result's target, baseline, measure or type changed after its cycle started",
    "Git history is the audit log of the OKRs. A key result whose target, baseline, guardrail "
    "threshold, milestone or type (committed, stretch, experimental) changed after its cycle "
    "started moves the goalposts: its score no longer says what was promised. Each such "
    "change on the current branch's first-parent history (and each uncommitted one) is "
    "reported where the value is written, with the old and new values, the date, the commit "
    "and its author. With 'okr check --changed-since REF' only the changes since REF are "
    "reported: those a pull request makes. A re-plan that was agreed is kept with its reason "
    "in a suppression comment on the line, '# okr: ignore[moved-target] re-planned after the "
    "March incident'. Needs git history: outside git the rule says nothing.",
    "# okrs/2027-Q1/growth.yaml, committed on 2027-01-04 (cycle 2027-Q1 starts 2027-01-01)\n"
    "        target: 3200\n"
    "# okrs/2027-Q1/growth.yaml, committed on 2027-02-22\n"
    "        target: 2800   # fires: moved after the cycle started\n"
    "---\n"
    "# okrs/2027-Q1/growth.yaml, committed on 2027-01-04\n"
    "        target: 3200\n"
    "# okrs/2027-Q1/growth.yaml, committed on 2027-02-22\n"
    "        target: 2800   # okr: ignore[moved-target] re-planned after the March incident",
    run_moved_target,
    {},
    true};

const RuleInfo backdated_checkin{
    "backdated-checkin",
    Severity::info,
    "a check-in file was first committed long after its date",
    "A check-in reports how things stood on its date. One first committed more than 'days' "
    "days after that date (default 7) was written after the fact, when the outcome was "
    "known; reported so that readers know. The date of the commit that first added the file "
    "on the current branch's first-parent history counts; a file not committed yet is not "
    "reported. Needs git history: outside git the rule says nothing.",
    "# checkins/2027-Q1/growth/2027-02-01.yaml, first committed on 2027-02-19\n"
    "date: 2027-02-01   # fires: 18 days later\n"
    "---\n"
    "# checkins/2027-Q1/growth/2027-02-15.yaml, first committed on 2027-02-19\n"
    "date: 2027-02-15   # clean: 4 days later",
    run_backdated_checkin,
    "days=7",
    true};

} // namespace okr::rules
