// okr import: record check-ins from the values of metrics files.

#include "import.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include <okr/check_render.hpp>
#include <okr/import.hpp>

#include "command.hpp"
#include "open_repository.hpp"
#include "process.hpp"

namespace fs = std::filesystem;

namespace okr::cli {

namespace {

/// The bytes of the file `path`, or nothing when it cannot be read (errno says why).
std::optional<std::string> read_whole(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  if (in) {
    text << in.rdbuf();
  }
  if (!in || in.bad()) {
    return std::nullopt;
  }
  return std::move(text).str();
}

} // namespace

std::optional<MetricsFile> read_metrics_file(const std::string& path, const std::string& format) {
  std::optional<metrics::Format> kind =
      format.empty() ? metrics::format_of(path) : metrics::parse_format(format);
  if (!kind) {
    print_error(fmt::format("cannot tell the format of '{}' from its name; give --format json, "
                            "csv or openmetrics",
                            sanitize_for_terminal(path)));
    return std::nullopt;
  }
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    print_error(fmt::format("cannot read '{}': it is a folder", sanitize_for_terminal(path)));
    return std::nullopt;
  }
  const std::optional<std::string> text = read_whole(path);
  if (!text) {
    print_error(
        fmt::format("cannot read '{}': {}", sanitize_for_terminal(path), std::strerror(errno)));
    return std::nullopt;
  }
  MetricsFile file;
  file.path = path;
  file.parsed = metrics::parse(*text, *kind, file.path);
  return file;
}

void print_finding(const Diagnostic& d) {
  std::cerr << fmt::format("{}:{}:{}: {}: {} [{}]\n", sanitize_for_terminal(d.file), d.line,
                           d.column, to_string(d.severity), sanitize_for_terminal(d.message),
                           d.rule);
}

namespace {

/// Threads writing check-ins: fsync waits on the disk, not the processor, so more than cores.
constexpr unsigned k_write_threads = 16;

struct ImportOptions {
  std::vector<std::string> files;
  std::string format;
  std::string date;
  std::string author;
  std::vector<std::string> owners;
  std::string root;
  bool dry_run = false;
  bool commit = false;
};

int run_import(const ImportOptions& options) {
  std::vector<MetricsFile> files;
  for (const std::string& path : options.files) {
    auto file = read_metrics_file(path, options.format);
    if (!file) {
      return k_failure;
    }
    files.push_back(std::move(*file));
  }
  OpenOptions open_options;
  open_options.warn = false;
  auto* open = open_repository(options.root, open_options);
  if (!open) {
    return k_failure;
  }
  const std::string root = open->repo().root;
  for (const std::string& owner : options.owners) {
    if (open->index->files_of(owner).empty()) {
      print_error(fmt::format("no OKR file has the owner '{}'", sanitize_for_terminal(owner)));
      return k_failure;
    }
  }
  ImportRequest request;
  request.files = std::move(files);
  request.today = Date::today();
  request.date = options.date.empty() ? request.today : *Date::parse(options.date);
  request.author = options.author.empty() ? "okr import" : options.author;
  request.owners = options.owners;
  const ImportPlan plan = plan_import(*open->index, request);

  for (const Diagnostic& d : plan.findings) {
    print_finding(d);
  }
  if (plan.blocked) {
    std::cerr << "okr: nothing was written\n";
    return k_findings;
  }
  if (options.commit && !options.dry_run && !can_commit(root)) {
    return k_failure;
  }

  bool errors = false;
  std::vector<std::string> lines;
  std::vector<std::string> written;
  std::set<std::string> folders;
  std::vector<CheckinToWrite> batch;
  std::vector<std::pair<const OwnerImport*, std::size_t>> pending; // and its line

  for (const OwnerImport& owner : plan.owners) {
    for (const Diagnostic& d : owner.errors) {
      print_finding(d);
    }
    if (owner.held) {
      errors = true;
      if (!owner.errors.empty()) {
        print_error(fmt::format("nothing was written for {}", owner.owner));
      }
      continue;
    }
    if (!owner.record) {
      lines.push_back(fmt::format("nothing to write for {} on {} (already recorded in {})",
                                  owner.owner, owner.date.str(), *owner.recorded_in));
      continue;
    }
    const std::string text = checkin_yaml(*owner.record);
    const std::string path = owner.folder + "/" + owner.file_name;
    if (auto error = verify_checkin_yaml(text, *owner.record, path)) {
      print_error(*error);
      print_error(fmt::format("nothing was written for {}", owner.owner));
      errors = true;
      continue;
    }
    if (options.dry_run) {
      std::cout << "# " << path << '\n' << text;
      continue;
    }
    WriteOptions write;
    write.name = owner.file_name;
    write.sync = false; // each folder once, below
    pending.push_back({&owner, lines.size()});
    lines.emplace_back(); // filled in once written
    batch.push_back(CheckinToWrite{owner.folder, owner.date, text, write});
  }
  // Written on many threads (the fsyncs of small files overlap), each never replacing a file.
  const std::vector<WrittenCheckin> results = write_checkin_files(root, batch, k_write_threads);
  bool failed = false;
  for (std::size_t i = 0; i < results.size(); ++i) {
    const WrittenCheckin& result = results[i];
    const OwnerImport& owner = *pending[i].first;
    std::string& line = lines[pending[i].second];
    if (result.error) {
      print_error(*result.error + fmt::format("; nothing was written for {}", owner.owner));
      failed = true;
    } else if (result.taken) {
      // Another import of the same metrics for the same day took the name first.
      if (read_whole(fs::path(root) / result.path) != batch[i].text) {
        std::cerr << fmt::format("okr: warning: {} records other values for {} on {}; a "
                                 "check-in is never rewritten\n",
                                 result.path, owner.owner, owner.date.str());
      }
      line = fmt::format("nothing to write for {} on {} (already recorded in {})", owner.owner,
                         owner.date.str(), result.path);
    } else {
      folders.insert(owner.folder);
      written.push_back(result.path);
      line = "recorded " + result.path;
    }
  }
  // Every file is written before any folder is synced, then each folder once: success is
  // reported only when every new check-in is on disk.
  for (const std::string& folder : folders) {
    if (auto error = sync_checkin_folder(root, folder)) {
      print_error(*error);
      failed = true;
    }
  }
  if (failed) {
    return k_failure;
  }
  for (const std::string& line : lines) {
    if (!line.empty()) {
      std::cout << line << '\n';
    }
  }
  if (options.dry_run) {
    std::cerr << "okr: dry run: nothing was written\n";
  }
  if (options.commit && !written.empty()) {
    const std::string message =
        fmt::format("import: {} check-in{} from {}", written.size(), written.size() == 1 ? "" : "s",
                    fmt::join(options.files, ", "));
    if (!commit_files(root, written, message)) {
      print_error("the check-ins were written but not committed; commit them with git");
      return k_failure;
    }
    std::cout << "committed: " << message << '\n';
  }
  return errors ? k_findings : k_ok;
}

} // namespace

