// The okr front end: parses the command line and calls one subcommand. Everything okr knows
// lives in the core library.

#include <algorithm>
#include <array>
#include <cstdlib>
#include <exception>
#include <fmt/format.h>
#include <iostream>
#include <optional>
#include <unistd.h>
#include <vector>

#include <okr/text.hpp>
#include <okr/version.hpp>

#include "command.hpp"
#include "output.hpp"

namespace okr::cli {

GlobalOptions& global_options() {
  static GlobalOptions options;
  return options;
}

bool use_color() {
  const std::string& mode = global_options().color;
  if (mode == "always") {
    return true;
  }
  if (mode == "never") {
    return false;
  }
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) {
    return false;
  }
  const char* term = std::getenv("TERM");
  if (term && std::string_view(term) == "dumb") {
    return false;
  }
  return isatty(STDOUT_FILENO) != 0;
}

void print_error(const std::string& message) {
  // The message may quote a file name: its controls and bidi overrides are shown, not obeyed.
  std::cerr << "okr: error: " << escape_controls(message, "\t") << '\n';
}

std::vector<std::string> option_names(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::Option* option : app.get_options()) {
    for (const std::string& name : option->get_lnames()) {
      names.push_back("--" + name);
    }
    for (const std::string& name : option->get_snames()) {
      names.push_back("-" + name);
    }
  }
  return names;
}

void keep_pointer_until_exit(const void* pointer) {
  static auto* kept = new std::vector<const void*>(); // never destroyed, like what it holds
  kept->push_back(pointer);
}

