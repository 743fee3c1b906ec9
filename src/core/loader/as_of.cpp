// The repository as it stood on a date: its definitions from history, its check-ins as today.

#include <fmt/format.h>

#include <okr/history.hpp>

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
  const std::unique_ptr<FileSource> definitions = history->source_at(*found);
  const std::unique_ptr<FileSource> now = working_tree(root);
  return load_from(*definitions, now.get(), options);
}

} // namespace okr
