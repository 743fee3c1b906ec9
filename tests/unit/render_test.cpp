// The CI output formats, on hand-made reports: escaping, uniqueness and stable fingerprints.

#include <catch2/catch.hpp>
#include <sstream>

#include <okr/check_render.hpp>

namespace {

std::string render(okr::RenderFn fn, const okr::CheckReport& report,
                   const okr::RenderOptions& options = {}) {
  std::ostringstream out;
  fn(out, report, options);
  return out.str();
}

okr::CheckReport report_of(std::vector<okr::Diagnostic> diagnostics) {
  okr::CheckReport report;
  report.diagnostics = std::move(diagnostics);
  return report;
}

} // namespace

TEST_CASE("github escapes data and properties as the Actions toolkit does") {
  const auto report = report_of(
      {{"okrs/a,b:c%.yaml", 3, 7, okr::Severity::error, "schema", "50% done\r\nnext: a, b"},
       {"x.yaml", 1, 1, okr::Severity::info, "committed-missed", "m"}});
  okr::RenderOptions options;
  options.path_prefix = "repo/";
  CHECK(render(okr::render_github, report, options) ==
        "::error file=repo/okrs/a%2Cb%3Ac%25.yaml,line=3,col=7,title=okr schema::50%25 "
        "done%0D%0Anext: a, b\n"
        "::notice file=repo/x.yaml,line=1,col=1,title=okr committed-missed::m\n");
}

TEST_CASE("json and sarif give each finding an end and identities") {
  okr::Repository repo;
  okr::SourceFile file;
  file.path = "okrs/a.yaml";
  file.kind = okr::FileKind::okr;
  file.text = "owner: discover\n  - id: first-week   # comment\ntitle: \"quoted, text\"\n";
  repo.files.push_back(file);
  okr::CheckReport report =
      report_of({{"okrs/a.yaml", 2, 9, okr::Severity::error, "schema", "m"},
                 {"okrs/a.yaml", 3, 8, okr::Severity::error, "schema", "n"},
                 {"okrs/a.yaml", 0, 0, okr::Severity::error, "syntax", "whole file"}});
  report.repo = &repo;
  const auto details = okr::finding_details(report);
  REQUIRE(details.size() == 3);
  CHECK(details[0].end_line == 2);
  CHECK(details[0].end_column == 19); // just past "first-week"
  CHECK(details[1].end_column == 22); // the quoted string with its quotes
  CHECK(details[2].end_column == 0);  // a whole file ends where it starts
  CHECK(details[0].line_hash.ends_with(":1"));
  CHECK(details[0].fingerprint.size() == 16);
}

TEST_CASE("concise prints one grep-friendly line a finding and nothing else") {
  const auto report =
      report_of({{"okrs/a.yaml", 3, 7, okr::Severity::warning, "kr-count", "too\nfew"}});
  CHECK(render(okr::render_concise, report) ==
        "okrs/a.yaml:3:7: warning: too\\x0Afew [kr-count]\n");
  CHECK(render(okr::render_concise, report_of({})).empty());
}

TEST_CASE("junit names each test case uniquely and escapes XML") {
  const okr::Diagnostic d{"okrs/<a>.yaml", 3, 7, okr::Severity::warning, "kr-count", "a & \"b\""};
  auto report = report_of({d, d});
  report.files = {"okrs/<a>.yaml", "okrs/clean.yaml"};
  const std::string xml = render(okr::render_junit, report);
  CHECK(xml.find("name=\"kr-count at 3:7\"") != std::string::npos);
  CHECK(xml.find("name=\"kr-count at 3:7 (2)\"") != std::string::npos);
  CHECK(xml.find("classname=\"okrs/&lt;a&gt;.yaml\"") != std::string::npos);
  CHECK(xml.find("message=\"a &amp; &quot;b&quot;\"") != std::string::npos);
  CHECK(xml.find("<testcase classname=\"okrs/clean.yaml\" name=\"okr check\"/>") !=
        std::string::npos);
  CHECK(xml.find("<testsuites name=\"okr check\" tests=\"3\" failures=\"2\"") != std::string::npos);
}

TEST_CASE("junit writes a carriage return as a character reference, other controls as escapes") {
  const auto report = report_of({{"a.yaml", 1, 1, okr::Severity::error, "schema",
                                  "a\r\nb\x1b[2J\x07"
                                  "c"}});
  const std::string xml = render(okr::render_junit, report);
  // A raw CR would come back from an XML parser as a line feed, or a space in an attribute.
  CHECK(xml.find("message=\"a&#13;&#10;b\\x1B[2J\\x07c\"") != std::string::npos);
  CHECK(xml.find('\r') == std::string::npos);
}

