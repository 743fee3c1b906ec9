#pragma once

// The quarterly report: a model of everything `okr report` shows, filled from the repository
// by build_report(), and renderers from that model (JSON, and Markdown and HTML through
// Mustache templates that ship inside the binary). The owners (with their objectives, key
// results and values, the bulk of it) are built one at a time as the renderers walk them;
// the rest is computed once, in build_report().

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <okr/date.hpp>
#include <okr/diff.hpp>
#include <okr/index.hpp>
#include <okr/model.hpp>
#include <okr/number.hpp>
#include <okr/scoring.hpp>

namespace okr {

/// The git commit a report was built from.
struct ReportCommit {
  std::string hash;
  bool modified = false; ///< the working tree had uncommitted changes
};

struct ReportHeader {
  std::string organization;
  std::string vision;
  std::vector<std::string> strategy;
  std::string cycle;
  Date cycle_start;
  Date cycle_end;
  Date as_of;
  std::optional<ReportCommit> commit;
  bool history = false; ///< git history was read: `Report::changes` says what changed
};

/// The mean score of the scored objectives of one level (company, unit, team, individual).
struct LevelMean {
  Level level = Level::team;
  std::size_t objectives = 0;
  std::size_t measured = 0;   ///< objectives with a score
  std::optional<double> mean; ///< null when none is scored
};

struct ReportSummary {
  std::size_t owners = 0;
  std::size_t objectives = 0;
  std::size_t key_results = 0;
  std::vector<LevelMean> levels;
  std::size_t committed_met = 0;
  std::size_t committed_total = 0;
  std::size_t stretch_below = 0; ///< stretch KRs scored below 0.6
  std::size_t stretch_sweet = 0; ///< stretch KRs in the sweet spot, 0.6 to 0.7
  std::size_t stretch_above = 0; ///< stretch KRs above 0.7
  std::size_t at_risk = 0;       ///< measured KRs listed at risk (ReportKr::at_risk)
  std::size_t not_measured = 0;  ///< KRs without a value yet
  std::size_t on_cadence = 0;    ///< owners who checked in within their cadence
  /// okr.yaml's checkin.cadence_days: the default cadence; an owner is held to its own
  /// (cadence_days(Config, OkrFile): its file's, its level's, else this).
  int cadence_days = 7;
  /// Some owner of the report is held to another cadence than `cadence_days` (okr.yaml's
  /// checkin.cadence_by_level or its file's own cadence_days): "within their cadence".
  bool cadence_varies = false;
};

// The fixed words of the model (type, measure, grade, level, status, ...) are enums until a
// renderer spells them, each with its one to_string().

/// A key result as scoring scored it (its KeyResult, numbers as written, score, grade, pace,
/// series of values up to the as-of date), and the little only the report adds.
struct ReportKr {
  KrScore scored;
  /// The owner's expected pace on the as-of date: KrScore has none of its own (OwnerScore
  /// holds it), and the renderers show it with each key result.
  double expected = 0;
  /// Measured, and at-risk by the numbers (red), or by its owner's latest status at-risk
  /// (`team_call`) unless it ended green.
  bool at_risk = false;
  bool team_call = false; ///< at risk by the team's own call rather than the numbers
};

struct ReportObjective {
  std::string id;
  std::string ref; ///< owner/objective
  std::string title;
  std::string shared_from; ///< owner/objective of a shared objective, else empty
  std::vector<std::string> aligns_to;
  /// The work planned for it (`initiatives:`): strategy → OKR → backlog (seeds 003, 004).
  std::vector<std::string> initiatives;
  std::optional<double> score; ///< null when nothing in it is measured
  Grade grade = Grade::none;
  Pace pace = Pace::none;
  Grade colour = Grade::none;
  std::size_t measured = 0; ///< parts measured: key results, and sharers for a roll-up
  std::size_t parts = 0;
  std::vector<SharerScore> sharers; ///< a shared objective's roll-up; empty otherwise
  bool at_risk = false;   ///< scored, and red, or by the team's own call unless ended green
  bool team_call = false; ///< at risk by the team's own call rather than the numbers
  std::vector<ReportKr> key_results;
};

/// How a confidence moved since the check-in before: "up", "down", "same"; "" for none (no
/// earlier one).
enum class Trend : std::uint8_t { none, up, down, same };
std::string_view to_string(Trend trend);

/// How a status moved since the check-in before: "better", "worse", "same"; "" for none.
enum class StatusTrend : std::uint8_t { none, better, worse, same };
std::string_view to_string(StatusTrend trend);

/// A KPI's latest value against its guardrail: "healthy", "breached", "unknown".
enum class Health : std::uint8_t { unknown, healthy, breached };
std::string_view to_string(Health health);

/// The latest check-in of an owner and how it moved since the one before.
struct ReportCheckin {
  Date date;
  std::string author;
  std::optional<double> confidence;
  Trend confidence_trend = Trend::none;
  std::optional<Status> status; ///< none when not given
  StatusTrend status_trend = StatusTrend::none;
  std::string issues;
  std::string plan;
};

struct ReportOwner {
  std::string id;
  std::string name;
  Level level = Level::team;
  std::string parent;
  std::string cycle; ///< the owner's own cycle: a longer one may contain the report's
  Date cycle_start;
  Date cycle_end;
  bool is_private = false;
  std::optional<double> score; ///< null when none of its objectives is scored
  Grade grade = Grade::none;
  Pace pace = Pace::none;
  Grade colour = Grade::none;
  std::size_t measured = 0; ///< objectives with a score
  double expected = 0;
  std::optional<ReportCheckin> latest;
  std::size_t checkins = 0;
  bool on_cadence = false; ///< checked in within its own cadence (cadence_days(Config, OkrFile))
  std::vector<ReportObjective> objectives;
};

/// An owner of the report as one line of its overview: every owner the report covers is one,
/// in organisation order, whether or not the report shows its OKRs in full (`okr report
/// --depth`).
struct ReportRow {
  std::string id;
  std::string name;
  Level level = Level::team;
  std::string parent;
  /// Generations below the report's owner (`--owner`), or below the top of the organisation:
  /// parent links counted, as `okr align --depth` counts them. An owner in an owner's report
  /// through alignment alone, not beneath it, is 1.
  std::size_t depth = 0;
  bool detailed = true; ///< the report shows its OKRs in full (within `--depth`)
  bool is_private = false;
  std::optional<double> score; ///< null when none of its objectives is scored
  Grade grade = Grade::none;
  Pace pace = Pace::none;
  Grade colour = Grade::none;
  /// How the score moved since the owner's check-in before the latest (score_change(),
  /// okr/scoring.hpp): up, down, same; none without an earlier check-in with a score.
  Trend score_trend = Trend::none;
  std::optional<double> score_change; ///< the score minus the score then, exact
  std::optional<Date> score_since;    ///< the day of that earlier check-in
  std::size_t objectives = 0;
  std::size_t at_risk = 0;          ///< objectives at risk
  std::optional<Date> latest;       ///< the date of its latest check-in
  std::optional<double> confidence; ///< of its latest check-in
  Trend confidence_trend = Trend::none;
  std::optional<Status> status; ///< of its latest check-in
  bool on_cadence = false;
  int cadence_days = 7; ///< its own cadence (cadence_days(Config, OkrFile))
};

/// A reference with a score, for the review lists.
struct ReportItem {
  std::string ref;
  std::string title;
  std::optional<double> score;
  bool team_call = false; ///< listed at risk by its owner's own status, not by the numbers
};

struct ReportReview {
  std::vector<ReportItem> committed_below;   ///< committed KRs below 1.0: postmortem wanted
  std::vector<ReportItem> stretch_at_target; ///< stretch KRs at 1.0: ambitious enough?
  std::vector<ReportItem> objectives_at_risk;
  std::vector<ReportItem> not_measured;  ///< objectives none of whose parts is measured yet
  std::vector<std::string> stale_owners; ///< no check-in within their cadence
};

struct ReportKpi {
  std::string owner;
  std::string id;
  std::string title;
  std::string unit;
  Measure guardrail = Measure::none; ///< stay_above, stay_below, stay_between; none without one
  std::optional<double> threshold;   ///< stay_above's or stay_below's
  std::optional<Range> range;        ///< stay_between's
  std::optional<double> value;
  std::uint8_t threshold_decimals = k_shortest; ///< as written (okr/number.hpp)
  std::uint8_t value_decimals = k_shortest;
  std::optional<Date> date;
  std::size_t readings = 0; ///< values reported up to the as-of date
  std::size_t held = 0;     ///< of them, those within its guardrail
  Health health = Health::unknown;
};

struct ReportOverlap {
  std::vector<std::string> refs;
  std::string_view suggestion;
};

struct ReportAlignment {
  std::vector<ReportItem> gaps;    ///< company/unit objectives nothing aligns to or shares
  std::vector<ReportItem> orphans; ///< team/unit objectives connected to no strategy
  std::vector<ReportOverlap> overlaps;
  /// objective → objective edges (aligns_to and shared), for the Markdown chart.
  std::vector<std::pair<std::string, std::string>> edges;
};

/// A change to the cycle's promise after it started ("What changed this cycle"): a key
/// result's target or other measure moved, its type changed, key results or objectives added
/// or dropped; from git history (cycle_changes(), okr/diff.hpp).
struct ReportChange {
  Change change;           ///< with its commit (date, author, summary); none when uncommitted
  std::string ref;         ///< owner/objective or owner/objective/kr
  std::string description; ///< describe_change(): "key result growth/mqls target 3200 → 2800"
  /// The reason given in the suppression comment of moved-target where the value is written
  /// now (`# okr: ignore[moved-target] REASON`); empty when none was given.
  std::string reason;
};

struct ReportRetro {
  std::string owner;
  Date date;
  std::string author;
  std::vector<std::string> attractors;
  std::vector<std::string> detractors;
  std::vector<std::string> learned;
};

/// The owners of a report in organisation order, each built when it is asked for and not kept:
/// a report of 10,000 teams would otherwise hold a second copy of the repository (126,000 key
/// results with their values). Building one scores its key results again, so ask once: iterate,
/// and keep what you need.
///
/// Built by build_report(), the sequence refers to the Index it was given (and that to its
/// Repository): both must outlive it.
class ReportOwners {
public:
  /// An owner to build: its OKR file, and the cycle of that file.
  struct Entry {
    const OkrFile* file = nullptr;
    const Cycle* cycle = nullptr;
  };

