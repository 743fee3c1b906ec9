// okr init: start an OKR repository in a folder, never overwriting anything.

#include <algorithm>
#include <filesystem>
#include <fmt/format.h>
#include <iostream>
#include <iterator>

#include <okr/scaffold.hpp>
#include <okr/text.hpp>

#include "command.hpp"

namespace fs = std::filesystem;

namespace okr::cli {

namespace {

struct InitOptions {
  std::string dir = ".";
  InitAnswers answers;
};

int run_init(const InitOptions& options) {
  if (!is_valid_id(options.answers.company)) {
    print_error(fmt::format("--company '{}' is not an id; use lower-case letters, digits and '-'",
                            options.answers.company));
    return k_failure;
  }
  std::size_t created = 0;
  std::vector<std::string> skipped;
  // A folder that already holds OKR files gets no second starter company.
  std::error_code ec;
  bool has_okrs = false;
  for (auto it = fs::recursive_directory_iterator(fs::path(options.dir) / "okrs", ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    has_okrs = has_okrs || it->path().extension() == ".yaml" || it->path().extension() == ".yml";
  }
  // All or nothing: a file that cannot be written leaves the folder as it was.
  const std::vector<NewFile> all = init_files(options.answers);
  auto kept_out = [&](const NewFile& file) { return has_okrs && file.path.rfind("okrs/", 0) == 0; };
  std::vector<NewFile> files;
  std::copy_if(all.begin(), all.end(), std::back_inserter(files),
               [&](const NewFile& file) { return !kept_out(file); });
  const CreatedFiles done = create_new_files(options.dir, files);
  if (done.error) {
    print_error(*done.error + "; nothing was written");
    return k_failure;
  }
  for (const std::string& path : done.created) {
    std::cout << "created " << (fs::path(options.dir) / path).lexically_normal().string() << '\n';
    ++created;
  }
  for (const NewFile& file : all) {
    if (kept_out(file)) {
      skipped.push_back(file.path + " (okrs/ already holds OKR files)");
    } else if (std::find(done.existed.begin(), done.existed.end(), file.path) !=
               done.existed.end()) {
      skipped.push_back(file.path);
    }
  }
  for (const std::string& path : skipped) {
    std::cout << "skipped " << (fs::path(options.dir) / path).lexically_normal().string()
              << (path.find(' ') == std::string::npos ? ": it exists, and okr init never overwrites"
                                                      : "")
              << '\n';
  }
  if (created == 0) {
    std::cout << "nothing to do: every file okr init writes is already there\n";
    return k_ok;
  }
  const std::string cd = options.dir == "." ? "" : fmt::format("cd {} && ", options.dir);
  std::cout << fmt::format("\nNext: validate the starter files, then add a team's OKRs:\n"
                           "  {}okr check\n"
                           "  okr new TEAM --level team --parent {}\n",
                           cd, options.answers.company);
  return k_ok;
}

} // namespace

Runner setup_init(CLI::App& app) {
  auto options = std::make_shared<InitOptions>();
  CLI::App* sub = app.add_subcommand("init", "Start an OKR repository: okr.yaml, a starter "
                                             "company file, folders and CI hooks");
  sub->add_option("dir", options->dir, "The folder to start it in (created if missing)");
  sub->add_option("--organization", options->answers.organization,
                  "The organisation's name, for okr.yaml and reports");
  sub->add_option("--company", options->answers.company, "The company's owner id");
  sub->add_option("--cycle", options->answers.cycle,
                  "The company's cycle (default: this year, such as 2026)");
  sub->footer("okr init writes okr.yaml, okrs/<year>/<company>.yaml, checkins/, "
              ".pre-commit-config.yaml and .github/workflows/okr.yml, and skips (never "
              "overwrites) any that exist.\n\n"
              "Examples:\n  okr init\n  okr init acme-okrs --organization \"Acme Bank\" "
              "--company acme\n\n"
              "Exit status: 0 done (files that existed are skipped), 2 a file could not be "
              "written or an option is wrong.");
  return [options] { return run_init(*options); };
}

} // namespace okr::cli