TEST_CASE("escape_markdown neutralises markup, HTML and control characters") {
  CHECK(okr::escape_markdown("[x](javascript:alert(1)) <b>&amp; | # `c` *_~! \\") ==
        "\\[x\\](javascript:alert(1)) &lt;b&gt;&amp;amp; \\| \\# \\`c\\` \\*\\_\\~\\! \\\\");
  // C0 (line breaks included), DEL and C1 (CSI is U+009B, two bytes in UTF-8) become spaces.
  CHECK(okr::escape_markdown("a\nb\r\x1b[2J\x07\x7f\xc2\x9b"
                             "31m é") == "a b  \\[2J   31m é");
}

TEST_CASE("escape_mermaid keeps a label inside its quotes and on its line") {
  CHECK(okr::escape_mermaid("\"]) --> x[\"y\"] #1 & <b> `c` | d") ==
        "#quot;]) --#gt; x[#quot;y#quot;] #35;1 #amp; #lt;b#gt; #96;c#96; #124; d");
  CHECK(okr::escape_mermaid("a\nb\x1b]8;;u\x1b\\\xc2\x9d") == "a b ]8;;u \\ ");
}

TEST_CASE("fingerprints survive lines added above and differ for repeats") {
  okr::Repository before;
  before.files.push_back({"a.yaml", "x: 1\ntitle: Launch it\n", okr::FileKind::okr});
  okr::Repository after;
  after.files.push_back({"a.yaml", "# new\nx: 1\ntitle: Launch it\n", okr::FileKind::okr});
  okr::CheckReport one = report_of({{"a.yaml", 2, 8, okr::Severity::warning, "output-kr", "m"}});
  one.repo = &before;
  okr::CheckReport two = report_of({{"a.yaml", 3, 8, okr::Severity::warning, "output-kr", "m"},
                                    {"a.yaml", 3, 8, okr::Severity::warning, "output-kr", "m"}});
  two.repo = &after;
  const auto first = okr::fingerprints(one);
  const auto second = okr::fingerprints(two);
  REQUIRE(first.size() == 1);
  REQUIRE(second.size() == 2);
  CHECK(first[0].size() == 16);
  CHECK(first[0] == second[0]);
  CHECK(second[0] != second[1]);
}

TEST_CASE("a private file's findings get stable, distinct identities from where they are") {
  const okr::Diagnostic one{"okrs/ana.yaml", 3, 5, okr::Severity::error, "schema", "hidden"};
  const okr::Diagnostic two{"okrs/ana.yaml", 7, 5, okr::Severity::error, "schema", "hidden"};
  const okr::Diagnostic again{"okrs/ana.yaml", 7, 9, okr::Severity::error, "schema", "hidden"};
  const okr::Diagnostic other{"okrs/ana.yaml", 7, 5, okr::Severity::warning, "kr-count", "hidden"};
  okr::Repository repo;
  okr::SourceFile file;
  file.path = "okrs/ana.yaml";
  file.kind = okr::FileKind::okr;
  file.text_hidden = true;
  repo.files.push_back(file);
  okr::CheckReport all = report_of({one, two, again, other});
  all.repo = &repo;
  const auto details = okr::finding_details(all);
  REQUIRE(details.size() == 4);
  const std::string empty_line = "cbf29ce484222325:1"; // FNV-1a of nothing: a line not hashed
  for (std::size_t i = 0; i < details.size(); ++i) {
    CHECK(details[i].line_hash != empty_line);
    CHECK(details[i].end_column == all.diagnostics[i].column); // nothing measured either
    for (std::size_t j = 0; j < i; ++j) {
      CHECK(details[i].line_hash != details[j].line_hash);
      CHECK(details[i].fingerprint != details[j].fingerprint);
    }
  }
  CHECK(details[1].line_hash.ends_with(":1"));
  CHECK(details[2].line_hash.ends_with(":2")); // the same rule on the same line
  CHECK(details[1].line_hash.substr(0, 16) == details[2].line_hash.substr(0, 16));

  // Stable: the second finding keeps its identities when the first is fixed, and the text
  // (were it there) is never read.
  repo.files[0].text = "secret: 1\nsecret: 2\nsecret: 3\n";
  okr::CheckReport fewer = report_of({two, again, other});
  fewer.repo = &repo;
  const auto later = okr::finding_details(fewer);
  REQUIRE(later.size() == 3);
  for (std::size_t i = 0; i < later.size(); ++i) {
    CHECK(later[i].line_hash == details[i + 1].line_hash);
    CHECK(later[i].fingerprint == details[i + 1].fingerprint);
  }
}
