// okr __complete WORD...: the candidates for the last word of a command line, one per line,
// for the shell completion scripts in completions/. Empty output means "complete file names".
// Commands, options and their values come from the CLI11 definitions, so the completions
// cannot drift from the commands; owner ids come from the repository.

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <set>

#include <okr/loader.hpp>

#include "command.hpp"

namespace fs = std::filesystem;

namespace okr::cli {

namespace {

/// Every owner id of the repository around the current folder, sorted.
std::vector<std::string> owner_ids() {
  std::error_code ec;
  LoadResult loaded = load_repository(find_root(fs::current_path(ec)));
  std::set<std::string> ids;
  for (const OkrFile& file : loaded.repo.okr_files) {
    if (!file.owner.value.empty()) {
      ids.insert(file.owner.value);
    }
  }
  return {ids.begin(), ids.end()};
}

/// The values an option accepts when CLI11 knows them ("TEXT:{text,json}"), else empty.
std::vector<std::string> option_values(const CLI::Option& option) {
  const std::string type = option.get_type_name();
  const std::size_t open = type.find('{');
  const std::size_t close = type.find('}', open);
  std::vector<std::string> values;
  if (open == std::string::npos || close == std::string::npos) {
    return values;
  }
  std::string list = type.substr(open + 1, close - open - 1);
  std::size_t start = 0;
  while (start <= list.size()) {
    const std::size_t comma = std::min(list.find(',', start), list.size());
    values.push_back(list.substr(start, comma - start));
    start = comma + 1;
  }
  return values;
}

/// Options whose value is an owner id.
bool takes_owner(const std::string& option) {
  return option == "--parent" || option == "--owner";
}

/// Subcommands whose positional arguments are owner ids (or refs that start with one).
bool positional_owner(const std::string& command) {
  return command == "checkin" || command == "score" || command == "log" || command == "align" ||
         command == "report";
}

} // namespace

int complete_words(CLI::App& app, const std::vector<std::string>& words) {
  const std::string current = words.empty() ? "" : words.back();
  const std::string previous = words.size() >= 2 ? words[words.size() - 2] : "";
  CLI::App* command = nullptr;
  for (std::size_t i = 0; i + 1 < words.size(); ++i) {
    if (!words[i].empty() && words[i][0] != '-') {
      for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
        if (sub->get_name() == words[i]) {
          command = sub;
        }
      }
      if (command) {
        break;
      }
    }
  }
  std::vector<std::string> candidates;
  const CLI::App& scope = command ? *command : app;
  const CLI::Option* pending =
      previous.rfind("-", 0) == 0 ? scope.get_option_no_throw(previous) : nullptr;
  if (!pending && command) {
    pending = previous.rfind("-", 0) == 0 ? app.get_option_no_throw(previous) : nullptr;
  }
  if (pending && pending->get_type_size() != 0) {
    candidates = takes_owner(previous) ? owner_ids() : option_values(*pending);
  } else if (current.rfind("-", 0) == 0) {
    candidates = option_names(scope);
    if (command) {
      const auto global = option_names(app);
      candidates.insert(candidates.end(), global.begin(), global.end());
    }
  } else if (!command) {
    // okr help [COMMAND]: one command name after "help".
    const auto help = std::find(words.begin(), words.end(), "help");
    if (help == words.end() || help + 2 == words.end()) {
      for (const CLI::App* sub :
           app.get_subcommands([](CLI::App* s) { return !s->get_group().empty(); })) {
        candidates.push_back(sub->get_name());
      }
    }
    if (help == words.end()) {
      candidates.emplace_back("help");
    }
  } else if (positional_owner(command->get_name())) {
    candidates = owner_ids();
  }
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  for (const std::string& candidate : candidates) {
    if (candidate.rfind(current, 0) == 0) {
      std::cout << candidate << '\n';
    }
  }
  return k_ok;
}

} // namespace okr::cli
