// The report: the model built from a tiny repository with hand-computed numbers, private OKRs,
// and the escaping of every string in the HTML and Markdown renderers.

#include <array>
#include <catch2/catch.hpp>
#include <cmath>
#include <fmt/format.h>
#include <limits>
#include <random>
#include <sstream>

#include <okr/index.hpp>
#include <okr/loader.hpp>
#include <okr/report.hpp>
#include <okr/text.hpp>

#include "report/view.hpp"
#include "support.hpp"

using namespace okr;
using Catch::Matchers::Contains;

namespace {

const std::string k_config = R"(version: 1
organization: Tiny
cycles:
  2026-Q4: {start: 2026-10-01, end: 2026-12-31}
)";

const std::string k_acme = R"(cycle: 2026-Q4
owner: acme
level: company
objectives:
  - id: delight
    title: Delight new customers
    key_results:
      - {id: nps, title: Raise NPS from 20 to 35, type: committed, baseline: 20, target: 35}
)";

const std::string k_discover = R"(cycle: 2026-Q4
owner: discover
level: team
parent: acme
objectives:
  - id: first-week
    title: Make the first week seamless
    aligns_to: acme/delight
    weight: 3
    key_results:
      - {id: completion, title: Completion 65 to 90, type: committed, baseline: 65, target: 90, weight: 2}
      - {id: tickets, title: Tickets 1200 to 840, type: stretch, baseline: 1200, target: 840}
      - {id: crash, title: Crash-free at or above 99.5, type: committed, stay_above: 99.5}
      - {id: help, title: Contextual help, type: committed, milestone: true}
  - id: other
    title: Something unconnected
    key_results:
      - {id: x, title: X from 0 to 10, baseline: 0, target: 10}
)";

const std::string k_ana = R"(cycle: 2026-Q4
owner: ana
name: Ana Secret
level: individual
parent: discover
objectives:
  - id: growth
    title: Private growth goal
    key_results:
      - {id: course, title: Finish the course, milestone: true}
)";

std::string checkin(const std::string& date, const std::string& results) {
  return "owner: discover\ncycle: 2026-Q4\ndate: " + date + "\nconfidence: 7\nstatus: on-track\n" +
         "results:\n" + results;
}

test::Files tiny_repo() {
  return {{"okr.yaml", k_config},
          {"okrs/2026-Q4/acme.yaml", k_acme},
          {"okrs/2026-Q4/discover.yaml", k_discover},
          {"okrs/2026-Q4/ana.yaml", k_ana},
          {"checkins/2026-Q4/discover/2026-10-08.yaml",
           checkin("2026-10-08", "  first-week/completion: 70\n  first-week/tickets: 1100\n"
                                 "  first-week/crash: 99.4\n  first-week/help: not-done\n")},
          {"checkins/2026-Q4/discover/2026-10-22.yaml",
           checkin("2026-10-22", "  first-week/completion: 75\n  first-week/tickets: 1000\n")},
          {"checkins/2026-Q4/discover/2026-11-05.yaml",
           checkin("2026-11-05", "  first-week/completion: 80\n  first-week/crash: 99.6\n"
                                 "  first-week/help: done\n  other/x: 5\n")},
          {"checkins/2026-Q4/discover/2026-11-19.yaml",
           checkin("2026-11-19", "  first-week/completion: 90\n")}};
}

test::LoadedReport build(const test::Files& files, const std::string& as_of,
                         bool include_private = false) {
  std::vector<SourceFile> sources;
  for (const auto& [path, text] : files) {
    sources.push_back({path, text, FileKind::other});
  }
  test::LoadedReport built;
  built.loaded = std::make_unique<LoadResult>(load_sources(std::move(sources)));
  for (const Diagnostic& d : built.loaded->diagnostics) {
    FAIL_CHECK(d.file << ":" << d.line << ": " << d.message);
  }
  built.index = std::make_unique<Index>(built.loaded->repo);
  ReportOptions options;
  options.as_of = *Date::parse(as_of);
  options.include_private = include_private;
  ReportResult result = build_report(*built.index, options);
  REQUIRE(result.report);
  built.report = std::move(*result.report);
  return built;
}

/// A key result of the report, built again.
ReportKr kr(const Report& report, const std::string& ref) {
  for (const ReportOwner& owner : report.owners) {
    for (const ReportObjective& o : owner.objectives) {
      for (const ReportKr& k : o.key_results) {
        if (k.scored.ref == ref) {
          return k;
        }
      }
    }
  }
  FAIL("no key result " << ref);
  throw std::logic_error("unreachable");
}

