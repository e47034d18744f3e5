#pragma once

#include "lrscope/engine/run_record.h"

#include <chrono>
#include <cstdint>
#include <vector>

namespace lrscope::storage {

class RunDatabase;

/// Stores a run's steps as they come, committing in batches: every kBatchRows records or
/// kBatchInterval, whichever comes first, so a crash loses at most the open batch. Borrows the
/// database, which must outlive the writer and belong to the thread that calls onStep.
class RunWriter : public engine::RunObserver {
public:
  static constexpr std::size_t kBatchRows = 300;
  static constexpr std::chrono::milliseconds kBatchInterval{250};

  RunWriter(RunDatabase& database, int64_t runId);
  /// Flushes what is pending; never throws (a failure here is reported by finish()).
  ~RunWriter() override;

  void onStep(const engine::StepRecord& record) override;
  /// Commits the open batch and records the final status.
  void finish(engine::RunStatus status, const std::string& message, double durationSeconds);
  /// Commits the open batch.
  void flush();

private:
  RunDatabase& m_database;
  int64_t m_runId;
  std::vector<engine::StepRecord> m_pending;
  std::chrono::steady_clock::time_point m_lastCommit;
};

} // namespace lrscope::storage
