// Scores computed by hand for a small repository: increase, decrease, guardrails, milestones,
// weights, a KR never measured, and as-of dates between check-ins.

#include <catch2/catch.hpp>

#include <okr/index.hpp>
#include <okr/loader.hpp>
#include <okr/score_render.hpp>
#include <okr/scoring.hpp>

namespace {

using okr::Date;

const char* const k_config = R"(cycles:
  2026-Q4: {start: 2026-10-01, end: 2026-12-31}
)";

const char* const k_team = R"(cycle: 2026-Q4
owner: team
level: company
objectives:
  - id: a
    title: Objective A
    weight: 2
    key_results:
      - {id: inc, title: Up, type: committed, baseline: 60, target: 80, unit: "%"}
      - {id: dec, title: Down, baseline: 8, target: 4, weight: 3}
      - {id: guard, title: Guard, stay_above: 99.5}
      - {id: ms, title: Milestone, milestone: true}
      - {id: unm, title: Never measured, baseline: 0, target: 10}
  - id: b
    title: Objective B
    key_results:
      - {id: below, title: Below, stay_below: 3}
      - {id: exp, title: Experiment, type: experimental, baseline: 10, target: 20}
)";

std::vector<okr::SourceFile> sources(bool over_target = false) {
  std::vector<okr::SourceFile> files;
  files.push_back(
      {"okr.yaml",
       std::string(k_config) + (over_target ? "scoring: {allow_over_target: true}\n" : ""),
       okr::FileKind::other});
  files.push_back({"okrs/2026-Q4/team.yaml", k_team, okr::FileKind::other});
  auto checkin = [&](std::string name, std::string body) {
    files.push_back({"checkins/2026-Q4/team/" + name,
                     "owner: team\ncycle: 2026-Q4\ndate: " + name.substr(0, 10) + "\n" + body,
                     okr::FileKind::other});
  };
  checkin("2026-10-08.yaml", "confidence: 6\nstatus: on-track\nresults:\n  a/inc: 62\n"
                             "  a/dec: 7.5\n  a/guard: 99.7\n  a/ms: not-done\n  b/below: 2.5\n"
                             "  b/exp: 12\n");
  checkin("2026-10-22.yaml", "results:\n  a/inc: 66\n  a/dec: 6.8\n  a/guard: 99.4\n"
                             "  b/below: 3.2\n");
  // Two check-ins on one day: -2 is the later one, and -10 later still.
  checkin("2026-11-05.yaml", "confidence: 5\nresults:\n  a/inc: 71\n  a/dec: 7.1\n  a/ms: done\n");
  checkin("2026-11-05-2.yaml", "status: behind\nresults:\n  a/inc: 70\n");
  checkin("2026-11-05-10.yaml", "results:\n  a/dec: 7.1\n");
  checkin("2026-11-25.yaml", "results:\n  a/inc: 100\n");
  return files;
}

struct Fixture {
  okr::LoadResult loaded;
  std::unique_ptr<okr::Index> index;
  explicit Fixture(bool over_target = false) : loaded(okr::load_sources(sources(over_target))) {
    for (const auto& d : loaded.diagnostics) {
      INFO(d.file << ":" << d.line << ":" << d.column << ": " << d.message);
      CHECK(false);
    }
    REQUIRE(loaded.diagnostics.empty());
    index = std::make_unique<okr::Index>(loaded.repo);
  }
  okr::OwnerScore score(const char* as_of) {
    return okr::score_owner(*index, loaded.repo.okr_files.at(0), *Date::parse(as_of));
  }
};

const okr::KrScore& kr(const okr::OwnerScore& s, std::size_t objective, std::size_t i) {
  return s.objectives.at(objective).key_results.at(i);
}

} // namespace

