#pragma once

#include "lrscope/engine/training_job.h"
#include "lrscope/storage/run_database.h"
#include "lrscope/storage/run_writer.h"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace lrscope::storage {

/// One training run stored while it runs (`lrscope train`, the app's worker, each learning
/// rate of a sweep): created `running` before the first step; steps in batches, every epoch's
/// metrics and every event (LR changes, plateau reductions, checkpoints) as they come; the
/// status and the checkpoint at the end.
class StoredTraining : public engine::TrainingObserver {
public:
  /// Opens (or creates) the database and starts the run (with `uid`, NewRun::uid, when given).
  /// Throws StorageError.
  StoredTraining(const std::filesystem::path& database, const engine::TrainConfig& config,
                 const std::string& experiment = "default",
                 std::optional<int64_t> parentRunId = std::nullopt,
                 engine::RunKind kind = engine::RunKind::Training, const std::string& uid = {});

  void onStep(const engine::StepRecord& record) override;
  void onEpoch(const engine::EpochRecord& record) override;
  void onEvent(int step, const std::string& kind, const std::string& payloadJson) override;

  /// Records the final status, the message and the checkpoint.
  void complete(const engine::TrainingReport& report);
  /// Stores the steps still buffered and records a status that is not the run's end: a sweep
  /// candidate's rung trained on a cluster, to go on after the promote step.
  void pause(engine::StoredStatus status, const std::string& message, double seconds);
  /// Records that the run failed before its first step.
  void abandon(const std::string& message);

  [[nodiscard]] int64_t runId() const { return m_runId; }
  [[nodiscard]] RunDatabase& database() { return m_database; }

private:
  RunDatabase m_database;
  int64_t m_runId;
  std::unique_ptr<RunWriter> m_writer;
};

} // namespace lrscope::storage