  ReportOwners() = default;
  /// Owners built from `index` as of `as_of`.
  ReportOwners(const Index& index, std::vector<Entry> entries, Date as_of, RollUps rollups);
  /// Owners given whole, for reports made by hand (tests).
  explicit ReportOwners(std::vector<ReportOwner> owners);

  std::size_t size() const { return m_index ? m_entries.size() : m_given.size(); }
  bool empty() const { return size() == 0; }
  /// Owner `i`, built now.
  ReportOwner owner(std::size_t i) const;
  /// The owners `which` (indices into this sequence, in the order given), sharing the index and
  /// roll-ups of this one: a page of a site shows some owners of the report.
  ReportOwners select(const std::vector<std::size_t>& which) const;
  /// Owner `i` without scoring: its id and level, and its objectives' id, ref, title,
  /// shared_from and aligns_to; no key results, check-ins or scores.
  ReportOwner outline(std::size_t i) const;

  /// An input iterator: it holds the owner it stands at, built when it gets there.
  class Iterator {
  public:
    using iterator_category = std::input_iterator_tag;
    using value_type = ReportOwner;
    using difference_type = std::ptrdiff_t;
    using pointer = const ReportOwner*;
    using reference = const ReportOwner&;

    Iterator() = default;
    Iterator(const ReportOwners* owners, std::size_t i);
    const ReportOwner& operator*() const { return m_built ? *m_built : *m_given; }
    const ReportOwner* operator->() const { return &**this; }
    Iterator& operator++();
    void operator++(int) { ++*this; }
    bool operator==(const Iterator& other) const { return m_i == other.m_i; }