TEST_CASE("scores on a date after several check-ins") {
  Fixture f;
  const okr::OwnerScore s = f.score("2026-11-20");
  CHECK(kr(s, 0, 0).score == Approx(0.5).margin(0.0005));   // (70-60)/(80-60), the -2 file
  CHECK(kr(s, 0, 1).score == Approx(0.225).margin(0.0005)); // (7.1-8)/(4-8): a decrease
  CHECK(kr(s, 0, 2).score == 0.5);                          // 99.7 held, 99.4 < 99.5 did not
  CHECK(kr(s, 0, 3).score == 1);                            // done
  CHECK_FALSE(kr(s, 0, 4).measured);
  CHECK(kr(s, 0, 4).score == 0);
  CHECK(kr(s, 1, 0).score == 0.5);                               // 2.5 held, 3.2 > 3 not
  CHECK(kr(s, 1, 1).score == Approx(0.2).margin(0.0005));        // experimental still scores
  CHECK(*s.objectives[0].score == Approx(0.382).margin(0.0005)); // 2.675 / 7
  CHECK(s.objectives[0].measured == 4);                          // of 5: unm counts 0
  CHECK(s.objectives[0].parts == 5);
  CHECK(*s.objectives[1].score == Approx(0.35).margin(0.0005));
  CHECK(*s.score == Approx(0.371).margin(0.0005));   // (2 * 0.3821 + 0.35) / 3
  CHECK(s.expected == Approx(0.549).margin(0.0005)); // 50 of 91 days
  CHECK(s.confidence->value == 5);
  CHECK(s.status == okr::Status::behind);
}

TEST_CASE("scores as of a date between check-ins ignore later ones") {
  Fixture f;
  const okr::OwnerScore oct30 = f.score("2026-10-30");
  CHECK(kr(oct30, 0, 0).score == Approx(0.3).margin(0.0005));
  CHECK(kr(oct30, 0, 1).score == Approx(0.3).margin(0.0005));
  CHECK(kr(oct30, 0, 3).score == 0);                                 // not-done
  CHECK(*oct30.objectives[0].score == Approx(0.243).margin(0.0005)); // 1.7 / 7
  CHECK(*oct30.score == Approx(0.279).margin(0.0005));
  CHECK(oct30.confidence->value == 6);
  CHECK(oct30.status == okr::Status::on_track);

  const okr::OwnerScore oct15 = f.score("2026-10-15");
  CHECK(*oct15.objectives[0].score == Approx(0.211).margin(0.0005)); // 1.475 / 7
  CHECK(*oct15.objectives[1].score == Approx(0.6).margin(0.0005));
  CHECK(*oct15.score == Approx(0.340).margin(0.0005));

  const okr::OwnerScore before = f.score("2026-10-01");
  CHECK_FALSE(kr(before, 0, 0).measured);
  CHECK_FALSE(before.score); // nothing measured: no score, no grade, not 0
  CHECK(before.grade == okr::Grade::none);
  CHECK_FALSE(before.objectives[0].score);
  CHECK(before.objectives[0].grade == okr::Grade::none);
  CHECK(before.measured == 0);
  CHECK(before.latest == nullptr);
}

TEST_CASE("score change since the check-in before the latest: the day before, not the same day") {
  Fixture f;
  const okr::OkrFile& file = f.loaded.repo.okr_files.at(0);
  const okr::OwnerScore now = f.score("2026-11-20");
  // Three check-ins on 2026-11-05, the latest day: the one before is 2026-10-22 (0.279).
  const auto change = okr::score_change(*f.index, file, *Date::parse("2026-11-20"), now.score);
  REQUIRE(change);
  CHECK(change->since == *Date::parse("2026-10-22"));
  CHECK(change->previous == Approx(0.279).margin(0.0005));
  CHECK(change->change == Approx(*now.score - change->previous));
  CHECK(change->direction == 1);
  // One day with check-ins by 2026-10-15: nothing to compare with.
  CHECK_FALSE(
      okr::score_change(*f.index, file, *Date::parse("2026-10-15"), f.score("2026-10-15").score));
  // No score now: no change.
  CHECK_FALSE(okr::score_change(*f.index, file, *Date::parse("2026-11-20"), std::nullopt));
  // A change that rounds to 0.00 is neither up nor down.
  const auto flat =
      okr::score_change(*f.index, file, *Date::parse("2026-11-20"), change->previous + 0.004);
  REQUIRE(flat);
  CHECK(flat->direction == 0);
}

