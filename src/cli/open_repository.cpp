#include "open_repository.hpp"

#include <charconv>
#include <filesystem>
#include <fmt/format.h>
#include <limits>

#include <okr/check.hpp>
#include <okr/history.hpp>

#include "command.hpp"

namespace fs = std::filesystem;

namespace okr::cli {

OpenRepository* open_repository(const std::string& root, const OpenOptions& options) {
  std::error_code ec;
  fs::path start = root.empty() ? fs::current_path(ec) : fs::path(root);
  if (!root.empty() && !fs::is_directory(start, ec)) {
    print_error(fmt::format("cannot read '{}': no such folder", root));
    return nullptr;
  }
  const fs::path found = root.empty() ? find_root(start) : fs::absolute(start, ec);
  OpenRepository* open = &keep_until_exit(std::make_unique<OpenRepository>());
  open->root = found;
  LoadOptions load;
  load.checkins = options.checkins;
  load.use_cache = options.use_cache;
  open->loaded = load_definitions(found, options.as_of, options.definitions, load);
  if (open->loaded.fatal) {
    print_error(*open->loaded.fatal + "; run 'okr check' for details");
    return nullptr;
  }
  open->index = std::make_unique<Index>(open->loaded.repo);
  if (!options.warn) {
    return open;
  }
  warn_of_errors(count_errors(open->loaded, *open->index));
  return open;
}

void warn_of_errors(std::size_t errors) {
  if (errors > 0) {
    std::cerr << fmt::format("okr: warning: the repository has {} error{}; results may be "
                             "incomplete (run 'okr check')\n",
                             errors, errors == 1 ? "" : "s");
  }
}

std::optional<fs::path> repository_root(const std::string& root) {
  std::error_code ec;
  const fs::path start = root.empty() ? fs::current_path(ec) : fs::path(root);
  if (!fs::is_directory(start, ec)) {
    print_error(fmt::format("cannot read '{}': no such folder", start.string()));
    return std::nullopt;
  }
  return root.empty() ? find_root(start) : fs::absolute(start, ec);
}

LoadResult load_definitions(const fs::path& root, std::optional<Date> as_of,
                            const std::string& definitions, const LoadOptions& options,
                            std::optional<Commit>* commit) {
  if (!as_of || definitions == "today" || *as_of >= Date::today()) {
    return load_repository(root, options);
  }
  std::string note;
  LoadResult loaded = load_as_of(root, *as_of, options, note, commit);
  if (!note.empty()) {
    std::cerr << "okr: note: " << note << '\n';
  }
  return loaded;
}

void add_definitions_option(CLI::App& command, std::string& definitions) {
  command
      .add_option("--definitions", definitions,
                  "With --as-of: read the OKR files as they stood that day in git history "
                  "(as-of, the default) or as they are today (today)")
      ->check(CLI::IsMember({"as-of", "today"}));
}

CLI::Validator date_check() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        std::string why;
        if (Date::parse(text, &why)) {
          return "";
        }
        return "'" + text + "' is not a date: " + why;
      },
      "DATE");
}

CLI::Validator number_check(long long min, long long max) {
  return CLI::Validator(
      [min, max](std::string& text) -> std::string {
        long long value = 0;
        const char* end = text.data() + text.size();
        const auto [next, error] = std::from_chars(text.data(), end, value);
        if (error == std::errc() && next == end && value >= min && value <= max) {
          return "";
        }
        if (max == std::numeric_limits<long long>::max()) {
          return fmt::format("'{}' is not a whole number of {} or more", text, min);
        }
        return fmt::format("'{}' is not a whole number from {} to {}", text, min, max);
      },
      "N");
}

std::optional<Date> parse_date_option(std::string_view option, const std::string& text) {
  std::string why;
  if (auto date = Date::parse(text, &why)) {
    return date;
  }
  print_error(fmt::format("{} '{}' is not a date: {}", option, text, why));
  return std::nullopt;
}

} // namespace okr::cli