std::string render(const Report& report, const std::string& format) {
  std::ostringstream out;
  if (format == "json") {
    render_report_json(out, report);
  } else if (format == "html") {
    REQUIRE_FALSE(render_report_html(out, report));
  } else {
    REQUIRE_FALSE(render_report_markdown(out, report));
  }
  return out.str();
}

} // namespace

TEST_CASE("report: hand-computed scores on 2026-11-12, between check-ins") {
  const test::LoadedReport built_r = build(tiny_repo(), "2026-11-12");
  const Report& r = built_r.report;
  // 42 of the cycle's 91 days have passed.
  CHECK(r.owners.owner(0).expected == Approx(42.0 / 91).margin(1e-9));
  // Latest value 80 (the 11-19 check-in is after the as-of date): (80-65)/(90-65).
  const ReportKr& completion = kr(r, "discover/first-week/completion");
  CHECK(completion.scored.value == 80);
  CHECK(completion.scored.score == Approx(0.6).margin(5e-4));
  CHECK(completion.scored.grade == Grade::yellow);
  CHECK(completion.scored.pace == Pace::ahead); // 0.6 is 0.138 above the expected 0.4615
  CHECK(completion.scored.colour == Grade::green);
  // Least squares through 70, 75, 80 two weeks apart reaches 100 on Dec 31; clamped to 1.
  REQUIRE(completion.scored.forecast_value);
  CHECK(*completion.scored.forecast_value == Approx(100).margin(1e-6));
  CHECK(*completion.scored.forecast == 1.0);
  // A decrease: (1000-1200)/(840-1200) = 0.556; two values give no forecast.
  const ReportKr& tickets = kr(r, "discover/first-week/tickets");
  CHECK(tickets.scored.score == Approx(0.5556).margin(5e-4));
  CHECK_FALSE(tickets.scored.forecast);
  // A guardrail read twice, broken once (99.4 < 99.5): it held on half its readings.
  const ReportKr crash = kr(r, "discover/first-week/crash");
  CHECK(crash.scored.score == 0.5);
  CHECK_FALSE(crash.scored.succeeded);
  REQUIRE(crash.scored.guardrail);
  REQUIRE(crash.scored.guardrail->breaches.size() == 1);
  CHECK(crash.scored.guardrail->breaches[0].date == *Date::parse("2026-10-08"));
  CHECK(crash.scored.pace == Pace::at_risk); // committed and breached: it can no longer be met
  CHECK(crash.at_risk);
  CHECK_FALSE(crash.team_call);
  CHECK(kr(r, "discover/first-week/help").scored.score == 1.0);
  CHECK(kr(r, "discover/first-week/help").scored.done == true);
  // Not measured is not failure: no score, no grade, no pace, not at risk.
  const ReportKr& nps = kr(r, "acme/delight/nps");
  CHECK_FALSE(nps.scored.measured);
  CHECK_FALSE(nps.scored.measured_score());
  CHECK(nps.scored.grade == Grade::none);
  CHECK(nps.scored.pace == Pace::none);
  CHECK_FALSE(nps.scored.behind_pace);
  CHECK_FALSE(nps.at_risk);
  CHECK_FALSE(tickets.scored.behind_pace);

  REQUIRE(r.owners.size() == 2); // ana is private
  CHECK(r.owners.owner(0).id == "acme");
  CHECK_FALSE(r.owners.owner(0).score); // nothing of acme's is measured
  CHECK_FALSE(r.owners.owner(0).objectives[0].score);
  const ReportOwner discover = r.owners.owner(1);
  // Weighted: (0.6*2 + 0.5556 + 0.5 + 1) / 5 = 0.6511; owner (0.6511*3 + 0.5) / 4 = 0.6133.
  CHECK(*discover.objectives[0].score == Approx(0.6511).margin(5e-4));
  CHECK(discover.objectives[0].grade == Grade::yellow);
  CHECK(discover.objectives[0].pace == Pace::ahead);
  CHECK(discover.objectives[0].colour == Grade::green);
  CHECK(*discover.objectives[1].score == Approx(0.5).margin(5e-4));
  CHECK(*discover.score == Approx(0.6133).margin(5e-4));
  REQUIRE(discover.latest);
  CHECK(discover.latest->date == *Date::parse("2026-11-05"));
  CHECK(discover.on_cadence); // 7 days before the as-of date

  const ReportSummary& s = r.summary;
  CHECK(s.owners == 2);
  CHECK(s.objectives == 3);
  CHECK(s.key_results == 6);
  CHECK(s.committed_met == 1); // help; crash broke once, nps is not measured
  CHECK(s.committed_total == 4);
  CHECK(s.stretch_below == 2);
  CHECK(s.stretch_sweet == 0);
  CHECK(s.stretch_above == 0);
  CHECK(s.at_risk == 1);      // crash
  CHECK(s.not_measured == 1); // nps
  CHECK(s.on_cadence == 1);
  REQUIRE(s.levels.size() == 2);
  CHECK(s.levels[1].level == Level::team);
  CHECK(*s.levels[1].mean == Approx((0.6511 + 0.5) / 2).margin(5e-4));
  CHECK_FALSE(s.levels[0].mean); // the company: not measured yet
  CHECK(s.levels[0].measured == 0);
  REQUIRE(r.review.not_measured.size() == 1);
  CHECK(r.review.not_measured[0].ref == "acme/delight");
  CHECK(r.review.objectives_at_risk.empty());

  CHECK(r.review.stale_owners == std::vector<std::string>{"acme"});
  REQUIRE(r.alignment.orphans.size() == 1);
  CHECK(r.alignment.orphans[0].ref == "discover/other");
  CHECK(r.alignment.gaps.empty());
}