Runner setup_import(CLI::App& app) {
  auto options = std::make_shared<ImportOptions>();
  CLI::App* sub = app.add_subcommand("import", "Record check-ins from the values of metrics files");
  sub->add_option("files", options->files, "Metrics files: JSON, CSV or OpenMetrics text")
      ->required();
  sub->add_option("--format", options->format,
                  "The files' format: json, csv or openmetrics (default: from the extension)")
      ->check(CLI::IsMember({"json", "csv", "openmetrics"}));
  sub->add_option("--date", options->date,
                  "The day of values that carry no date, YYYY-MM-DD (default: today)")
      ->check(date_check());
  sub->add_option("--author", options->author, "The check-ins' author (default: okr import)");
  sub->add_option("--owner", options->owners, "Import only for this owner; repeatable")
      ->allow_extra_args(false);
  sub->add_flag("-n,--dry-run", options->dry_run, "Print the check-ins instead of writing them");
  sub->add_flag("--commit", options->commit,
                "Commit the new files (and only them) to git, leaving what is staged alone");
  sub->add_option("--root", options->root, "The repository root (default: found from here)");
  sub->footer(
      "Each key result or KPI with a 'metric:' takes the value of that series. One check-in is\n"
      "written per owner and day, through the validation of okr checkin; importing the same\n"
      "values for the same day again writes nothing. Every file is written, then each folder\n"
      "synced once, before okr import reports success.\n\n"
      "Examples:\n"
      "  okr import metrics.json\n"
      "  okr import slo.prom --date 2026-10-12 --owner discover --commit\n"
      "  curl -s http://prometheus:9090/federate > now.prom && okr import now.prom\n\n"
      "Exit status: 0 recorded (or recorded already), 1 errors in the metrics for an owner\n"
      "(nothing written for it), 2 okr could not do its job. See okr-import(1).");
  return [options] { return run_import(*options); };
}

} // namespace okr::cli
