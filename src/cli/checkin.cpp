// okr checkin: record a weekly check-in (GRIP) or a retrospective as a new file.

#include <algorithm>
#include <fmt/format.h>
#include <iostream>
#include <unistd.h>

#include <okr/check_render.hpp>
#include <okr/checkins.hpp>
#include <okr/number.hpp>
#include <okr/scoring.hpp>
#include <okr/text.hpp>

#include "command.hpp"
#include "import.hpp"
#include "open_repository.hpp"
#include "process.hpp"

namespace okr::cli {

namespace {

struct CheckinOptions {
  std::string owner;
  std::vector<std::string> set;
  std::vector<std::string> kpi;
  std::string confidence;
  std::string status;
  std::string issues;
  std::string plan;
  std::string date;
  std::string author;
  std::string cycle;
  std::string retro;
  std::string from;
  std::vector<std::string> attractors;
  std::vector<std::string> detractors;
  std::vector<std::string> learned;
  std::string root;
  bool dry_run = false;
  bool commit = false;
  bool no_input = false;
  // Which options were given at all (an empty --issues "" is given).
  bool has_confidence = false;
  bool has_status = false;
  bool has_issues = false;
  bool has_plan = false;
};

/// Splits KEY=VALUE; prints an error naming the option when there is no '='.
bool split_assignment(std::string_view option, const std::string& text,
                      std::vector<DraftValue>& out) {
  const std::size_t eq = text.find('=');
  if (eq == std::string::npos || eq == 0) {
    print_error(fmt::format("{} takes KEY=VALUE, such as {}, not '{}'", option,
                            option == "--kpi" ? "nps=24" : "first-week/completion=72", text));
    return false;
  }
  out.push_back(DraftValue{text.substr(0, eq), text.substr(eq + 1)});
  return true;
}

/// Thrown when the person answering the prompts ends input (Ctrl-D).
struct Cancelled {};

/// The questions of the interactive mode, one line per answer.
class Prompter {
public:
  std::string ask(const std::string& prompt) {
    std::cout << prompt << std::flush;
    std::string line;
    if (!std::getline(std::cin, line)) {
      throw Cancelled{};
    }
    if (!line.empty() && line.back() == '\r') {
      line.pop_back();
    }
    return line;
  }
};

std::string describe_value(const ReportedValue& v) {
  if (v.done) {
    return *v.done ? "done" : "not-done";
  }
  return v.number ? format_number(*v.number, v.decimals) : "";
}

std::string measure_line(const KeyResult& kr, const std::string& last) {
  const std::string unit = kr.unit ? " " + sanitize_for_terminal(kr.unit->value) : "";
  const std::string shown = last.empty() ? "none yet" : last;
  switch (kr.measure()) {
  case Measure::progress:
    return fmt::format("{} · {} → {} → {}{}", to_string(kr.type), kr.baseline->str(),
                       last.empty() ? "?" : last, kr.target->str(), unit);
  case Measure::stay_above:
    return fmt::format("{} · guardrail: stay at or above {}{} · last {}", to_string(kr.type),
                       kr.stay_above->str(), unit, shown);
  case Measure::stay_below:
    return fmt::format("{} · guardrail: stay at or below {}{} · last {}", to_string(kr.type),
                       kr.stay_below->str(), unit, shown);
  case Measure::stay_between:
    return fmt::format("{} · guardrail: stay between {} and {}{} · last {}", to_string(kr.type),
                       kr.stay_between->low.str(), kr.stay_between->high.str(), unit, shown);
  case Measure::milestone:
    return fmt::format("{} · milestone · last {}", to_string(kr.type), shown);
  case Measure::none:
    break;
  }
  return std::string(to_string(kr.type));
}

std::string kpi_line(const Kpi& kpi, const std::string& last) {
  const std::string unit = kpi.unit ? " " + sanitize_for_terminal(kpi.unit->value) : "";
  std::string health;
  if (kpi.stay_between) {
    health = fmt::format(" · healthy from {} to {}{}", kpi.stay_between->low.str(),
                         kpi.stay_between->high.str(), unit);
  } else if (kpi.stay_above && kpi.stay_below) {
    health = fmt::format(" · healthy from {} to {}{}", kpi.stay_above->str(), kpi.stay_below->str(),
                         unit);
  } else if (kpi.stay_above) {
    health = fmt::format(" · healthy at or above {}{}", kpi.stay_above->str(), unit);
  } else if (kpi.stay_below) {
    health = fmt::format(" · healthy at or below {}{}", kpi.stay_below->str(), unit);
  }
  return fmt::format("KPI{} · last {}", health, last.empty() ? "none yet" : last);
}

/// Asks for the value of every KPI of the file that --kpi did not give.
void ask_kpis(const OkrFile& file, const std::vector<const Checkin*>& checkins, CheckinDraft& draft,
              Date date, Prompter& prompter) {
  for (const Kpi& kpi : file.kpis) {
    const bool given = std::any_of(draft.kpis.begin(), draft.kpis.end(),
                                   [&](const DraftValue& v) { return v.key == kpi.id.value; });
    if (given) {
      continue;
    }
    std::string last;
    for (const Checkin* c : checkins) {
      if (c->date > date) {
        continue;
      }
      for (const ResultValue& v : c->kpis) {
        if (v.key.view() == kpi.id.value && v.kind() == ResultValue::Kind::number) {
          last = v.number_text();
        }
      }
    }
    std::cout << fmt::format("\n{}: {}\n  {}\n", kpi.id.value,
                             sanitize_for_terminal(kpi.title.value), kpi_line(kpi, last));
    for (;;) {
      const std::string answer =
          prompter.ask(last.empty() ? std::string("  value (Enter to skip): ")
                                    : fmt::format("  value [{}]: ", last));
      const std::string typed =
          answer.find_first_not_of(" \t") == std::string::npos ? std::string() : answer;
      if (typed.empty() && last.empty()) {
        break;
      }
      if (parse_number(typed.empty() ? last : typed)) {
        draft.kpis.push_back(DraftValue{kpi.id.value, typed.empty() ? last : typed});
        break;
      }
      std::cout << fmt::format("  KPI '{}' takes a number, not '{}'\n", kpi.id.value,
                               sanitize_for_terminal(typed));
    }
  }
}

/// Asks for every value the flags did not give. Answers are checked as they are typed.
void ask_missing(const Index& index, const OkrFile& file, CheckinDraft& draft, Date date,
                 const CheckinOptions& options) {
  Prompter prompter;
  const auto checkins = ordered_checkins(index, file.owner.value, file.cycle.value);
  std::cout << fmt::format("{} for {}, cycle {} (Enter keeps the value in brackets, "
                           "Ctrl-D cancels)\n",
                           !draft.retro            ? "GRIP check-in"
                           : *draft.retro == "mid" ? "Mid-cycle retrospective"
                                                   : "End-of-cycle retrospective",
                           file.display_name(), file.cycle.value);
  // A retrospective looks back: the values are in the check-ins, and a value recorded again
  // would count twice in the forecast.
  const std::vector<Objective> none;
  for (const Objective& objective : draft.retro ? none : file.objectives) {
    for (const KeyResult& kr : objective.key_results) {
      std::string key;
      resolve_kr(file, objective.id.value + "/" + kr.id.value, &key, nullptr);
      if (key.empty()) {
        key = objective.id.value + "/" + kr.id.value;
      }
      bool given = false;
      for (const DraftValue& v : draft.results) {
        std::string canonical;
        given = given || (resolve_kr(file, v.key, &canonical, nullptr) && canonical == key);
      }
      if (given) {
        continue;
      }
      // The last value before this check-in's date.
      const auto series = value_series(checkins, key, kr, date);
      const std::string last = series.empty() ? "" : describe_value(series.back());
      std::cout << fmt::format("\n{}: {}\n  {}\n", key, sanitize_for_terminal(kr.title.value),
                               measure_line(kr, last));
      const bool milestone = kr.measure() == Measure::milestone;
      for (;;) {
        const std::string label = milestone ? "done or not-done" : "value";
        const std::string answer =
            prompter.ask(last.empty() ? fmt::format("  {} (Enter to skip): ", label)
                                      : fmt::format("  {} [{}]: ", label, last));
        const std::string typed =
            answer.find_first_not_of(" \t") == std::string::npos ? std::string() : answer;
        if (typed.empty() && last.empty()) {
          break; // not measured yet: nothing to record
        }
        std::string error;
        if (parse_kr_value(kr, key, typed.empty() ? last : typed, &error)) {
          draft.results.push_back(DraftValue{key, typed.empty() ? last : typed});
          break;
        }
        std::cout << "  " << sanitize_for_terminal(error) << '\n';
      }
    }
  }
  if (!draft.retro) {
    ask_kpis(file, checkins, draft, date, prompter);
  }
  std::optional<Number> last_confidence;
  std::optional<Status> last_status;
  for (const Checkin* c : checkins) {
    if (c->date <= date) {
      last_confidence = c->confidence ? c->confidence : last_confidence;
      last_status = c->status ? c->status : last_status;
    }
  }
  std::cout << '\n';
  if (!options.has_confidence) {
    for (;;) {
      const std::string d = last_confidence ? last_confidence->str() : "";
      std::string answer = prompter.ask(
          d.empty() ? "confidence of reaching the objectives, 0-10 (Enter to skip): "
                    : fmt::format("confidence of reaching the objectives, 0-10 [{}]: ", d));
      if (answer.empty()) {
        answer = d;
      }
      if (answer.empty()) {
        break;
      }
      const auto c = parse_number(answer);
      if (c && *c >= 0 && *c <= 10) {
        draft.confidence = answer;
        break;
      }
      std::cout << fmt::format("  confidence is a number from 0 (no chance) to 10 (certain), "
                               "not '{}'\n",
                               sanitize_for_terminal(answer));
    }
  }
  if (!options.has_status) {
    for (;;) {
      const std::string d = last_status ? std::string(to_string(*last_status)) : "";
      std::string answer =
          prompter.ask(d.empty() ? "status: on-track, behind or at-risk (Enter to skip): "
                                 : fmt::format("status: on-track, behind or at-risk [{}]: ", d));
      if (answer.empty()) {
        answer = d;
      }
      if (answer.empty()) {
        break;
      }
      // A unique prefix is enough: o, b, a.
      std::string match;
      for (std::string_view s : {"on-track", "behind", "at-risk"}) {
        if (s.starts_with(answer)) {
          match = match.empty() ? std::string(s) : "?";
        }
      }
      if (!match.empty() && match != "?") {
        draft.status = match;
        break;
      }
      std::cout << fmt::format("  status is on-track, behind or at-risk, not '{}'\n",
                               sanitize_for_terminal(answer));
    }
  }
  if (!options.has_issues) {
    draft.issues = prompter.ask("issues: what is in the way? (Enter for none): ");
  }
  if (!options.has_plan) {
    draft.plan = prompter.ask("plan forward: what is next? (Enter for none): ");
  }
  if (draft.retro) {
    auto ask_list = [&](std::vector<std::string>& list, std::string_view question) {
      if (!list.empty()) {
        return;
      }
      std::cout << question << " One a line; an empty line ends the list.\n";
      for (;;) {
        std::string line = prompter.ask("  - ");
        if (line.empty()) {
          break;
        }
        list.push_back(std::move(line));
      }
    };
    ask_list(draft.attractors, "Attractors: what pulled us towards the OKRs?");
    ask_list(draft.detractors, "Detractors: what pushed us away from them?");
    ask_list(draft.learned, "What did we learn?");
  }
}

std::string commit_message(const CheckinRecord& record) {
  std::vector<std::string> parts;
  if (record.confidence) {
    parts.push_back(fmt::format("confidence {}", record.confidence->str()));
  }
  if (record.status) {
    parts.emplace_back(to_string(*record.status));
  }
  std::string subject =
      record.kind == CheckinKind::retro
          ? fmt::format("retro: {} {} ({})", record.owner, record.date.str(), record.retro)
          : fmt::format("checkin: {} {}", record.owner, record.date.str());
  if (!parts.empty()) {
    std::string joined;
    for (const std::string& p : parts) {
      joined += (joined.empty() ? "" : ", ") + p;
    }
    subject += record.kind == CheckinKind::retro ? fmt::format(" {}", joined)
                                                 : fmt::format(" ({})", joined);
  }
  return subject;
}

std::string record_value_text(const RecordValue& v) {
  if (v.done) {
    return *v.done ? "done" : "not-done";
  }
  return format_number(v.number.value_or(0), v.decimals);
}

/// --from FILE: the values a metrics file gives the owner's key results and KPIs on the draft's
/// day, as okr import reads them, added to the draft (a value given with --set or --kpi wins).
/// False, with the errors printed, when the file cannot be read or its values are not right.
bool take_values_from(const std::string& path, const Index& index, Date today,
                      CheckinDraft& draft) {
  auto file = read_metrics_file(path, "");
  if (!file) {
    return false;
  }
  ImportRequest request;
  request.files.push_back(std::move(*file));
  request.today = today;
  request.date = draft.date ? Date::parse(*draft.date).value_or(today) : today;
  request.author = draft.author;
  request.owners = {draft.owner};
  const ImportPlan plan = plan_import(index, request);
  for (const Diagnostic& d : plan.findings) {
    print_finding(d);
  }
  if (plan.blocked) {
    std::cerr << "nothing was written\n";
    return false;
  }
  // A key result given with --set may be named by its id alone.
  const OkrFile* owner_file = owner_file_on(index, draft.owner, request.date);
  auto canonical = [&](const std::string& key) {
    std::string full;
    std::string error;
    return owner_file && resolve_kr(*owner_file, key, &full, &error) ? full : key;
  };
  std::size_t taken = 0;
  for (const OwnerImport& o : plan.owners) {
    for (const Diagnostic& d : o.errors) {
      print_finding(d);
    }
    if (o.held) {
      std::cerr << "nothing was written\n";
      return false;
    }
    if (!o.record || o.date != request.date || (draft.cycle && o.cycle != *draft.cycle)) {
      continue;
    }
    auto add = [&](const std::vector<RecordValue>& values, std::vector<DraftValue>& into) {
      for (const RecordValue& v : values) {
        const bool given = std::any_of(into.begin(), into.end(), [&](const DraftValue& d) {
          return d.key == v.key || (&into == &draft.results && canonical(d.key) == v.key);
        });
        if (!given) {
          into.push_back(DraftValue{v.key, record_value_text(v)});
          ++taken;
        }
      }
    };
    add(o.record->results, draft.results);
    add(o.record->kpis, draft.kpis);
  }
  if (taken == 0) {
    std::cerr << fmt::format("okr: warning: {} gives no value for the key results or KPIs of {} "
                             "on {}\n",
                             sanitize_for_terminal(path), draft.owner, request.date.str());
  }
  return true;
}

int run_checkin(CheckinOptions& options) {
  // The check-in files are read only when the prompts need the last values.
  OpenOptions open_options;
  open_options.checkins = false;
  open_options.warn = false;
  auto open = open_repository(options.root, open_options);
  if (!open) {
    return k_failure;
  }
  const std::string root = open->repo().root;
  const Date today = Date::today();

  CheckinDraft draft;
  draft.owner = options.owner;
  for (const std::string& s : options.set) {
    if (!split_assignment("--set", s, draft.results)) {
      return k_failure;
    }
  }
  for (const std::string& s : options.kpi) {
    if (!split_assignment("--kpi", s, draft.kpis)) {
      return k_failure;
    }
  }
  if (!options.cycle.empty()) {
    draft.cycle = options.cycle;
  }
  if (!options.date.empty()) {
    draft.date = options.date;
  }
  draft.author = options.author.empty() ? default_author(root) : options.author;
  if (!options.retro.empty()) {
    draft.retro = options.retro;
  }
  if (options.has_confidence) {
    draft.confidence = options.confidence;
  }
  if (options.has_status) {
    draft.status = options.status;
  }
  if (options.has_issues) {
    draft.issues = options.issues;
  }
  if (options.has_plan) {
    draft.plan = options.plan;
  }
  draft.attractors = options.attractors;
  draft.detractors = options.detractors;
  draft.learned = options.learned;

  if (!options.from.empty() && !take_values_from(options.from, *open->index, today, draft)) {
    return k_findings;
  }

  auto report = [](const PreparedCheckin& prepared) {
    for (const std::string& e : prepared.errors) {
      print_error(e);
    }
    std::cerr << "nothing was written\n";
  };
  PreparedCheckin prepared = prepare_checkin(*open->index, draft, today);
  if (!prepared.errors.empty()) {
    report(prepared);
    return k_findings;
  }
  std::size_t kr_count = 0;
  for (const Objective& o : prepared.file->objectives) {
    kr_count += o.key_results.size();
  }
  // A check-in asks for the values not given; a retrospective for what it looks back on.
  const CheckinRecord& given = *prepared.record;
  const bool missing =
      given.kind == CheckinKind::retro
          ? given.attractors.empty() && given.detractors.empty() && given.learned.empty()
          : given.results.size() < kr_count;
  const bool interactive =
      !options.no_input && missing && isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
  if (interactive) {
    open_options.checkins = true;
    open = open_repository(root, open_options);
    if (!open) {
      return k_failure;
    }
    prepared = prepare_checkin(*open->index, draft, today);
    try {
      ask_missing(*open->index, *prepared.file, draft, prepared.record->date, options);
    } catch (const Cancelled&) {
      std::cout << '\n';
      print_error("check-in cancelled; nothing was written");
      return k_findings;
    }
    prepared = prepare_checkin(*open->index, draft, today);
    if (!prepared.errors.empty()) {
      report(prepared);
      return k_findings;
    }
  }
  const CheckinRecord& record = *prepared.record;
  if (record.empty()) {
    print_error("nothing to record: give values with --set, --confidence, --status, --issues or "
                "--plan (or run okr checkin in a terminal to be asked)");
    return k_failure;
  }
  const std::string folder = checkin_folder(open->repo(), *prepared.file, record.cycle);
  const std::string text = checkin_yaml(record);
  if (auto error = verify_checkin_yaml(text, record, folder + "/" + record.date.str() + ".yaml")) {
    print_error(*error);
    return k_failure;
  }
  if (options.dry_run) {
    std::cout << text;
    std::cerr << fmt::format("okr: dry run: would write {}/{}.yaml (or -N when taken)\n", folder,
                             record.date.str());
    return k_ok;
  }
  if (options.commit && !can_commit(root)) {
    return k_failure;
  }
  WriteOptions write;
  write.within = open->repo().config.private_prefix;
  const WrittenCheckin written = write_checkin_file(root, folder, record.date, text, write);
  if (written.error) {
    print_error(*written.error + "; nothing was written");
    return k_failure;
  }
  std::cout << "recorded " << written.path << '\n';
  if (options.commit) {
    const std::string message = commit_message(record);
    if (!commit_files(root, {written.path}, message, open->repo().config.private_prefix)) {
      print_error(
          fmt::format("{} was written but not committed; commit it with git", written.path));
      return k_failure;
    }
    std::cout << "committed: " << message << '\n';
  }
  return k_ok;
}

} // namespace

Runner setup_checkin(CLI::App& app) {
  auto options = std::make_shared<CheckinOptions>();
  CLI::App* sub =
      app.add_subcommand("checkin", "Record a weekly check-in or a retrospective as a new file");
  sub->add_option("owner", options->owner, "The owner checking in: a team, unit, person...")
      ->required();
  sub->add_option("-s,--set", options->set,
                  "A key result's value: objective/kr=VALUE (a number, or done / not-done for "
                  "a milestone); repeatable")
      ->allow_extra_args(false);
  sub->add_option("-c,--confidence", options->confidence,
                  "Confidence of reaching the objectives, 0 to 10");
  sub->add_option("--status", options->status, "on-track, behind or at-risk");
  sub->add_option("--issues", options->issues, "What is in the way");
  sub->add_option("--plan", options->plan, "The plan forward");
  sub->add_option("--kpi", options->kpi, "A KPI's value: ID=NUMBER; repeatable")
      ->allow_extra_args(false);
  sub->add_option("--date", options->date, "The day of the check-in, YYYY-MM-DD (default: today)")
      ->check(date_check());
  sub->add_option("--author", options->author,
                  "Who checks in (default: git's user.name, else $USER)");
  sub->add_option("--from", options->from,
                  "Take the key result and KPI values from a metrics file (JSON, CSV or "
                  "OpenMetrics), as okr import reads it");
  sub->add_option("--cycle", options->cycle,
                  "The cycle (default: the owner's cycle containing the date)");
  sub->add_option("--retro", options->retro, "Record a retrospective: mid or end of the cycle")
      ->check(CLI::IsMember({"mid", "end"}));
  sub->add_option("--attractor", options->attractors,
                  "Retrospective: what pulled us towards the OKRs; repeatable")
      ->allow_extra_args(false);
  sub->add_option("--detractor", options->detractors,
                  "Retrospective: what pushed us away from them; repeatable")
      ->allow_extra_args(false);
  sub->add_option("--learned", options->learned, "Retrospective: what we learned; repeatable")
      ->allow_extra_args(false);
  sub->add_flag("-n,--dry-run", options->dry_run, "Print the check-in instead of writing it");
  sub->add_flag("--commit", options->commit,
                "Commit the new file (and only it) to git, leaving what is staged alone");
  sub->add_flag("--no-input", options->no_input,
                "Never ask: record only what the options give, even in a terminal");
  sub->add_option("--root", options->root, "The repository root (default: found from here)");
  sub->footer(
      "In a terminal (standard input and output), asks for the key result and KPI values the\n"
      "options do not give, then confidence, status, issues and plan; a retrospective asks\n"
      "for its attractors, detractors and lessons, and not for values again.\n\n"
      "Examples:\n"
      "  okr checkin discover\n"
      "  okr checkin discover --set first-week/completion=72 --set "
      "first-week/contextual-help=done \\\n"
      "      --confidence 7 --status on-track --issues 'Sign-up API slow on Mondays' \\\n"
      "      --plan 'Pair with identity on the SSO fallback' --commit\n"
      "  okr checkin discover --retro mid --attractor 'Weekly user interviews' --learned "
      "'...'\n"
      "  okr checkin discover --set completion=74 --dry-run\n"
      "  okr checkin discover --from metrics.json --confidence 7 --status on-track\n\n"
      "Exit status: 0 recorded, 1 the check-in is not valid or was cancelled (nothing written),\n"
      "2 okr could not do its job. See okr-checkin(1).");
  return [options, sub] {
    options->has_confidence = sub->count("--confidence") > 0;
    options->has_status = sub->count("--status") > 0;
    options->has_issues = sub->count("--issues") > 0;
    options->has_plan = sub->count("--plan") > 0;
    return run_checkin(*options);
  };
}

} // namespace okr::cli
