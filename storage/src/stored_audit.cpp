// An audit's parent run, written as it starts and ends (lrscope audit), and put together from
// its shards' files once they are merged.
#include "lrscope/storage/stored_audit.h"

#include "lrscope/storage/audit_run.h"

#include "lrscope/engine/number_format.h"

#include <nlohmann/json.hpp>

namespace lrscope::storage {

std::string auditConfigJson(const engine::AuditPlan& plan, const engine::TrainConfig& training,
                            const engine::FindConfig& rangeTest) {
  nlohmann::ordered_json audit = {{"metric", engine::metricKey(plan.metric)},
                                  {"seeds", plan.seeds},
                                  {"grid", engine::toString(plan.grid)},
                                  {"grid_points", plan.gridPoints},
                                  {"grid_step_decades", plan.gridStepDecades},
                                  {"epochs", plan.epochs},
                                  {"batch_size", plan.batchSize}};
  nlohmann::ordered_json config;
  config["audit"] = audit;
  // The peaks trained are the audit's, each in its training's own config.
  nlohmann::ordered_json trainings = engine::toJson(training);
  trainings.erase("schedule");
  config["training"] = trainings;
  // Where the range tests differ from the trainings; the rest is in each range test's config.
  const nlohmann::ordered_json find = engine::toJson(rangeTest);
  config["range_test"] = {{"sample", find.at("sample")}, {"range_test", find.at("range_test")}};
  return config.dump();
}

StoredAudit::StoredAudit(const std::filesystem::path& database, const engine::AuditPlan& plan,
                         const engine::TrainConfig& training, const engine::FindConfig& rangeTest,
                         const std::string& experiment, std::optional<ShardPart> shard)
    : m_database(database, RunDatabase::Access::ReadWrite,
                 shard ? RunDatabase::Journal::Rollback : RunDatabase::Journal::Wal),
      m_experiment(experiment), m_shard(std::move(shard)), m_runId([&] {
        NewRun run;
        if (m_shard)
          run.uid = m_shard->parentUid;
        run.experiment = experiment;
        run.kind = engine::RunKind::Audit;
        run.configJson = auditConfigJson(plan, training, rangeTest);
        run.seed = training.seed;
        run.dataset = training.data.source;
        run.model = training.model.name;
        return m_database.createRun(run);
      }()) {}

void StoredAudit::complete(engine::RunStatus status, const std::string& message, double seconds) {
  if (!m_shard) {
    m_database.finishRun(m_runId, status, message, seconds);
    return;
  }
  endShard(m_database, m_runId, *m_shard, status, seconds, "unit");
}

std::string StoredAudit::childUid(int unit, const std::string& role) const {
  return m_shard ? m_shard->parentUid + "-u" + std::to_string(unit) + "-" + role : std::string();
}

void StoredAudit::abandon(const std::string& message) {
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - m_started;
  m_database.finishRun(m_runId, engine::RunStatus::Failed, message, elapsed.count());
}

ShardedAuditEnd finishShardedAudit(RunDatabase& database, int64_t auditRunId, double seconds) {
  AuditRun audit = loadAudit(database, auditRunId);
  ShardedAuditEnd end{engine::StoredStatus::Completed, {}};
  // Every shard ran the range tests it needed itself: a training that is neither a grid point
  // nor its seed's suggestion trained a peak another shard's range test did not give.
  for (const engine::AuditTraining& training : audit.record.trainings)
    if (!training.suggested && !training.gridIndex)
      end = {engine::StoredStatus::Failed,
             "the shards disagree: training run " + std::to_string(training.runId) + " (seed " +
                 std::to_string(training.seed) + ", max lr " + engine::formatLr(training.maxLr) +
                 ") is neither a grid point nor its seed's suggestion, so a shard's range test "
                 "found another range than the one stored (other CPUs or another libtorch); "
                 "rerun every shard on alike machines"};
  if (end.status == engine::StoredStatus::Completed &&
      audit.record.plan.grid == engine::AuditGrid::Fixed) {
    bool removed = false;
    for (const engine::AuditTraining& training : audit.record.trainings)
      if (!training.suggested && training.gridIndex &&
          *training.gridIndex >= audit.record.gridLrs.size()) {
        database.deleteRun(training.runId);
        removed = true;
      }
    if (removed)
      audit = loadAudit(database, auditRunId);
  }
  if (end.status == engine::StoredStatus::Completed)
    end.message = engine::auditVerdict(audit.record, audit.summary);
  if (audit.run.summary.status != end.status || audit.run.message != end.message)
    database.finishRun(auditRunId,
                       end.status == engine::StoredStatus::Completed ? engine::RunStatus::Completed
                                                                     : engine::RunStatus::Failed,
                       end.message, seconds);
  return end;
}

} // namespace lrscope::storage
