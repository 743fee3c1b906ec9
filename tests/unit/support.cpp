#include "support.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <stdexcept>
#include <unistd.h>

#include <okr/check.hpp>

namespace okr::test {

std::string replace(std::string text, const std::string& from, const std::string& to) {
  const std::size_t at = text.find(from);
  if (at == std::string::npos) {
    throw std::logic_error("test input lacks: " + from);
  }
  return text.replace(at, from.size(), to);
}

std::vector<std::string> load(const std::string& text, const std::string& name) {
  LoadResult result = load_string(text, name);
  std::vector<std::string> out;
  for (const Diagnostic& d : result.diagnostics) {
    out.push_back(std::to_string(d.line) + ":" + std::to_string(d.column) + " " + d.rule + ": " +
                  d.message);
  }
  return out;
}

Files with_base(const Files& extra) {
  // The base repository has no check-ins and a milestone: keep the quality rules about those
  // quiet so that each test sees only what it is about.
  Files files = {{"okr.yaml", "version: 1\nlint: {rules: {stale-checkin: off, output-kr: off}}\n"},
                 {k_company_path, k_company},
                 {k_team_path, k_team}};
  for (const auto& [path, text] : extra) {
    // Captured by name: clang 14 cannot capture a structured binding.
    auto it = std::find_if(files.begin(), files.end(),
                           [&path = path](const auto& f) { return f.first == path; });
    if (it != files.end()) {
      it->second = text;
    } else {
      files.emplace_back(path, text);
    }
  }
  return files;
}

std::vector<std::string> check(const Files& files, const std::string& today) {
  std::vector<SourceFile> sources;
  for (const auto& [path, text] : files) {
    SourceFile source;
    source.path = path;
    source.text = text;
    sources.push_back(std::move(source));
  }
  CheckRequest request;
  request.sources = std::move(sources);
  request.today = *Date::parse(today);
  request.include_private = true; // the rules' own messages
  const auto result = check_repository(request);
  const std::vector<Diagnostic>& all = result->report.diagnostics;
  std::vector<std::string> out;
  for (const Diagnostic& d : all) {
    out.push_back(fmt::format("{}:{}:{}: {}: {} [{}]", d.file, d.line, d.column,
                              to_string(d.severity), d.message, d.rule));
  }
  return out;
}

std::vector<std::string> findings(const std::string& rule, const Files& files,
                                  const std::string& today) {
  std::vector<std::string> out;
  for (std::string& line : check(files, today)) {
    if (line.size() > rule.size() + 3 && line.ends_with("[" + rule + "]")) {
      out.push_back(std::move(line));
    }
  }
  return out;
}

LoadedReport report_of(const std::string& folder, bool include_private,
                       std::optional<ReportCommit> commit) {
  LoadedReport out;
  LoadOptions options;
  options.use_cache = false;
  out.loaded = std::make_unique<LoadResult>(
      load_repository(std::string(OKR_SOURCE_DIR) + "/" + folder, options));
  if (out.loaded->fatal) {
    throw std::runtime_error(*out.loaded->fatal);
  }
  out.index = std::make_unique<Index>(out.loaded->repo);
  ReportOptions report_options;
  report_options.as_of = *Date::parse("2026-11-20");
  report_options.include_private = include_private;
  report_options.commit = std::move(commit);
  ReportResult result = build_report(*out.index, report_options);
  if (!result.report) {
    throw std::runtime_error(result.error);
  }
  out.report = std::move(*result.report);
  return out;
}

TempDir::TempDir(const std::string& name) {
  path = std::filesystem::temp_directory_path() / (name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(path);
  std::filesystem::create_directories(path);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path, ec);
}

} // namespace okr::test