TEST_CASE("report: a later as-of date sees the later check-in") {
  const test::LoadedReport built_r = build(tiny_repo(), "2026-11-20");
  const Report& r = built_r.report;
  CHECK(kr(r, "discover/first-week/completion").scored.score == 1.0);
  // (1*2 + 0.5556 + 0.5 + 1) / 5
  CHECK(*r.owners.owner(1).objectives[0].score == Approx(0.8111).margin(5e-4));
  CHECK(r.summary.committed_met == 2);
  CHECK(r.owners.owner(1).on_cadence); // 2026-11-19
}

TEST_CASE("report: private individual OKRs appear only with include_private") {
  const test::LoadedReport built_hidden = build(tiny_repo(), "2026-11-12");
  const Report& hidden = built_hidden.report;
  for (const std::string format : {"json", "markdown", "html"}) {
    const std::string text = render(hidden, format);
    CHECK_THAT(text, !Contains("Ana Secret") && !Contains("Private growth goal") &&
                         !Contains("ana/growth"));
  }
  const test::LoadedReport built_shown = build(tiny_repo(), "2026-11-12", true);
  const Report& shown = built_shown.report;
  CHECK_THAT(render(shown, "markdown"), Contains("Ana Secret") && Contains("Private growth goal"));
  CHECK_THAT(render(shown, "json"), Contains("\"private\": true"));
}

