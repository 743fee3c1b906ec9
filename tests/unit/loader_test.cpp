// The loader: positions, typed values and every kind of malformed input, from memory.

#include <algorithm>
#include <catch2/catch.hpp>

#include <okr/loader.hpp>

#include "support.hpp"

using namespace okr;
using namespace okr::test;
using Lines = std::vector<std::string>;

TEST_CASE("a valid file loads into the model with positions") {
  LoadResult result = load_string(k_team, k_team_path);
  REQUIRE(result.diagnostics.empty());
  REQUIRE(result.repo.okr_files.size() == 1);
  const OkrFile& file = result.repo.okr_files[0];
  CHECK(file.owner.value == "discover");
  CHECK(file.owner.pos.line == 2);
  CHECK(file.owner.pos.column == 8);
  CHECK(file.cycle.value == "2026-Q4");
  CHECK(file.level == Level::team);
  REQUIRE(file.objectives.size() == 1);
  const Objective& objective = file.objectives[0];
  CHECK(objective.id.value == "first-week");
  REQUIRE(objective.aligns_to.size() == 1);
  CHECK(objective.aligns_to[0].str() == "acme/delight");
  REQUIRE(objective.key_results.size() == 2);
  const KeyResult& kr = objective.key_results[0];
  CHECK(kr.baseline->value == 65);
  CHECK(kr.target->value == 90);
  CHECK(kr.target->pos.line == 13);
  CHECK(kr.target->pos.column == 17);
  CHECK(kr.measure() == Measure::progress);
  CHECK(objective.key_results[1].measure() == Measure::milestone);
}

TEST_CASE("syntax errors carry the parser's position and advice") {
  CHECK(load("cycle: 2026-Q4\nowner: [discover\n") ==
        Lines{"3:1 syntax: invalid YAML: end of sequence flow not found; check that every '[' and "
              "'{' is closed"});
  const Lines tab = load("cycle: 2026-Q4\nobjectives:\n\t- id: x\n");
  REQUIRE(tab.size() == 1);
  CHECK(tab[0].find("indent with spaces") != std::string::npos);
}

TEST_CASE("deep nesting is refused before yaml-cpp reads it, at the level too many") {
  CHECK(load("notes: " + std::string(1000000, '[')) ==
        Lines{"1:71 syntax: nesting deeper than 64 levels; OKR files are never this deep"});
  auto syntax = [](const Lines& found) {
    return std::count_if(found.begin(), found.end(),
                         [](const std::string& f) { return f.find(" syntax: ") != f.npos; });
  };
  CHECK(syntax(load("notes: \"" + std::string(100, '[') + "\"\n")) == 0);  // text, not nesting
  CHECK(syntax(load("notes: |\n  " + std::string(100, '[') + "\n")) == 0); // block text too
  CHECK(syntax(load("# " + std::string(100, '{') + "\nnotes: x\n")) == 0); // and comments
}

