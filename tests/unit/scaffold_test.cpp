// okr new's pure parts: the quarter it proposes and the objective ids it makes from titles.

#include <catch2/catch.hpp>

#include <okr/loader.hpp>
#include <okr/scaffold.hpp>

TEST_CASE("okr new proposes the next quarter in the last 30 days of one") {
  CHECK(okr::proposed_quarter(*okr::Date::parse("2026-11-20")) == "2026-Q4");
  CHECK(okr::proposed_quarter(*okr::Date::parse("2026-12-01")) == "2026-Q4");
  CHECK(okr::proposed_quarter(*okr::Date::parse("2026-12-02")) == "2027-Q1");
  CHECK(okr::proposed_quarter(*okr::Date::parse("2026-12-31")) == "2027-Q1");
  CHECK(okr::proposed_quarter(*okr::Date::parse("2027-01-01")) == "2027-Q1");
}

TEST_CASE("objective ids are made from titles") {
  CHECK(okr::id_from_title("Make paying anyone effortless") == "make-paying-anyone-effortless");
  CHECK(okr::id_from_title("Make the first week seamless and confidence-boosting for new users") ==
        "make-first-week-seamless-confidence");
  CHECK(okr::id_from_title("  Grow in the SMB segment!  ") == "grow-smb-segment");
  CHECK(okr::id_from_title("Réduire le délai d'ouverture") == "reduire-le-delai-d-ouverture");
  CHECK(okr::id_from_title("ÉCOLE Straße Œuvre ÿ") == "ecole-strasse-oeuvre-y");
  CHECK(okr::id_from_title("3×4 ÷ 2") == "3-4-2");
  CHECK(okr::id_from_title("日本 growth") == "growth");
  CHECK(okr::id_from_title("The") == "");
  CHECK(okr::id_from_title("").empty());
  CHECK(okr::id_from_title(std::string(50, 'a')) == std::string(40, 'a'));
}

TEST_CASE("the starter file takes its objective id from the title, and loads") {
  okr::NewOkrAnswers answers;
  answers.owner = "payments";
  answers.parent = "acme";
  answers.objective = "Make paying anyone effortless";
  answers.aligns_to = "acme/delight";
  answers.today = *okr::Date::parse("2026-12-10");
  const okr::NewFile file = okr::new_okr_file(answers);
  CHECK(file.path == "okrs/2027-Q1/payments.yaml");
  CHECK(file.text.find("  - id: make-paying-anyone-effortless\n") != std::string::npos);
  const okr::LoadResult loaded = okr::load_string(file.text, file.path);
  CHECK(loaded.diagnostics.empty());
  REQUIRE(loaded.repo.okr_files.size() == 1);
  CHECK(loaded.repo.okr_files[0].objectives[0].aligns_to[0].str() == "acme/delight");
}
