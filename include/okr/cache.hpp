#pragma once

#include <filesystem>

namespace okr {

/// Where okr keeps the cache of a repository's parsed files: $OKR_CACHE_DIR when set, else
/// ROOT/.git/okr-cache when the root is a git top level, else $XDG_CACHE_HOME/okr, else
/// ~/.cache/okr. Empty when none of them can be found.
std::filesystem::path default_cache_dir(const std::filesystem::path& root);

} // namespace okr