namespace {

struct Subcommand {
  std::string_view name;
  Runner (*setup)(CLI::App&);
};

// One command per line, in the order of a cycle.
// clang-format off
constexpr std::array k_subcommands = {
    Subcommand{"init", setup_init},
    Subcommand{"new", setup_new},
    Subcommand{"check", setup_check},
    Subcommand{"checkin", setup_checkin},
    Subcommand{"import", setup_import},
    Subcommand{"score", setup_score},
    Subcommand{"log", setup_log},
    Subcommand{"due", setup_due},
    Subcommand{"diff", setup_diff},
    Subcommand{"align", setup_align},
    Subcommand{"report", setup_report},
    Subcommand{"rules", setup_rules},
    Subcommand{"schema", setup_schema},
    Subcommand{"lsp", setup_lsp},
};
// clang-format on

std::string version_text() {
  return fmt::format("okr {} (commit {})", version(), git_commit());
}

/// "unknown option '--formt' for 'okr check'; did you mean '--format'?" for the first word of
/// the command line that looks like an option and is none, or nothing.
std::optional<std::string> unknown_option_message(CLI::App& app, int argc, char** argv) {
  if (argc < 2) {
    return std::nullopt;
  }
  const auto subs = app.get_subcommands({});
  const auto found = std::find_if(subs.begin(), subs.end(),
                                  [&](const CLI::App* c) { return c->get_name() == argv[1]; });
  if (found == subs.end()) {
    return std::nullopt;
  }
  const CLI::App* sub = *found;
  std::vector<std::string> names = option_names(app);
  const std::vector<std::string> own = option_names(*sub);
  names.insert(names.end(), own.begin(), own.end());
  const std::vector<std::string_view> views(names.begin(), names.end());
  for (int i = 2; i < argc; ++i) {
    std::string word = argv[i];
    if (word == "--") {
      break;
    }
    if (word.size() < 2 || word[0] != '-' || word == "-") {
      continue;
    }
    word = word.substr(0, word.find('='));
    if (std::find(names.begin(), names.end(), word) != names.end() ||
        (word[1] != '-' && word.size() > 2)) { // -abc: short flags together, left to CLI11
      continue;
    }
    std::string message = fmt::format("unknown option '{}' for 'okr {}'", word, argv[1]);
    if (auto near = word[1] == '-' ? closest_match(word, views) : std::string_view();
        !near.empty()) {
      message += fmt::format("; did you mean '{}'?", near);
    }
    return message;
  }
  return std::nullopt;
}

int run(int argc, char** argv) {
  // `okr --version` alone answers before the command line parser is built: start-up time is
  // what scripts calling it pay (CLI11 builds every subcommand and reports with an exception).
  if (argc == 2 &&
      (std::string_view(argv[1]) == "--version" || std::string_view(argv[1]) == "-V")) {
    std::cout << version_text() << '\n';
    return k_ok;
  }
  CLI::App app{"okr: OKRs as code. Validate, score, align and report the Objectives and Key "
               "Results kept as YAML in a git repository.",
               "okr"};
  app.set_version_flag("-V,--version", version_text());
  app.require_subcommand(1);
  app.fallthrough();
  app.option_defaults()->always_capture_default();
  app.add_option("--color", global_options().color, "Colour the output: auto, always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->envname("OKR_COLOR");
  app.footer("Examples:\n  okr init okrs-demo           start a repository of OKRs\n"
             "  okr check                    check the repository you are in\n"
             "  okr check --format json      findings as JSON for other tools\n"
             "  okr checkin discover         record this week's check-in of a team\n"
             "  okr score                    score the current cycle\n"
             "  okr align                    how the current cycle's objectives align\n"
             "  okr report --format html -o report.html   the cycle's report\n"
             "  okr help check               the options of one command (okr check --help)\n\n"
             "Exit status: 0 no errors, 1 errors found, 2 okr could not do its job.\n"
             "See okr(1) and okr(5).");

  std::vector<std::pair<CLI::App*, Runner>> runners;
  for (const Subcommand& sub : k_subcommands) {
    Runner runner = sub.setup(app);
    runners.emplace_back(app.get_subcommand(std::string(sub.name)), std::move(runner));
  }

  if (argc > 1 && std::string_view(argv[1]) == "__complete") {
    return complete_words(app, std::vector<std::string>(argv + 2, argv + argc));
  }

  // okr help [COMMAND] is okr [COMMAND] --help.
  std::vector<char*> args(argv, argv + argc);
  std::string help_flag = "--help";
  if (argc > 1 && std::string_view(argv[1]) == "help") {
    if (argc > 3) {
      print_error("okr help takes at most one COMMAND");
      return k_failure;
    }
    args.erase(args.begin() + 1);
    args.push_back(help_flag.data());
    argc = static_cast<int>(args.size());
    argv = args.data();
  }

  // A global option that is none: suggest the nearest before CLI11 asks for a subcommand.
  if (argc > 1 && argv[1][0] == '-' && std::string_view(argv[1]) != "-") {
    const std::string word = std::string(argv[1]).substr(0, std::string(argv[1]).find('='));
    const std::vector<std::string> names = option_names(app);
    if (std::find(names.begin(), names.end(), word) == names.end()) {
      const std::vector<std::string_view> views(names.begin(), names.end());
      std::string message = fmt::format("unknown option '{}'", word);
      if (auto near = closest_match(word, views); !near.empty()) {
        message += fmt::format("; did you mean '{}'?", near);
      }
      print_error(message);
      std::cerr << "Run 'okr --help' or 'okr COMMAND --help' for usage.\n";
      return k_failure;
    }
  }

  // An unknown subcommand: suggest the nearest one before CLI11 reports something vaguer.
  if (argc > 1 && argv[1][0] != '-') {
    const std::string_view word = argv[1];
    std::vector<std::string_view> names;
    for (const Subcommand& sub : k_subcommands) {
      names.push_back(sub.name);
    }
    if (std::find(names.begin(), names.end(), word) == names.end()) {
      std::string message = fmt::format("unknown command '{}'", word);
      if (auto near = closest_match(word, names); !near.empty()) {
        message += fmt::format("; did you mean '{}'?", near);
      } else {
        message += "; run 'okr help' for the list";
      }
      print_error(message);
      return k_failure;
    }
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ExtrasError& e) {
    // An unknown option: name it and suggest the nearest option of that command.
    if (auto message = unknown_option_message(app, argc, argv)) {
      print_error(*message);
    } else {
      print_error(e.what());
    }
    std::cerr << "Run 'okr --help' or 'okr COMMAND --help' for usage.\n";
    return k_failure;
  } catch (const CLI::ParseError& e) {
    std::string what = e.what();
    print_error(what);
    std::cerr << "Run 'okr --help' or 'okr COMMAND --help' for usage.\n";
    return k_failure;
  }
  for (auto& [sub, runner] : runners) {
    if (sub && sub->parsed()) {
      return runner();
    }
  }
  return k_failure;
}

} // namespace
} // namespace okr::cli

int main(int argc, char** argv) {
  okr::cli::install_stdout();
  int status = okr::cli::k_failure;
  try {
    status = okr::cli::run(argc, argv);
  } catch (const std::exception& e) {
    okr::cli::print_error(e.what());
  } catch (...) {
    okr::cli::print_error("unexpected internal error");
  }
  // Every command's output is checked here, once: a full disk is never a green step.
  return okr::cli::finish_stdout(status);
}
