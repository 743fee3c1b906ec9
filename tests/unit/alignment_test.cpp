#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <fmt/format.h>
#include <sstream>

#include <okr/alignment.hpp>
#include <okr/loader.hpp>
#include <okr/scoring.hpp>

namespace okr {

namespace {

/// A small organisation with one of everything the analyses look for.
std::vector<SourceFile> organisation() {
  return {
      {"okrs/2026/acme.yaml", R"(cycle: 2026
owner: acme
level: company
objectives:
  - id: growth
    title: Grow revenue from small businesses
    key_results: [{id: revenue, title: Grow revenue from 10 to 20, baseline: 10, target: 20, unit: M}]
  - id: resilience
    title: Keep critical systems running
    key_results: [{id: uptime, title: Keep uptime above 99.9%, stay_above: 99.9, unit: "%"}]
)",
       FileKind::other},
      {"okrs/2026-Q4/unit.yaml", R"(cycle: 2026-Q4
owner: unit
level: unit
parent: acme
objectives:
  - id: win-smb
    title: Win small businesses in the south
    aligns_to: acme/growth
    key_results: [{id: accounts, title: Open 500 accounts, baseline: 0, target: 500, unit: accounts}]
  - id: audit
    title: Pass the regulator's audit without findings
    key_results: [{id: findings, title: No audit findings, milestone: true}]
)",
       FileKind::other},
      {"okrs/2026-Q4/team-a.yaml", R"(cycle: 2026-Q4
owner: team-a
level: team
parent: unit
objectives:
  - id: onboarding
    title: Make opening a business account effortless
    aligns_to: unit/win-smb
    depends_on: [team-b, legal]
    key_results:
      - {id: time, title: Cut the time to open an account from 5 days to 1 day, baseline: 5, target: 1, unit: days}
      - {id: completion, title: Lift completion from 40% to 60%, baseline: 40, target: 60, unit: "%", contributes_to: [unit/win-smb/accounts]}
  - id: ways
    title: Improve our ways of working
    aligns_to: unit/win-smb
    key_results: [{id: retro, title: Hold a retro every sprint, milestone: true}]
)",
       FileKind::other},
      {"okrs/2026-Q4/team-b.yaml", R"(cycle: 2026-Q4
owner: team-b
level: team
parent: unit
objectives:
  - id: better-ways
    title: Improve the team's ways of working
    depends_on: team-a
    key_results: [{id: cycle-time, title: Cut cycle time from 10 to 5 days, baseline: 10, target: 5, unit: days}]
  - shared: acme/resilience
    key_results: [{id: drills, title: Run 2 failover drills, milestone: true}]
)",
       FileKind::other},
      {"okrs/2026-Q3/legal.yaml", R"(cycle: 2026-Q3
owner: legal
level: team
parent: unit
objectives:
  - id: contracts
    title: Simplify customer contracts
    key_results: [{id: pages, title: Cut pages from 20 to 5, baseline: 20, target: 5, unit: pages}]
)",
       FileKind::other},
      {"okrs/2026-Q4/pat.yaml", R"(cycle: 2026-Q4
owner: pat
level: individual
parent: team-a
objectives:
  - id: my-onboarding
    title: Make opening a business account effortless
    key_results:
      - {id: my-time, title: Cut the time to open an account from 5 days to 1 day, baseline: 5, target: 1, unit: days}
  - id: grow
    title: Become a confident public speaker
    key_results: [{id: talks, title: Give 3 talks, baseline: 0, target: 3, unit: talks}]
)",
       FileKind::other},
  };
}

struct Loaded {
  LoadResult result;
  Index index;
  explicit Loaded(std::vector<SourceFile> files)
      : result(load_sources(std::move(files))), index(result.repo) {}
};

Alignment analysed(const Loaded& loaded, const AlignScope& scope) {
  Alignment graph = build_alignment(loaded.index, scope);
  analyse_alignment(graph, loaded.index);
  return graph;
}

std::vector<std::string> refs(const Alignment& graph, const std::vector<std::size_t>& items) {
  std::vector<std::string> out;
  for (const std::size_t n : items) {
    out.push_back(graph.objectives[n].ref);
  }
  return out;
}

using Strings = std::vector<std::string>;

Strings words_of(std::string_view title) {
  Strings out;
  for (const Symbol word : title_words(title)) {
    out.push_back(word.str());
  }
  return out;
}

TitleWords symbols(const Strings& words) {
  return TitleWords(words.begin(), words.end());
}

} // namespace

