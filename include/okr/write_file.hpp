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

/// Fills a new folder and moves it into place as `path` whole: a temporary folder beside
/// `path` is given to `fill`, then renamed over `path` only when `fill` succeeded, so that
/// `path` is never seen half written. The folder gets a file named `marker`; an existing `path`
/// is replaced only when it has one (a folder an earlier call wrote), or is empty. `fill`
/// returns its own error, reported as it is. `warning`, when given, is set when the new folder
/// took its place but the old one could not be removed (it is left under a temporary name,
/// which the next write sweeps).
std::optional<std::string> write_folder_atomically(
    const std::filesystem::path& path, const std::string& marker,
    const std::function<std::optional<std::string>(const std::filesystem::path& folder)>& fill,
    std::string* warning = nullptr);

} // namespace okr