TEST_CASE("report: HTML escapes every string from the OKR files") {
  const std::vector<std::string> corpus = {
      "<script>alert(1)</script>",
      "\"><img src=x onerror=alert(1)>",
      "'><svg onload=alert(1)>",
      "</style><script>alert(1)</script>",
      "</title><script>alert(1)</script>",
      "<iframe src=\"javascript:alert(1)\"></iframe>",
      "<a href=\"https://evil.example/\">x</a>",
      "]]><script>alert(1)</script>",
      "&lt;script&gt; already escaped",
      "{{header.organization}} {{{mermaid}}}",
  };
  auto quoted = [](const std::string& text) {
    std::string out = "\"";
    for (char c : text) {
      if (c == '"' || c == '\\') {
        out += '\\';
      }
      out += c;
    }
    return out + "\"";
  };
  for (const std::string& payload : corpus) {
    INFO(payload);
    const std::string q = quoted(payload);
    test::Files files = tiny_repo();
    files[0].second = "version: 1\norganization: " + q + "\nvision: " + q + "\nstrategy: [" + q +
                      "]\ncycles:\n  2026-Q4: {start: 2026-10-01, end: 2026-12-31}\n";
    files[1].second = test::replace(k_acme, "Delight new customers", q);
    files[1].second =
        test::replace(files[1].second, "title: Raise NPS from 20 to 35", "title: " + q);
    files[1].second += "kpis:\n  - {id: k, title: " + q + ", unit: " + q + ", stay_above: 1}\n";
    files.push_back({"checkins/2026-Q4/acme/2026-11-02.yaml",
                     "owner: acme\ncycle: 2026-Q4\ndate: 2026-11-02\nauthor: " + q +
                         "\nissues: " + q + "\nplan: " + q + "\n"});
    files.push_back({"checkins/2026-Q4/acme/2026-11-03.yaml",
                     "owner: acme\ncycle: 2026-Q4\ndate: 2026-11-03\nkind: retro\nattractors: [" +
                         q + "]\ndetractors: [" + q + "]\nlearned: [" + q + "]\n"});
    const test::LoadedReport built_r = build(files, "2026-11-12");
    const Report& r = built_r.report;
    const std::string html = render(r, "html");
    // okr's own links are the overview's, to an owner's section (`<a href="#owner-ID">`), and
    // the owner tree's caption's, to the overview.
    std::string unlinked = html;
    for (const char* own : {"<a href=\"#owner-", "<a href=\"#overview\">"}) {
      for (std::size_t at = 0; (at = unlinked.find(own, at)) != std::string::npos;) {
        unlinked.replace(at, 3, "<link");
      }
    }
    CHECK_THAT(unlinked, !Contains("<script") && !Contains("<img") && !Contains("<iframe") &&
                             !Contains("<a ") && !Contains("<svg onload") && !Contains("]]><"));
    CHECK_THAT(html, Contains(escape_html(payload)));
    // The KR chart's title and label are escaped too.
    CHECK_THAT(svg_kr_chart(kr(r, "acme/delight/nps"), r.header.cycle_start, r.header.cycle_end),
               !Contains("<script") &&
                   Contains("<title>acme/delight/nps: " + escape_html(payload)));
    const std::string markdown = render(r, "markdown");
    CHECK_THAT(markdown, !Contains("<script") && !Contains("<img") && !Contains("<iframe") &&
                             !Contains("<a "));
  }
}

TEST_CASE("report: escape_html shows control characters as U+FFFD and line breaks as LF") {
  // A report written to a terminal must not clear it, link from it or overwrite a line.
  CHECK(escape_html("a\x1b[2J\x07\x1b]8;;u\x1b\\\xc2\x9b"
                    "31m\x7f\tb\r\nc\rd") ==
        "a\xEF\xBF\xBD[2J\xEF\xBF\xBD\xEF\xBF\xBD]8;;u\xEF\xBF\xBD\\\xEF\xBF\xBD"
        "31m\xEF\xBF\xBD\tb\nc\nd");
  CHECK(escape_html("é <&>") == "é &lt;&amp;&gt;");
}

TEST_CASE("report: escape_html shows bidirectional overrides as visible escapes") {
  // A title must not reorder what a reader sees of the page after it.
  CHECK(escape_html("a\u202Eevil\u202C \u2066x\u2069 \uFFFF") ==
        "a\\u202Eevil\\u202C \\u2066x\\u2069 \\uFFFF");
  CHECK(escape_html("\u2019 \u20AC \uFEFF") == "\u2019 \u20AC \uFEFF"); // E2 and EF kept
}

TEST_CASE("report: a site's page names are made from owner ids, never a path") {
  CHECK(report::site_page_name("owner-", "team-1") == "owner-team-1.html");
  CHECK(report::site_page_name("unit-", "web", 3) == "unit-web.3.html");
  CHECK(report::site_page_name("owner-", "../a b") == "owner-_2E_2E_2Fa_20b.html");
}

TEST_CASE("report: a template of one's own sees the same data") {
  const test::LoadedReport built_r = build(tiny_repo(), "2026-11-12");
  const Report& r = built_r.report;
  std::ostringstream out;
  CHECK_FALSE(render_report_markdown(
      out, r, "{{#owners}}{{id}}={{score}};{{/owners}} {{summary.committed.met}}"));
  CHECK(out.str() == "acme=;discover=0.61; 1");
  std::ostringstream bad;
  CHECK(render_report_html(bad, r, "{{#owners}}unclosed"));
}

