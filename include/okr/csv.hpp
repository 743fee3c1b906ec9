#pragma once

// RFC 4180 CSV: records ended by CRLF or LF (or a final CR), fields in double quotes holding
// commas, line breaks and "" for a quote; a UTF-8 byte-order mark is skipped. Each field keeps
// its line and column (1-based, in code points), so that a finding can point at it. The one
// CSV reader of okr: metrics files (okr/metrics.hpp) and OKR spreadsheets (okr/okr_sheet.hpp)
// read their records through it.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <okr/diagnostic.hpp>

namespace okr::csv {

struct Field {
  std::string text;
  std::uint32_t line = 0;
  std::uint32_t column = 0;
};

using Record = std::vector<Field>;

struct Table {
  /// The records read, blank lines (one empty unquoted field) left out.
  std::vector<Record> records;
  /// The syntax error that stopped the reading (rule `rule`, file `path`); the records before
  /// it are kept.
  std::optional<Diagnostic> error;
};

/// Reads every record of `text`; `path` and `rule` name the file and rule of the finding.
Table read(std::string_view text, const std::string& path, std::string_view rule);

/// The text without the spaces and tabs around it.
std::string_view trimmed(std::string_view text);

} // namespace okr::csv