TEST_CASE("title words are normalised, stop words dropped and lightly stemmed") {
  CHECK(words_of("Improve the team's ways of working!") ==
        Strings{"improve", "team", "way", "work"});
  CHECK(words_of("Delight new customers by transforming the first-week experience") ==
        Strings{"customer", "delight", "experience", "first", "new", "transform", "week"});
  CHECK(words_of("Lift completion from 65% to 90%") == Strings{"65", "90", "completion", "lift"});
  CHECK(words_of("Business stories, status and activities") ==
        Strings{"activity", "business", "status", "story"});
  CHECK(words_of("Café AND café") == Strings{"café"});
  CHECK(words_of("the of and a") == Strings{});
}

TEST_CASE("similarity is the Jaccard index of title words") {
  const auto a = title_words("Improve our ways of working");
  const auto b = title_words("Improve the team's ways of working");
  CHECK(similarity(a, b) == Approx(0.75));
  CHECK(similarity(a, a) == 1.0);
  CHECK(similarity(a, TitleWords{}) == 0.0);
  CHECK(similarity(title_words("Delight new customers by transforming the first-week experience"),
                   title_words("Make the first week seamless and confidence-boosting for new "
                               "users")) < k_similarity_threshold);
}

TEST_CASE("similar_pairs finds exactly the pairs a comparison of all pairs finds") {
  // Titles made of a few words from a small vocabulary, so that many pairs are similar.
  const Strings vocabulary = {"grow",    "revenue", "customer", "onboard", "fast", "safe",
                              "payment", "team",    "learn",    "trust",   "app",  "credit"};
  std::vector<TitleWords> lists;
  unsigned seed = 7;
  for (int n = 0; n < 300; ++n) {
    Strings words;
    const int size = 2 + n % 4;
    for (int k = 0; k < size; ++k) {
      seed = seed * 1103515245u + 12345u;
      words.push_back(vocabulary[(seed >> 16) % vocabulary.size()]);
    }
    std::sort(words.begin(), words.end());
    words.erase(std::unique(words.begin(), words.end()), words.end());
    lists.push_back(symbols(words));
  }
  const auto pairs = similar_pairs(lists, 0.6, [](std::size_t, std::size_t) { return true; });
  std::vector<std::pair<std::size_t, std::size_t>> expected;
  for (std::size_t a = 0; a < lists.size(); ++a) {
    for (std::size_t b = a + 1; b < lists.size(); ++b) {
      if (similarity(lists[a], lists[b]) >= 0.6) {
        expected.emplace_back(a, b);
      }
    }
  }
  std::vector<std::pair<std::size_t, std::size_t>> found;
  for (const SimilarPair& p : pairs) {
    found.emplace_back(p.a, p.b);
  }
  REQUIRE(!expected.empty());
  CHECK(found == expected);
}

TEST_CASE("similar_pairs is fast on many titles") {
  std::vector<TitleWords> lists;
  for (int n = 0; n < 30000; ++n) {
    // Templated titles: common words, one team number and one topic word each.
    lists.push_back(
        title_words(fmt::format("Improve the topic{} experience of team {} customers", n, n / 2)));
  }
  const auto start = std::chrono::steady_clock::now();
  const auto pairs =
      similar_pairs(lists, k_similarity_threshold, [](std::size_t, std::size_t) { return true; });
  const auto seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  CHECK(seconds < 2.0);
  // Only titles of the same team are similar (5 of 7 words); the rest share 4 of 8 words.
  CHECK(pairs.size() == 15000);
}

TEST_CASE("the graph holds owners top-down and every kind of edge") {
  const Loaded loaded(organisation());
  REQUIRE(loaded.result.diagnostics.empty());
  const Alignment graph = build_alignment(loaded.index, {"2026-Q4", true});
  Strings owners;
  for (const AlignOwner& o : graph.owners) {
    owners.push_back(fmt::format("{}:{}", o.id, o.depth));
  }
  // legal has only a 2026-Q3 file: not in the 2026-Q4 view.
  CHECK(owners == Strings{"acme:0", "unit:1", "team-a:2", "pat:3", "team-b:2"});
  Strings edges;
  for (const AlignEdge& e : graph.edges) {
    edges.push_back(fmt::format("{} {} {}", e.from, to_string(e.kind), e.to));
  }
  CHECK(edges == Strings{
                     "unit/win-smb aligns_to acme/growth",
                     "team-a/onboarding aligns_to unit/win-smb",
                     "team-a/onboarding depends_on team-b",
                     "team-a/onboarding depends_on legal",
                     "team-a/onboarding/completion contributes_to unit/win-smb/accounts",
                     "team-a/ways aligns_to unit/win-smb",
                     "team-b/better-ways depends_on team-a",
                     "team-b/resilience shared acme/resilience",
                 });
  const auto shared = graph.find_objective("team-b/resilience");
  REQUIRE(shared);
  CHECK(graph.objectives[*shared].title == "Keep critical systems running");
  CHECK(refs(graph, graph.objectives[*graph.find_objective("unit/win-smb")].supporters) ==
        Strings{"team-a/onboarding", "team-a/ways"});
}

