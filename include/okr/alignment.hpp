#pragma once

// The alignment graph: owners (the organisation tree from `parent`), their objectives and key
// results, and the edges between them (aligns_to, shared, contributes_to, depends_on), with the
// analyses an alignment session needs: gaps, orphans, overlaps, dependencies, individual copies
// and focus. `okr align` renders it; the rules orphan-objective, unsupported-objective,
// overlapping-objectives and individual-copy report from the same analyses.

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <okr/date.hpp>
#include <okr/index.hpp>
#include <okr/model.hpp>

namespace okr {

// ---------------------------------------------------------------------------------------------
// "Nearly the same": a documented, deterministic similarity of titles.

/// The words of a title that carry its meaning, sorted and unique: lower-cased (ASCII), split at
/// every character that is not a letter or digit (bytes of non-ASCII characters count as
/// letters), English stop words and one-letter words dropped, and lightly stemmed (-ies to -y;
/// -ing, -ed and a plural -s removed from longer words). The words are interned: a title's list
/// takes 8 bytes a word, and the vocabulary of titles is small.
using TitleWords = std::vector<Symbol>;
TitleWords title_words(std::string_view title);

/// The Jaccard similarity of two sorted, unique word lists: shared words / all words, 0 to 1.
double similarity(std::span<const Symbol> a, std::span<const Symbol> b);

/// Titles at or above this similarity say "nearly the same thing".
constexpr double k_similarity_threshold = 0.6;

/// A word found in more titles than this never nominates a pair by itself: it is too common to
/// tell objectives apart (it still counts in the similarity of a nominated pair).
constexpr std::size_t k_common_word = 200;

struct SimilarPair {
  std::size_t a = 0; ///< index into the word lists, a < b
  std::size_t b = 0;
  double similarity = 0;
};

/// Every pair of word lists whose similarity reaches `threshold` and that `accept` allows,
/// sorted by (a, b). Uses an inverted index with prefix filtering (each list, ordered rarest word
/// first, can only reach the threshold with a list that shares one of its first
/// |list| - ceil(threshold * |list|) + 1 words), so it compares candidate pairs, not all pairs.
std::vector<SimilarPair> similar_pairs(std::span<const TitleWords> lists, double threshold,
                                       const std::function<bool(std::size_t, std::size_t)>& accept);

// ---------------------------------------------------------------------------------------------
// The graph.

enum class EdgeKind : std::uint8_t { aligns_to, shared, contributes_to, depends_on };
std::string_view to_string(EdgeKind kind);

struct AlignOwner {
  std::string id;
  std::string name;
  Level level = Level::team;
  std::string parent;                  ///< empty at the top of the organisation
  std::vector<std::size_t> children;   ///< owners whose parent this is, by id
  std::vector<const OkrFile*> files;   ///< in scope, by cycle start
  std::vector<std::size_t> objectives; ///< in file order, files by cycle
  bool visible = true;                 ///< inside the selection of restrict_alignment
  std::size_t depth = 0;               ///< 0 at the top of the organisation (or the selection)
};

struct AlignObjective {
  std::string ref; ///< owner/objective
  std::size_t owner = 0;
  const OkrFile* file = nullptr;
  const Objective* objective = nullptr;
  std::string_view title;               ///< its own, or the shared objective's (in the model)
  std::optional<std::size_t> shares;    ///< the objective it shares (shared:)
  std::vector<std::size_t> aligns_to;   ///< resolved targets of aligns_to
  std::vector<std::size_t> supporters;  ///< objectives that align to this one
  std::vector<std::size_t> sharers;     ///< objectives of other owners that share this one
  std::vector<std::size_t> key_results; ///< its key results
  bool visible = true;

  Pos pos() const; ///< where it is written: its id, or its `shared:` reference
};

struct AlignKeyResult {
  std::size_t objective = 0;
  const KeyResult* key_result = nullptr;
  std::vector<std::size_t> contributes_to; ///< key results it contributes to
  std::vector<std::size_t> contributors;   ///< key results that contribute to it
};

/// An edge of the graph; `to` is an objective or key result ref, or an owner id (depends_on).
struct AlignEdge {
  EdgeKind kind = EdgeKind::aligns_to;
  std::string from;
  std::string to;
};

/// A company or unit objective nothing aligns to and no other owner shares.
struct Gap {
  std::size_t objective = 0;
};

/// A team or unit objective that aligns to nothing, although an ancestor has objectives: it has
/// no aligns_to, or every objective its aligns_to names is missing.
struct Orphan {
  std::size_t objective = 0;
  std::string ancestor; ///< the nearest ancestor owner with objectives in an overlapping cycle
  bool broken = false;  ///< its aligns_to names only objectives that do not exist
};

/// Objectives of different owners that say nearly the same thing.
struct Overlap {
  std::vector<std::size_t> objectives; ///< in the order of the graph
  double similarity = 0;               ///< the highest similarity of two of them
};

/// An objective that names an owner it depends on.
struct Dependency {
  std::size_t objective = 0;
  std::string on;       ///< owner id
  Pos pos;              ///< where depends_on names it
  bool has_okrs = true; ///< the owner has an OKR file in an overlapping cycle
  bool mutual = false;  ///< that owner also depends on this objective's owner
};

/// An individual's objective or key result that repeats their team's.
struct IndividualCopy {
  bool key_result = false;    ///< else objectives
  std::size_t individual = 0; ///< objective or key result index
  std::size_t team = 0;       ///< objective or key result index
  double similarity = 0;
};

/// An owner with more objectives in a cycle than focus allows.
struct Focus {
  std::size_t owner = 0;
  std::string cycle;
  std::size_t objectives = 0;
  std::size_t limit = 0;
  std::string_view rule; ///< objective-count or too-many-priorities
};

/// Limits of the focus section (the defaults of objective-count and too-many-priorities).
struct FocusLimits {
  std::size_t max_objectives = 3; ///< teams and individuals
  std::size_t max_priorities = 5; ///< companies and units
};

/// The limits okr.yaml sets as `lint: {rules: {objective-count: {max: N}}}` and likewise for
/// too-many-priorities; the defaults where it sets none (or a value that is not a whole number
/// of at least 1: okr check reports those).
FocusLimits focus_limits(const Config& config);

struct Alignment {
  bool include_private = true;    ///< from the scope: whether private owners may be named
  std::vector<AlignOwner> owners; ///< top-down, depth first, children by id
  std::vector<AlignObjective> objectives;
  std::vector<AlignKeyResult> key_results;
  std::vector<AlignEdge> edges; ///< in the order of objectives, then key results

