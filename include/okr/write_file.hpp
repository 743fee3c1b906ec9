#pragma once

// Writing a file of the user's (a report) so that it is never seen half written.

#include <filesystem>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>

namespace okr {

/// Lets `write` fill `path` atomically: a temporary file in the same folder, flushed to disk
/// and renamed over `path` only when `write` succeeded. `write` returns its own error,
/// reported as it is; otherwise the error is "cannot write 'PATH': WHY".
std::optional<std::string>
write_file_atomically(const std::filesystem::path& path,
                      const std::function<std::optional<std::string>(std::ostream&)>& write);

} // namespace okr