TEST_CASE("grades, success, pace and forecast") {
  Fixture f;
  const okr::OwnerScore s = f.score("2026-11-20");
  CHECK(kr(s, 0, 0).grade == okr::Grade::yellow);
  CHECK(kr(s, 0, 1).grade == okr::Grade::red);
  CHECK(kr(s, 0, 3).grade == okr::Grade::green);
  CHECK(kr(s, 1, 1).grade == okr::Grade::none); // experimental: no grade
  CHECK_FALSE(kr(s, 0, 0).succeeded);           // committed needs 1.0
  CHECK(kr(s, 0, 3).succeeded);                 // stretch at 0.7 or above
  CHECK_FALSE(kr(s, 0, 0).behind_pace);         // 0.5 is within 0.15 of 0.549
  CHECK(kr(s, 0, 0).pace == okr::Pace::on_pace);
  CHECK(kr(s, 0, 0).colour == okr::Grade::green); // yellow by grade, on pace by the calendar
  CHECK(kr(s, 0, 1).behind_pace);                 // 0.225 is not
  CHECK(kr(s, 0, 1).pace == okr::Pace::at_risk);  // and its forecast misses 0.7
  CHECK(kr(s, 0, 1).colour == okr::Grade::red);
  CHECK(kr(s, 0, 4).pace == okr::Pace::none); // not measured
  CHECK(kr(s, 0, 4).grade == okr::Grade::none);
  CHECK(kr(s, 0, 4).colour == okr::Grade::none);
  // Least squares through (Oct 8, 62), (Oct 22, 66), (Nov 5, 71), (Nov 5, 70) at Dec 31.
  REQUIRE(kr(s, 0, 0).forecast_value);
  CHECK(*kr(s, 0, 0).forecast_value == Approx(87.545).margin(0.0005));
  CHECK(*kr(s, 0, 0).forecast == 1); // clamped
  CHECK_FALSE(kr(s, 1, 1).forecast); // one value only
  CHECK_FALSE(kr(s, 0, 3).forecast); // milestones have none
  CHECK(okr::grade_of(0.399) == okr::Grade::red);
  CHECK(okr::grade_of(0.4) == okr::Grade::yellow);
  CHECK(okr::grade_of(0.699) == okr::Grade::yellow);
  CHECK(okr::grade_of(0.7) == okr::Grade::green);
}

TEST_CASE("allow_over_target lifts the upper clamp") {
  Fixture clamped;
  CHECK(kr(clamped.score("2026-11-30"), 0, 0).score == 1); // 100 on 60 → 80
  Fixture over(true);
  CHECK(kr(over.score("2026-11-30"), 0, 0).score == Approx(2.0).margin(0.0005));
}

TEST_CASE("check-ins of one day are ordered by their number, not as text") {
  Fixture f;
  const auto list = okr::ordered_checkins(*f.index, "team", "2026-Q4");
  std::vector<std::string> names;
  for (const okr::Checkin* c : list) {
    names.push_back(f.loaded.repo.files[c->file].path.substr(22));
  }
  CHECK(names == std::vector<std::string>{"2026-10-08.yaml", "2026-10-22.yaml", "2026-11-05.yaml",
                                          "2026-11-05-2.yaml", "2026-11-05-10.yaml",
                                          "2026-11-25.yaml"});
}

TEST_CASE("expected pace and forecast helpers") {
  const okr::Cycle q4{"2026-Q4", *Date::parse("2026-10-01"), *Date::parse("2026-12-31"), {}};
  CHECK(okr::expected_pace(q4, *Date::parse("2026-10-01")) == 0);
  CHECK(okr::expected_pace(q4, *Date::parse("2026-12-31")) == 1);
  CHECK(okr::expected_pace(q4, *Date::parse("2027-02-01")) == 1);
  CHECK(okr::expected_pace(q4, *Date::parse("2026-11-15")) == Approx(0.4945).margin(0.0005));
  std::vector<okr::ReportedValue> series;
  CHECK_FALSE(okr::forecast_value(series, q4.end));
  for (int i = 0; i < 3; ++i) {
    series.push_back({*Date::parse("2026-10-10"), 10.0 + i, std::nullopt, nullptr});
  }
  CHECK(*okr::forecast_value(series, q4.end) == Approx(11)); // one day: the mean
}

