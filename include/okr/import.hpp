#pragma once

// `okr import`: from the samples of metrics files to the check-ins to write, one per owner,
// cycle and day, each validated as `okr checkin` validates a draft (prepare_checkin) and named
// so that two imports of the same values race for one file name (idempotent, also across
// processes).

#include <optional>
#include <string>
#include <vector>

#include <okr/checkins.hpp>
#include <okr/diagnostic.hpp>
#include <okr/index.hpp>
#include <okr/metrics.hpp>

namespace okr {

struct MetricsFile {
  std::string path; ///< as the user named it, for findings
  metrics::ParseResult parsed;
};

struct ImportRequest {
  std::vector<MetricsFile> files;
  Date date;  ///< the day of samples that carry none (--date, default today)
  Date today; ///< no check-in after it
  std::string author = "okr import";
  std::vector<std::string> owners; ///< only these owners (--owner); empty for all
};

/// One check-in to write, or why not.
struct OwnerImport {
  std::string owner;
  std::string cycle;
  Date date;
  /// Errors for this owner (with the metrics file and line), kept on its first check-in.
  std::vector<Diagnostic> errors;
  /// The owner has errors (here or on its first check-in): nothing is written for it.
  bool held = false;
  /// The values not yet recorded, ready to write; empty when errors or already recorded.
  std::optional<CheckinRecord> record;
  /// The check-in file of `record` (checkin_yaml), and why it would not load back as `record`
  /// when it would not (verify_checkin_yaml): then nothing is written for the owner.
  std::string text;
  std::optional<std::string> text_error;
  std::string folder;    ///< of the owner's check-ins in the cycle
  std::string file_name; ///< the one name this check-in is created under (WriteOptions::name)
  /// The check-in that already records every value, when nothing is left to write.
  std::optional<std::string> recorded_in;
};

struct ImportPlan {
  std::vector<OwnerImport> owners; ///< by owner, cycle and date
  /// Warnings (a metric named in an OKR file that no metrics file holds, naming both) and
  /// errors about a metrics file as a whole (a syntax error: then nothing is written at all).
  std::vector<Diagnostic> findings;
  bool blocked = false; ///< an error about a whole file: write nothing
};

/// What `request` would write into the repository of `index` (loaded with its check-ins).
ImportPlan plan_import(const Index& index, const ImportRequest& request);

} // namespace okr
