#pragma once

// A cheap look at a YAML text before yaml-cpp reads it, for two things yaml-cpp does not do:
// - bound its memory: its scanner queues every token of a flow collection whose keys it cannot
//   yet resolve, so `[` × 10^6 cost about 250 bytes per input byte before the tree builder's
//   depth limit could stop it;
// - refuse what the YAML specification refuses and yaml-cpp accepts (an unclosed quote at the
//   end of the file, an unknown escape, a comment touching a quoted value, empty or block
//   entries in flow collections, a directive without a document), so that okr never checks
//   a file that another YAML reader reads differently or not at all.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace okr::loader {

struct PrescanProblem {
  std::size_t offset = 0; ///< byte offset in the text
  bool too_deep = false;  ///< nesting beyond the limit; else `message` says what is invalid
  std::string message;
};

/// The first problem of `text`, or nullopt. Depth counts flow brackets outside quotes and
/// comments, and block sequences and mappings by indentation, `- ` entries and keys: never
/// more than the tree builder counts, so the limit is the same; in block context it may count
/// one fewer (a mapping before its first key), and the tree builder's own limit stops that
/// file (block nesting costs yaml-cpp no memory in advance). Only constructs the scan is sure
/// of are refused: it errs towards letting yaml-cpp judge.
std::optional<PrescanProblem> prescan_yaml(std::string_view text, std::size_t depth_limit);

} // namespace okr::loader
