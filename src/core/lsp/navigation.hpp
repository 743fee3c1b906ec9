#pragma once

// What the language server knows of the names in a repository: where each owner, objective,
// key result and KPI is defined and every place that refers to it (OKR files and check-ins).
// Internal to src/core/lsp/.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <okr/model.hpp>

namespace okr::lsp {

enum class SymbolKind : std::uint8_t { owner, objective, key_result, kpi };

/// A name written in a file: a definition (`owner:`, an objective's, key result's or KPI's
/// `id:`) or a reference to one.
struct Occurrence {
  std::uint32_t file = 0; ///< index into Repository::files
  std::uint32_t line = 0; ///< 1-based
  std::uint32_t column = 0;
  std::uint32_t length = 0; ///< in code points
  /// What it names, the same for a definition and its references: "owner/objective/kr" for a
  /// key result, "owner/objective" for an objective, "owner" for an owner, "owner#kpi" for a KPI.
  /// Interned (okr/symbol.hpp): the same few keys recur in every check-in.
  std::string_view key;
  /// A definition's title (an owner's display name), in the model it was found in: valid while
  /// that model is unchanged.
  std::string_view title;
  std::uint32_t parent = UINT32_MAX; ///< a key result definition's objective, by index
  SymbolKind kind = SymbolKind::owner;
  bool definition = false;
};

/// Every definition and reference of `repo`, in file order; they point into `repo`.
std::vector<Occurrence> find_occurrences(const Repository& repo);

/// The occurrence of `occurrences` at 1-based `line` and `column` of `file`, or null.
const Occurrence* occurrence_at(const std::vector<Occurrence>& occurrences, std::uint32_t file,
                                std::uint32_t line, std::uint32_t column);

/// What a completion at a cursor offers, from the text before it.
enum class CompletionKind : std::uint8_t {
  none,
  owner,         ///< parent, depends_on, a check-in's owner
  objective_ref, ///< aligns_to, shared
  kr_ref,        ///< contributes_to
  result_key,    ///< a key of a check-in's results: (objective/kr of that owner)
  kpi_key,       ///< a key of a check-in's kpis:
  level,
  kr_type,
  visibility,
  status,
  key, ///< a key of the mapping the cursor is in
};

struct CompletionContext {
  CompletionKind kind = CompletionKind::none;
  std::vector<std::string> keys; ///< for CompletionKind::key: the keys valid there
  std::string prefix;            ///< what is typed of the word before the cursor
};

/// What to complete at 0-based `line`, byte `offset` of `text`, a file of kind `file_kind`.
CompletionContext completion_context(std::string_view text, std::uint32_t line, std::size_t offset,
                                     FileKind file_kind);

} // namespace okr::lsp