TEST_CASE("report: a template may show the owners inside an owner") {
  // Each {{#owners}} item builds its owner; the inner ones must not free the outer one.
  const test::LoadedReport built = build(tiny_repo(), "2026-11-12", true);
  const Report& r = built.report;
  const std::string tmpl =
      "{{#owners}}{{id}}:{{#owners}}{{id}}{{#objectives}}({{id}}){{/objectives}},"
      "{{/owners}}{{#objectives}}[{{ref}}]{{/objectives}};{{/owners}}";
  const std::string inner = "acme(delight),discover(first-week)(other),ana(growth),";
  std::ostringstream out;
  CHECK_FALSE(render_report_markdown(out, r, tmpl));
  CHECK(out.str() == "acme:" + inner + "[acme/delight];discover:" + inner +
                         "[discover/first-week][discover/other];ana:" + inner + "[ana/growth];");

  // Key results, their values and charts of an outer owner, after the inner owners came and went.
  std::string charts;
  std::string all;
  for (const ReportOwner& owner : r.owners) {
    for (const ReportObjective& o : owner.objectives) {
      for (const ReportKr& k : o.key_results) {
        all += svg_kr_chart(k, owner.cycle_start, owner.cycle_end) +
               std::to_string(k.scored.series.size());
      }
    }
  }
  for (const ReportOwner& owner : r.owners) {
    charts += all;
    for (const ReportObjective& o : owner.objectives) {
      for (const ReportKr& k : o.key_results) {
        charts += svg_kr_chart(k, owner.cycle_start, owner.cycle_end) + k.scored.ref;
      }
    }
    charts += "|";
  }
  const std::string krs = "{{#objectives}}{{#key_results}}{{{chart}}}";
  std::ostringstream html;
  CHECK_FALSE(render_report_html(html, r,
                                 "{{#owners}}{{#owners}}" + krs +
                                     "{{values_count}}{{/key_results}}{{/objectives}}{{/owners}}" +
                                     krs + "{{ref}}{{/key_results}}{{/objectives}}|{{/owners}}"));
  CHECK(html.str() == charts);
}

TEST_CASE("report: owners walked twice come out the same") {
  const test::LoadedReport built = build(tiny_repo(), "2026-11-12", true);
  const Report& r = built.report;
  const std::string once = "{{#owners}}{{id}} {{score}} {{#latest}}{{date}}{{/latest}}"
                           "{{#objectives}}{{ref}}{{#key_results}}{{ref}}={{score}}"
                           "{{#values}}{{date}}:{{value}}{{/values}}{{/key_results}}"
                           "{{/objectives}};{{/owners}}";
  std::ostringstream a;
  CHECK_FALSE(render_report_markdown(a, r, once));
  std::ostringstream b;
  CHECK_FALSE(render_report_markdown(b, r, once + "|" + once));
  CHECK_THAT(a.str(), Contains("discover/first-week/completion=0.6"));
  CHECK(b.str() == a.str() + "|" + a.str());
  CHECK(render(r, "json") == render(r, "json"));
  CHECK(render(r, "html") == render(r, "html"));

  std::vector<std::string> ids;
  for (int pass = 0; pass < 2; ++pass) {
    for (const ReportOwner& owner : r.owners) {
      ids.push_back(owner.id);
    }
  }
  CHECK(ids == std::vector<std::string>{"acme", "discover", "ana", "acme", "discover", "ana"});
  REQUIRE(r.owners.size() == 3);
  CHECK(r.owners.owner(2).objectives[0].key_results[0].scored.ref == "ana/growth/course");
  // The outline is the owner without its key results and scores.
  const ReportOwner outline = r.owners.outline(1);
  CHECK(outline.id == "discover");
  REQUIRE(outline.objectives.size() == 2);
  CHECK(outline.objectives[0].ref == "discover/first-week");
  CHECK(outline.objectives[0].title == "Make the first week seamless");
  CHECK(outline.objectives[0].aligns_to == std::vector<std::string>{"acme/delight"});
  CHECK(outline.objectives[0].key_results.empty());
}