TEST_CASE("sparklines span the lowest to the highest value") {
  CHECK(okr::sparkline({}) == "");
  CHECK(okr::sparkline({1, 2, 3, 4, 5, 6, 7, 8}) == "▁▂▃▄▅▆▇█");
  CHECK(okr::sparkline({5, 5}) == "▄▄");
  CHECK(okr::sparkline({0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, 3) == "▁▅█");
}

TEST_CASE("score_repository scores each owner as it is reached, with the roll-up") {
  std::vector<okr::SourceFile> files = sources();
  files.push_back({"okrs/2026-Q4/squad.yaml", R"(cycle: 2026-Q4
owner: squad
level: team
parent: team
objectives:
  - id: s
    title: Squad objective
    aligns_to: [team/a]
    key_results:
      - {id: k, title: K, baseline: 0, target: 10}
)",
                   okr::FileKind::other});
  files.push_back({"checkins/2026-Q4/squad/2026-10-08.yaml",
                   "owner: squad\ncycle: 2026-Q4\ndate: 2026-10-08\nresults:\n  s/k: 4\n",
                   okr::FileKind::other});
  files.push_back({"checkins/2026-Q4/squad/2026-10-15.yaml",
                   "owner: squad\ncycle: 2026-Q4\ndate: 2026-10-15\nresults:\n  s/k: 6\n",
                   okr::FileKind::other});
  const okr::LoadResult loaded = okr::load_sources(files);
  REQUIRE(loaded.diagnostics.empty());
  const okr::Index index(loaded.repo);
  okr::ScoreOptions options;
  options.as_of = *Date::parse("2026-11-20");
  options.rollup = true;
  options.series_kept = 1;
  const okr::ScoreReport report = okr::score_repository(index, options);
  REQUIRE(report.errors.empty());
  CHECK(report.cycle == "2026-Q4");
  REQUIRE(report.owners.size() == 2);
  CHECK(report.owners.file(0).owner.value == "team"); // the company comes first
  CHECK(report.owners.file(1).owner.value == "squad");

  std::vector<std::string> seen;
  for (const okr::OwnerScore& owner : report.owners) {
    seen.push_back(owner.owner);
    if (owner.owner == "team") {
      // team/a has one objective aligned to it, squad/s at 0.6.
      CHECK(owner.objectives.at(0).aligned_count == 1);
      CHECK(*owner.objectives.at(0).aligned_score == Approx(0.6));
      CHECK(owner.objectives.at(1).aligned_count == 0);
      CHECK_FALSE(owner.objectives.at(1).aligned_score);
    } else {
      CHECK(*owner.objectives.at(0).score == Approx(0.6));
      REQUIRE(kr(owner, 0, 0).series.size() == 1); // series_kept
      CHECK(kr(owner, 0, 0).series[0].number == 6);
    }
  }
  CHECK(seen == std::vector<std::string>{"team", "squad"});
  // Reaching an owner again scores it again, to the same numbers.
  CHECK(*report.owners[0].score == Approx(*report.owners.begin()->score));
  CHECK(*report.owners[1].objectives.at(0).score == Approx(0.6));

  options.rollup = false;
  const okr::ScoreReport plain = okr::score_repository(index, options);
  CHECK(plain.owners[0].objectives.at(0).aligned_count == 0);
}