TEST_CASE("invalid YAML that yaml-cpp accepts is refused with a position") {
  auto first = [](const std::string& text) {
    const Lines found = load(text);
    return found.empty() ? std::string() : found[0];
  };
  CHECK(first("cycle: 2026-Q4\nnotes: \"open\n") ==
        "2:8 syntax: invalid YAML: a string opened with \" is never closed; add the closing quote");
  CHECK(first("notes: \"a\\'b\"\n") ==
        "1:10 syntax: invalid YAML: an unknown escape in a double-quoted string; write '\\\\' "
        "for a backslash");
  CHECK(first("notes: \"x\"# c\n") ==
        "1:11 syntax: invalid YAML: a comment must be separated from the value by a space");
  CHECK(first("notes: [a, b, , ]\n") ==
        "1:15 syntax: invalid YAML: an empty entry in a flow collection (',' with nothing before "
        "it); remove the extra comma");
  CHECK(first("notes: [-, -]\n") ==
        "1:9 syntax: invalid YAML: a block list entry ('-') inside '[ ]' or '{ }'; separate flow "
        "entries with commas");
  CHECK(first("notes: [a] ]\n") ==
        "1:12 syntax: invalid YAML: text after a closed flow collection; quote the whole value");
  CHECK(first("notes: ]#x\n") ==
        "1:8 syntax: invalid YAML: a ']' closes nothing; quote the value if it is text");
  CHECK(first("%YAML 1.2\n") ==
        "1:1 syntax: invalid YAML: a directive ('%') must be followed by '---' and a document");
  // Their valid neighbours pass the pre-pass (and fail only the schema, if at all).
  for (const char* valid :
       {"notes: \"a\\\\b \\x41 \\u00e9 \\\"\" # c\n", "notes: 'it''s'\n", "notes: it's \"q\"x\n",
        "notes: [a, b, ]\n", "notes: [-1, -2]\n", "notes: a]b\n", "%YAML 1.2\n---\nnotes: x\n",
        "notes: {\"a\": b, 'c' : d}\n", "notes: \"a\n  b\"\n", "notes: [a, [b, c], {d: e}]\n"}) {
    INFO(valid);
    const std::string found = first(valid);
    CHECK(found.find("syntax") == std::string::npos);
  }
}

TEST_CASE("a file's loading findings stop at 1,000, then one counts the rest") {
  std::string text = "cycle: 2026-Q4\nowner: discover\nlevel: team\nobjectives: []\n";
  for (int i = 0; i < 1500; ++i) {
    text += "unknown" + std::to_string(i) + ": 1\n";
  }
  const Lines found = load(text);
  REQUIRE(found.size() == 1001);
  CHECK(found[999].rfind("1004:1 schema: unknown key 'unknown999'", 0) == 0);
  CHECK(found[1000] == "1005:1 schema: 501 more findings in this file not shown: okr reports the "
                       "first 1000 of a file; fix those first");
}

TEST_CASE("duplicate keys are reported at the second one") {
  CHECK(load("cycle: 2026-Q4\nowner: a\nlevel: company\nobjectives: []\nowner: b\n") ==
        Lines{"5:1 duplicate-key: duplicate key 'owner' (first written on line 2); YAML keeps "
              "only one of them, so remove or rename this one"});
}

TEST_CASE("anchors, aliases, merge keys and tags are refused once each") {
  CHECK(load("cycle: &c 2026-Q4\nowner: *c\nlevel: company\nobjectives: []\n") ==
        Lines{"1:8 schema: YAML anchors (&c) are not supported in OKR files; remove the anchor "
              "and write values out in full",
              "2:8 schema: YAML aliases (*name) are not supported in OKR files; write the value "
              "out in full"});
  CHECK(load("cycle: !!str 2026-Q4\nowner: a\nlevel: company\nobjectives: []\n") ==
        Lines{"1:8 schema: YAML tags are not supported in OKR files; remove '!!str'"});
  CHECK(load("<<: {cycle: 2026-Q4}\nowner: a\nlevel: company\nobjectives: []\n")[0] ==
        "1:1 schema: YAML merge keys (<<) are not supported in OKR files; write the keys out in "
        "full");
}

TEST_CASE("an alias bomb is refused before anything expands") {
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n";
  for (char c = 'b'; c <= 'j'; ++c) {
    bomb += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 9; ++i) {
      bomb += std::string(i ? ", *" : "*") + static_cast<char>(c - 1);
    }
    bomb += "]\n";
  }
  const Lines found = load(bomb);
  CHECK(found.size() > 10);
  CHECK(found[0].find("anchors") != std::string::npos);
}

TEST_CASE("unknown keys suggest the nearest known one") {
  CHECK(load(replace(k_team, "level: team", "levle: team")) ==
        Lines{"3:1 schema: unknown key 'levle'; did you mean 'level'?",
              "1:1 schema: an OKR file needs 'level': company, unit, team or individual"});
}

