// IncrementalCheck (okr lsp's check after an edit): after every edit of a sequence, the findings
// are exactly those of a whole okr check --include-private of the same texts.

#include <algorithm>
#include <catch2/catch.hpp>
#include <map>

#include <okr/check.hpp>
#include <okr/loader.hpp>

#include "check_helpers.hpp"
#include "support.hpp"

using namespace okr;

namespace {

const std::string k_growth_path = "okrs/2026-Q4/growth.yaml";
const std::string k_discover_checkin = "checkins/discover/2026-11-02.yaml";
const std::string k_growth_checkin = "checkins/growth/2026-11-03.yaml";

/// A repository kept in memory as okr lsp keeps one: loaded once, then each edit parsed again in
/// place (reparse_file) and checked by an IncrementalCheck, or loaded again for okr.yaml.
class Session {
public:
  explicit Session(std::map<std::string, std::string> texts) : m_texts(std::move(texts)) { load(); }

  void edit(const std::string& path, const std::string& text) {
    m_texts.at(path) = text;
    Repository& repo = m_loaded.repo;
    const auto it = std::find_if(repo.files.begin(), repo.files.end(),
                                 [&](const SourceFile& f) { return f.path == path; });
    REQUIRE(it != repo.files.end());
    const auto index = static_cast<std::uint32_t>(it - repo.files.begin());
    m_check.changing(repo, index);
    if (!reparse_file(repo, index, text, m_loader_findings[index])) {
      load(); // okr.yaml
    }
  }

  /// The incremental findings, formatted.
  std::vector<std::string> incremental() {
    std::vector<Diagnostic> found;
    for (const std::vector<Diagnostic>& list : m_loader_findings) {
      found.insert(found.end(), list.begin(), list.end());
    }
    const LoadedCheck checked =
        m_check.check(request(), m_loaded.repo, std::move(found), m_loaded.fatal, nullptr);
    REQUIRE(checked.errors.empty());
    return format(checked.diagnostics);
  }

  /// What a whole check of the same texts finds.
  std::vector<std::string> whole() const {
    CheckRequest whole = request();
    std::vector<SourceFile> sources;
    for (const auto& [path, text] : m_texts) {
      sources.push_back({path, text, FileKind::other});
    }
    whole.sources = std::move(sources);
    return format(check_repository(whole)->report.diagnostics);
  }

private:
  static CheckRequest request() {
    CheckRequest out;
    out.include_private = true;
    out.today = *Date::parse("2026-11-20");
    return out;
  }

  static std::vector<std::string> format(const std::vector<Diagnostic>& diagnostics) {
    std::vector<std::string> out;
    for (const Diagnostic& d : diagnostics) {
      out.push_back(test::format(d));
    }
    return out;
  }

  void load() {
    std::vector<SourceFile> sources;
    for (const auto& [path, text] : m_texts) {
      sources.push_back({path, text, FileKind::other});
    }
    m_loaded = load_sources(std::move(sources));
    m_loader_findings.assign(m_loaded.repo.files.size() + 1, {});
    for (Diagnostic& d : m_loaded.diagnostics) {
      const auto it = std::find_if(m_loaded.repo.files.begin(), m_loaded.repo.files.end(),
                                   [&](const SourceFile& f) { return f.path == d.file; });
      m_loader_findings[static_cast<std::size_t>(it - m_loaded.repo.files.begin())].push_back(
          std::move(d));
    }
    m_loaded.diagnostics.clear();
    m_check.reset();
  }

  std::map<std::string, std::string> m_texts;
  LoadResult m_loaded;
  std::vector<std::vector<Diagnostic>> m_loader_findings; // by file index; the last: no file
  IncrementalCheck m_check;
};

bool has_rule(const std::vector<std::string>& findings, const std::string& file,
              const std::string& rule) {
  return std::any_of(findings.begin(), findings.end(), [&](const std::string& line) {
    return line.starts_with(file + ":") && line.ends_with("[" + rule + "]");
  });
}

} // namespace

