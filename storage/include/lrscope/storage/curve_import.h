#pragma once

#include "lrscope/engine/curve_file.h"
#include "lrscope/engine/lr_curve.h"
#include "lrscope/engine/run_record.h"
#include "lrscope/storage/run_database.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace lrscope::storage {

/// What an LR Scope run export (exportRunJson) recorded beside the curve, brought back on
/// import: the names, config, notes and tags, every step column, the events and a manual range.
struct ExportedRun {
  int64_t id = 0; ///< in the database it was exported from
  std::string kind;
  std::string status;
  std::string message;
  std::string configJson; ///< the original config, as JSON text
  uint64_t seed = 0;
  std::string dataset;
  std::string model;
  double durationSeconds = 0.0;
  std::string notes;
  std::vector<std::string> tags;
  std::vector<std::string> classNames;
  std::vector<std::string> warnings;
  std::vector<engine::StepRecord> steps; ///< one per curve point
  std::vector<RunEvent> events;          ///< createdAt is not kept
  std::optional<RangeBounds> manualRange;
};

/// A curve file read for import, before anything is stored.
struct CurveImport {
  std::filesystem::path sourceFile;
  std::optional<engine::CurveFormat> format; ///< set by readCurveImport
  engine::LrCurve curve;
  std::optional<ExportedRun> exported; ///< for an LR Scope run export only
};

/// Reads a curve file in any engine::CurveFormat (detected by content). Throws
/// engine::InputError with a one-line message naming the file when it is none of the formats
/// or holds a bad value (see engine::readCurveFile).
[[nodiscard]] CurveImport readCurveImport(const std::filesystem::path& file);

/// Stores a curve read by readCurveImport as a run of kind "imported" with the source file
/// recorded, every rule's suggestion and the automatic range computed again from the curve, so
/// it is shown, compared and range-picked like any other run. From an LR Scope run export it
/// keeps the data set, model, seed, config, status, notes, tags, every step column, the events
/// and a manual range. Returns the new run's id. Throws StorageError when the database cannot
/// be written; nothing of the run is left behind then.
int64_t importCurve(RunDatabase& database, const CurveImport& imported,
                    const std::string& experiment = "default");

/// Stores a loss-vs-LR curve recorded elsewhere as importCurve above, the data set named after
/// the file.
int64_t importCurve(RunDatabase& database, const engine::LrCurve& curve,
                    const std::filesystem::path& sourceFile,
                    const std::string& experiment = "default");

} // namespace lrscope::storage
