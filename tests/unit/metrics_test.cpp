// Metrics files (okr import): the three parsers, metric names, and what an import plans.

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <okr/import.hpp>
#include <okr/loader.hpp>
#include <okr/metrics.hpp>

namespace {

using okr::metrics::ParseResult;

/// "name=value@date line:column" per sample, then "line:column: message {metric}" per finding.
std::vector<std::string> lines(const ParseResult& r) {
  std::vector<std::string> out;
  for (const auto& s : r.samples) {
    out.push_back(fmt::format("{}={}{} {}:{}", s.name, s.text, s.date ? "@" + s.date->str() : "",
                              s.line, s.column));
  }
  for (std::size_t i = 0; i < r.diagnostics.size(); ++i) {
    const auto& d = r.diagnostics[i];
    out.push_back(fmt::format("{}:{}: {} {{{}}}", d.line, d.column, d.message, r.about.at(i)));
  }
  return out;
}

using V = std::vector<std::string>;

} // namespace

TEST_CASE("metric names are made canonical: labels sorted, values escaped one way") {
  using okr::metrics::canonical_name;
  CHECK(canonical_name("signup_completion_ratio") == "signup_completion_ratio");
  CHECK(canonical_name("a.b:c_d9") == "a.b:c_d9");
  CHECK(canonical_name(R"(a{y="2",x="1"})") == R"(a{x="1",y="2"})");
  CHECK(canonical_name(R"(a{ y = "2" , x="1", })") == R"(a{x="1",y="2"})");
  CHECK(canonical_name(R"(a{x="q\"\\\n"})") == R"(a{x="q\"\\\n"})");
  CHECK(canonical_name("a{}") == "a");
  std::string error;
  CHECK_FALSE(canonical_name("9lives", &error));
  CHECK(error == "a metric name starts with a letter, '_' or ':'");
  CHECK_FALSE(canonical_name("a-b", &error));
  CHECK(error == "unexpected '-' after the name; a metric is name or name{label=\"value\",...}");
  CHECK_FALSE(canonical_name(R"(a{x="1",x="2"})", &error));
  CHECK(error == "label 'x' is given twice");
  CHECK_FALSE(canonical_name(R"(a{x="1)", &error));
  CHECK(error == "the value of label 'x' has no closing '\"'");
  CHECK_FALSE(canonical_name(R"(a{x=1})", &error));
  CHECK(error == "the value of label 'x' is written in double quotes");
  CHECK_FALSE(canonical_name(R"(a{x="\t"})", &error));
}

TEST_CASE("formats come from the extension or their name") {
  using okr::metrics::Format;
  CHECK(okr::metrics::format_of("a/b.JSON") == Format::json);
  CHECK(okr::metrics::format_of("m.csv") == Format::csv);
  CHECK(okr::metrics::format_of("m.prom") == Format::openmetrics);
  CHECK(okr::metrics::format_of("m.om") == Format::openmetrics);
  CHECK_FALSE(okr::metrics::format_of("a.d/metrics"));
  CHECK(okr::metrics::parse_format("openmetrics") == Format::openmetrics);
  CHECK_FALSE(okr::metrics::parse_format("yaml"));
}

TEST_CASE("JSON: names and numbers, nested objects joined with dots, with their lines") {
  const auto r = okr::metrics::parse_json("{\n  \"nps\": 41,\n  \"signup\": {\"completion_ratio\": "
                                          "0.720, \"x\": {\"y\": -1e3}}\n}\n",
                                          "m.json");
  CHECK(lines(r) == V{"nps=41 2:10", "signup.completion_ratio=0.720 3:34", "signup.x.y=-1e3 3:52"});
}

TEST_CASE("JSON: a list of metrics with names, values and dates") {
  const auto r = okr::metrics::parse_json(
      R"({"metrics": [
  {"name": "a{z=\"1\",b=\"2\"}", "value": 1.5, "date": "2026-10-12"},
  {"name": "b", "value": 2}
]})",
      "m.json");
  CHECK(lines(r) == V{R"(a{b="2",z="1"}=1.5@2026-10-12 2:43)", "b=2 3:26"});
}

