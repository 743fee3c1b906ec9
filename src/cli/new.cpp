// okr new: write a starter OKR file for one owner, never overwriting.

#include <algorithm>
#include <filesystem>
#include <fmt/format.h>
#include <iostream>
#include <set>
#include <unistd.h>

#include <okr/carry_over.hpp>
#include <okr/check_render.hpp>
#include <okr/index.hpp>
#include <okr/loader.hpp>
#include <okr/scaffold.hpp>
#include <okr/score_render.hpp>
#include <okr/text.hpp>

#include "command.hpp"

namespace fs = std::filesystem;

namespace okr::cli {

namespace {

struct NewOptions {
  NewOkrAnswers answers;
  std::string level;
  std::string root;
  bool interactive = false;
  bool carry = false;     ///< --carry-over
  std::string carry_from; ///< its FROM_CYCLE; empty for the owner's latest before --cycle
};

/// Asks one question on the terminal; empty input keeps `fallback`. False on EOF.
bool ask(const std::string& question, const std::string& fallback, std::string& answer) {
  std::cout << question;
  if (!fallback.empty()) {
    std::cout << " [" << fallback << "]";
  }
  std::cout << ": " << std::flush;
  std::string line;
  if (!std::getline(std::cin, line)) {
    return false;
  }
  answer = line.empty() ? fallback : line;
  return true;
}

std::optional<Level> parse_level(const std::string& text) {
  for (Level level : {Level::company, Level::unit, Level::team, Level::individual}) {
    if (to_string(level) == text) {
      return level;
    }
  }
  return std::nullopt;
}

/// The objectives of `parent` in cycles overlapping `cycle`, as "owner/objective" refs.
std::vector<std::string> parent_objectives(const Repository& repo, const std::string& parent,
                                           const std::string& cycle) {
  std::vector<std::string> refs;
  const auto mine = repo.find_cycle(cycle);
  for (const OkrFile& file : repo.okr_files) {
    if (file.owner.value != parent) {
      continue;
    }
    const auto theirs = repo.find_cycle(file.cycle.value);
    if (mine && theirs && !mine->overlaps(*theirs)) {
      continue;
    }
    for (const Objective& objective : file.objectives) {
      if (!objective.id.value.empty()) {
        refs.push_back(parent + "/" + objective.id.value);
      }
    }
  }
  return refs;
}

/// Whether `ref`, owner/objective, names an objective in a cycle overlapping `cycle`.
bool aligns_to_exists(const Repository& repo, const std::string& ref, const std::string& cycle) {
  const std::size_t slash = ref.find('/');
  if (slash == std::string::npos) {
    return false;
  }
  const auto refs = parent_objectives(repo, ref.substr(0, slash), cycle);
  return std::find(refs.begin(), refs.end(), ref) != refs.end();
}

/// What to say when the parent typed owns no OKR file, with the nearest owner id.
std::string unknown_owner(const std::string& owner, const std::set<std::string>& owner_ids) {
  std::vector<std::string_view> ids(owner_ids.begin(), owner_ids.end());
  const std::string_view near = closest_match(owner, ids);
  return fmt::format(
      "  '{}' has no OKR file{}; type an owner that has one, or create it first "
      "(okr new {} --level unit ...)\n",
      owner, near.empty() ? std::string() : fmt::format(" (did you mean '{}'?)", near), owner);
}

/// The interview, in a terminal. False when the user ended it (EOF): nothing is written.
bool interview(NewOptions& o, const Repository& repo) {
  NewOkrAnswers& a = o.answers;
  std::set<std::string> owner_ids;
  for (const OkrFile& file : repo.okr_files) {
    owner_ids.insert(file.owner.value);
  }
  std::cout << fmt::format("New OKRs for '{}'. Enter keeps the value in brackets; Ctrl-D "
                           "stops without writing.\n",
                           a.owner);
  std::string answer;
  while (true) {
    if (!ask("Level (company, unit, team, individual)", o.level.empty() ? "team" : o.level,
             answer)) {
      return false;
    }
    if (parse_level(answer)) {
      o.level = answer;
      break;
    }
    std::cout << "  '" << answer << "' is not a level; type company, unit, team or individual\n";
  }
  if (o.level != "company") {
    while (true) {
      if (!ask("Parent (the owner above it in the organisation)", a.parent, answer)) {
        return false;
      }
      if (!is_valid_id(answer)) {
        std::cout << "  an owner id is lower-case letters, digits and '-'\n";
        continue;
      }
      if (!repo.okr_files.empty() && owner_ids.find(answer) == owner_ids.end()) {
        std::cout << unknown_owner(answer, owner_ids);
        continue;
      }
      a.parent = answer;
      break;
    }
  }
  while (true) {
    if (!ask("Cycle", a.cycle.empty() ? proposed_quarter(a.today) : a.cycle, answer)) {
      return false;
    }
    if (repo.find_cycle(answer)) {
      a.cycle = answer;
      break;
    }
    std::cout << fmt::format("  '{}' is not a cycle; use an id such as {} or declare it in "
                             "okr.yaml\n",
                             sanitize_for_terminal(answer), proposed_quarter(a.today));
  }
  if (!ask("Display name (optional)", a.name, a.name)) {
    return false;
  }
  std::cout << "\nIt is the end of " << a.cycle
            << " and you are proud of what was achieved. What happened?\n";
  if (!ask("> ", "", a.story)) {
    return false;
  }
  if (!ask("A first objective: the qualitative change, in one sentence (optional)", "",
           a.objective)) {
    return false;
  }
  if (!a.objective.empty() && !id_from_title(a.objective).empty()) {
    std::cout << "  its id: " << id_from_title(a.objective) << '\n';
  }
  if (o.level != "company") {
    const auto refs = parent_objectives(repo, a.parent, a.cycle);
    if (!refs.empty()) {
      std::cout << "Objectives of " << a.parent << " it could support:\n";
      for (const std::string& ref : refs) {
        std::cout << "  " << ref << '\n';
      }
      while (true) {
        if (!ask("Aligns to (optional)", "", answer)) {
          return false;
        }
        // An objective id alone means the parent's: the file gets the full reference.
        const std::string ref = answer.empty() || answer.find('/') != std::string::npos
                                    ? answer
                                    : a.parent + "/" + answer;
        if (ref.empty() || std::find(refs.begin(), refs.end(), ref) != refs.end() ||
            aligns_to_exists(repo, ref, a.cycle)) {
          a.aligns_to = ref;
          break;
        }
        std::cout << fmt::format("  no objective '{}' in a cycle overlapping {}; type one of "
                                 "those above, or Enter for none\n",
                                 sanitize_for_terminal(ref), a.cycle);
      }
    }
  }
  return true;
}

/// okr new --carry-over: the next cycle's file from the previous one.
int run_carry_over(NewOptions& o, const fs::path& root, const LoadResult& loaded) {
  const NewOkrAnswers& a = o.answers;
  const std::string next = a.cycle.empty() ? proposed_quarter(a.today) : a.cycle;
  const Index index(loaded.repo);
  const std::optional<Cycle> next_cycle = loaded.repo.find_cycle(next);
  if (!next_cycle) {
    print_error(fmt::format("unknown cycle '{}'; use an id such as {} or declare it in okr.yaml",
                            next, proposed_quarter(a.today)));
    return k_failure;
  }
  const OkrFile* from = nullptr;
  if (!o.carry_from.empty()) {
    if (!loaded.repo.find_cycle(o.carry_from)) {
      print_error(fmt::format("unknown cycle '{}' after --carry-over", o.carry_from));
      return k_failure;
    }
    from = index.find(a.owner, o.carry_from);
    if (from == nullptr) {
      print_error(fmt::format("'{}' has no OKR file in {} to carry over; omit the cycle after "
                              "--carry-over to take the owner's latest before {}",
                              a.owner, o.carry_from, next));
      return k_failure;
    }
  } else {
    from = previous_okr_file(index, a.owner, *next_cycle);
    if (from == nullptr) {
      print_error(fmt::format("'{}' has no OKR file in a cycle before {} to carry over; run okr "
                              "new without --carry-over to start from the starter file",
                              a.owner, next));
      return k_failure;
    }
  }
  if (from->cycle.value == next) {
    print_error(fmt::format("--carry-over needs an earlier cycle than {}", next));
    return k_failure;
  }
  CarryOverOptions options;
  options.next = *next_cycle;
  options.as_of = a.today;
  // The next file goes where this one is: in the private repository for its files.
  const Config& config = loaded.repo.config;
  options.okrs_path =
      (in_private_root(config, loaded.repo.files[from->file].path) ? config.private_prefix
                                                                   : std::string()) +
      config.okrs_path;
  const CarryOver carried = carry_over(index, *from, options);
  const std::string from_path = loaded.repo.files[from->file].path;
  for (const LeftOut& left : carried.left_out) {
    std::cerr << fmt::format("left out {} of {}: {}{}\n", left.id, from_path, left.why,
                             left.score ? ", score " + format_score(left.score) : "");
  }
  if (carried.objectives == 0) {
    print_error(fmt::format("no objective of {} is left to carry over; nothing written (run okr "
                            "new without --carry-over for a starter file)",
                            from_path));
    return k_failure;
  }
  if (carried.error) {
    print_error(*carried.error);
    return k_failure;
  }
  const fs::path path = root / carried.file.path;
  bool existed = false;
  if (auto error = create_new_file(path.string(), carried.file.text, existed)) {
    print_error(*error);
    return k_failure;
  }
  std::error_code ec;
  const std::string shown = fs::relative(path, fs::current_path(ec), ec).string();
  if (existed) {
    print_error(
        fmt::format("{} exists; okr new never overwrites: edit it, or remove it first", shown));
    return k_failure;
  }
  std::cout << fmt::format("created {} from {}: {}, {}\n", shown, from_path,
                           plural(carried.objectives, "objective", "objectives"),
                           plural(carried.key_results, "key result", "key results"));
  std::cout << "Next: review the titles and targets, then run okr check.\n";
  return k_ok;
}

int run_new(NewOptions& o) {
  NewOkrAnswers& a = o.answers;
  if (!is_valid_id(a.owner)) {
    print_error(fmt::format("'{}' is not an owner id; use lower-case letters, digits and '-', "
                            "such as 'discover'",
                            a.owner));
    return k_failure;
  }
  std::error_code ec;
  const fs::path root = o.root.empty() ? find_root(fs::current_path(ec)) : fs::path(o.root);
  LoadResult loaded = load_repository(root);
  if (o.carry) {
    return run_carry_over(o, root, loaded);
  }
  if (o.interactive && !interview(o, loaded.repo)) {
    std::cout << "\nstopped; nothing written\n";
    return k_failure;
  }
  const auto level = parse_level(o.level.empty() ? "team" : o.level);
  if (!level) {
    print_error(
        fmt::format("--level must be company, unit, team or individual, not '{}'", o.level));
    return k_failure;
  }
  a.level = *level;
  if (a.level != Level::company && a.parent.empty()) {
    print_error(fmt::format("a {} needs --parent: the id of the owner above it in the organisation",
                            to_string(a.level)));
    return k_failure;
  }
  if (!a.parent.empty() && !is_valid_id(a.parent)) {
    print_error(fmt::format("--parent '{}' is not an owner id", a.parent));
    return k_failure;
  }
  if (!a.cycle.empty() && !loaded.repo.find_cycle(a.cycle)) {
    print_error(fmt::format("unknown cycle '{}'; use an id such as {} or declare it in okr.yaml",
                            a.cycle, proposed_quarter(a.today)));
    return k_failure;
  }
  if (!o.interactive && a.aligns_to.empty() && a.level != Level::company) {
    // Start aligned to the parent's first objective: an objective that supports nothing
    // above it is an orphan. The comment in the file invites a better choice.
    const auto refs = parent_objectives(loaded.repo, a.parent,
                                        a.cycle.empty() ? proposed_quarter(a.today) : a.cycle);
    if (!refs.empty()) {
      a.aligns_to = refs.front();
    }
  }
  // An individual's OKRs go to the private repository when one is overlaid (okr(5) private).
  const Config& config = loaded.repo.config;
  const bool in_private = a.level == Level::individual && !config.private_prefix.empty();
  const NewFile file =
      new_okr_file(a, (in_private ? config.private_prefix : std::string()) + config.okrs_path);
  const fs::path path = root / file.path;
  bool existed = false;
  if (auto error = create_new_file(path.string(), file.text, existed)) {
    print_error(*error);
    return k_failure;
  }
  const std::string shown = fs::relative(path, fs::current_path(ec), ec).string();
  if (existed) {
    print_error(
        fmt::format("{} exists; okr new never overwrites: edit it, or remove it first", shown));
    return k_failure;
  }
  std::cout << "created " << shown << '\n';
  bool parent_known = a.parent.empty();
  for (const OkrFile& f : loaded.repo.okr_files) {
    parent_known = parent_known || f.owner.value == a.parent;
  }
  if (!parent_known) {
    std::cout << fmt::format("note: '{}' has no OKR file yet; okr check reports the parent as "
                             "unresolved until it has one (okr new {} --level unit ...)\n",
                             a.parent, a.parent);
  }
  std::cout << "Next: edit the objectives and key results, then run okr check.\n";
  return k_ok;
}

} // namespace

Runner setup_new(CLI::App& app) {
  auto options = std::make_shared<NewOptions>();
  CLI::App* sub =
      app.add_subcommand("new", "Write a starter OKR file for an owner, with comments that "
                                "explain every field");
  sub->add_option("owner", options->answers.owner, "The owner id, such as discover")->required();
  CLI::Option* level =
      sub->add_option("--level", options->level, "company, unit, team (the default) or individual");
  sub->add_option("--parent", options->answers.parent,
                  "The owner above it in the organisation (required unless --level company)");
  sub->add_option("--cycle", options->answers.cycle,
                  "The cycle, such as 2026-Q4 (default: the current quarter, or the next one "
                  "in the last 30 days of a quarter)");
  sub->add_option("--name", options->answers.name, "A display name, such as 'Discover team'");
  CLI::Option* carry =
      sub->add_option("--carry-over", options->carry_from,
                      "Make the file from the owner's OKRs of FROM_CYCLE (default: its latest "
                      "cycle before --cycle): the objectives not met, re-baselined")
          ->expected(0, 1)
          ->type_name("[FROM_CYCLE]");
  sub->add_option("--root", options->root,
                  "The repository root (default: found as okr check "
                  "finds it)");
  sub->footer("Without --level, in a terminal, okr new asks a few questions, including the "
              "'time machine' one: it is the end of the cycle and you are proud: what "
              "happened? The answer is kept as comments to guide the author. The answers are "
              "checked before anything is written: a parent that owns no OKR file or an "
              "objective to align to that does not exist is asked for again; the file holds "
              "full owner/objective references and an objective id made from its title.\n\n"
              "With --carry-over, the file is made from the owner's previous OKRs: the "
              "objectives not met, with their key results not at target, each measured from "
              "its latest value (guardrails and milestones not done carried unchanged), ids "
              "kept, and a comment naming where each came from; the objectives met are listed "
              "on standard error. See okr-new(1).\n\n"
              "Examples:\n  okr new discover --level team --parent digital-services\n"
              "  okr new ana --level individual --parent discover --cycle 2026-Q4\n  okr new "
              "payments          (asks)\n  okr new discover --cycle 2027-Q1 --carry-over\n\n"
              "Exit status: 0 written, 2 not written (the file exists, a bad option, the "
              "questions were stopped, or nothing to carry over).");
  return [options, level, carry] {
    options->carry = carry->count() > 0;
    options->interactive = !options->carry && level->count() == 0 && isatty(STDIN_FILENO) != 0 &&
                           isatty(STDOUT_FILENO) != 0;
    return run_new(*options);
  };
}

} // namespace okr::cli
