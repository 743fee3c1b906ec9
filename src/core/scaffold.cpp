#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fmt/format.h>
#include <memory>
#include <optional>

#include <okr/scaffold.hpp>
#include <okr/text.hpp>

#include "sys/atomic_file.hpp"

namespace okr {

namespace fs = std::filesystem;

std::string quarter_of(Date today) {
  return fmt::format("{}-Q{}", today.year(), (today.month() - 1) / 3 + 1);
}

std::string proposed_quarter(Date today) {
  return quarter_of(today + 30);
}

namespace {

/// The ASCII letters of a Latin-1 letter, U+00C0 to U+00FF, by its low five bits (upper and
/// lower case alike; U+00FF is ÿ): "é" is "e", "ß" "ss"; empty for × and ÷.
constexpr std::array<std::string_view, 32> k_latin1_letters = {
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
    "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "ss"};

/// The ASCII spelling of the accented letter that starts `text` (two bytes of UTF-8), if it is
/// one: Latin-1's letters, and œ/Œ.
std::optional<std::string_view> folded_letter(std::string_view text) {
  if (text.size() < 2 || (static_cast<unsigned char>(text[1]) & 0xC0) != 0x80) {
    return std::nullopt;
  }
  const auto lead = static_cast<unsigned char>(text[0]);
  const auto next = static_cast<unsigned char>(text[1]);
  if (lead == 0xC3) {
    return next == 0xBF ? "y" : k_latin1_letters[next & 0x1F];
  }
  if (lead == 0xC5 && (next == 0x92 || next == 0x93)) {
    return "oe";
  }
  return std::nullopt;
}

} // namespace

std::string id_from_title(std::string_view title) {
  static constexpr std::array<std::string_view, 14> k_little = {
      "a", "an", "the", "and", "or", "of", "for", "to", "in", "on", "at", "by", "with", "our"};
  constexpr std::size_t k_max = 40;
  std::vector<std::string> words(1);
  for (std::size_t i = 0; i < title.size(); ++i) {
    const char c = title[i];
    if (const std::optional<std::string_view> letters = folded_letter(title.substr(i))) {
      if (letters->empty() && !words.back().empty()) {
        words.emplace_back();
      }
      words.back() += *letters;
      ++i;
    } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      words.back() += c;
    } else if (c >= 'A' && c <= 'Z') {
      words.back() += static_cast<char>(c - 'A' + 'a');
    } else if (!words.back().empty()) {
      words.emplace_back();
    }
  }
  std::string id;
  for (const std::string& word : words) {
    if (word.empty() || std::find(k_little.begin(), k_little.end(), word) != k_little.end()) {
      continue;
    }
    if (id.size() + 1 + word.size() > k_max) {
      if (id.empty()) {
        id = word.substr(0, k_max); // one long word
      }
      break;
    }
    id += (id.empty() ? "" : "-") + word;
  }
  return id;
}

namespace {

/// `text` as YAML comment lines, wrapped at about 80 columns, each starting with `indent#`.
std::string comment_block(const std::string& text, const std::string& indent) {
  std::string out;
  std::string line;
  std::size_t start = 0;
  const auto flush = [&] {
    out += indent + "#" + (line.empty() ? "" : " " + line) + "\n";
    line.clear();
  };
  while (start <= text.size()) {
    std::size_t end = text.find_first_of(" \n", start);
    if (end == std::string::npos) {
      end = text.size();
    }
    const std::string word = text.substr(start, end - start);
    if (!word.empty()) {
      if (!line.empty() && line.size() + word.size() + indent.size() > 76) {
        flush();
      }
      line += (line.empty() ? "" : " ") + word;
    }
    if (end < text.size() && text[end] == '\n') {
      flush();
    }
    start = end + 1;
  }
  if (!line.empty()) {
    flush();
  }
  return out;
}

} // namespace

std::vector<NewFile> init_files(const InitAnswers& a) {
  const std::string year_cycle = a.cycle.empty() ? std::to_string(a.today.year()) : a.cycle;
  const std::string quarter = a.team_cycle.empty() ? quarter_of(a.today) : a.team_cycle;
  std::vector<NewFile> files;
  files.push_back(
      {"okr.yaml",
       fmt::format(R"(# Settings of this OKR repository; see okr(5). Every key is optional, and this
# file marks the root of the repository for okr.
version: 1
organization: {}
# vision: Where we are going, in one sentence: shown at the top of reports.
# strategy:
#   - The few strategic choices the OKRs turn into focus

# Cycle ids such as {}, {}-H1 or {} are understood without being declared.
# cycles:
#   {}: {{start: YYYY-MM-DD, end: YYYY-MM-DD}}

checkin:
  cadence_days: 7   # teams check in weekly: confidence, results, issues, plan
  # cadence_by_level: {{unit: 30, company: 90}}   # a monthly unit, a quarterly company
  # retro_grace_days: 14   # an end retrospective may follow its cycle by two weeks
)",
                   yaml_quoted(a.organization), quarter, a.today.year(), year_cycle, quarter)});
  files.push_back(
      {fmt::format("okrs/{}/{}.yaml", year_cycle, a.company),
       fmt::format(R"(# The company's OKRs for {cycle}: the few priorities every unit and team
# aligns to. Objectives name a qualitative change; key results measure it
# (baseline, target, unit). Keep one to three objectives with two to five key
# results each. Run `okr check` after every edit.
cycle: {cycle}
owner: {company}
name: {name}
level: company

objectives:
  - id: delight-customers
    title: Make our product a delight to start with
    key_results:
      - id: activation
        title: Raise the share of new customers active in week one from 40% to 60%
        type: committed      # committed | stretch (the default) | experimental
        baseline: 40
        target: 60
        unit: "%"
      - id: time-to-value
        title: Cut the days from sign-up to first value from 10 to 3
        baseline: 10
        target: 3            # a target below the baseline is a decrease
        unit: days
      - id: support-contacts
        title: Keep support contacts per new customer at or below 0.5
        stay_below: 0.5      # a guardrail: it must hold, not move
        unit: contacts per customer

# Health metrics to keep an eye on: monitored, not OKRs.
kpis:
  - id: churn
    title: Monthly customer churn
    unit: "%"
    stay_below: 2
)",
                   fmt::arg("cycle", year_cycle), fmt::arg("company", a.company),
                   fmt::arg("name", yaml_quoted(a.organization)))});
  files.push_back({"checkins/.gitkeep", ""});
  files.push_back({".pre-commit-config.yaml",
                   R"(# Runs `okr check` before every commit that touches OKR or check-in files.
# Install: pip install pre-commit && pre-commit install
repos:
  - repo: local
    hooks:
      - id: okr-check
        name: okr check
        entry: okr check
        language: system
        pass_filenames: false
        require_serial: true
        files: ^(okr\.yaml|okrs/|checkins/)
)"});
  files.push_back(
      {".github/workflows/okr.yml", R"(# Checks the OKR files of every pull request with okr.
name: okr
on:
  pull_request:
    paths: ["okr.yaml", "okrs/**", "checkins/**"]
  push:
    branches: [main]
jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with: {fetch-depth: 0}   # the history that moved-target and backdated-checkin read
      # Install okr from your own package source, for example the .deb that
      # `cpack -G DEB` builds from okr's repository.
      - run: okr check
  # To publish the report as a static site on GitHub Pages (Settings > Pages > Source: GitHub
  # Actions), uncomment this job: okr report --format site writes index.html, a page per unit
  # and a page per owner, linked relatively (see okr-report(1)); private OKRs stay out.
  # site:
  #   if: github.ref == 'refs/heads/main'
  #   runs-on: ubuntu-latest
  #   permissions: {pages: write, id-token: write}
  #   environment: {name: github-pages, url: "${{ steps.deploy.outputs.page_url }}"}
  #   steps:
  #     - uses: actions/checkout@v4
  #       with: {fetch-depth: 0}
  #     - run: okr report --format site -o public
  #     - uses: actions/upload-pages-artifact@v3
  #       with: {path: public}
  #     - id: deploy
  #       uses: actions/deploy-pages@v4
)"});
  files.push_back({".github/workflows/okr-due.yml",
                   R"(# Posts a weekly reminder to Slack: the owners due or overdue for a check-in
# (okr due; see okr-due(1)). Off until the repository secret OKR_SLACK_WEBHOOK exists
# (Settings > Secrets and variables > Actions > New repository secret), holding the URL of a
# Slack incoming webhook; okr itself never touches the network, curl posts its message.
name: okr due
on:
  schedule:
    - cron: "0 8 * * 1"   # Mondays at 08:00 UTC
  workflow_dispatch:        # and by hand, from the Actions tab
jobs:
  remind:
    runs-on: ubuntu-latest
    env:
      OKR_SLACK_WEBHOOK: ${{ secrets.OKR_SLACK_WEBHOOK }}
    steps:
      - uses: actions/checkout@v4
        if: env.OKR_SLACK_WEBHOOK != ''
      # Install okr from your own package source, as in okr.yml.
      - name: Post who is due for a check-in
        if: env.OKR_SLACK_WEBHOOK != ''
        run: |
          okr due --format slack > okr-due.json
          curl -sS --fail --retry 3 -H 'Content-Type: application/json' \
            --data-binary @okr-due.json "$OKR_SLACK_WEBHOOK"
)"});
  return files;
}

NewFile new_okr_file(const NewOkrAnswers& a, const std::string& okrs_path) {
  const std::string cycle = a.cycle.empty() ? proposed_quarter(a.today) : a.cycle;
  std::string text;
  text += fmt::format("# OKRs of {} for {}. See okr(5) for every key; run `okr check` after each "
                      "edit.\n",
                      a.owner, cycle);
  text += "#\n";
  text += "# Before you write: imagine it is the end of the cycle and you are proud of what\n"
          "# was achieved. What happened? Objectives name that change; key results are the\n"
          "# evidence that it happened, measured from a baseline to a target.\n";
  if (!a.story.empty()) {
    text += "#\n# Your answer:\n";
    text += comment_block(a.story, "");
  }
  text += fmt::format("cycle: {}\nowner: {}\n", cycle, a.owner);
  if (!a.name.empty()) {
    text += fmt::format("name: {}\n", yaml_quoted(a.name));
  }
  text += fmt::format("level: {}\n", to_string(a.level));
  if (a.level != Level::company) {
    text +=
        fmt::format("parent: {}   # the owner above {} in the organisation\n", a.parent, a.owner);
  }
  if (a.level == Level::individual) {
    text += "visibility: private   # personal OKRs are private by default; they are no "
            "performance rating\n";
  }
  text += "\nobjectives:\n";
  text += "  # One to three objectives, each a qualitative change worth the cycle.\n";
  const std::string id = id_from_title(a.objective);
  text += fmt::format("  - id: {}\n", id.empty() ? std::string("first-objective") : id);
  text +=
      fmt::format("    title: {}\n",
                  a.objective.empty() ? std::string("Make onboarding effortless for new customers")
                                      : yaml_quoted(a.objective));
  if (!a.aligns_to.empty()) {
    text += fmt::format("    aligns_to: {}   # the objective above that this one supports; "
                        "change it if another fits better\n",
                        a.aligns_to);
  } else if (a.level != Level::company) {
    text += fmt::format("    # aligns_to: {}/<objective-id>   # the objective above that this one "
                        "supports\n",
                        a.parent);
  }
  text += R"(    key_results:
      # Two to five measurable results: from a baseline to a target, with a unit.
      - id: completion
        title: Increase onboarding completion from 60% to 80%
        type: committed      # committed | stretch (the default) | experimental
        baseline: 60
        target: 80
        unit: "%"
      - id: time-to-value
        title: Cut the days from sign-up to first value from 10 to 3
        baseline: 10
        target: 3
        unit: days
      # A guardrail holds a level instead of moving it:
      # - id: crash-free
      #   title: Keep crash-free sessions at or above 99.5%
      #   stay_above: 99.5
      #   unit: "%"

# KPIs: health metrics you monitor; they are not OKRs.
# kpis:
#   - {id: nps, title: Net promoter score, unit: points, stay_above: 20}
)";
  return {fmt::format("{}/{}/{}.yaml", okrs_path, cycle, a.owner), text};
}

std::optional<std::string> create_new_file(const std::string& path, const std::string& text,
                                           bool& existed) {
  CreatedFiles done = create_new_files({}, {NewFile{path, text}});
  existed = !done.existed.empty();
  return done.error;
}

CreatedFiles create_new_files(const fs::path& base, const std::vector<NewFile>& files,
                              bool all_new) {
  CreatedFiles out;
  // Destroyed in reverse order of declaration: the temporary files (staged) first, then the
  // folders made for them, unless kept on success. A failure after a link removes the files
  // linked first (undo_links).
  sys::MadeFolders made;
  std::vector<fs::path> linked;
  auto undo_links = [&] {
    for (auto it = linked.rbegin(); it != linked.rend(); ++it) {
      std::error_code ignored;
      fs::remove(*it, ignored);
    }
    out.created.clear();
  };
  std::vector<std::pair<const NewFile*, std::unique_ptr<sys::AtomicFile>>> staged;
  for (const NewFile& file : files) {
    const fs::path target = base / file.path;
    std::error_code ec;
    if (fs::symlink_status(target, ec).type() != fs::file_type::not_found) {
      out.existed.push_back(file.path);
      if (all_new) {
        return out;
      }
      continue;
    }
    const fs::path folder = target.parent_path();
    if (const int error = made.make(folder); error != 0) {
      out.error =
          fmt::format("cannot create folder '{}': {}", folder.string(), std::strerror(error));
      return out;
    }
    auto temp = std::make_unique<sys::AtomicFile>(target);
    if (temp->error() != 0) {
      out.error =
          fmt::format("cannot write in '{}': {}", folder.string(), std::strerror(temp->error()));
      return out;
    }
    temp->write(file.text);
    if (const int error = temp->close(); error != 0) {
      out.error = fmt::format("cannot write '{}': {}", target.string(), std::strerror(error));
      return out;
    }
    staged.emplace_back(&file, std::move(temp));
  }
  // The new folders reach the disk before the files take their names in them.
  if (const int error = made.sync(); error != 0) {
    out.error =
        fmt::format("cannot flush the new folders of '{}' to disk: {}",
                    base.empty() ? fs::path(".").string() : base.string(), std::strerror(error));
    return out;
  }
  for (auto& [file, temp] : staged) {
    const fs::path target = base / file->path;
    const int error = temp->create(target);
    if (error == EEXIST) {
      out.existed.push_back(file->path); // appeared meanwhile: never overwritten
      if (all_new) {
        undo_links();
        return out;
      }
      continue;
    }
    if (error != 0) {
      undo_links();
      out.error =
          temp->error() != 0 // created, but its folder could not be flushed
              ? fmt::format("cannot flush '{}' to disk: {}", target.string(), std::strerror(error))
              : fmt::format("cannot create '{}': {}", target.string(), std::strerror(error));
      return out;
    }
    linked.push_back(target); // and its folder synced by create()
    out.created.push_back(file->path);
  }
  made.keep();
  return out;
}

} // namespace okr
