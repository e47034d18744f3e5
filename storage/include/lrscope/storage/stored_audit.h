#pragma once

#include "lrscope/engine/audit_summary.h"
#include "lrscope/engine/find_config.h"
#include "lrscope/engine/run_record.h"
#include "lrscope/engine/training_job.h"
#include "lrscope/storage/run_database.h"
#include "lrscope/storage/sharded_runs.h"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace lrscope::storage {

/// One audit stored while it runs (`lrscope audit`): a run of kind "audit" created before its
/// first range test, whose config keeps the plan and what its runs share (auditConfigJson). Its
/// range tests and trainings are stored by StoredRangeTest and StoredTraining as its children
/// (runId() as their parent); loadAudit reads them back by their configs and seeds.
///
/// A shard of an audit (lrscope audit --shard) stores its share of the units in a file of its
/// own (rollback journal, for network file systems), under the parent uid every shard shares;
/// `lrscope merge` reassembles the audit from the shards' files.
class StoredAudit {
public:
  /// Opens (or creates) the database and starts the audit's run (a shard's share of it when
  /// `shard` is given). Throws StorageError.
  StoredAudit(const std::filesystem::path& database, const engine::AuditPlan& plan,
              const engine::TrainConfig& training, const engine::FindConfig& rangeTest,
              const std::string& experiment = "default",
              std::optional<ShardPart> shard = std::nullopt);

  /// Records how the audit ended: its status, and the verdict (or why it stopped) as message.
  /// A shard records its own end instead (Ctrl+C: cancelled, to be rerun) and the parent is put
  /// together from what its file holds (reassembleShardedParent); `message` is the audit's.
  void complete(engine::RunStatus status, const std::string& message, double seconds);
  /// Records that the audit failed (the command stopped before it ended), after the time since
  /// it started.
  void abandon(const std::string& message);

  [[nodiscard]] int64_t runId() const { return m_runId; }
  [[nodiscard]] const std::filesystem::path& databasePath() const { return m_database.path(); }
  [[nodiscard]] const std::string& experiment() const { return m_experiment; }
  /// The uid of a child of a shard: its unit and `role` ("range", "suggested", "grid"), so that
  /// a shard merged again adds no run twice; empty (a uid of its own) when not sharded.
  [[nodiscard]] std::string childUid(int unit, const std::string& role) const;

private:
  RunDatabase m_database;
  std::string m_experiment;
  std::optional<ShardPart> m_shard;
  int64_t m_runId;
  std::chrono::steady_clock::time_point m_started = std::chrono::steady_clock::now();
};

/// The parent's config: the plan under "audit", the trainings' config (their schedule aside: each
/// training has its own peak) under "training", the range tests' sample and ladder under
/// "range_test" (each range test stores its whole config).
[[nodiscard]] std::string auditConfigJson(const engine::AuditPlan& plan,
                                          const engine::TrainConfig& training,
                                          const engine::FindConfig& rangeTest);

/// How a sharded audit ended once every shard is merged.
struct ShardedAuditEnd {
  engine::StoredStatus status = engine::StoredStatus::Completed;
  std::string message; ///< the verdict, or why the shards cannot be put together
};

/// Puts a sharded audit together once every shard is merged: a fixed grid ends where the first
/// seed first trained to no value, as a local audit stops it there (the trainings the shards ran
/// past that point, not knowing, are removed), and the parent gets the local audit's status and
/// verdict, after `seconds`. A training that is neither a grid point nor its seed's suggestion
/// (shards whose range tests disagreed) fails the audit, saying so. Throws StorageError.
ShardedAuditEnd finishShardedAudit(RunDatabase& database, int64_t auditRunId, double seconds);

} // namespace lrscope::storage