  private:
    void load();
    const ReportOwners* m_owners = nullptr;
    std::size_t m_i = 0;
    std::optional<ReportOwner> m_built;   ///< an owner built from the Index
    const ReportOwner* m_given = nullptr; ///< else one given whole
  };

  Iterator begin() const { return Iterator(this, 0); }
  Iterator end() const { return Iterator(nullptr, size()); }

private:
  const Index* m_index = nullptr;
  std::vector<Entry> m_entries;
  Date m_as_of;
  /// The shared objectives' roll-ups, found once, shared with the selections made of this.
  std::shared_ptr<const RollUps> m_rollups;
  std::vector<ReportOwner> m_given;
};

/// A report of more owners than this, asked for no depth, shows in full only the OKRs of the
/// generations that keep it within this many owners (ReportLimit): one page must stay readable
/// (and under a few megabytes) for an organisation of 1,000 teams.
inline constexpr std::size_t k_report_full_owners = 100;

/// One line of "Needs attention": something a lead should look at before the details.
struct ReportAttentionItem {
  std::string owner; ///< whose section the line links to
  /// owner/objective or owner/objective/kr, owner/kpi; the owner itself for an overdue check-in
  std::string ref;
  std::string title;
  std::optional<double> score;
  /// What is wrong, in words: "breached 61 on 2026-08-03", "last check-in 2026-07-01".
  std::string detail;
  bool detailed = true; ///< the owner's OKRs are shown in full (its section exists)
};

/// "Needs attention", in organisation order: at-risk objectives and key results, owners with
/// no check-in within their cadence, breached guardrails (guardrail key results and KPIs), and
/// committed key results behind pace.
struct ReportAttention {
  std::vector<ReportAttentionItem> at_risk;
  std::vector<ReportAttentionItem> overdue;
  std::vector<ReportAttentionItem> breached;
  std::vector<ReportAttentionItem> behind;
};

/// Why a report shows only some owners' OKRs in full when no depth was asked.
struct ReportLimit {
  std::size_t owners = 0;   ///< owners the report covers (more than k_report_full_owners)
  std::size_t depth = 0;    ///< the generations shown in full, as ReportOptions::depth
  std::size_t detailed = 0; ///< owners within them
};

/// Everything `okr report` shows, in the order it shows it. A report from build_report() refers
/// to the Index it was built from (and that Index to its Repository): both must outlive it.
/// A level's mean objective score in this cycle and in the previous one.
struct LevelComparison {
  Level level = Level::team;
  std::optional<double> mean;          ///< this cycle's; null when none is scored
  std::optional<double> previous_mean; ///< the previous cycle's
};

/// This cycle's figures beside the previous cycle's (previous_cycle(), okr/scoring.hpp), as
/// okr score --compare shows them (CycleFigures): the mean score per level, the committed key
/// results met, the measured stretch ones in the sweet spot.
struct ReportComparison {
  std::string cycle; ///< the previous cycle
  std::vector<LevelComparison> levels;
  std::size_t committed_met = 0;
  std::size_t committed_total = 0;
  std::size_t previous_committed_met = 0;
  std::size_t previous_committed_total = 0;
  std::size_t stretch_sweet_spot = 0;
  std::size_t stretch_measured = 0;
  std::size_t previous_stretch_sweet_spot = 0;
  std::size_t previous_stretch_measured = 0;
};

/// What a page of the static site adds to the report it shows (render_report_site()).
struct ReportSitePage {
  enum class Kind : std::uint8_t { index, unit, owner };
  Kind kind = Kind::index;
  /// The navigation at the top of the page, as HTML: the way back to the index, the pages of a
  /// paged list.
  std::string nav;
};

struct Report {
  ReportHeader header;
  ReportSummary summary;
  /// Set when a cycle with OKR files ended before this one started.
  std::optional<ReportComparison> comparison;
  /// Every owner the report covers, a line each, in organisation order; `owners` holds those
  /// within `ReportOptions::depth`.
  std::vector<ReportRow> overview;
  /// Set when no depth was asked and the report covers more than k_report_full_owners owners.
  std::optional<ReportLimit> limit;
  ReportAttention attention;
  ReportOwners owners; ///< in organisation order, built as they are walked
  ReportReview review;
  std::vector<ReportKpi> kpis;
  ReportAlignment alignment;
  std::vector<ReportRetro> retros;
  std::vector<ReportChange> changes; ///< newest first; empty without history
  /// The key results by score in tenths (0.0-0.1, ..., 0.9-1.0 and above), then the unmeasured
  /// ones: the HTML chart's bars.
  std::array<std::size_t, 11> score_bins{};
  /// Set on a page of a static site (render_report_site()): links go to other pages.
  std::optional<ReportSitePage> site;
};

struct ReportOptions {
  std::optional<std::string> cycle; ///< default: the current or last ended cycle
  std::optional<std::string> owner; ///< that owner and everything beneath it
  /// Shows the OKRs in full of the owners less than this many generations below `owner` (or
  /// the top): 1, the owner's own; 0, none (the overview alone). Unset: every owner's, or in a
  /// report of more than k_report_full_owners owners, those of the most generations that hold
  /// at most that many (Report::limit).
  std::optional<std::size_t> depth;
  Date as_of;
  bool include_private = false;
  std::optional<ReportCommit> commit;
  /// The changes to a cycle's OKRs since it started, from git history (cycle_changes()); unset,
  /// or returning nullopt, when there is no history to read.
  std::function<std::optional<std::vector<Change>>(const Cycle&)> changes;
};

/// A report, or why there is none (unknown cycle or owner, no OKR files).
struct ReportResult {
  std::optional<Report> report;
  std::string error;
};

ReportResult build_report(const Index& index, const ReportOptions& options);

/// The whole model as JSON.
void render_report_json(std::ostream& out, const Report& report);

/// Renders with a Mustache template; empty `template_text` means the built-in one. Returns an
/// error message when the template is invalid, and then has written nothing. The text goes to
/// `out` in pieces as it is rendered (a report can be tens of megabytes).
std::optional<std::string> render_report_markdown(std::ostream& out, const Report& report,
                                                  std::string_view template_text = {});
std::optional<std::string> render_report_html(std::ostream& out, const Report& report,
                                              std::string_view template_text = {});

/// Writes one page of a static site: `fill` renders it into a stream (it returns an error
/// message, or nothing); returns an error message, or nothing.
using SiteWriter = std::function<std::optional<std::string>(
    const std::string& name, const std::function<std::optional<std::string>(std::ostream&)>& fill)>;

struct SiteOptions {
  /// Lines of the overview on one page; longer lists go on to pages 2, 3, ...: no page of the
  /// site grows with the organisation.
  std::size_t rows_per_page = 200;
};

/// The report as a static site of self-contained HTML pages linked by relative links, each
/// rendered by the built-in HTML template, given to `write` one by one (the same report gives
/// the same pages, byte for byte): `index.html` (and `index-2.html`, ...: the summary and the
/// overview of the company and its units, or of every owner when there are none),
/// `unit-ID.html` (and `unit-ID.2.html`, ...) for each company and unit (its OKRs in full, what
/// needs attention in them, and a line for it and each owner one generation beneath it or
/// aligned to it), `owner-ID.html` for each owner shown in full. Build `report` with every
/// owner shown in full (`ReportOptions::depth` of at least the organisation's depth).
std::optional<std::string> render_report_site(const Report& report, const SiteWriter& write,
                                              const SiteOptions& options = {});

/// The built-in templates, for `--template` authors to start from.
std::string_view builtin_markdown_template();
std::string_view builtin_html_template();

/// Escapes text for HTML element content and attribute values; control characters other than
/// tab and line breaks become U+FFFD.
std::string escape_html(std::string_view text);

/// An inline SVG chart of one key result's values over the cycle against its expected pace.
std::string svg_kr_chart(const ReportKr& kr, Date start, Date end);
/// An inline SVG bar chart of the key results' scores, in tenths, plus the unmeasured ones
/// (`report.score_bins`).
std::string svg_score_distribution(const Report& report);
/// An inline SVG tree of the report's owners (`report.overview`): each under its parent
/// (company → units → teams), coloured by pace, with its score and pace in words; at most
/// k_report_full_owners owners: the most generations that hold that many (the first owners of
/// the top generation when it alone is more), the others counted in a last line.
std::string svg_owner_tree(const Report& report);

/// A chart coordinate: `value` with one decimal, as fmt's "{:.1f}" (and printf's "%.1f") writes
/// it, by a faster way that the unit tests hold to that.
std::string format_tenths(double value);

} // namespace okr