TEST_CASE("report: what the report keeps of its owners agrees with them") {
  const test::LoadedReport built = build(tiny_repo(), "2026-11-20", true);
  const Report& r = built.report;
  ReportSummary s;
  std::array<std::size_t, 11> bins{};
  std::vector<std::string> committed_below;
  std::vector<std::pair<std::string, std::string>> edges;
  std::size_t owners = 0;
  for (const ReportOwner& owner : r.owners) {
    ++owners;
    for (const ReportObjective& o : owner.objectives) {
      ++s.objectives;
      for (const std::string& to : o.aligns_to) {
        edges.emplace_back(o.ref, to);
      }
      for (const ReportKr& k : o.key_results) {
        ++s.key_results;
        const KrScore& scored = k.scored;
        ++bins[scored.measured
                   ? std::min<std::size_t>(static_cast<std::size_t>(scored.score * 10), 9)
                   : 10];
        if (scored.kr->type == KrType::committed && scored.measured && !scored.succeeded) {
          committed_below.push_back(scored.ref);
        }
      }
    }
  }
  CHECK(r.summary.owners == owners);
  CHECK(r.summary.objectives == s.objectives);
  CHECK(r.summary.key_results == s.key_results);
  CHECK(r.score_bins == bins);
  std::vector<std::string> below;
  for (const ReportItem& item : r.review.committed_below) {
    below.push_back(item.ref);
  }
  CHECK(below == committed_below);
  CHECK(r.alignment.edges == edges);
  CHECK(r.alignment.orphans.size() == 1);
}

TEST_CASE("report: owners given whole are shown as built ones are") {
  const test::LoadedReport built = build(tiny_repo(), "2026-11-12");
  Report copy = built.report;
  copy.owners = ReportOwners(
      std::vector<ReportOwner>(built.report.owners.begin(), built.report.owners.end()));
  CHECK(copy.owners.size() == 2);
  CHECK_FALSE(copy.owners.empty());
  CHECK(ReportOwners().empty());
  for (const std::string format : {"json", "markdown", "html"}) {
    CHECK(render(copy, format) == render(built.report, format));
  }
}

TEST_CASE("report: output is deterministic") {
  const test::LoadedReport built_a = build(tiny_repo(), "2026-11-12");
  const Report& a = built_a.report;
  const test::LoadedReport built_b = build(tiny_repo(), "2026-11-12");
  const Report& b = built_b.report;
  for (const std::string format : {"json", "markdown", "html"}) {
    CHECK(render(a, format) == render(b, format));
  }
}

TEST_CASE("report: a template that fails while rendering has written nothing") {
  // A partial renders the text its name resolves to as a template: here one that does not
  // parse, met after more than the 64 KiB the renderer otherwise passes on as it goes.
  test::Files files = tiny_repo();
  files[0].second =
      test::replace(files[0].second, "organization: Tiny", "organization: \"{{#unclosed}}\"");
  const test::LoadedReport built_r = build(files, "2026-11-12");
  const Report& r = built_r.report;
  const std::string tmpl =
      std::string(100000, 'x') + "{{#header}}{{> organization}}{{/header}}{{#owners}}y{{/owners}}";
  for (const bool html : {true, false}) {
    std::ostringstream out;
    const auto error =
        html ? render_report_html(out, r, tmpl) : render_report_markdown(out, r, tmpl);
    CHECK(error);
    CHECK(out.str().empty());
  }
  // Without the partial, the same text is written whole.
  std::ostringstream out;
  CHECK_FALSE(render_report_html(out, r, std::string(100000, 'x') + "{{#owners}}y{{/owners}}"));
  CHECK(out.str() == std::string(100000, 'x') + "yy");
}

TEST_CASE("report: chart coordinates have one decimal, exactly as fmt writes them") {
  // format_tenths rounds the double's exact value itself, faster than fmt: the same digits on
  // halves (0.25, 0.35 stored a little below or above), ties, signs, and what it leaves to fmt.
  std::vector<double> values = {
      0,      -0.0,  0.05, 0.15, 0.25,  0.35,  0.45,   1.25, -1.25, -0.04,   -0.05,   2.675,     44,
      312.05, 99.95, 1e14, 1e15, -1e16, 1e300, 5e-324, 0.95, -0.95, 1.0 / 3, 2.0 / 3, 123456.789};
  std::mt19937_64 random(20260930);
  std::uniform_real_distribution<double> coordinate(-400, 400);
  std::uniform_real_distribution<double> small(-2, 2);
  for (int i = 0; i < 200000; ++i) {
    const double v = i % 2 == 0 ? coordinate(random) : small(random);
    values.push_back(v);
    values.push_back(std::round(v * 20) / 20); // near the halves of a tenth
    values.push_back(std::nextafter(std::round(v * 20) / 20, 1e9));
    values.push_back(std::nextafter(std::round(v * 20) / 20, -1e9));
  }
  values.push_back(std::numeric_limits<double>::infinity());
  values.push_back(-std::numeric_limits<double>::infinity());
  values.push_back(std::numeric_limits<double>::quiet_NaN());
  std::size_t differ = 0;
  for (double v : values) {
    const std::string expected = fmt::format("{:.1f}", v);
    if (format_tenths(v) != expected && ++differ <= 10) {
      FAIL_CHECK(fmt::format("{:.17g}: {} instead of {}", v, format_tenths(v), expected));
    }
  }
  CHECK(differ == 0);
}