TEST_CASE("incremental check: after every edit, the findings of a whole check") {
  const std::string growth = test::replace(
      test::replace(test::k_team, "owner: discover", "owner: growth"),
      "    aligns_to: acme/delight\n", "    aligns_to: acme/delight\n    depends_on: [discover]\n");
  const std::string discover_checkin =
      "owner: discover\ncycle: 2026-Q4\ndate: 2026-11-02\nresults:\n"
      "  first-week/completion: 70\n";
  const std::string growth_checkin = "owner: growth\ncycle: 2026-Q4\ndate: 2026-11-03\nresults:\n"
                                     "  first-week/completion: 71\n  first-week/launch: done\n";
  const std::string config = "version: 1\nlint:\n  rules:\n    long-objective: {max: 60}\n";
  Session session({{"okr.yaml", config},
                   {test::k_company_path, test::k_company},
                   {test::k_team_path, test::k_team},
                   {k_growth_path, growth},
                   {k_discover_checkin, discover_checkin},
                   {k_growth_checkin, growth_checkin}});
  std::vector<std::string> now = session.incremental();
  CHECK(now == session.whole());
  // discover's last check-in is 18 days old: a per-owner rule's finding in its OKR file.
  CHECK(has_rule(now, test::k_team_path, "stale-checkin"));
  const auto edit = [&](const std::string& path, const std::string& text) {
    session.edit(path, text);
    now = session.incremental();
    CHECK(now == session.whole());
  };

  // Another owner's file breaks the references to it, and fixes them.
  const std::string company = test::replace(test::k_company, "id: delight", "id: delighted");
  edit(test::k_company_path, company);
  CHECK(has_rule(now, k_growth_path, "unresolved-ref"));
  CHECK(has_rule(now, test::k_team_path, "unresolved-ref"));
  edit(test::k_company_path, test::k_company);
  CHECK_FALSE(has_rule(now, k_growth_path, "unresolved-ref"));

  // The owner's key result goes: its check-in's value names none (a finding in another file).
  const std::string team = test::replace(test::k_team, "id: completion", "id: complete");
  edit(test::k_team_path, team);
  CHECK(has_rule(now, k_discover_checkin, "checkin-unknown-kr"));
  edit(test::k_team_path, test::k_team);
  CHECK_FALSE(has_rule(now, k_discover_checkin, "checkin-unknown-kr"));

  // A check-in clears its owner's stale-checkin, then breaks its own values and date.
  const std::string recent =
      test::replace(discover_checkin, "date: 2026-11-02", "date: 2026-11-19");
  edit(k_discover_checkin, recent);
  CHECK_FALSE(has_rule(now, test::k_team_path, "stale-checkin"));
  CHECK(has_rule(now, k_growth_path, "stale-checkin"));
  edit(k_discover_checkin,
       test::replace(test::replace(discover_checkin, "first-week/completion: 70",
                                   "first-week/completion: done\n  first-week/complet: 3"),
                     "date: 2026-11-02", "date: 2026-12-24"));
  CHECK(has_rule(now, k_discover_checkin, "checkin-bad-value"));
  CHECK(has_rule(now, k_discover_checkin, "checkin-out-of-cycle"));
  CHECK(has_rule(now, k_discover_checkin, "checkin-unknown-kr"));
  edit(k_discover_checkin, recent);
  CHECK_FALSE(has_rule(now, test::k_team_path, "stale-checkin"));

  // The check-in changes owner: the old owner's file is stale again, the new one's is not.
  edit(k_discover_checkin, test::replace(recent, "owner: discover", "owner: growth"));
  CHECK(has_rule(now, test::k_team_path, "stale-checkin"));
  CHECK_FALSE(has_rule(now, k_growth_path, "stale-checkin"));
  edit(k_discover_checkin, recent);
  CHECK_FALSE(has_rule(now, test::k_team_path, "stale-checkin"));
  CHECK(has_rule(now, k_growth_path, "stale-checkin"));
  // A file changes owner: the old owner's check-ins lose their file, the new one's find it.
  edit(test::k_team_path, test::replace(test::k_team, "owner: discover", "owner: discovery"));
  edit(k_discover_checkin, discover_checkin);
  CHECK(has_rule(now, k_discover_checkin, "unresolved-ref"));
  edit(test::k_team_path, test::k_team);

  // A syntax error takes the file out of the model; its per-owner findings go with it.
  const std::string long_title = test::replace(
      growth, "title: Make the first week seamless for new users",
      "title: Make the first week seamless and delightful for every new user we welcome");
  edit(k_growth_path, long_title);
  CHECK(has_rule(now, k_growth_path, "long-objective"));
  edit(k_growth_path, test::replace(long_title, "level: team", "level: [team"));
  CHECK_FALSE(has_rule(now, k_growth_path, "long-objective"));
  CHECK(has_rule(now, k_growth_path, "syntax"));
  // A suppression comment of a per-owner finding, then one that suppresses nothing.
  const std::string suppressed =
      test::replace(long_title, "    title: Make",
                    "    # okr: ignore[long-objective] the board's wording\n    title: Make");
  edit(k_growth_path, suppressed);
  CHECK_FALSE(has_rule(now, k_growth_path, "long-objective"));
  edit(k_growth_path, test::replace(suppressed, long_title.substr(long_title.find("title: Make")),
                                    growth.substr(growth.find("title: Make"))));
  CHECK(has_rule(now, k_growth_path, "unused-suppression"));

  // okr.yaml: the repository is loaded again, and the edits after it are incremental again.
  edit("okr.yaml", "version: 1\nlint:\n  rules:\n    stale-checkin: off\n");
  CHECK_FALSE(has_rule(now, test::k_team_path, "stale-checkin"));
  edit("okr.yaml", "version: 1\nlint:\n  rules:\n    long-objective: {max: [60}\n");
  CHECK(has_rule(now, "okr.yaml", "syntax"));
  edit(k_growth_path, long_title);
  edit("okr.yaml", config);
  CHECK(has_rule(now, k_growth_path, "long-objective"));
  edit(k_growth_path, growth);
  edit(k_growth_checkin, test::replace(growth_checkin, "launch: done", "launch: 4"));
  CHECK(has_rule(now, k_growth_checkin, "checkin-bad-value"));
  edit(k_growth_checkin, growth_checkin);
  CHECK(now == Session({{"okr.yaml", config},
                        {test::k_company_path, test::k_company},
                        {test::k_team_path, test::k_team},
                        {k_growth_path, growth},
                        {k_discover_checkin, discover_checkin},
                        {k_growth_checkin, growth_checkin}})
                   .whole());
}