TEST_CASE("JSON: what is not a number, a bad date, bad JSON") {
  CHECK(lines(okr::metrics::parse_json("{\"a\": \"72\", \"b\": null, \"c\": [1], \"d\": true}",
                                       "m.json")) ==
        V{"1:7: the value of 'a' is the string \"72\"; write a number, without quotes {a}",
          "1:18: the value of 'b' is null, not a number {b}",
          "1:29: the value of 'c' is a list, not a number {c}",
          "1:39: the value of 'd' is true, not a number {d}"});
  CHECK(lines(okr::metrics::parse_json(
            R"({"metrics": [{"name": "a", "value": 1, "date": "2026-13-01"}, {"value": 2}]})",
            "m.json")) == V{"1:37: the date of 'a' is '2026-13-01': there is no month 13 {a}",
                            "1:63: each metric has a \"name\", a string {}"});
  const auto bad = okr::metrics::parse_json("{\"a\": 1,\n \"b\": NaN}", "m.json");
  REQUIRE(bad.diagnostics.size() == 1);
  CHECK(bad.diagnostics[0].line == 2);
  CHECK(bad.about[0].empty());
  CHECK(bad.diagnostics[0].message.rfind("not valid JSON: ", 0) == 0);
  CHECK(lines(okr::metrics::parse_json("[1]", "m.json")) ==
        V{"1:1: a JSON metrics file is an object of names and numbers, not a list {}"});
  CHECK(lines(okr::metrics::parse_json("{\"a\": 1e999}", "m.json")) ==
        V{"1:12: not valid JSON: number overflow parsing '1e999' {}"});
  std::string deep(200, '[');
  CHECK(okr::metrics::parse_json(deep, "m.json").diagnostics.size() == 1);
}

TEST_CASE("CSV: RFC 4180 quoting, CRLF, embedded line breaks, an optional date column") {
  const auto r = okr::metrics::parse_csv("metric,value,date\r\n"
                                         "nps,41,2026-10-12\r\n"
                                         "\"http_requests{service=\"\"signup\"\"}\",0.999,\r\n"
                                         "\"a,\nb\",1,\r\n"
                                         "c, 2 ,\r\n",
                                         "m.csv");
  CHECK(lines(r) ==
        V{"nps=41@2026-10-12 2:1", R"(http_requests{service="signup"}=0.999 3:1)", "c=2 6:1",
          "4:1: 'a,\nb' is not a metric name: unexpected ',' after the name; a metric is name "
          "or name{label=\"value\",...} {}"});
  CHECK(lines(okr::metrics::parse_csv("\xEF\xBB\xBFMetric,Value\nx,1", "m.csv")) == V{"x=1 2:1"});
}

TEST_CASE("CSV: a bad header, a short record, quotes out of place, NaN and infinities") {
  CHECK(lines(okr::metrics::parse_csv("name,value\nx,1\n", "m.csv")) ==
        V{"1:1: the header is 'name,value'; a CSV metrics file starts with metric,value or "
          "metric,value,date {}"});
  CHECK(lines(okr::metrics::parse_csv("metric,value\nx\ny,NaN\nz,+Inf\nw,abc\n", "m.csv")) ==
        V{"2:1: this record has 1 field; the header has 2 (metric,value) {}",
          "3:1: the value of 'y' is NaN: a check-in records finite numbers only {y}",
          "4:1: the value of 'z' is +Inf: a check-in records finite numbers only {z}",
          "5:1: the value of 'w' is 'abc', not a number {w}"});
  CHECK(lines(okr::metrics::parse_csv("metric,value\n\"x\"y,1\n", "m.csv")) ==
        V{"2:4: after a quoted field comes ',' or the end of the line; write a quote inside a "
          "quoted field as \"\" {}"});
  CHECK(lines(okr::metrics::parse_csv("metric,value\n\"x,1\n", "m.csv")) ==
        V{"2:1: this quoted field has no closing '\"' {}"});
  CHECK(lines(okr::metrics::parse_csv("", "m.csv")) ==
        V{"1:1: the file is empty; a CSV metrics file starts with the header metric,value {}"});
}

TEST_CASE("OpenMetrics: comments, labels with escapes, timestamps, exemplars, EOF") {
  const auto r = okr::metrics::parse_openmetrics(
      "# HELP http_requests_success_ratio Success.\r\n"
      "# TYPE http_requests_success_ratio gauge\r\n"
      "http_requests_success_ratio{service=\"signup\",zone=\"a\\\"b\\\\c\\nd\"} 0.9991\r\n"
      "\n"
      "nps 41 1791763200\n"
      "nps_ms 42 1791763200000\n"
      "up{job=\"x\"} 1 1791763200.5 # {trace_id=\"a\"} 1\n"
      "# EOF\n",
      "m.prom");
  CHECK(lines(r) ==
        V{R"(http_requests_success_ratio{service="signup",zone="a\"b\\c\nd"}=0.9991 3:65)",
          "nps=41@2026-10-12 5:5", "nps_ms=42@2026-10-12 6:8", R"(up{job="x"}=1@2026-10-12 7:13)"});
}

