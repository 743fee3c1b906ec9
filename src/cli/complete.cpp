// okr __complete WORD...: the candidates for the last word of a command line, one per line,
// for the shell completion scripts in completions/. Empty output means "complete file names".
// Commands, options and their values come from the CLI11 definitions, so the completions
// cannot drift from the commands; owner ids come from the repository.

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <set>

#include <okr/alignment.hpp>
#include <okr/loader.hpp>
#include <okr/rules.hpp>

#include "command.hpp"

namespace fs = std::filesystem;

namespace okr::cli {

namespace {

/// The repository around the current folder, loaded once (only when a completion needs it).
const Repository& repository() {
  static const LoadResult* loaded = [] {
    std::error_code ec;
    auto* result = new LoadResult(load_repository(find_root(fs::current_path(ec))));
    keep_pointer_until_exit(result);
    return result;
  }();
  return loaded->repo;
}

/// Every owner id of the repository, sorted.
std::vector<std::string> owner_ids() {
  std::set<std::string> ids;
  for (const OkrFile& file : repository().okr_files) {
    if (!file.owner.value.empty()) {
      ids.insert(file.owner.value);
    }
  }
  return {ids.begin(), ids.end()};
}

/// Every cycle that has an OKR file.
std::vector<std::string> cycle_ids() {
  std::set<std::string> ids;
  for (const OkrFile& file : repository().okr_files) {
    ids.insert(file.cycle.value);
  }
  return {ids.begin(), ids.end()};
}

/// For okr checkin OWNER --set / --kpi: "objective/kr=" and "kpi=" of the owner's OKR files,
/// newest cycle first.
std::vector<std::string> owner_keys(const std::string& owner, bool kpis) {
  std::vector<std::string> out;
  for (const OkrFile& file : repository().okr_files) {
    if (file.owner.value != owner) {
      continue;
    }
    if (kpis) {
      for (const Kpi& kpi : file.kpis) {
        out.push_back(kpi.id.value + "=");
      }
      continue;
    }
    for (const Objective& objective : file.objectives) {
      for (const KeyResult& kr : objective.key_results) {
        out.push_back(objective.id.value + "/" + kr.id.value + "=");
      }
    }
  }
  return out;
}

std::vector<std::string> rule_names() {
  std::vector<std::string> names;
  for (const RuleInfo* rule : all_rules()) {
    names.emplace_back(rule->name);
  }
  return names;
}

/// The first word after the command that is not an option or an option's value: okr checkin
/// OWNER.
std::string first_positional(const CLI::App& command, const std::vector<std::string>& words,
                             std::size_t from) {
  for (std::size_t i = from; i + 1 < words.size(); ++i) {
    if (words[i].rfind("-", 0) == 0) {
      const CLI::Option* option = command.get_option_no_throw(words[i]);
      if (option && option->get_type_size() != 0 && words[i].find('=') == std::string::npos) {
        ++i; // its value
      }
      continue;
    }
    return words[i];
  }
  return {};
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

/// The values of a comma-separated list option, each after the items already typed:
/// "output-kr,kr-c" offers "output-kr,kr-count".
std::vector<std::string> list_values(const std::vector<std::string>& values,
                                     const std::string& current) {
  const std::size_t comma = current.rfind(',');
  const std::string typed = comma == std::string::npos ? "" : current.substr(0, comma + 1);
  std::vector<std::string> out;
  for (const std::string& value : values) {
    out.push_back(typed + value);
  }
  return out;
}

/// The values of `option` (spelt `name` on the command line) of `command`.
std::vector<std::string> option_candidates(const std::string& name, const CLI::Option& option,
                                           const CLI::App* command,
                                           const std::vector<std::string>& words,
                                           const std::string& current) {
  if (takes_owner(name)) {
    return owner_ids();
  }
  if (name == "--select" || name == "--ignore") {
    return list_values(rule_names(), current);
  }
  if (name == "--fail-on") {
    const auto sections = align_sections();
    return list_values({sections.begin(), sections.end()}, current);
  }
  if (name == "--cycle") {
    return cycle_ids();
  }
  if (name == "--status") {
    return {std::string(to_string(Status::on_track)), std::string(to_string(Status::behind)),
            std::string(to_string(Status::at_risk))};
  }
  if (name == "--level") {
    return {std::string(to_string(Level::company)), std::string(to_string(Level::unit)),
            std::string(to_string(Level::team)), std::string(to_string(Level::individual))};
  }
  if (command && command->get_name() == "checkin" &&
      (name == "-s" || name == "--set" || name == "--kpi")) {
    const auto at = std::find(words.begin(), words.end(), "checkin");
    return owner_keys(
        first_positional(*command, words, static_cast<std::size_t>(at - words.begin()) + 1),
        name == "--kpi");
  }
  return option_values(option);
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
    candidates = option_candidates(previous, *pending, command, words, current);
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
  } else if (command->get_name() == "rules") {
    candidates = rule_names();
  } else {
    for (const CLI::Option* option : command->get_options()) {
      if (option->get_positional() && candidates.empty()) {
        candidates = option_values(*option); // okr schema KIND
      }
    }
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