TEST_CASE("report: escape_html on random text agrees with escaping byte by byte") {
  // The reference: every byte looked at on its own, as escape_html did before it copied runs.
  auto reference = [](std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
      const char c = text[i];
      if (c == '\r') {
        out += i + 1 < text.size() && text[i + 1] == '\n' ? "" : "\n";
        continue;
      }
      if (c != '\t' && c != '\n') {
        if (const std::size_t n = control_length(text, i); n > 0) {
          out += "\xEF\xBF\xBD";
          i += n - 1;
          continue;
        }
      }
      switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
      }
    }
    return out;
  };
  static constexpr char k_alphabet[] = "ab \t\n\r\x1b\x07\x7f&<>\"'\xc2\x80\x9f\xa0\xc3\xa9";
  const std::string alphabet(k_alphabet, sizeof k_alphabet - 1);
  std::mt19937 random(7);
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  std::uniform_int_distribution<int> length(0, 12);
  for (int i = 0; i < 20000; ++i) {
    std::string text;
    for (int n = length(random); n > 0; --n) {
      text += alphabet[pick(random)];
    }
    if (escape_html(text) != reference(text)) {
      FAIL("escape_html differs on " << fmt::format("{:?}", text));
    }
  }
}

namespace {

/// An OKR file of `owner` at `level` under `parent` (none when empty), one objective.
std::string owner_file(const std::string& owner, const std::string& level,
                       const std::string& parent) {
  std::string text = "cycle: 2026-Q4\nowner: " + owner + "\nlevel: " + level + "\n";
  if (!parent.empty()) {
    text += "parent: " + parent + "\n";
  }
  return text + "objectives:\n  - id: grow\n    title: Customers love the new app\n"
                "    key_results:\n      - id: nps\n        title: Raise NPS from 20 to 40\n"
                "        baseline: 20\n        target: 40\n";
}

} // namespace

TEST_CASE("report: more than 100 owners show in full only the generations that hold 100") {
  test::Files files{{"okr.yaml", "version: 1\n"},
                    {"okrs/2026-Q4/acme.yaml", owner_file("acme", "company", "")}};
  for (int u = 0; u < 3; ++u) {
    const std::string unit = "unit-" + std::to_string(u);
    files.push_back({"okrs/2026-Q4/" + unit + ".yaml", owner_file(unit, "unit", "acme")});
    for (int t = 0; t < 40; ++t) {
      const std::string team = unit + "-team-" + std::to_string(t);
      files.push_back({"okrs/2026-Q4/" + team + ".yaml", owner_file(team, "team", unit)});
    }
  }
  const test::LoadedReport built = build(files, "2026-11-12");
  const Report& report = built.report;
  REQUIRE(report.limit);
  CHECK(report.limit->owners == 124);
  CHECK(report.limit->depth == 2); // the company and its units: 4; the teams would make 124
  CHECK(report.limit->detailed == 4);
  CHECK(std::distance(report.owners.begin(), report.owners.end()) == 4);
  CHECK(report.overview.size() == 124);
  CHECK_THAT(render(report, "html"), Contains("This report covers 124 owners"));
  CHECK_THAT(render(report, "json"), Contains("\"limit\": {"));

  // More than 100 owners at the top (their parent has no OKRs this cycle): the overview alone.
  test::Files flat{{"okr.yaml", "version: 1\n"}};
  for (int t = 0; t < 101; ++t) {
    const std::string team = "team-" + std::to_string(t);
    flat.push_back({"okrs/2026-Q4/" + team + ".yaml", owner_file(team, "team", "acme")});
  }
  const test::LoadedReport built_flat = build(flat, "2026-11-12");
  REQUIRE(built_flat.report.limit);
  CHECK(built_flat.report.limit->depth == 0);
  CHECK(built_flat.report.owners.begin() == built_flat.report.owners.end());

  // At 100 owners, or with a depth asked, nothing is limited.
  flat.pop_back();
  CHECK_FALSE(build(flat, "2026-11-12").report.limit);
}
