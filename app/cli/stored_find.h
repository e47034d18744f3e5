#pragma once

#include "lrscope/engine/find_report.h"
#include "lrscope/storage/run_database.h"
#include "lrscope/storage/run_writer.h"

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace lrscope::cli {

/// Passes every step to each of several observers (null ones are skipped).
class ObserverFanOut : public engine::RunObserver {
public:
  explicit ObserverFanOut(std::vector<engine::RunObserver*> observers);
  void onStep(const engine::StepRecord& record) override;

private:
  std::vector<engine::RunObserver*> m_observers;
};

/// One `lrscope find` run stored in a database while it runs: created as `running` before the
/// first step, its steps written in batches, its status, suggestions and range at the end.
class StoredFind {
public:
  /// Opens (or creates) the database and starts the run. Throws StorageError.
  StoredFind(const std::filesystem::path& database, const engine::FindConfig& config);

  [[nodiscard]] engine::RunObserver& observer() { return *m_writer; }
  /// Records the final status, the suggestions and the automatic range.
  void complete(const engine::FindReport& report);
  /// Records that the run failed before its first step (bad data, model that does not fit).
  void abandon(const std::string& message);

  [[nodiscard]] int64_t runId() const { return m_runId; }
  [[nodiscard]] const std::filesystem::path& databasePath() const { return m_database.path(); }

private:
  storage::RunDatabase m_database;
  int64_t m_runId;
  std::unique_ptr<storage::RunWriter> m_writer;
};

} // namespace lrscope::cli
