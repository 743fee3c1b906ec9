// okr lsp: the framing, the UTF-16 columns, URIs, the completion contexts and a whole session
// through in-memory streams.

#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include <okr/check.hpp>
#include <okr/lsp.hpp>
#include <okr/text.hpp>

#include "lsp/navigation.hpp"
#include "support.hpp"

namespace fs = std::filesystem;
using json = nlohmann::json;
using namespace okr;
using namespace okr::lsp;

namespace {

std::string frame(std::string_view body) {
  return "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + std::string(body);
}

std::string message(const json& value) {
  return frame(value.dump());
}

/// Every message a server wrote.
std::vector<json> read_all(const std::string& output) {
  std::istringstream in(output);
  FrameReader reader(in);
  std::vector<json> messages;
  for (;;) {
    Frame f = reader.next();
    if (f.status != Frame::Status::message) {
      REQUIRE(f.error.empty());
      return messages;
    }
    messages.push_back(json::parse(f.body));
  }
}

std::vector<json> run(const std::string& input, int* status = nullptr, bool coalesce = false) {
  std::istringstream in(input);
  std::ostringstream out;
  ServerOptions options;
  options.today = Date::parse("2026-11-20").value();
  options.coalesce_changes = coalesce;
  const int code = serve(in, out, options);
  if (status != nullptr) {
    *status = code;
  }
  return read_all(out.str());
}

const json* response(const std::vector<json>& messages, int id) {
  for (const json& m : messages) {
    if (m.contains("id") && m["id"] == id) {
      return &m;
    }
  }
  return nullptr;
}

json request(int id, const std::string& method, json params = json::object()) {
  return {{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", std::move(params)}};
}

/// Writes `text` to `root`/`path`, making its folders.
void write_file(const fs::path& root, const std::string& path, const std::string& text) {
  fs::create_directories((root / path).parent_path());
  std::ofstream(root / path) << text;
}

json notification(const std::string& method, json params = json::object()) {
  return {{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}};
}

} // namespace

TEST_CASE("lsp: frames are read by their Content-Length, headers in any case") {
  std::istringstream in(frame("{}") + "content-length: 2\r\nContent-Type: x\r\n\r\n[]" +
                        frame("{\"a\":1}"));
  FrameReader reader(in);
  CHECK(reader.next().body == "{}");
  CHECK(reader.next().body == "[]");
  CHECK(reader.next().body == "{\"a\":1}");
  const Frame end = reader.next();
  CHECK(end.status == Frame::Status::eof);
  CHECK(end.error.empty());
}

TEST_CASE("lsp: a header without Content-Length is an error, and the next frame is read") {
  std::istringstream in("Content-Type: json\r\n\r\n" + frame("{}"));
  FrameReader reader(in);
  const Frame bad = reader.next();
  CHECK(bad.status == Frame::Status::error);
  CHECK(bad.error == "a message without a Content-Length header");
  CHECK(reader.next().body == "{}");
}

TEST_CASE("lsp: garbage before a header is skipped up to Content-Length") {
  std::istringstream in("{\"broken\": 1}" + frame("{}"));
  FrameReader reader(in);
  CHECK(reader.next().body == "{}");
}

TEST_CASE("lsp: a length that is not a number is an error") {
  std::istringstream in("Content-Length: 12x\r\n\r\n" + frame("{}"));
  FrameReader reader(in);
  CHECK(reader.next().error == "the Content-Length header is not a number");
}

TEST_CASE("lsp: a message over the limit is skipped unread, and the stream goes on") {
  const std::string big(1000, 'x');
  std::istringstream in(frame(big) + frame("{}"));
  FrameReader reader(in, 100);
  const Frame refused = reader.next();
  CHECK(refused.status == Frame::Status::error);
  CHECK(refused.error == "a message of 1000 bytes, more than the limit of 100");
  CHECK(reader.next().body == "{}");
}

TEST_CASE("lsp: a stream that ends inside a frame says so") {
  std::istringstream in("Content-Length: 10\r\n\r\n{}");
  FrameReader reader(in);
  const Frame end = reader.next();
  CHECK(end.status == Frame::Status::eof);
  CHECK(end.error == "the input ended inside a message's body");
}

TEST_CASE("lsp: UTF-16 columns against code-point columns") {
  const std::string line = "a\xC3\xA9\xF0\x9F\x98\x80"
                           "b"; // a é 😀 b
  CHECK(to_utf16(line, 1) == 0);
  CHECK(to_utf16(line, 2) == 1);
  CHECK(to_utf16(line, 3) == 2);
  CHECK(to_utf16(line, 4) == 4); // the emoji is a surrogate pair
  CHECK(to_utf16(line, 5) == 5); // the end of the line
  CHECK(to_utf16(line, 7) == 7); // past it: one unit per column
  CHECK(from_utf16(line, 0) == 1);
  CHECK(from_utf16(line, 2) == 3);
  CHECK(from_utf16(line, 3) == 3); // inside the pair: the emoji
  CHECK(from_utf16(line, 4) == 4);
  CHECK(from_utf16(line, 9) == 9);
  for (std::uint32_t column = 1; column <= 6; ++column) {
    CHECK(from_utf16(line, to_utf16(line, column)) == column);
  }
}

TEST_CASE("lsp: file URIs") {
  CHECK(from_uri("file:///tmp/a%20b/%C3%A9.yaml") == "/tmp/a b/\xC3\xA9.yaml");
  CHECK(from_uri("file://localhost/x") == "/x");
  CHECK(from_uri("file://host/x").empty());
  CHECK(from_uri("untitled:Untitled-1").empty());
  CHECK(from_uri("file:///a%00b").empty());
  CHECK(to_uri("/tmp/a b/\xC3\xA9.yaml") == "file:///tmp/a%20b/%C3%A9.yaml");
}

TEST_CASE("lsp: what a completion offers at the cursor") {
  const std::string okr = "cycle: 2026-Q4\nowner: x\nparent: ac\nlevel: \nobjectives:\n"
                          "  - id: a\n    aligns_to:\n      - acme/\n    ti\n"
                          "    key_results:\n      - id: k\n        contributes_to: [a/b/c, \n"
                          "        type: \n        bas\n";
  const auto at = [&](std::uint32_t line, std::size_t offset) {
    return completion_context(okr, line, offset, FileKind::okr);
  };
  CHECK(at(2, 10).kind == CompletionKind::owner);
  CHECK(at(2, 10).prefix == "ac");
  CHECK(at(3, 7).kind == CompletionKind::level);
  CHECK(at(7, 13).kind == CompletionKind::objective_ref);
  CHECK(at(7, 13).prefix == "acme/");
  CHECK(at(8, 6).kind == CompletionKind::key);
  CHECK(at(8, 6).keys[1] == "title");
  CHECK(at(11, 32).kind == CompletionKind::kr_ref);
  CHECK(at(12, 14).kind == CompletionKind::kr_type);
  CHECK(at(13, 11).keys[3] == "baseline");
  CHECK(at(1, 0).kind == CompletionKind::key); // a top-level key
  const std::string checkin = "owner: x\nresults:\n  ob\nkpis:\n  \n";
  CHECK(completion_context(checkin, 2, 4, FileKind::checkin).kind == CompletionKind::result_key);
  CHECK(completion_context(checkin, 4, 2, FileKind::checkin).kind == CompletionKind::kpi_key);
}

TEST_CASE("lsp: before initialize, requests are refused; unknown methods; bad messages") {
  int status = -1;
  const auto out = run(message(request(1, "textDocument/hover")) + frame("{not json") +
                           frame("[1]") + message(request(2, "initialize")) +
                           message(request(3, "no/such")) + message(notification("no/such")) +
                           message(notification("$/cancelRequest", {{"id", 9}})) +
                           message(request(4, "initialize")) +
                           frame(R"({"jsonrpc":"2.0","id":5})") + message(notification("exit")),
                       &status);
  CHECK(status == 1); // exit without shutdown
  REQUIRE(out.size() == 7);
  CHECK(out[0]["error"]["code"] == -32002);
  CHECK(out[1]["error"]["code"] == -32700);
  CHECK(out[1]["id"].is_null());
  CHECK(out[2]["error"]["code"] == -32600);
  CHECK(out[3]["result"]["capabilities"]["textDocumentSync"]["change"] == 1);
  CHECK(out[4]["error"]["code"] == -32601);
  CHECK(out[5]["error"]["code"] == -32600); // initialize twice
  CHECK(out[6]["error"]["code"] == -32600); // no method
}

TEST_CASE("lsp: shutdown then exit is status 0; requests after shutdown are refused") {
  int status = -1;
  const auto out = run(message(request(1, "initialize")) + message(request(2, "shutdown")) +
                           message(request(3, "textDocument/hover")) +
                           message(notification("exit")) + message(request(9, "shutdown")),
                       &status);
  CHECK(status == 0);
  REQUIRE(out.size() == 3);
  CHECK(out[1]["result"].is_null());
  CHECK(out[2]["error"]["code"] == -32600);
}

TEST_CASE("lsp: the end of the input ends the server") {
  int status = -1;
  const auto out = run(message(request(1, "initialize")), &status);
  CHECK(out.size() == 1);
  CHECK(status == 1);
}

TEST_CASE("lsp: a session publishes the findings of unsaved buffers, and clears them") {
  test::TempDir dir("lsp-session");
  const auto write = [&](const std::string& path, const std::string& text) {
    write_file(dir.path, path, text);
  };
  write("okr.yaml", "version: 1\nlint: {rules: {stale-checkin: off, output-kr: off}}\n");
  write(test::k_company_path, test::k_company);
  write(test::k_team_path, test::k_team);
  const std::string root = fs::weakly_canonical(dir.path).string();
  const std::string team_uri = to_uri(root + "/" + test::k_team_path);
  const std::string company_uri = to_uri(root + "/" + test::k_company_path);
  // An unknown key after an é and an emoji on its line: its UTF-16 column counts the pair.
  const std::string broken =
      test::replace(test::k_team, "        milestone: true\n",
                    "        milestone: true\n      - {id: x, title: \"\xC3\xA9\xF0\x9F\x98\x80\", "
                    "milestone: true, tagret: 3}\n");
  const std::string bad_ref = test::replace(test::k_team, "acme/delight", "acme/delite");
  const auto out = run(
      message(request(1, "initialize", {{"rootUri", to_uri(root)}})) +
      message(notification("initialized")) +
      message(notification(
          "textDocument/didOpen",
          {{"textDocument",
            {{"uri", team_uri}, {"languageId", "yaml"}, {"version", 1}, {"text", broken}}}})) +
      message(notification("textDocument/didChange",
                           {{"textDocument", {{"uri", team_uri}, {"version", 2}}},
                            {"contentChanges", json::array({{{"text", bad_ref}}})}})) +
      message(request(
          2, "textDocument/codeAction",
          {{"textDocument", {{"uri", team_uri}}},
           {"range",
            {{"start", {{"line", 7}, {"character", 0}}}, {"end", {{"line", 7}, {"character", 0}}}}},
           {"context",
            {{"diagnostics", json::array({{{"range",
                                            {{"start", {{"line", 7}, {"character", 15}}},
                                             {"end", {{"line", 7}, {"character", 26}}}}},
                                           {"source", "okr"},
                                           {"code", "unresolved-ref"},
                                           {"message", "does not resolve; did you mean "
                                                       "'acme/delight'?"}}})}}}})) +
      message(notification("textDocument/didChange",
                           {{"textDocument", {{"uri", team_uri}, {"version", 3}}},
                            {"contentChanges", json::array({{{"text", test::k_team}}})}})) +
      message(request(3, "textDocument/definition",
                      {{"textDocument", {{"uri", team_uri}}},
                       {"position", {{"line", 7}, {"character", 20}}}})) +
      message(request(4, "textDocument/references",
                      {{"textDocument", {{"uri", company_uri}}},
                       {"position", {{"line", 4}, {"character", 9}}},
                       {"context", {{"includeDeclaration", true}}}})) +
      message(request(5, "textDocument/documentSymbol", {{"textDocument", {{"uri", team_uri}}}})) +
      message(request(6, "textDocument/hover",
                      {{"textDocument", {{"uri", team_uri}}},
                       {"position", {{"line", 7}, {"character", 20}}}})) +
      message(request(7, "shutdown")) + message(notification("exit")));
  std::vector<json> published;
  for (const json& m : out) {
    if (m.value("method", "") == "textDocument/publishDiagnostics" &&
        m["params"]["uri"] == team_uri) {
      published.push_back(m["params"]["diagnostics"]);
    }
  }
  INFO(json(published).dump());
  REQUIRE(published.size() == 3); // nothing to publish before didOpen
  // didOpen: the unknown key, its range in UTF-16 units.
  REQUIRE(published[0].size() == 1);
  const json& key = published[0][0];
  CHECK(key["code"] == "schema");
  CHECK(key["source"] == "okr");
  CHECK(key["severity"] == 1);
  const std::string line = "      - {id: x, title: \"\xC3\xA9\xF0\x9F\x98\x80\", milestone: true, ";
  const auto start = static_cast<int>(utf8_length(line)) + 1; // é is one unit, the emoji two
  CHECK(key["range"]["start"] == json({{"line", 17}, {"character", start}}));
  CHECK(key["range"]["end"] == json({{"line", 17}, {"character", start + 6}}));
  // didChange: the broken reference, with its end.
  REQUIRE(published[1].size() == 1);
  CHECK(published[1][0]["code"] == "unresolved-ref");
  CHECK(published[1][0]["range"]["start"] == json({{"line", 7}, {"character", 15}}));
  CHECK(published[1][0]["range"]["end"] == json({{"line", 7}, {"character", 26}}));
  // Fixed: cleared.
  CHECK(published[2].empty());

  const json* actions = response(out, 2);
  REQUIRE(actions != nullptr);
  REQUIRE((*actions)["result"].size() == 2);
  CHECK((*actions)["result"][0]["edit"]["changes"][team_uri][0]["newText"] == "acme/delight");
  CHECK((*actions)["result"][1]["edit"]["changes"][team_uri][0]["newText"] ==
        "    # okr: ignore[unresolved-ref]\n");

  const json* definition = response(out, 3);
  REQUIRE(definition != nullptr);
  CHECK((*definition)["result"]["uri"] == company_uri);
  CHECK((*definition)["result"]["range"]["start"] == json({{"line", 4}, {"character", 8}}));

  const json* references = response(out, 4);
  REQUIRE(references != nullptr);
  CHECK((*references)["result"].size() == 2); // the definition and the team's aligns_to

  const json* symbols = response(out, 5);
  REQUIRE(symbols != nullptr);
  REQUIRE((*symbols)["result"].size() == 1);
  CHECK((*symbols)["result"][0]["name"] == "first-week");
  CHECK((*symbols)["result"][0]["children"].size() == 2);

  const json* hover = response(out, 6);
  REQUIRE(hover != nullptr);
  CHECK((*hover)["result"]["contents"]["value"].get<std::string>().find(
            "Delight new customers from their first day") != std::string::npos);
}

TEST_CASE("lsp: a document outside the repository is not checked, and nothing fails") {
  test::TempDir dir("lsp-inside");
  test::TempDir outside("lsp-outside");
  fs::create_directories(dir.path / "okrs/2026-Q4");
  std::ofstream(dir.path / "okr.yaml") << "version: 1\n";
  std::ofstream(dir.path / test::k_team_path) << test::k_team;
  const std::string root = fs::weakly_canonical(dir.path).string();
  const std::string uri = to_uri(fs::weakly_canonical(outside.path).string() + "/x.yaml");
  const json position = {{"textDocument", {{"uri", uri}}},
                         {"position", {{"line", 0}, {"character", 0}}}};
  int status = -1;
  const auto out = run(
      message(request(1, "initialize", {{"rootUri", to_uri(root)}})) +
          message(notification(
              "textDocument/didOpen",
              {{"textDocument",
                {{"uri", uri}, {"languageId", "yaml"}, {"version", 1}, {"text", "owner: [\n"}}}})) +
          message(request(2, "textDocument/hover", position)) +
          message(request(3, "textDocument/definition", position)) +
          message(request(4, "textDocument/completion", position)) +
          message(request(5, "textDocument/documentSymbol", {{"textDocument", {{"uri", uri}}}})) +
          message(notification("textDocument/didClose", {{"textDocument", {{"uri", uri}}}})) +
          message(request(6, "shutdown")) + message(notification("exit")),
      &status);
  CHECK(status == 0);
  for (const json& m : out) {
    CHECK(m.value("method", "") != "textDocument/publishDiagnostics");
    CHECK_FALSE(m.contains("error"));
  }
  REQUIRE(out.size() == 6);
  CHECK(out[1]["result"].is_null());
  CHECK(out[2]["result"].is_null());
  CHECK(out[3]["result"].is_array());
  CHECK(out[4]["result"].empty());
}

TEST_CASE("lsp: a burst of changes is checked once, before the request that follows it") {
  test::TempDir dir("lsp-burst");
  fs::create_directories(dir.path / "okrs/2026-Q4");
  std::ofstream(dir.path / "okr.yaml") << "version: 1\nlint: {rules: {stale-checkin: off}}\n";
  std::ofstream(dir.path / test::k_team_path) << test::k_team;
  const std::string root = fs::weakly_canonical(dir.path).string();
  const std::string uri = to_uri(root + "/" + test::k_team_path);
  std::string input =
      message(request(1, "initialize", {{"rootUri", to_uri(root)}})) +
      message(notification(
          "textDocument/didOpen",
          {{"textDocument",
            {{"uri", uri}, {"languageId", "yaml"}, {"version", 1}, {"text", test::k_team}}}}));
  for (int version = 2; version < 6; ++version) {
    const std::string text =
        test::replace(test::k_team, "acme/delight", "acme/delight" + std::string(version, 'x'));
    input += message(notification("textDocument/didChange",
                                  {{"textDocument", {{"uri", uri}, {"version", version}}},
                                   {"contentChanges", json::array({{{"text", text}}})}}));
  }
  input += message(request(2, "workspace/symbol", {{"query", "first-week"}}));
  const auto out = run(input, nullptr, true);
  std::vector<json> published;
  for (const json& m : out) {
    if (m.value("method", "") == "textDocument/publishDiagnostics") {
      published.push_back(m["params"]);
    }
  }
  REQUIRE(published.size() == 1);
  CHECK(published[0]["uri"] == uri);
  const std::string message = published[0]["diagnostics"].dump();
  CHECK(message.find("acme/delightxxxxx'") != std::string::npos); // the last text only
  REQUIRE(out.size() == 3);
  CHECK(out[2]["id"] == 2); // published before the answer
}

namespace {

/// The diagnostics a server last published, per URI, as comparable lines.
using Published = std::map<std::string, std::set<std::string>>;

void take_published(const std::string& output, Published& published) {
  for (const json& m : read_all(output)) {
    if (m.value("method", "") != "textDocument/publishDiagnostics") {
      continue;
    }
    std::set<std::string>& lines = published[m["params"]["uri"].get<std::string>()];
    lines.clear();
    for (const json& d : m["params"]["diagnostics"]) {
      lines.insert(d["range"]["start"].dump() + " " + std::to_string(d["severity"].get<int>()) +
                   " " + d["code"].get<std::string>() + ": " + d["message"].get<std::string>());
    }
  }
}

} // namespace

TEST_CASE("lsp: after every edit the diagnostics are exactly okr check --include-private's") {
  test::TempDir dir("lsp-exact");
  const auto write = [&](const std::string& path, const std::string& text) {
    write_file(dir.path, path, text);
  };
  write("okr.yaml", "version: 1\nlint: {rules: {output-kr: off}}\n");
  write(test::k_company_path, test::k_company);
  write(test::k_team_path, test::k_team);
  const std::string other_path = "okrs/2026-Q4/growth.yaml";
  const std::string other = test::replace(
      test::replace(test::k_team, "owner: discover", "owner: growth\nvisibility: private"),
      "    aligns_to: acme/delight\n", "    aligns_to: acme/delight\n    depends_on: [discover]\n");
  write(other_path, other);
  const std::string checkin_path = "checkins/discover/2026-11-02.yaml";
  const std::string checkin = "owner: discover\ncycle: 2026-Q4\ndate: 2026-11-02\nresults:\n"
                              "  first-week/completion: 70\nkpis:\n  nps: 3\n";
  write(checkin_path, checkin);
  const std::string root = fs::weakly_canonical(dir.path).string();
  std::map<std::string, std::string> texts = {{test::k_company_path, test::k_company},
                                              {test::k_team_path, test::k_team},
                                              {checkin_path, checkin}};
  ServerOptions options;
  options.today = Date::parse("2026-11-20").value();
  options.coalesce_changes = false;
  Server server(options);
  Published published;
  const auto send = [&](const json& m) {
    std::ostringstream out;
    server.handle(m.dump(), out);
    server.flush(out);
    take_published(out.str(), published);
  };
  const auto uri = [&](const std::string& path) { return to_uri(root + "/" + path); };
  int version = 1;
  // What a fresh okr check --include-private finds with the same buffers, as the server shows
  // them (its texts are all ASCII: UTF-16 columns are code points less one).
  const auto expect_same = [&] {
    CheckRequest request;
    request.root = root;
    request.include_private = true;
    request.use_cache = false;
    request.today = options.today;
    request.overlays.insert(texts.begin(), texts.end());
    const auto result = check_repository(request);
    Published fresh;
    for (const Diagnostic& d : result->report.diagnostics) {
      fresh[uri(d.file)].insert(json({{"line", d.line - 1}, {"character", d.column - 1}}).dump() +
                                " " +
                                std::to_string(d.severity == Severity::error     ? 1
                                               : d.severity == Severity::warning ? 2
                                                                                 : 3) +
                                " " + d.rule + ": " + d.message);
    }
    std::erase_if(published, [](const auto& entry) { return entry.second.empty(); });
    CHECK(published == fresh);
  };
  send(request(1, "initialize", {{"rootUri", to_uri(root)}}));
  send(notification("initialized"));
  for (const auto& [path, text] : texts) {
    send(notification(
        "textDocument/didOpen",
        {{"textDocument",
          {{"uri", uri(path)}, {"languageId", "yaml"}, {"version", 1}, {"text", text}}}}));
  }
  expect_same();
  const auto edit = [&](const std::string& path, const std::string& text) {
    texts[path] = text;
    send(notification("textDocument/didChange",
                      {{"textDocument", {{"uri", uri(path)}, {"version", ++version}}},
                       {"contentChanges", json::array({{{"text", text}}})}}));
    expect_same();
  };
  // The company's objective goes: the team files that align to it (one not open) break.
  const std::string renamed = test::replace(test::k_company, "id: delight", "id: delighted");
  edit(test::k_company_path, renamed);
  CHECK_FALSE(published[uri(other_path)].empty());
  // The team's key result goes: its check-in's value no longer has a key result.
  std::string team = test::replace(test::k_team, "id: completion", "id: complete");
  edit(test::k_team_path, team);
  // Suppressed, then a syntax error, then an unknown key, then all fixed.
  edit(test::k_team_path, test::replace(team, "    aligns_to: acme/delight\n",
                                        "    # okr: ignore[unresolved-ref] planned\n"
                                        "    aligns_to: acme/delight\n"));
  edit(test::k_team_path, test::replace(team, "level: team", "level: [team"));
  edit(test::k_team_path, test::replace(team, "level: team", "level: team\nlevle: team"));
  edit(checkin_path,
       test::replace(checkin, "first-week/completion: 70", "first-week/complete: 7x"));
  edit(test::k_team_path, test::k_team);
  edit(test::k_company_path, test::k_company);
  edit(checkin_path, checkin);
  // okr.yaml: the repository is loaded again, and the edits after it are incremental again.
  const std::string config = "version: 1\nlint: {rules: {output-kr: off}}\n";
  texts["okr.yaml"] = config;
  send(notification(
      "textDocument/didOpen",
      {{"textDocument",
        {{"uri", uri("okr.yaml")}, {"languageId", "yaml"}, {"version", 1}, {"text", config}}}}));
  expect_same();
  edit("okr.yaml", "version: 1\nlint: {rules: {output-kr: off, unresolved-ref: off}}\n");
  const auto unresolved = [&] {
    const auto& lines = published[uri(other_path)];
    return std::any_of(lines.begin(), lines.end(), [](const std::string& line) {
      return line.find(" unresolved-ref: ") != std::string::npos;
    });
  };
  edit(test::k_company_path, renamed);
  CHECK_FALSE(unresolved());
  edit("okr.yaml", config);
  CHECK(unresolved());
  edit(test::k_company_path, test::k_company);
  // The check-in changes owner (growth's check-ins are checked against growth's file), and back.
  edit(checkin_path, test::replace(checkin, "owner: discover", "owner: growth"));
  edit(checkin_path, checkin);
  // A file closed: the disk's text again (the same as the last buffer).
  send(
      notification("textDocument/didClose", {{"textDocument", {{"uri", uri(test::k_team_path)}}}}));
  texts.erase(test::k_team_path);
  expect_same();
}

TEST_CASE("lsp: a request cancelled before it is answered gets RequestCancelled") {
  test::TempDir dir("lsp-cancel");
  fs::create_directories(dir.path / "okrs/2026-Q4");
  std::ofstream(dir.path / "okr.yaml") << "version: 1\n";
  std::ofstream(dir.path / test::k_team_path) << test::k_team;
  const std::string root = fs::weakly_canonical(dir.path).string();
  const std::string uri = to_uri(root + "/" + test::k_team_path);
  const json position = {{"textDocument", {{"uri", uri}}},
                         {"position", {{"line", 1}, {"character", 8}}}};
  // Both requests are waiting when the first is answered: the cancellation read ahead of it
  // takes effect; one that comes after the answer changes nothing.
  const auto out = run(message(request(1, "initialize", {{"rootUri", to_uri(root)}})) +
                           message(notification("initialized")) +
                           message(request(2, "textDocument/hover", position)) +
                           message(notification("$/cancelRequest", {{"id", 2}})) +
                           message(request(3, "textDocument/hover", position)) +
                           message(request(4, "textDocument/hover", position)) +
                           message(notification("$/cancelRequest", {{"id", 3}})) +
                           message(notification("$/cancelRequest", {{"id", "9"}})) +
                           message(request(5, "shutdown")) + message(notification("exit")),
                       nullptr, true);
  const json* cancelled = response(out, 2);
  REQUIRE(cancelled != nullptr);
  CHECK((*cancelled)["error"]["code"] == -32800);
  CHECK_FALSE(cancelled->contains("result"));
  REQUIRE(response(out, 3) != nullptr);
  CHECK((*response(out, 3))["error"]["code"] == -32800);
  const json* answered = response(out, 4);
  REQUIRE(answered != nullptr);
  CHECK((*answered)["result"]["contents"]["value"].get<std::string>().find("discover") !=
        std::string::npos);
  REQUIRE(response(out, 5) != nullptr);
  CHECK((*response(out, 5))["result"].is_null());
}

TEST_CASE("lsp: hover on a KPI, or on a check-in's kpis key, shows its latest reading") {
  test::TempDir dir("lsp-kpi");
  fs::create_directories(dir.path / "okrs/2026-Q4");
  fs::create_directories(dir.path / "checkins/discover");
  std::ofstream(dir.path / "okr.yaml") << "version: 1\n";
  std::ofstream(dir.path / test::k_team_path)
      << test::k_team << "kpis:\n  - id: nps\n    title: Net promoter score\n"
      << "    unit: points\n    stay_above: 30\n";
  std::ofstream(dir.path / "checkins/discover/2026-11-02.yaml")
      << "owner: discover\ncycle: 2026-Q4\ndate: 2026-11-02\nkpis:\n  nps: 31.5\n";
  std::ofstream(dir.path / "checkins/discover/2026-11-09.yaml")
      << "owner: discover\ncycle: 2026-Q4\ndate: 2026-11-09\nkpis:\n  nps: 28.0\n";
  std::ofstream(dir.path / "checkins/discover/2026-12-01.yaml")
      << "owner: discover\ncycle: 2026-Q4\ndate: 2026-12-01\nkpis:\n  nps: 40\n"; // after today
  const std::string root = fs::weakly_canonical(dir.path).string();
  const std::string team_uri = to_uri(root + "/" + test::k_team_path);
  const std::string checkin_uri = to_uri(root + "/checkins/discover/2026-11-02.yaml");
  const auto lines = [](const std::string& text) {
    return static_cast<int>(std::count(text.begin(), text.end(), '\n'));
  };
  const auto out =
      run(message(request(1, "initialize", {{"rootUri", to_uri(root)}})) +
          message(notification("initialized")) +
          message(request(2, "textDocument/hover",
                          {{"textDocument", {{"uri", team_uri}}},
                           {"position", {{"line", lines(test::k_team) + 1}, {"character", 10}}}})) +
          message(request(3, "textDocument/hover",
                          {{"textDocument", {{"uri", checkin_uri}}},
                           {"position", {{"line", 4}, {"character", 3}}}})) +
          message(request(4, "shutdown")) + message(notification("exit")));
  for (const int id : {2, 3}) {
    const json* hover = response(out, id);
    REQUIRE(hover != nullptr);
    INFO(hover->dump());
    REQUIRE(hover->contains("result"));
    REQUIRE((*hover)["result"].is_object());
    const std::string text = (*hover)["result"]["contents"]["value"].get<std::string>();
    CHECK(text.find("Net promoter score") != std::string::npos);
    CHECK(text.find("latest 28.0 points on 2026-11-09") != std::string::npos);
    CHECK(text.find("guardrail breached") != std::string::npos);
  }
}