TEST_CASE("pace thresholds on both sides") {
  using okr::Pace;
  using okr::pace_of;
  // ahead from 0.1 above the expected pace
  CHECK(pace_of(0.6, 0.5, std::nullopt, 0.7) == Pace::ahead);
  CHECK(pace_of(0.599, 0.5, std::nullopt, 0.7) == Pace::on_pace);
  // on-pace down to 0.15 below it
  CHECK(pace_of(0.35, 0.5, std::nullopt, 0.7) == Pace::on_pace);
  CHECK(pace_of(0.349, 0.5, 0.7, 0.7) == Pace::behind);
  // behind while the forecast reaches success: 0.7, or 1.0 for committed
  CHECK(pace_of(0.2, 0.5, 0.7, 0.7) == Pace::behind);
  CHECK(pace_of(0.2, 0.5, 0.699, 0.7) == Pace::at_risk);
  CHECK(pace_of(0.2, 0.5, 1.0, 1.0) == Pace::behind);
  CHECK(pace_of(0.2, 0.5, 0.99, 1.0) == Pace::at_risk);
  // no forecast
  CHECK(pace_of(0.2, 0.5, std::nullopt, 0.7) == Pace::at_risk);
  CHECK(okr::to_string(Pace::on_pace) == "on-pace");
  CHECK(okr::to_string(Pace::at_risk) == "at-risk");
  CHECK(okr::to_string(Pace::none).empty());
}

TEST_CASE("colours follow the pace while the cycle runs, the grade after it") {
  using okr::Grade;
  using okr::Pace;
  CHECK(okr::colour_of(Grade::red, Pace::ahead) == Grade::green); // week 2: ahead is not red
  CHECK(okr::colour_of(Grade::red, Pace::on_pace) == Grade::green);
  CHECK(okr::colour_of(Grade::green, Pace::behind) == Grade::yellow);
  CHECK(okr::colour_of(Grade::yellow, Pace::at_risk) == Grade::red);
  CHECK(okr::colour_of(Grade::yellow, Pace::none) == Grade::yellow);
  Fixture f;
  // Week 2: every score is low, but on pace is not red.
  const okr::OwnerScore early = f.score("2026-10-08");
  CHECK(kr(early, 0, 0).grade == Grade::red); // 0.1
  CHECK(kr(early, 0, 0).pace == Pace::on_pace);
  CHECK(kr(early, 0, 0).colour == Grade::green);
  // From the cycle's last day on: no pace, the absolute grade.
  const okr::OwnerScore last = f.score("2026-12-31");
  CHECK(last.ended);
  CHECK(kr(last, 0, 0).pace == Pace::none);
  CHECK(kr(last, 0, 0).colour == Grade::green); // 100 on 60 → 80
  CHECK(last.objectives[0].pace == Pace::none);
  CHECK(last.objectives[0].colour == last.objectives[0].grade);
  CHECK(last.pace == Pace::none);
}

TEST_CASE("a guardrail is judged on every reading up to the as-of date") {
  Fixture f;
  const okr::OwnerScore late = f.score("2026-11-20");
  const okr::KrScore& guard = kr(late, 0, 2);
  REQUIRE(guard.guardrail);
  CHECK(guard.guardrail->readings == 2);
  CHECK(guard.guardrail->held == 1);
  REQUIRE(guard.guardrail->breaches.size() == 1);
  CHECK(guard.guardrail->breaches[0].date == *Date::parse("2026-10-22"));
  CHECK(guard.guardrail->breaches[0].value == 99.4);
  CHECK_FALSE(guard.succeeded); // met only when every reading held
  CHECK(guard.value == 99.4);
  // Before the breach it held on every reading.
  const okr::OwnerScore before = f.score("2026-10-15");
  const okr::KrScore& early = kr(before, 0, 2);
  CHECK(early.score == 1);
  CHECK(early.succeeded);
  CHECK(early.guardrail->breaches.empty());
  CHECK(early.pace == okr::Pace::on_pace);
  // Not a guardrail: no record.
  CHECK_FALSE(kr(late, 0, 0).guardrail);
}

TEST_CASE("holds is the one predicate of every guardrail kind") {
  Fixture f;
  const okr::Objective& a = f.loaded.repo.okr_files.at(0).objectives.at(0);
  const okr::Objective& b = f.loaded.repo.okr_files.at(0).objectives.at(1);
  CHECK(okr::holds(a.key_results[2], 99.5)); // stay_above 99.5: the threshold holds
  CHECK_FALSE(okr::holds(a.key_results[2], 99.49));
  CHECK(okr::holds(b.key_results[0], 3)); // stay_below 3
  CHECK_FALSE(okr::holds(b.key_results[0], 3.01));
  CHECK(okr::is_guardrail(a.key_results[2]));
  CHECK_FALSE(okr::is_guardrail(a.key_results[0]));
}

