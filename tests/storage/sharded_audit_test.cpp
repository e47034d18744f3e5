// A fixed-grid audit run as two shards (one seed each) and merged: the parent is incomplete
// until both are in, then holds exactly what a local audit stores. Its grid ends where the first
// seed first diverged, and the trainings the shards ran past that point are removed.
#include "lrscope/engine/audit_units.h"
#include "lrscope/engine/lr_range_rule.h"
#include "lrscope/storage/audit_run.h"
#include "lrscope/storage/sharded_runs.h"
#include "lrscope/storage/stored_audit.h"
#include "lrscope/storage/stored_range_test.h"
#include "lrscope/storage/stored_training.h"
#include "storage/temp_dir.h"

#include <gtest/gtest.h>

#include <cmath>

namespace lrscope::storage {
namespace {

using test::TempDir;

/// The first seed (1) diverges from grid point 9 on, the second (2) from point 10 on.
constexpr std::size_t kFirstSeedDivergesAt = 9;
constexpr double kSuggestedPeak = 0.05;

struct Audited {
  engine::AuditPlan plan;
  engine::TrainConfig training;
  engine::FindConfig find;
};

Audited fixedGridAudit() {
  Audited a;
  a.plan.grid = engine::AuditGrid::Fixed;
  a.plan.seeds = 2;
  a.plan.gridPoints = engine::auditPlannedGridPoints(a.plan);
  a.plan.epochs = 1;
  a.plan.batchSize = 64;
  a.training.seed = 1;
  a.training.data.source = "fashion-mnist";
  a.training.model.name = "mlp";
  a.find.data = a.training.data;
  a.find.model = a.training.model;
  a.find.rangeTest.seed = 1;
  return a;
}

void train(StoredAudit& parent, const Audited& a, int unit, uint64_t seed, double peak,
           bool suggested, bool diverges) {
  engine::TrainConfig config = a.training;
  config.seed = seed;
  config.schedule.maxLr = peak;
  StoredTraining stored(parent.databasePath(), config, "audit", parent.runId(),
                        engine::RunKind::Training,
                        parent.childUid(unit, suggested ? "suggested" : "grid"));
  engine::EpochRecord epoch;
  epoch.epoch = 1;
  epoch.testAccuracy = diverges ? std::nan("") : 0.8 - 0.01 * std::fabs(std::log10(peak / 0.03));
  stored.onEpoch(epoch);
  engine::TrainingReport report;
  report.status = diverges ? engine::RunStatus::Diverged : engine::RunStatus::Completed;
  report.trainSeconds = 1.0;
  stored.complete(report);
}

/// Shard `index` of 2: seed 1 + index, its range test, suggestion and the whole fixed grid
/// (`offGrid`: its fourth point at a peak no grid has, as when shards' range tests disagree).
void runShard(const Audited& a, const std::filesystem::path& merged, int index,
              bool offGrid = false) {
  const int units = engine::auditUnitCount(a.plan);
  ShardPart part;
  part.shard = {index, 2};
  part.units = engine::shardUnits(part.shard, units);
  part.totalUnits = units;
  part.parentUid = shardedParentUid(
      engine::RunKind::Audit, auditConfigJson(a.plan, a.training, a.find), "audit", 2, merged);
  StoredAudit parent(shardDatabasePath(merged, part.shard), a.plan, a.training, a.find, "audit",
                     part);
  const uint64_t seed = 1 + static_cast<uint64_t>(index);
  const int first = engine::auditUnitIndex(a.plan, {index, std::nullopt});
  engine::FindConfig config = a.find;
  config.rangeTest.seed = seed;
  StoredRangeTest rangeTest(parent.databasePath(), config, "audit", parent.runId(),
                            parent.childUid(first, "range"));
  engine::FindReport report;
  report.config = config;
  report.result.status = engine::RunStatus::Completed;
  report.range.range = engine::LrRange{kSuggestedPeak / 25.0, kSuggestedPeak,
                                       engine::LrRangeRule::kName, engine::LrRangeRule::kVersion};
  rangeTest.complete(report);
  train(parent, a, first, seed, kSuggestedPeak, true, false);
  const std::vector<double> grid = engine::fixedAuditGridLrs();
  for (std::size_t j = 0; j < grid.size(); ++j)
    train(parent, a, engine::auditUnitIndex(a.plan, {index, j}), seed,
          offGrid && j == 3 ? grid[j] * 1.5 : grid[j], false,
          j >= kFirstSeedDivergesAt + static_cast<std::size_t>(index));
  parent.complete(engine::RunStatus::Completed, "a shard's share says nothing alone", 30.0);
}

int64_t runCount(const RunDatabase& db) {
  return static_cast<int64_t>(db.listRuns({}).size());
}

TEST(ShardedAudit, MergedItIsTheLocalAuditWithItsFixedGridCutWhereTheFirstSeedDiverged) {
  const TempDir dir;
  const Audited a = fixedGridAudit();
  const std::filesystem::path merged = dir / "runs.db";
  runShard(a, merged, 0);
  runShard(a, merged, 1);

  RunDatabase db(merged);
  MergeResult result = db.mergeFrom(shardDatabasePath(merged, {1, 2}));
  ASSERT_EQ(result.sharded.size(), 1U);
  EXPECT_EQ(result.sharded[0].missing, std::vector<int>{0});
  EXPECT_EQ(db.loadRun(result.sharded[0].runId).summary.status, engine::StoredStatus::Interrupted);

  result = db.mergeFrom(shardDatabasePath(merged, {0, 2}));
  ASSERT_EQ(result.sharded.size(), 1U);
  const ShardedParent parent = result.sharded[0];
  EXPECT_TRUE(parent.missing.empty());
  EXPECT_EQ(parent.status, engine::StoredStatus::Completed);

  const AuditRun audit = loadAudit(db, parent.runId);
  ASSERT_EQ(audit.record.gridLrs.size(), kFirstSeedDivergesAt + 1);
  // The parent, two range tests, two suggestions and each seed's 10 grid points: the 3 points
  // past the first seed's divergence are gone, for both seeds.
  EXPECT_EQ(runCount(db), 1 + 2 + 2 + 2 * 10);
  for (const engine::AuditTraining& training : audit.record.trainings)
    if (training.gridIndex)
      EXPECT_LE(*training.gridIndex, kFirstSeedDivergesAt);
  EXPECT_EQ(engine::auditTrainingsMissing(audit.record), 0);
  EXPECT_EQ(audit.run.message, engine::auditVerdict(audit.record, audit.summary));
  EXPECT_EQ(audit.run.message.rfind("the suggestion is", 0), 0U) << audit.run.message;
  EXPECT_DOUBLE_EQ(audit.run.summary.durationSeconds, 60.0); // the shards' time together

  // Merged again, a shard's trainings past the cut are removed again: nothing changes.
  result = db.mergeFrom(shardDatabasePath(merged, {1, 2}));
  EXPECT_EQ(runCount(db), 1 + 2 + 2 + 2 * 10);
  EXPECT_EQ(loadAudit(db, parent.runId).run.message, audit.run.message);
}

TEST(ShardedAudit, ShardsWhoseTrainingsMatchNoGridPointFailItSayingSo) {
  const TempDir dir;
  const Audited a = fixedGridAudit();
  const std::filesystem::path merged = dir / "runs.db";
  runShard(a, merged, 0);
  runShard(a, merged, 1, true);
  RunDatabase db(merged);
  (void)db.mergeFrom(shardDatabasePath(merged, {0, 2}));
  const MergeResult result = db.mergeFrom(shardDatabasePath(merged, {1, 2}));
  ASSERT_EQ(result.sharded.size(), 1U);
  EXPECT_EQ(result.sharded[0].status, engine::StoredStatus::Failed);
  const RunDetails run = db.loadRun(result.sharded[0].runId);
  EXPECT_EQ(run.summary.status, engine::StoredStatus::Failed);
  EXPECT_EQ(run.message.rfind("the shards disagree: training run ", 0), 0U) << run.message;
  EXPECT_NE(run.message.find("seed 2"), std::string::npos) << run.message;
}

} // namespace
} // namespace lrscope::storage