TEST_CASE("wrong types, bad enums, ids, numbers and dates") {
  CHECK(load(replace(k_team, "baseline: 65", "baseline: \"65\"")) ==
        Lines{"12:19 schema: 'baseline' must be a number, not a quoted string; remove the quotes "
              "around \"65\""});
  CHECK(load(replace(k_team, "level: team", "level: squad")) ==
        Lines{"3:8 schema: 'level' must be company, unit, team or individual, not 'squad'"});
  CHECK(load(replace(k_team, "id: first-week", "id: First Week")) ==
        Lines{"6:9 schema: 'id' must be a lower-case kebab-case id (letters a-z, digits and '-', "
              "starting with a letter or digit), not 'First Week'; try 'first-week'"});
  CHECK(load(replace(k_team, "target: 90", "target: .inf")).size() == 1);
  CHECK(load(replace(k_team, "target: 90", "target: 1e999")) ==
        Lines{"13:17 schema: 'target' is out of range: 1e999"});
  CHECK(load("owner: discover\ncycle: 2026-Q4\ndate: 2026-02-29\n",
             "checkins/2026-Q4/discover/x.yaml") ==
        Lines{"3:7 schema: 'date' is not a valid date ('2026-02-29'): February 2026 has 28 days"});
}

TEST_CASE("whole-file problems") {
  CHECK(load("") == Lines{"1:1 schema: the file is empty; an OKR file needs cycle, owner, level "
                          "and objectives"});
  CHECK(load("- a\n- b\n") ==
        Lines{"1:1 schema: an OKR file must be a mapping of keys to values, not a list"});
  CHECK(load(std::string("cycle: 2026-Q4\0\n", 16)) ==
        Lines{"1:15 syntax: the file contains a NUL byte: it is binary, not a YAML text file"});
  CHECK(load("title: caf\xe9\n") ==
        Lines{"1:11 syntax: invalid UTF-8 (byte 0xe9); okr reads UTF-8 only, so save the file as "
              "UTF-8"});
  CHECK(load(k_team + "---\n" + k_team).size() == 1);
  CHECK(load(std::string(100000, '[')).size() == 1);
}

TEST_CASE("a byte-order mark and CRLF line endings are accepted") {
  std::string text = "\xEF\xBB\xBF" + k_team;
  std::string crlf;
  for (char c : text) {
    if (c == '\n') {
      crlf += '\r';
    }
    crlf += c;
  }
  CHECK(load(crlf) == Lines{});
}

TEST_CASE("columns count characters, not bytes") {
  CHECK(load(k_team + "      - {title: Ação é boa, milestone: true, id: x, tagret: 1}\n") ==
        Lines{"18:53 schema: unknown key 'tagret'; did you mean 'target'?"});
}

TEST_CASE("check-in files") {
  const std::string path = "checkins/2026-Q4/discover/2026-10-09.yaml";
  LoadResult result = load_string("owner: discover\ncycle: 2026-Q4\ndate: 2026-10-09\n"
                                  "confidence: 7\nstatus: at-risk\nresults:\n  a/b: 70\n"
                                  "  a/c: done\nissues: Latency\nplan: Pair with identity\n",
                                  path);
  REQUIRE(result.diagnostics.empty());
  REQUIRE(result.repo.checkins.size() == 1);
  const Checkin& c = result.repo.checkins[0];
  CHECK(c.date.str() == "2026-10-09");
  CHECK(c.status == Status::at_risk);
  REQUIRE(c.results.size() == 2);
  const ResultValue& number = c.results[0];
  CHECK(number.key == "a/b");
  CHECK(number.key_pos(c.file).line == 7);
  CHECK(number.key_pos(c.file).column == 3);
  CHECK(number.pos(c.file).line == 7);
  CHECK(number.pos(c.file).column == 8);
  CHECK(number.number() == 70);
  CHECK_FALSE(number.done());
  const ResultValue& milestone = c.results[1];
  CHECK(milestone.key.view() == "a/c");
  CHECK(milestone.done() == true);
  CHECK(milestone.kind() == ResultValue::Kind::done);
  CHECK(milestone.pos(c.file).line == 8);
  CHECK(milestone.pos(c.file).column == 8); // the kind shares the column's word
  CHECK_FALSE(milestone.number());
  CHECK(load("owner: discover\ncycle: 2026-Q4\ndate: 2026-10-09\nstatus: red\n", path) ==
        Lines{"4:9 schema: 'status' must be on-track, behind or at-risk, not 'red'"});
}