TEST_CASE("OpenMetrics: NaN, infinities, a bad line, text after EOF") {
  CHECK(lines(okr::metrics::parse_openmetrics(
            "a NaN\nb +Inf\nc -Inf\nd{x=\"1\"}\ne{x=1} 2\nf 1 2 3\ng 1 soon\n# EOF\nh 1\n",
            "m.prom")) ==
        V{"1:3: the value of 'a' is NaN: a check-in records finite numbers only {a}",
          "2:3: the value of 'b' is +Inf: a check-in records finite numbers only {b}",
          "3:3: the value of 'c' is -Inf: a check-in records finite numbers only {c}",
          "4:9: 'd{x=\"1\"}' has no value {d{x=\"1\"}}",
          "5:5: not a sample: the value of label 'x' is written in double quotes {}",
          "6:7: unexpected '3' after the value and timestamp of 'f' {}",
          "7:5: the timestamp 'soon' is not a number of seconds since 1970 {g}",
          "9:1: nothing may follow '# EOF' {}"});
}

namespace {

const char* const k_okrs = R"(cycle: 2026-Q4
owner: team
level: company
objectives:
  - id: onboard
    title: Onboard
    key_results:
      - {id: completion, title: Up, baseline: 60, target: 80, metric: signup_completion}
      - id: errors
        title: Errors
        stay_below: 1
        metric: 'errors{service="signup",env="prod"}'
      - {id: other, title: Other, baseline: 0, target: 1, metric: not_there}
kpis:
  - {id: nps, title: NPS, stay_above: 20, metric: nps}
)";

struct Plan {
  okr::LoadResult loaded;
  std::unique_ptr<okr::Index> index;
  explicit Plan(const std::string& checkin = {}) {
    std::vector<okr::SourceFile> sources = {
        {"okrs/2026-Q4/team.yaml", k_okrs, okr::FileKind::other}};
    if (!checkin.empty()) {
      sources.push_back(
          {"checkins/2026-Q4/team/2026-10-12-import-x.yaml", checkin, okr::FileKind::other});
    }
    loaded = okr::load_sources(sources);
    REQUIRE(loaded.diagnostics.empty());
    index = std::make_unique<okr::Index>(loaded.repo);
  }
  okr::ImportPlan plan(const std::string& csv) {
    okr::ImportRequest request;
    request.files.push_back({"m.csv", okr::metrics::parse_csv(csv, "m.csv")});
    request.date = *okr::Date::parse("2026-10-12");
    request.today = *okr::Date::parse("2026-11-20");
    return okr::plan_import(*index, request);
  }
};

std::string describe(const okr::Diagnostic& d) {
  return fmt::format("{}:{}:{}: {}: {}", d.file, d.line, d.column, okr::to_string(d.severity),
                     d.message);
}

} // namespace

TEST_CASE("an import plans one check-in per owner and day, with the metrics' values") {
  Plan p;
  const auto plan = p.plan("metric,value\nsignup_completion,72.5\n"
                           "\"errors{env=\"\"prod\"\",service=\"\"signup\"\"}\",0.4\nnps,31\n"
                           "unused,1\n");
  REQUIRE(plan.findings.size() == 1);
  CHECK(describe(plan.findings[0]) ==
        "okrs/2026-Q4/team.yaml:13:67: warning: metric 'not_there' of key result "
        "team/onboard/other is in none of the metrics files read (m.csv)");
  REQUIRE(plan.owners.size() == 1);
  const okr::OwnerImport& o = plan.owners[0];
  CHECK(o.errors.empty());
  REQUIRE(o.record);
  CHECK(o.folder == "checkins/2026-Q4/team");
  CHECK(o.file_name.rfind("2026-10-12-import-", 0) == 0);
  CHECK(okr::checkin_yaml(*o.record) ==
        "owner: team\ncycle: 2026-Q4\ndate: 2026-10-12\nauthor: \"okr import\"\nresults:\n"
        "  onboard/completion: 72.5\n  onboard/errors: 0.4\nkpis:\n  nps: 31\n");
}

