// Training runs in the database: epoch metrics, the checkpoint, and the runs of a sweep.
#include "lrscope/storage/run_database.h"
#include "storage/temp_dir.h"

#include <gtest/gtest.h>

namespace lrscope::storage {
namespace {

using test::errorOf;
using test::TempDir;

engine::EpochRecord epochRecord(int epoch, double testAccuracy) {
  engine::EpochRecord record;
  record.epoch = epoch;
  record.trainLoss = 1.0 / (epoch + 1);
  record.trainAccuracy = 0.5 + 0.1 * epoch;
  record.validationLoss = 1.1 / (epoch + 1);
  record.validationAccuracy = std::nan("");
  record.testLoss = 1.2 / (epoch + 1);
  record.testAccuracy = testAccuracy;
  record.groupLrs = {1e-3 / (epoch + 1), 1e-4};
  record.wallSeconds = 10.0 * (epoch + 1);
  return record;
}

TEST(RunTraining, EpochsRoundTripAndAResumedEpochReplacesItsRow) {
  const TempDir dir;
  RunDatabase db(dir.path() / "runs.db");
  NewRun run;
  run.kind = engine::RunKind::Training;
  const int64_t id = db.createRun(run);
  db.appendEpoch(id, epochRecord(0, 0.81));
  db.appendEpoch(id, epochRecord(1, 0.84));
  db.appendEpoch(id, epochRecord(1, 0.85)); // resumed: the epoch again
  const std::vector<engine::EpochRecord> epochs = db.loadEpochs(id);
  ASSERT_EQ(epochs.size(), 2u);
  EXPECT_EQ(epochs[1].testAccuracy, 0.85);
  EXPECT_EQ(epochs[0].trainLoss, 1.0);
  EXPECT_TRUE(std::isnan(epochs[0].validationAccuracy));
  EXPECT_EQ(epochs[1].groupLrs, (std::vector<double>{5e-4})); // the first group's lr
  EXPECT_EQ(epochs[1].wallSeconds, 20.0);
  EXPECT_NE(errorOf([&] { db.appendEpoch(99, epochRecord(0, 0.1)); }).find("no run 99"),
            std::string::npos);

  db.setCheckpoint(id, "/models/run1.pt");
  EXPECT_EQ(db.loadRun(id).checkpointPath, "/models/run1.pt");
}

TEST(RunTraining, TheRunsOfASweepAreListedByTheirParentAndMergedWithIt) {
  const TempDir dir;
  const auto other = dir.path() / "other.db";
  int64_t sweep = 0;
  {
    RunDatabase db(other);
    NewRun parent;
    parent.kind = engine::RunKind::Sweep;
    sweep = db.createRun(parent);
    for (int i = 0; i < 3; ++i) {
      NewRun child;
      child.kind = engine::RunKind::Training;
      child.parentRunId = sweep;
      const int64_t id = db.createRun(child);
      db.appendEpoch(id, epochRecord(0, 0.7 + 0.01 * i));
      db.finishRun(id, engine::RunStatus::Completed, "done", 1.0);
    }
    db.finishRun(sweep, engine::RunStatus::Completed, "done", 3.0);
    RunFilter children;
    children.parentRunId = sweep;
    EXPECT_EQ(db.listRuns(children).size(), 3u);
    EXPECT_EQ(db.listRuns().size(), 4u);
    EXPECT_EQ(db.loadRun(db.listRuns(children).front().id).parentRunId, sweep);
    EXPECT_EQ(db.loadRun(sweep).parentRunId, std::nullopt);
  }
  RunDatabase db(dir.path() / "runs.db");
  (void)db.createRun({}); // ids here differ from the other file's
  db.finishRun(1, engine::RunStatus::Cancelled, "stopped", 0.0);
  EXPECT_EQ(db.mergeFrom(other).copied, 4);
  RunFilter sweeps;
  sweeps.kind = engine::RunKind::Sweep;
  const int64_t merged = db.listRuns(sweeps).front().id;
  EXPECT_NE(merged, sweep);
  RunFilter children;
  children.parentRunId = merged;
  const std::vector<RunSummary> runs = db.listRuns(children);
  ASSERT_EQ(runs.size(), 3u);
  EXPECT_EQ(db.loadEpochs(runs.front().id).size(), 1u);
  db.deleteRun(merged); // a sweep takes its runs with it
  EXPECT_EQ(db.listRuns().size(), 1u);
}

} // namespace
} // namespace lrscope::storage