TEST_CASE("a shared objective rolls up its sharers' local objectives") {
  std::vector<okr::SourceFile> files;
  files.push_back({"okr.yaml", k_config, okr::FileKind::other});
  files.push_back({"okrs/2026-Q4/co.yaml", R"(cycle: 2026-Q4
owner: co
level: company
objectives:
  - id: know
    title: Know our customers
    key_results: []
  - id: own
    title: Own objective
    key_results:
      - {id: k, title: K, baseline: 0, target: 10}
)",
                   okr::FileKind::other});
  auto sharer = [&](const std::string& owner, const std::string& weight, const std::string& v) {
    files.push_back({"okrs/2026-Q4/" + owner + ".yaml",
                     "cycle: 2026-Q4\nowner: " + owner +
                         "\nlevel: team\nparent: co\nobjectives:\n  - shared: co/know\n"
                         "    weight: " +
                         weight +
                         "\n    key_results:\n      - {id: l, title: L, baseline: 0, "
                         "target: 10}\n",
                     okr::FileKind::other});
    if (!v.empty()) {
      files.push_back({"checkins/2026-Q4/" + owner + "/2026-10-20.yaml",
                       "owner: " + owner +
                           "\ncycle: 2026-Q4\ndate: 2026-10-20\nresults:\n  know/l: " + v + "\n",
                       okr::FileKind::other});
    }
  };
  sharer("t1", "1", "8");
  sharer("t2", "3", "4");
  sharer("t3", "1", "");
  const okr::LoadResult loaded = okr::load_sources(files);
  for (const auto& d : loaded.diagnostics) {
    INFO(d.file << ":" << d.line << ":" << d.column << ": " << d.message);
    CHECK(d.severity != okr::Severity::error);
  }
  const okr::Index index(loaded.repo);
  okr::ScoreOptions options;
  options.as_of = *Date::parse("2026-11-20");
  options.owners = {"co"};
  const okr::ScoreReport report = okr::score_repository(index, options);
  REQUIRE(report.owners.size() == 1);
  const okr::OwnerScore co = report.owners[0];
  const okr::ObjectiveScore& know = co.objectives.at(0);
  REQUIRE(know.rollup());
  REQUIRE(know.sharers.size() == 3);
  CHECK(know.sharers[0].ref == "t1/know");
  CHECK(know.sharers[1].weight == 3);
  CHECK_FALSE(know.sharers[2].score);
  // (1 * 0.8 + 3 * 0.4 + 1 * 0) / 5: weighted by each sharer's weight, t3 unmeasured counts 0.
  CHECK(*know.score == Approx(0.4));
  CHECK(know.measured == 2);
  CHECK(know.parts == 3);
  // It counts in the owner's score like any objective; `own` is not measured and counts 0.
  CHECK_FALSE(co.objectives.at(1).score);
  CHECK(*co.score == Approx(0.2));
  CHECK(co.measured == 1);
  // Without roll-ups the shared objective has nothing of its own to score.
  CHECK_FALSE(
      okr::score_owner(index, loaded.repo.okr_files.at(0), options.as_of).objectives[0].score);
  // --rollup follows shared as well as aligns_to.
  options.rollup = true;
  const okr::ScoreReport rolled = okr::score_repository(index, options);
  CHECK(rolled.owners[0].objectives.at(0).aligned_count == 2);
  CHECK(*rolled.owners[0].objectives.at(0).aligned_score == Approx(0.6));
}

TEST_CASE("score_decimals rounds once, without negative zero") {
  CHECK(okr::score_decimals(0.8666666666666667) == 0.867);
  CHECK(okr::score_decimals(0.09999999999999432) == 0.1);
  CHECK_FALSE(std::signbit(okr::score_decimals(-0.0001)));
}