  std::vector<Gap> gaps;
  std::vector<Orphan> orphans;
  std::vector<Overlap> overlaps;
  std::vector<Dependency> dependencies;
  std::vector<IndividualCopy> individual_copies;
  std::vector<Focus> focus;

  /// Lookups by owner id and by objective ref, filled by build_alignment.
  std::unordered_map<std::string, std::size_t> owner_ids;
  std::unordered_map<std::string, std::size_t> objective_refs;

  std::optional<std::size_t> find_owner(std::string_view id) const;
  std::optional<std::size_t> find_objective(std::string_view ref) const;
  /// owner/objective/kr of key result `k`: made when asked, not kept for every key result.
  std::string kr_ref(std::size_t k) const;
};

/// Which files a graph holds.
struct AlignScope {
  /// A cycle id: the files of every cycle that overlaps it (a quarter's teams with the year's
  /// company; a year with all its quarters). Empty: every file of the repository.
  std::string cycle;
  bool include_private = true; ///< files with visibility private (individuals by default)
};

/// Builds the graph of the files in scope. References resolve as okr check resolves them (to
/// cycles that overlap the referring file's); references that leave the scope are dropped.
Alignment build_alignment(const Index& index, const AlignScope& scope);

// The analyses, each filling its section of the graph.
void find_gaps(Alignment& graph);
void find_orphans(Alignment& graph, const Index& index);
void find_overlaps(Alignment& graph, const Index& index);
void find_dependencies(Alignment& graph, const Index& index);
void find_individual_copies(Alignment& graph, const Index& index);
void find_focus(Alignment& graph, const FocusLimits& limits);
/// All of the above.
void analyse_alignment(Alignment& graph, const Index& index, const FocusLimits& limits = {});

/// Marks what a report shows: the owners from `owner` (or the top of the organisation when
/// empty) down to `depth` levels (0: all), their objectives; drops section entries about
/// objectives and owners that are not shown.
void restrict_alignment(Alignment& graph, std::string_view owner, std::size_t depth);

// ---------------------------------------------------------------------------------------------
// Rendering.

/// Scores of objectives and key results, by their address in the model: 16 bytes each, where
/// a map by ref string took about 130 (there are 126,000 key results in 10,000 teams).
class AlignScores {
public:
  void add(const Objective& objective, double score) { m_scores.emplace_back(&objective, score); }
  /// Marks an objective's score as a roll-up of the objectives sharing it.
  void add_rollup(const Objective& objective) { m_rollups.push_back(&objective); }
  void add(const KeyResult& kr, double score) { m_scores.emplace_back(&kr, score); }
  /// Call once every score is added, before find(): the first score added for an item wins.
  void sort();
  bool empty() const { return m_scores.empty(); }
  std::optional<double> find(const Objective& objective) const { return find_item(&objective); }
  std::optional<double> find(const KeyResult& kr) const { return find_item(&kr); }
  bool rollup(const Objective& objective) const;

private:
  std::optional<double> find_item(const void* item) const;
  std::vector<std::pair<const void*, double>> m_scores;
  std::vector<const void*> m_rollups;
};

/// What the renderers of `okr align` read.
struct AlignReport {
  const Alignment* graph = nullptr;
  const Repository* repo = nullptr; ///< for file paths; may be null
  std::string organization;         ///< okr.yaml `organization`, may be empty
  std::string cycle;                ///< the cycle shown, may be empty (whole repository)
  Date as_of;
  std::string owner; ///< the OWNER argument, empty for the whole organisation
  /// Scores of objectives and key results, from `okr score` when available; one without a
  /// score shows "–". Null: scores are not shown at all.
  const AlignScores* scores = nullptr;
};

struct AlignRenderOptions {
  bool color = false;
};

using AlignRenderFn = void (*)(std::ostream& out, const AlignReport& report,
                               const AlignRenderOptions& options);

struct AlignFormat {
  std::string_view name;
  std::string_view summary;
  AlignRenderFn render;
};

std::span<const AlignFormat> align_formats();
const AlignFormat* find_align_format(std::string_view name);

void render_align_tree(std::ostream& out, const AlignReport& report,
                       const AlignRenderOptions& options);
void render_align_mermaid(std::ostream& out, const AlignReport& report,
                          const AlignRenderOptions& options);
void render_align_dot(std::ostream& out, const AlignReport& report,
                      const AlignRenderOptions& options);
void render_align_json(std::ostream& out, const AlignReport& report,
                       const AlignRenderOptions& options);
void render_align_markdown(std::ostream& out, const AlignReport& report,
                           const AlignRenderOptions& options);

/// The names of the sections, in order: gaps, orphans, overlaps, dependencies,
/// individual_copies, focus.
std::span<const std::string_view> align_sections();
/// The number of entries of a section by name (as in align_sections).
std::size_t section_size(const Alignment& graph, std::string_view section);

} // namespace okr
