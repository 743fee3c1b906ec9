#pragma once

// Recording a new check-in: from values as a person typed them, through validation against the
// repository, to a YAML file written atomically next to the others. Nothing here ever edits an
// existing file.

#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <okr/date.hpp>
#include <okr/index.hpp>
#include <okr/model.hpp>

namespace okr {

/// A value as typed: `first-week/completion` = `72`, or a KPI id = `24`.
struct DraftValue {
  std::string key;
  std::string value;
};

/// What a new check-in should record, as the user gave it (flags or prompts), not yet checked.
struct CheckinDraft {
  std::string owner;
  std::optional<std::string> cycle; ///< default: the owner's cycle containing the date
  std::optional<std::string> date;  ///< YYYY-MM-DD; default: today
  std::string author;
  std::optional<std::string> retro; ///< mid | end: records a retrospective
  std::optional<std::string> confidence;
  std::optional<std::string> status;
  std::vector<DraftValue> results;
  std::vector<DraftValue> kpis;
  std::optional<std::string> issues;
  std::optional<std::string> plan;
  std::vector<std::string> attractors;
  std::vector<std::string> detractors;
  std::vector<std::string> learned;
};

/// A result or KPI value ready to write: a number (written with the decimals it was typed
/// with), or done / not-done for a milestone.
struct RecordValue {
  std::string key;
  std::optional<double> number;
  std::optional<bool> done;
  std::uint8_t decimals = k_shortest;

  bool operator==(const RecordValue&) const = default;
};

/// A valid check-in, ready to write.
struct CheckinRecord {
  std::string owner;
  std::string cycle;
  Date date;
  std::string author;
  CheckinKind kind = CheckinKind::checkin;
  std::string retro;                ///< mid | end for a retrospective
  std::optional<Number> confidence; ///< as typed (its position is not used)
  std::optional<Status> status;
  std::vector<RecordValue> results;
  std::vector<RecordValue> kpis;
  std::optional<std::string> issues;
  std::optional<std::string> plan;
  std::vector<std::string> attractors;
  std::vector<std::string> detractors;
  std::vector<std::string> learned;

  /// Whether it records anything beyond who, when and which cycle.
  bool empty() const;
};

/// The owner's OKR file whose cycle contains `date` (the shortest such cycle), or null. Sets
/// `ambiguous` when two cycles of the same length qualify.
const OkrFile* owner_file_on(const Index& index, std::string_view owner, Date date,
                             bool* ambiguous = nullptr);

/// Resolves `key` ("objective/kr", or a bare KR id when it is unique in the file) to its key
/// result. On failure returns null and explains in `error`, listing the valid ids.
const KeyResult* resolve_kr(const OkrFile& file, std::string_view key, std::string* canonical,
                            std::string* error);

/// Parses a value typed for a key result: a number, or done / not-done for a milestone.
std::optional<RecordValue> parse_kr_value(const KeyResult& kr, std::string key,
                                          std::string_view text, std::string* error);

/// Parses a plain decimal number such as 72, -3.5 or 1e3 (what YAML reads as a number).
std::optional<double> parse_number(std::string_view text);

struct PreparedCheckin {
  std::optional<CheckinRecord> record;
  const OkrFile* file = nullptr;   ///< the owner's OKR file, when found
  std::vector<std::string> errors; ///< each says what is wrong and what to do
};

/// Resolves defaults and validates a draft against the repository: owner, cycle, date (inside
/// the cycle, not after `today`), key result and KPI ids, values, confidence, status.
PreparedCheckin prepare_checkin(const Index& index, const CheckinDraft& draft, Date today);

/// The YAML text of a check-in file. Free text is always double-quoted and escaped.
std::string checkin_yaml(const CheckinRecord& record);

/// Loads `text` back as the check-in file `path` and compares it with `record`; an error
/// message when it does not load clean or reads differently.
std::optional<std::string> verify_checkin_yaml(std::string_view text, const CheckinRecord& record,
                                               const std::string& path);

/// The folder of an owner's check-ins in a cycle, relative to the root: checkins/2026-Q4/discover.
std::string checkin_folder(const Config& config, std::string_view cycle, std::string_view owner);

/// The same for the owner of `file`: in the private repository (under Config::private_prefix,
/// "../okr-private/checkins/2026-Q4/alice") when the file is one of its OKR files.
std::string checkin_folder(const Repository& repo, const OkrFile& file, std::string_view cycle);

struct WrittenCheckin {
  std::string path;                 ///< relative to the root, when written or taken
  std::optional<std::string> error; ///< why nothing was written
  /// WriteOptions::name was taken already: nothing was written, `path` is the existing file.
  bool taken = false;
};

struct WriteOptions {
  /// The one name to create, such as 2026-10-12-import-1a2b3c4d.yaml: when it is taken, nothing
  /// is written and WrittenCheckin::taken is set (two imports of the same values race for one
  /// name, so one of them writes). Default: <date>.yaml, else the next free <date>-<n>.yaml.
  std::optional<std::string> name;
  /// fsync the folder after the file is linked. A bulk writer leaves it false and calls
  /// sync_checkin_folders once before it reports success.
  bool sync = true;
  /// The root-relative folder a check-in whose folder starts with it must stay inside: the
  /// private repository's (Config::private_prefix) for its owners' check-ins. Empty: the root.
  std::string within;
};

/// Writes `text` as a new file <folder>/<date>.yaml, or <date>-<n>.yaml when that name is
/// taken: a dot-file in the same folder first, fsync, then a hard link (or a no-replace
/// rename) to the final name, which never overwrites another file, and an fsync of the
/// folder. A crash at any instant leaves either no check-in or a complete one.
WrittenCheckin write_checkin_file(const std::filesystem::path& root, const std::string& folder,
                                  Date date, std::string_view text,
                                  const WriteOptions& options = {});

/// One check-in for write_checkin_files.
struct CheckinToWrite {
  std::string folder;
  Date date;
  std::string text;
  WriteOptions options;
};

/// write_checkin_file for each of `files`, on up to `jobs` threads (0: one per core); the
/// results in the order of `files`. Every file is written to its dot-file unsynced, the file
/// system is flushed once (syncfs(2)), and only then is each linked to its name: the same
/// guarantee as write_checkin_file (absent or complete after a crash) for one flush instead of
/// one fsync per file.
std::vector<WrittenCheckin> write_checkin_files(const std::filesystem::path& root,
                                                const std::vector<CheckinToWrite>& files,
                                                unsigned jobs);

/// fsyncs the folder of check-ins `folder` (relative to `root`), so that the files created in
/// it survive a crash; the error when it cannot.
std::optional<std::string> sync_checkin_folder(const std::filesystem::path& root,
                                               const std::string& folder);

/// Makes the names just linked in `folders` (relative to `root`) survive a crash: one fsync
/// for a single folder, else one flush of the file system (syncfs(2)); the error when it
/// cannot.
std::optional<std::string> sync_checkin_folders(const std::filesystem::path& root,
                                                const std::set<std::string>& folders);

} // namespace okr
