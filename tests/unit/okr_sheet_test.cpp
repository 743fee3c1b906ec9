// The one CSV reader (positions in code points, quotes, CRLF), OKR spreadsheets (okr import
// --okrs) and the carry-over of okr new: what they write loads back, what is wrong is a finding
// at its line and column.

#include <catch2/catch.hpp>

#include <okr/carry_over.hpp>
#include <okr/csv.hpp>
#include <okr/index.hpp>
#include <okr/loader.hpp>
#include <okr/okr_sheet.hpp>

namespace {

okr::SheetPlan sheet(std::string_view text) {
  okr::SheetRequest request;
  request.cycle = "2027-Q1";
  return okr::plan_okr_sheet(text, "okrs.csv", request);
}

} // namespace

TEST_CASE("CSV: fields with their lines and columns in code points, quotes, CRLF") {
  const okr::csv::Table t = okr::csv::read("\xEF\xBB\xBF"
                                           "a,\"b,\"\"c\"\"\"\r\n\r\né,\"x\ny\",z\n",
                                           "f.csv", "r");
  REQUIRE_FALSE(t.error);
  REQUIRE(t.records.size() == 2);
  CHECK(t.records[0][1].text == "b,\"c\"");
  CHECK(t.records[0][1].column == 3);
  CHECK(t.records[1][0].text == "é");
  CHECK(t.records[1][0].line == 3);
  CHECK(t.records[1][1].text == "x\ny");
  CHECK(t.records[1][1].column == 3); // é is one column
  CHECK(t.records[1][2].line == 4);
  CHECK(t.records[1][2].column == 4);
}

TEST_CASE("CSV: a syntax error stops the reading with its position") {
  const okr::csv::Table t = okr::csv::read("a,b\nc,\"d\"e\n", "f.csv", "rule");
  REQUIRE(t.records.size() == 1);
  REQUIRE(t.error);
  CHECK(t.error->line == 2);
  CHECK(t.error->column == 6);
  CHECK(t.error->rule == "rule");
  CHECK(okr::csv::read("\"open", "f.csv", "r").error->column == 1);
}

TEST_CASE("sheet: one file per owner, loading back as written") {
  const okr::SheetPlan plan = sheet(
      "Owner,LEVEL,parent,objective,objective_title,kr,kr_title,baseline,target,stay_between\n"
      "team-a,team,acme,o1,First,k1,K one,1.50,3,\n"
      "team-b,,acme,o2,Second,k2,K two,,,\"[1, 2]\"\n"
      "team-a,,,o1,,k3,K three,10,5,\n");
  REQUIRE(plan.findings.empty());
  REQUIRE(plan.files.size() == 2);
  CHECK(plan.files[0].path == "okrs/2027-Q1/team-a.yaml");
  const okr::LoadResult loaded = okr::load_string(plan.files[0].text, plan.files[0].path);
  REQUIRE(loaded.diagnostics.empty());
  const okr::OkrFile& file = loaded.repo.okr_files.at(0);
  CHECK(file.parent->value == "acme");
  REQUIRE(file.objectives.at(0).key_results.size() == 2);
  CHECK(file.objectives[0].key_results[0].baseline->str() == "1.50");
  CHECK(file.objectives[0].key_results[1].target->value == 5);
  const okr::LoadResult b = okr::load_string(plan.files[1].text, plan.files[1].path);
  CHECK(b.repo.okr_files.at(0).objectives.at(0).key_results.at(0).stay_between->str() == "[1, 2]");
}

TEST_CASE("sheet: every bad row is a finding at its cell, and no file is made") {
  const okr::SheetPlan plan = sheet("owner,parent,objective,objective_title,kr,kr_title,target\n"
                                    "a,p,o,O,k,K,ten\n"
                                    "a,q,o,O,k2,K,\n");
  CHECK(plan.files.empty());
  REQUIRE(plan.findings.size() == 3);
  CHECK(plan.findings[0].line == 2);
  CHECK(plan.findings[0].column == 13); // target 'ten'
  CHECK(plan.findings[1].line == 3);
  CHECK(plan.findings[1].column == 3); // parent differs
  CHECK(plan.findings[2].column == 9); // k2: no measure
  CHECK(sheet("owner,objective\n").findings.at(0).message.find("no column 'objective_title'") !=
        std::string::npos);
}

TEST_CASE("carry-over: objectives not met, re-baselined on their latest value") {
  std::vector<okr::SourceFile> files;
  files.push_back({"okrs/2026-Q4/t.yaml", R"(cycle: 2026-Q4
owner: t
level: company
objectives:
  - id: open
    title: Open
    key_results:
      - {id: up, title: Up, baseline: 60, target: 80, unit: "%"}
      - {id: done, title: Done, baseline: 1, target: 2}
      - {id: guard, title: Guard, stay_below: 3}
  - id: met
    title: Met
    key_results:
      - {id: ms, title: Milestone, milestone: true}
)"});
  files.push_back({"checkins/2026-Q4/t/2026-11-01.yaml", R"(owner: t
cycle: 2026-Q4
date: 2026-11-01
results: {open/up: 70.5, open/done: 2, open/guard: 4, met/ms: done}
)"});
  const okr::LoadResult loaded = okr::load_sources(files);
  REQUIRE(loaded.diagnostics.empty());
  const okr::Index index(loaded.repo);
  const auto next = loaded.repo.find_cycle("2027-Q1");
  REQUIRE(next);
  const okr::OkrFile* from = okr::previous_okr_file(index, "t", *next);
  REQUIRE(from != nullptr);
  CHECK(okr::previous_okr_file(index, "t", *loaded.repo.find_cycle("2026-Q3")) == nullptr);
  okr::CarryOverOptions options;
  options.next = *next;
  options.as_of = *okr::Date::parse("2026-12-01");
  const okr::CarryOver carried = okr::carry_over(index, *from, options);
  REQUIRE_FALSE(carried.error);
  CHECK(carried.objectives == 1);
  CHECK(carried.key_results == 2);
  REQUIRE(carried.left_out.size() == 1);
  CHECK(carried.left_out[0].id == "met");
  const okr::LoadResult back = okr::load_string(carried.file.text, carried.file.path);
  const okr::Objective& open = back.repo.okr_files.at(0).objectives.at(0);
  CHECK(open.key_results.at(0).baseline->str() == "70.5");
  CHECK(open.key_results.at(0).target->value == 80);
  CHECK(open.key_results.at(1).stay_below->value == 3);
  CHECK(carried.file.text.find("# carried over from okrs/2026-Q4/t.yaml, objective open") !=
        std::string::npos);
}
