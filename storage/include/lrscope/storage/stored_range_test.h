#pragma once

#include "lrscope/engine/find_report.h"
#include "lrscope/storage/run_database.h"
#include "lrscope/storage/run_writer.h"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace lrscope::storage {

/// One range test stored in a database while it runs (`lrscope find`, the app's worker): created as
/// `running` before the first step, its steps written in batches, its status, suggestions and range
/// at the end.
class StoredRangeTest {
public:
  /// Opens (or creates) the database and starts the run, as a child of parentRunId when one is
  /// given (one group of a per-group test, one repeat of a repeated test), with `uid` when one is
  /// given (NewRun::uid). Throws StorageError.
  StoredRangeTest(const std::filesystem::path& database, const engine::FindConfig& config,
                  const std::string& experiment = "default",
                  std::optional<int64_t> parentRunId = std::nullopt, const std::string& uid = {});

  [[nodiscard]] engine::RunObserver& observer() { return *m_writer; }
  /// Records the final status, the suggestions and the automatic range.
  void complete(const engine::FindReport& report);
  /// Records that the run failed before its first step (bad data, model that does not fit).
  void abandon(const std::string& message);

  [[nodiscard]] int64_t runId() const { return m_runId; }
  [[nodiscard]] const std::filesystem::path& databasePath() const { return m_database.path(); }
  /// This run's connection (it belongs to the thread that created the StoredRangeTest).
  [[nodiscard]] RunDatabase& database() { return m_database; }

private:
  storage::RunDatabase m_database;
  int64_t m_runId;
  std::unique_ptr<storage::RunWriter> m_writer;
};

} // namespace lrscope::storage
