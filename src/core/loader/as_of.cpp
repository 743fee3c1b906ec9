// The repository as it stood on a date: its definitions from history, its check-ins as today.

#include <fmt/format.h>

#include <okr/history.hpp>

#include "loader/files.hpp"

namespace fs = std::filesystem;

namespace okr {

LoadResult load_as_of(const fs::path& root, Date date, const LoadOptions& options,
                      std::string& note, std::optional<Commit>* commit) {
  const std::string today_instead =
      fmt::format("so the OKRs are read as they are today, not as they stood on {}", date.str());
  std::string error;
  const std::unique_ptr<History> history = History::open(root, error);
  if (!history) {
    note = fmt::format("{}, {}", error, today_instead);
    return load_repository(root, options);
  }
  const std::optional<Commit> found = history->as_of(date);
  if (!found) {
    const std::optional<Date> first = history->first_date();
    if (!first) {
      note = fmt::format("the git repository has no commits yet, {}", today_instead);
    } else if (history->shallow()) {
      note = fmt::format("the history of this shallow clone begins on {}, {}; fetch the rest "
                         "(git fetch --unshallow)",
                         first->str(), today_instead);
    } else {
      note = fmt::format("the history begins on {}, {}", first->str(), today_instead);
    }
    return load_repository(root, options);
  }
  if (commit) {
    *commit = found;
  }
  // The definitions from the commit; the check-ins from disk through the cache, which also
  // gives the parse of every OKR file whose bytes have not changed since.
  const std::unique_ptr<FileSource> definitions = history->source_at(*found);
  std::vector<SourceFile> files;
  std::optional<std::string> error_reading = definitions->list(false, files);
  for (SourceFile& file : files) {
    if (error_reading) {
      break;
    }
    if (file.kind != FileKind::config) {
      if (auto failed = definitions->read(file)) {
        error_reading =
            fmt::format("cannot read '{}' in {}: {}", file.path, definitions->name(), *failed);
      }
    }
  }
  if (error_reading) {
    LoadResult result;
    result.fatal = std::move(error_reading);
    return result;
  }
  return loader::load_overlay(root, std::move(files), options);
}

} // namespace okr