TEST_CASE("the analyses find gaps, orphans, overlaps, dependencies, copies") {
  const Loaded loaded(organisation());
  const Alignment graph = analysed(loaded, {"2026-Q4", true});
  Strings gaps;
  for (const Gap& g : graph.gaps) {
    gaps.push_back(graph.objectives[g.objective].ref);
  }
  CHECK(gaps == Strings{"unit/audit"}); // acme/resilience is shared by team-b

  REQUIRE(graph.orphans.size() == 2);
  CHECK(graph.objectives[graph.orphans[0].objective].ref == "unit/audit");
  CHECK(graph.orphans[0].ancestor == "acme");
  CHECK(graph.objectives[graph.orphans[1].objective].ref == "team-b/better-ways");
  CHECK(graph.orphans[1].ancestor == "unit");

  REQUIRE(graph.overlaps.size() == 1);
  CHECK(refs(graph, graph.overlaps[0].objectives) == Strings{"team-a/ways", "team-b/better-ways"});
  CHECK(graph.overlaps[0].similarity == Approx(0.75));

  Strings dependencies;
  for (const Dependency& d : graph.dependencies) {
    dependencies.push_back(fmt::format("{} on {} okrs={} mutual={}",
                                       graph.objectives[d.objective].ref, d.on, d.has_okrs,
                                       d.mutual));
  }
  CHECK(dependencies == Strings{"team-a/onboarding on team-b okrs=true mutual=true",
                                "team-a/onboarding on legal okrs=false mutual=false",
                                "team-b/better-ways on team-a okrs=true mutual=true"});

  REQUIRE(graph.individual_copies.size() == 2);
  CHECK(!graph.individual_copies[0].key_result);
  CHECK(graph.objectives[graph.individual_copies[0].individual].ref == "pat/my-onboarding");
  CHECK(graph.objectives[graph.individual_copies[0].team].ref == "team-a/onboarding");
  CHECK(graph.individual_copies[1].key_result);
  CHECK(graph.kr_ref(graph.individual_copies[1].individual) == "pat/my-onboarding/my-time");
  CHECK(graph.kr_ref(graph.individual_copies[1].team) == "team-a/onboarding/time");
  CHECK(graph.focus.empty());
}

TEST_CASE("private OKRs stay out of the graph unless asked for") {
  const Loaded loaded(organisation());
  const Alignment graph = analysed(loaded, {"2026-Q4", false});
  CHECK(!graph.find_owner("pat"));
  CHECK(graph.individual_copies.empty());
  for (const AlignEdge& e : graph.edges) {
    CHECK(e.from.rfind("pat/", 0) != 0);
  }
}

TEST_CASE("a dependency on a private owner is not shown without --include-private") {
  auto files = organisation();
  files[2].text.replace(files[2].text.find("[team-b, legal]"), 15, "[pat]");
  const Loaded loaded(std::move(files));
  CHECK(analysed(loaded, {"2026-Q4", false}).dependencies.size() == 1); // team-b on team-a
  CHECK(analysed(loaded, {"2026-Q4", true}).dependencies.size() == 2);
}

TEST_CASE("no overlap between objectives that align to one another or in other cycles") {
  const Loaded loaded({
      {"okrs/2026-Q4/u.yaml",
       "cycle: 2026-Q4\nowner: u\nlevel: unit\nobjectives:\n  - id: x\n    title: Improve our "
       "ways of working\n    key_results: [{id: k, title: K, milestone: true}]\n",
       FileKind::other},
      {"okrs/2026-Q4/t.yaml",
       "cycle: 2026-Q4\nowner: t\nlevel: team\nparent: u\nobjectives:\n  - id: y\n    title: "
       "Improve our ways of working\n    aligns_to: u/x\n    key_results: [{id: k, title: K, "
       "milestone: true}]\n",
       FileKind::other},
      {"okrs/2026-Q1/s.yaml",
       "cycle: 2026-Q1\nowner: s\nlevel: team\nparent: u\nobjectives:\n  - id: z\n    title: "
       "Improve our ways of working\n    key_results: [{id: k, title: K, milestone: true}]\n",
       FileKind::other},
  });
  CHECK(analysed(loaded, {"", true}).overlaps.empty());
}

TEST_CASE("focus counts objectives against the limits of the level") {
  std::string objectives;
  for (int n = 0; n < 6; ++n) {
    objectives += fmt::format("  - id: o{}\n    title: Objective number {}\n    key_results: "
                              "[{{id: k, title: K, milestone: true}}]\n",
                              n, n);
  }
  const Loaded loaded({
      {"okrs/2026/c.yaml", "cycle: 2026\nowner: c\nlevel: company\nobjectives:\n" + objectives,
       FileKind::other},
      {"okrs/2026/t.yaml",
       "cycle: 2026\nowner: t\nlevel: team\nparent: c\nobjectives:\n" +
           objectives.substr(0, objectives.find("  - id: o4")),
       FileKind::other},
  });
  const Alignment graph = analysed(loaded, {"2026", true});
  REQUIRE(graph.focus.size() == 2);
  CHECK(graph.owners[graph.focus[0].owner].id == "c");
  CHECK(graph.focus[0].rule == "too-many-priorities");
  CHECK(graph.focus[0].objectives == 6);
  CHECK(graph.owners[graph.focus[1].owner].id == "t");
  CHECK(graph.focus[1].rule == "objective-count");
  CHECK(graph.focus[1].limit == 3);
}