TEST_CASE("an import for a day already imported writes nothing") {
  Plan p("owner: team\ncycle: 2026-Q4\ndate: 2026-10-12\nauthor: okr import\nresults:\n"
         "  onboard/completion: 72.5\n");
  auto plan = p.plan("metric,value\nsignup_completion,72.5\n");
  REQUIRE(plan.owners.size() == 1);
  CHECK_FALSE(plan.owners[0].record);
  CHECK(plan.owners[0].recorded_in == "checkins/2026-Q4/team/2026-10-12-import-x.yaml");
  // Another value for the same day: still nothing written, and a warning says why.
  plan = p.plan("metric,value\nsignup_completion,73\n");
  CHECK_FALSE(plan.owners[0].record);
  REQUIRE(plan.findings.size() == 4); // and the three metrics the file lacks
  CHECK(describe(plan.findings[0]) ==
        "m.csv:2:1: warning: checkins/2026-Q4/team/2026-10-12-import-x.yaml records "
        "onboard/completion = 72.5 for team on 2026-10-12, and this file says 73; a check-in is "
        "never rewritten: import it for a later date");
  // A later day records again, the same value or not.
  plan = p.plan("metric,value,date\nsignup_completion,72.5,2026-10-19\n");
  REQUIRE(plan.owners.size() == 1);
  CHECK(plan.owners[0].record);
}

TEST_CASE("bad samples hold back the owners that read them, with file and line") {
  Plan p;
  auto plan = p.plan("metric,value,date\nsignup_completion,72.5,\nsignup_completion,73,\n"
                     "nps,NaN,\nunused,NaN,\nerrors{service=\"signup\"},1,2026-12-31\n");
  REQUIRE(plan.owners.size() == 1);
  const okr::OwnerImport& o = plan.owners[0];
  CHECK(o.held);
  CHECK_FALSE(o.record);
  std::vector<std::string> got;
  for (const auto& d : o.errors) {
    got.push_back(describe(d));
  }
  CHECK(got == V{"m.csv:3:1: error: 'signup_completion' is given twice for 2026-10-12: also at "
                 "m.csv:2",
                 "m.csv:4:1: error: the value of 'nps' is NaN: a check-in records finite "
                 "numbers only"});
  // A date outside the cycle, and after today.
  plan = p.plan("metric,value,date\nsignup_completion,72.5,2026-09-30\nnps,3,2026-11-21\n");
  got.clear();
  for (const auto& d : plan.owners.at(0).errors) {
    got.push_back(describe(d));
  }
  CHECK(got == V{"m.csv:2:1: error: 2026-09-30, the date of 'signup_completion', is outside "
                 "team's cycle 2026-Q4 (2026-10-01 to 2026-12-31)",
                 "m.csv:3:1: error: the date of 'nps' is 2026-11-21, after today (2026-11-20): "
                 "a check-in records what was measured"});
  // A syntax error holds back everything.
  plan = p.plan("metric,value\n\"x,1\n");
  CHECK(plan.blocked);
}

TEST_CASE("metric: in an OKR file is checked and kept canonical") {
  const auto loaded = okr::load_string(
      "cycle: 2026-Q4\nowner: t\nlevel: company\nobjectives:\n  - id: o\n    title: O\n"
      "    key_results:\n      - {id: k, title: K, baseline: 0, target: 1, metric: "
      "'a{y=\"2\",x=\"1\"}'}\n"
      "      - {id: l, title: L, baseline: 0, target: 1, metric: 'a b'}\n",
      "okrs/t.yaml");
  REQUIRE(loaded.repo.okr_files.size() == 1);
  const auto& krs = loaded.repo.okr_files[0].objectives[0].key_results;
  REQUIRE(krs[0].metric);
  CHECK(krs[0].metric->value == R"(a{x="1",y="2"})");
  CHECK_FALSE(krs[1].metric);
  REQUIRE(loaded.diagnostics.size() == 1);
  CHECK(loaded.diagnostics[0].message ==
        "'metric' is 'a b', not a metric name: unexpected ' ' after the name; a metric is name "
        "or name{label=\"value\",...}; write a name such as signup_completion_ratio or "
        "http_requests_success_ratio{service=\"signup\"}");
}
