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
#include <okr/okr_sheet.hpp>
#include <okr/scaffold.hpp>
#include <okr/text.hpp>

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
  std::string okrs;  ///< --okrs: a spreadsheet of OKRs
  std::string cycle; ///< --cycle, with --okrs
};

/// okr import --okrs FILE.csv --cycle CYCLE: OKR files from a spreadsheet, all or none.
int run_import_sheet(const ImportOptions& options) {
  if (!options.files.empty() || !options.format.empty() || !options.date.empty() ||
      !options.author.empty() || !options.owners.empty()) {
    print_error("--okrs reads a spreadsheet of OKRs: it takes --cycle, --dry-run, --commit and "
                "--root, and no metrics file, --format, --date, --author or --owner");
    return k_failure;
  }
  if (options.cycle.empty()) {
    print_error("--okrs needs --cycle: the cycle of the OKR files it writes, such as 2027-Q1");
    return k_failure;
  }
  std::error_code ec;
  if (fs::is_directory(options.okrs, ec)) {
    print_error(
        fmt::format("cannot read '{}': it is a folder", sanitize_for_terminal(options.okrs)));
    return k_failure;
  }
  const std::optional<std::string> text = read_whole(options.okrs);
  if (!text) {
    print_error(fmt::format("cannot read '{}': {}", sanitize_for_terminal(options.okrs),
                            std::strerror(errno)));
    return k_failure;
  }
  OpenOptions open_options;
  open_options.warn = false;
  open_options.checkins = false;
  auto* open = open_repository(options.root, open_options);
  if (!open) {
    return k_failure;
  }
  if (!open->repo().find_cycle(options.cycle)) {
    print_error(fmt::format("unknown cycle '{}'; use an id such as 2027-Q1 or declare it in "
                            "okr.yaml",
                            sanitize_for_terminal(options.cycle)));
    return k_failure;
  }
  SheetRequest request;
  request.cycle = options.cycle;
  request.okrs_path = open->repo().config.okrs_path;
  request.private_prefix = open->repo().config.private_prefix;
  const SheetPlan plan = plan_okr_sheet(*text, options.okrs, request);
  if (!plan.findings.empty()) {
    // Rendered as okr check renders findings, each with its row and a caret under the cell.
    Repository sheet;
    sheet.files.push_back(SourceFile{options.okrs, *text, FileKind::other, false});
    CheckReport report;
    report.repo = &sheet;
    report.diagnostics = plan.findings;
    report.files_checked = 1;
    render_text(std::cerr, report, RenderOptions{});
    std::cerr << "okr: nothing was written\n";
    return k_findings;
  }
  // Refuse before writing anything: no file of the sheet may exist, nor the owner have OKRs in
  // the cycle elsewhere.
  const fs::path root = open->root;
  bool taken = false;
  for (const NewFile& file : plan.files) {
    const std::string owner = fs::path(file.path).stem().string();
    if (const OkrFile* existing = open->index->find(owner, options.cycle)) {
      print_error(fmt::format("{} already has OKRs in {}: {}", owner, options.cycle,
                              open->repo().files[existing->file].path));
      taken = true;
    } else if (fs::symlink_status(root / file.path, ec).type() != fs::file_type::not_found) {
      print_error(fmt::format("{} exists", file.path));
      taken = true;
    }
  }
  if (taken) {
    print_error("okr import never overwrites: nothing was written; remove those rows, or the "
                "files");
    return k_failure;
  }
  if (options.dry_run) {
    for (const NewFile& file : plan.files) {
      std::cout << "# " << file.path << '\n' << file.text;
    }
    std::cerr << "okr: dry run: nothing was written\n";
    return k_ok;
  }
  if (options.commit && !can_commit(root.string())) {
    return k_failure;
  }
  // All or nothing: an I/O error, or a file that appeared meanwhile (another import of the
  // same sheet, which then writes them all), leaves nothing written.
  const CreatedFiles done = create_new_files(root, plan.files, true);
  if (!done.error && !done.existed.empty()) {
    print_error(fmt::format("{} appeared meanwhile; it was not overwritten, and nothing was "
                            "written",
                            done.existed.front()));
    return k_failure;
  }
  if (done.error) {
    print_error(*done.error + "; nothing was written");
    return k_failure;
  }
  const std::vector<std::string>& written = done.created;
  for (const std::string& path : written) {
    std::cout << "created " << path << '\n';
  }
  if (options.commit) {
    const std::string message =
        fmt::format("import: OKRs of {} for {} from {}", plural(written.size(), "owner", "owners"),
                    options.cycle, options.okrs);
    if (!commit_files(root.string(), written, message, open->repo().config.private_prefix)) {
      print_error("the OKR files were written but not committed; commit them with git");
      return k_failure;
    }
    std::cout << "committed: " << message << '\n';
  }
  std::cout << "Next: run okr check.\n";
  return k_ok;
}

int run_import(const ImportOptions& options) {
  if (!options.okrs.empty()) {
    return run_import_sheet(options);
  }
  if (options.files.empty()) {
    print_error("give the metrics files to import, or --okrs FILE.csv --cycle CYCLE for a "
                "spreadsheet of OKRs");
    return k_failure;
  }
  if (!options.cycle.empty()) {
    print_error("--cycle goes with --okrs; the cycle of a check-in is the one its date falls in");
    return k_failure;
  }
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
    const std::string& text = owner.text;
    const std::string path = owner.folder + "/" + owner.file_name;
    if (const auto& error = owner.text_error) {
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
    write.within = open->repo().config.private_prefix;
    pending.push_back({&owner, lines.size()});
    lines.emplace_back(); // filled in once written
    batch.push_back(CheckinToWrite{owner.folder, owner.date, text, write});
  }
  // Written on many threads, flushed to disk once, each never replacing a file.
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
  // Every file is linked before the folders are synced, once: success is reported only when
  // every new check-in is on disk.
  if (auto error = sync_checkin_folders(root, folders)) {
    print_error(*error);
    failed = true;
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
    if (!commit_files(root, written, message, open->repo().config.private_prefix)) {
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
  sub->add_option("files", options->files, "Metrics files: JSON, CSV or OpenMetrics text");
  sub->add_option("--okrs", options->okrs,
                  "Instead: write OKR files from this spreadsheet (CSV, one row per key result)");
  sub->add_option("--cycle", options->cycle, "With --okrs: the cycle of the OKR files");
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
      "With --okrs, it writes OKR files instead, one per owner, from a spreadsheet saved as CSV\n"
      "with one row per key result and the header owner, name, level, parent, objective,\n"
      "objective_title, aligns_to, kr, kr_title, type, baseline, target, stay_above,\n"
      "stay_below, stay_between, milestone, unit, metric (any order; owner, objective,\n"
      "objective_title, kr and kr_title required). Every bad row is reported at its line and\n"
      "column and nothing is written; no file is ever replaced.\n"
      "  okr import --okrs okrs.csv --cycle 2027-Q1\n\n"
      "Exit status: 0 recorded (or recorded already), 1 errors in the metrics for an owner\n"
      "(nothing written for it) or in the sheet (nothing written), 2 okr could not do its job\n"
      "(an OKR file exists, ...). See okr-import(1).");
  return [options] { return run_import(*options); };
}

} // namespace okr::cli
