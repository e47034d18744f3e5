#pragma once

#include "lrscope/engine/lr_curve.h"
#include "lrscope/engine/lr_range_rule.h"
#include "lrscope/engine/run_record.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace lrscope::storage {

/// What is known about a run when it starts.
struct NewRun {
  std::string experiment = "default"; ///< created when missing
  std::string kind = "range_test";    ///< range_test | sweep | training | imported
  std::string configJson;             ///< the full config, as JSON text
  uint64_t seed = 0;
  std::string dataset;
  std::string model;
};

struct RunSummary {
  int64_t id = 0;
  std::string experiment;
  std::string kind;
  std::string status; ///< running, completed, diverged, cancelled, failed, interrupted
  std::string dataset;
  std::string model;
  std::string startedAt; ///< UTC, ISO 8601
  double durationSeconds = 0.0;
  int64_t steps = 0;
  std::string notes;
  std::vector<std::string> tags;
};

struct StoredRange {
  double lower = 0.0;
  double upper = 0.0;
  std::string source; ///< "auto" or "manual"
  std::string rule;   ///< rule name and version for "auto"
  std::string updatedAt;
};

struct RunDetails {
  RunSummary summary;
  std::string configJson;
  uint64_t seed = 0;
  std::string message; ///< why the run ended
  std::vector<engine::Suggestion> suggestions;
  std::optional<StoredRange> range;
};

struct RunFilter {
  std::string text; ///< matched against dataset, model, notes, experiment
  std::string tag;
  std::string kind;
  std::string status;
  std::string dataset;
  std::string model;
};

/// One connection to an LR Scope database (SQLite, WAL, foreign keys on, busy timeout 5 s).
/// Use one instance per thread. Opening creates the folder and the file, applies the ordered
/// migrations (one transaction each), refuses a database written by a newer LR Scope without
/// touching it, and marks runs left `running` by a process that no longer exists as
/// `interrupted`. Every method throws StorageError with a one-line message naming the file.
class RunDatabase {
public:
  static constexpr int kSchemaVersion = 1;

  explicit RunDatabase(const std::filesystem::path& file);
  ~RunDatabase();
  RunDatabase(const RunDatabase&) = delete;
  RunDatabase& operator=(const RunDatabase&) = delete;

  /// $XDG_DATA_HOME/lrscope/lrscope.db, or ~/.local/share/lrscope/lrscope.db.
  [[nodiscard]] static std::filesystem::path defaultPath();

  [[nodiscard]] const std::filesystem::path& path() const;

  /// Starts a run with status `running`, owned by this process; returns its id.
  [[nodiscard]] int64_t createRun(const NewRun& run);
  /// Appends step records in one transaction.
  void appendSteps(int64_t runId, const std::vector<engine::StepRecord>& steps);
  void finishRun(int64_t runId, engine::RunStatus status, const std::string& message,
                 double durationSeconds);
  /// Replaces the run's suggestions and its automatic range (a manual range is kept).
  void saveSuggestions(int64_t runId, const std::vector<engine::Suggestion>& suggestions,
                       const std::optional<engine::LrRange>& range);

  [[nodiscard]] std::vector<RunSummary> listRuns(const RunFilter& filter = {}) const;
  /// Throws StorageError "no run N in FILE" when it does not exist.
  [[nodiscard]] RunDetails loadRun(int64_t runId) const;
  [[nodiscard]] std::vector<engine::StepRecord> loadSteps(int64_t runId) const;
  /// Deletes the run and everything recorded for it.
  void deleteRun(int64_t runId);

private:
  class Impl;
  std::unique_ptr<Impl> m_impl;
};

} // namespace lrscope::storage
