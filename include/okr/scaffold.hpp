#pragma once

// Starter files for `okr init` and `okr new`: pure functions from answers to file contents,
// and the one way okr creates a file it must never overwrite.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <okr/date.hpp>
#include <okr/model.hpp>

namespace okr {

/// A file to create: a path relative to the target folder and its text.
struct NewFile {
  std::string path;
  std::string text;
};

/// The quarter `today` falls in, such as "2026-Q4".
std::string quarter_of(Date today);

/// The quarter okr new proposes on `today`: the current one, or the next one during the last
/// 30 days of a quarter, when OKRs are written for the cycle ahead.
std::string proposed_quarter(Date today);

/// An objective id made from its title: the first words of the title, lower-case ASCII letters
/// and digits joined by '-', without little words such as "the" or "for", at most 40
/// characters ("Make paying anyone effortless" gives make-paying-anyone-effortless); accented
/// Latin letters lose their accents ("Réduire le délai" gives reduire-le-delai); empty when
/// the title has no such words.
std::string id_from_title(std::string_view title);

struct InitAnswers {
  std::string organization = "Example Company";
  std::string company = "company"; ///< the company's owner id
  std::string cycle;               ///< the company's cycle; the year of `today` when empty
  std::string team_cycle;          ///< the teams' cycle; the quarter of `today` when empty
  Date today = Date::today();
};

/// okr.yaml, a starter company OKR file, folders kept by .gitkeep files, a pre-commit
/// configuration and a GitHub Actions workflow that run `okr check`.
std::vector<NewFile> init_files(const InitAnswers& answers);

struct NewOkrAnswers {
  std::string owner;
  Level level = Level::team;
  std::string parent;    ///< required unless level is company
  std::string cycle;     ///< proposed_quarter(today) when empty
  std::string name;      ///< display name; optional
  std::string story;     ///< the "time machine" answer, kept as comments to guide the author
  std::string objective; ///< a first objective title; a placeholder when empty
  std::string aligns_to; ///< "owner/objective" of the parent, when known
  Date today = Date::today();
};

/// A starter OKR file at okrs/<cycle>/<owner>.yaml whose comments explain every field.
NewFile new_okr_file(const NewOkrAnswers& answers, const std::string& okrs_path = "okrs");

/// Creates `path` with `text` only if nothing exists there, atomically: the text is written
/// to a temporary file in the same folder, flushed to disk, then linked into place (link(2)
/// refuses to replace), so a reader never sees half a file and a file that appeared
/// meanwhile is never overwritten. Creates missing parent folders (removed again when the
/// file cannot be written). Returns an error message, or nullopt on success; `existed` is set
/// when the file was already there.
std::optional<std::string> create_new_file(const std::string& path, const std::string& text,
                                           bool& existed);

/// What create_new_files did: on error nothing (every file it created removed again, and the
/// folders it made); else the files it created and those that existed already (skipped).
struct CreatedFiles {
  std::optional<std::string> error;
  std::vector<std::string> created; ///< paths as given
  std::vector<std::string> existed;
};

/// Creates every file of `files` (paths relative to `base`) that does not exist, all or none,
/// each as create_new_file does: every text written to its temporary file and flushed first,
/// then each linked into place in order and their folders flushed; when any step fails, the
/// files already linked are removed again, and the folders made. With `all_new`, a file that
/// exists (or appears meanwhile) stops it the same way, with nothing created: of writers racing
/// for the same files, the one that links the first file writes them all.
CreatedFiles create_new_files(const std::filesystem::path& base, const std::vector<NewFile>& files,
                              bool all_new = false);

} // namespace okr
