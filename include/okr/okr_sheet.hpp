#pragma once

// okr import --okrs: OKR files from a spreadsheet saved as CSV, one row per key result. The
// header and what each column takes are documented in okr-import(1).

#include <string>
#include <string_view>
#include <vector>

#include <okr/diagnostic.hpp>
#include <okr/scaffold.hpp>

namespace okr {

/// The columns of an OKR spreadsheet, in the documented order.
inline constexpr std::string_view k_sheet_columns[] = {
    "owner",      "name",       "level",        "parent",    "objective", "objective_title",
    "aligns_to",  "kr",         "kr_title",     "type",      "baseline",  "target",
    "stay_above", "stay_below", "stay_between", "milestone", "unit",      "metric"};

struct SheetRequest {
  std::string cycle;              ///< the cycle of every file
  std::string okrs_path = "okrs"; ///< Config::okrs_path
  /// Config::private_prefix: individuals' files go to the private repository when one is
  /// overlaid ("../okr-private/okrs/<cycle>/<owner>.yaml").
  std::string private_prefix;
};

struct SheetPlan {
  /// One file per owner, in the order owners first appear: okrs/<cycle>/<owner>.yaml. Empty
  /// when there is any finding.
  std::vector<NewFile> files;
  /// What is wrong with the sheet (rule "okr-sheet"), each at its line and column; a generated
  /// text that would not load back is one too (a bug), at line 1.
  std::vector<Diagnostic> findings;
};

/// Reads the sheet `text` (named `path` in the findings) through the one CSV reader
/// (okr/csv.hpp) and makes the OKR files, their YAML emitted by hand and loaded back.
SheetPlan plan_okr_sheet(std::string_view text, const std::string& path,
                         const SheetRequest& request);

} // namespace okr