TEST_CASE("okr.yaml errors are fatal") {
  LoadResult result = load_sources({{"okr.yaml", "version: 1\ncycles: [2026-Q4]\n"}});
  CHECK(result.fatal.has_value());
  REQUIRE(result.diagnostics.size() == 1);
  CHECK(result.diagnostics[0].line == 2);
}

TEST_CASE("a private repository's files are overlaid under its prefix, private, and never named "
          "by the main repository") {
  const std::string config = "private:\n  path: ../okr-private/\n";
  const std::string ana = "cycle: 2026-Q4\nowner: ana\nlevel: individual\nparent: discover\n"
                          "visibility: public\nobjectives:\n  - id: grow\n"
                          "    title: Grow as a product engineer\n"
                          "    aligns_to: discover/first-week\n    key_results:\n"
                          "      - id: talks\n        title: Give two talks\n"
                          "        milestone: true\n";
  std::vector<SourceFile> sources = {{"okr.yaml", config},
                                     {k_company_path, k_company},
                                     {k_team_path, k_team},
                                     {"../okr-private/okrs/2026-Q4/ana.yaml", ana},
                                     {"../okr-private/okr.yaml", "main:\n  path: ../acme\n"}};
  const LoadResult loaded = load_sources(sources);
  CHECK(loaded.diagnostics.empty());
  CHECK(loaded.repo.config.private_prefix == "../okr-private/");
  REQUIRE(loaded.repo.okr_files.size() == 3);
  for (const OkrFile& file : loaded.repo.okr_files) {
    // Private whatever its visibility says, as every OKR file of the private repository.
    CHECK(file.is_private == (file.owner.value == "ana"));
  }
  // The private repository's own okr.yaml is not one of the repository's files.
  const auto own = std::find_if(loaded.repo.files.begin(), loaded.repo.files.end(),
                                [](const SourceFile& f) { return f.path.ends_with("e/okr.yaml"); });
  REQUIRE(own != loaded.repo.files.end());
  CHECK(own->kind == FileKind::other);

  // The private file refers to the main repository: clean.
  Files files = {{"okr.yaml", config},
                 {k_company_path, k_company},
                 {k_team_path, k_team},
                 {"../okr-private/okrs/2026-Q4/ana.yaml", ana}};
  CHECK(findings("unresolved-ref", files).empty());
  // The main repository names a private owner: an error, as for those without it.
  files[2].second = replace(k_team, "    aligns_to: acme/delight\n",
                            "    aligns_to: acme/delight\n    depends_on: [ana]\n");
  CHECK(findings("unresolved-ref", files) ==
        Lines{"okrs/2026-Q4/discover.yaml:9:18: error: depends_on 'ana' names 'ana', whose OKRs "
              "are in the private repository ('../okr-private/'): the main repository never "
              "refers to it, as those without access could not resolve it; refer from the "
              "private side instead (a personal objective aligns to a team's) [unresolved-ref]"});
  files.pop_back();
  CHECK(findings("unresolved-ref", files) ==
        Lines{"okrs/2026-Q4/discover.yaml:9:18: error: depends_on 'ana' is unknown: no OKR file "
              "has owner 'ana' [unresolved-ref]"});
}