TEST_CASE("focus limits come from okr.yaml's settings of the two rules") {
  const LoadResult loaded = load_string("lint:\n  rules:\n    objective-count: {max: 4}\n"
                                        "    too-many-priorities: {severity: error, max: 7}\n"
                                        "    kr-count: {max: 9}\n",
                                        "okr.yaml");
  const FocusLimits limits = focus_limits(loaded.repo.config);
  CHECK(limits.max_objectives == 4);
  CHECK(limits.max_priorities == 7);
  CHECK(focus_limits(Config{}).max_objectives == 3);
  CHECK(focus_limits(Config{}).max_priorities == 5);
}

TEST_CASE("restricting to an owner and a depth keeps its part of the organisation") {
  const Loaded loaded(organisation());
  Alignment graph = analysed(loaded, {"2026-Q4", true});
  restrict_alignment(graph, "unit", 2);
  Strings shown;
  for (const AlignOwner& o : graph.owners) {
    if (o.visible) {
      shown.push_back(o.id);
    }
  }
  CHECK(shown == Strings{"unit", "team-a", "team-b"});
  CHECK(graph.individual_copies.empty()); // pat is below the depth
  CHECK(graph.gaps.size() == 1);
}

TEST_CASE("the default cycle is the shortest one containing the date") {
  const Loaded loaded(organisation());
  CHECK(default_cycle(loaded.index, *Date::parse("2026-11-20")) == "2026-Q4");
  CHECK(default_cycle(loaded.index, *Date::parse("2026-08-01")) == "2026-Q3");
  CHECK(default_cycle(loaded.index, *Date::parse("2026-02-01")) == "2026");
  CHECK(default_cycle(loaded.index, *Date::parse("2027-02-01")) == "2026-Q4");
  CHECK(default_cycle(loaded.index, *Date::parse("2025-02-01")) == "2026");
}

TEST_CASE("every format leaves private OKRs out unless they are included") {
  const Loaded loaded(organisation());
  for (const bool include : {false, true}) {
    Alignment graph = analysed(loaded, {"2026-Q4", include});
    restrict_alignment(graph, "", 0);
    AlignReport report;
    report.graph = &graph;
    report.repo = &loaded.result.repo;
    report.cycle = "2026-Q4";
    for (const AlignFormat& format : align_formats()) {
      std::ostringstream out;
      format.render(out, report, {});
      INFO(format.name);
      std::string text = out.str();
      // dot wraps titles with its line break, "\n": read them back as one line.
      for (std::size_t at = 0; (at = text.find("\\n", at)) != std::string::npos;) {
        text.replace(at, 2, " ");
      }
      CHECK((text.find("pat") != std::string::npos) == include);
      CHECK((text.find("confident public speaker") != std::string::npos) == include);
    }
  }
}

TEST_CASE("align scores are found by the model's objective or key result") {
  const Loaded loaded(organisation());
  const auto& files = loaded.result.repo.okr_files;
  const auto acme = std::find_if(files.begin(), files.end(),
                                 [](const OkrFile& f) { return f.owner.value == "acme"; });
  REQUIRE(acme != files.end());
  const Objective& growth = acme->objectives.at(0);
  const Objective& resilience = acme->objectives.at(1);
  AlignScores scores;
  CHECK(scores.empty());
  scores.add(resilience, 0.25);
  scores.add(growth.key_results.at(0), 0.5);
  scores.add(growth, 0.75);
  scores.add(growth, 0.1); // a second score for the same objective: the first one wins
  scores.sort();
  CHECK_FALSE(scores.empty());
  CHECK(scores.find(growth) == 0.75);
  CHECK(scores.find(resilience) == 0.25);
  CHECK(scores.find(growth.key_results.at(0)) == 0.5);
  CHECK_FALSE(scores.find(resilience.key_results.at(0)));

  Alignment graph = analysed(loaded, {"2026-Q4", false});
  AlignReport report;
  report.graph = &graph;
  report.scores = &scores;
  std::ostringstream out;
  find_align_format("json")->render(out, report, {});
  CHECK(out.str().find("\"score\": 0.75") != std::string::npos);
  CHECK(out.str().find("\"score\": 0.5") != std::string::npos);
}

} // namespace okr
