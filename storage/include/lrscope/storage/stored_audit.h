#pragma once

#include "lrscope/engine/audit_summary.h"
#include "lrscope/engine/find_config.h"
#include "lrscope/engine/run_record.h"
#include "lrscope/engine/training_job.h"
#include "lrscope/storage/run_database.h"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>

namespace lrscope::storage {

/// One audit stored while it runs (`lrscope audit`): a run of kind "audit" created before its
/// first range test, whose config keeps the plan and what its runs share (auditConfigJson). Its
/// range tests and trainings are stored by StoredRangeTest and StoredTraining as its children
/// (runId() as their parent); loadAudit reads them back by their configs and seeds.
class StoredAudit {
public:
  /// Opens (or creates) the database and starts the audit's run. Throws StorageError.
  StoredAudit(const std::filesystem::path& database, const engine::AuditPlan& plan,
              const engine::TrainConfig& training, const engine::FindConfig& rangeTest,
              const std::string& experiment = "default");

  /// Records how the audit ended: its status, and the verdict (or why it stopped) as message.
  void complete(engine::RunStatus status, const std::string& message, double seconds);
  /// Records that the audit failed (the command stopped before it ended), after the time since
  /// it started.
  void abandon(const std::string& message);

  [[nodiscard]] int64_t runId() const { return m_runId; }
  [[nodiscard]] const std::filesystem::path& databasePath() const { return m_database.path(); }
  [[nodiscard]] const std::string& experiment() const { return m_experiment; }

private:
  RunDatabase m_database;
  std::string m_experiment;
  int64_t m_runId;
  std::chrono::steady_clock::time_point m_started = std::chrono::steady_clock::now();
};

/// The parent's config: the plan under "audit", the trainings' config (their schedule aside: each
/// training has its own peak) under "training", the range tests' sample and ladder under
/// "range_test" (each range test stores its whole config).
[[nodiscard]] std::string auditConfigJson(const engine::AuditPlan& plan,
                                          const engine::TrainConfig& training,
                                          const engine::FindConfig& rangeTest);

} // namespace lrscope::storage
