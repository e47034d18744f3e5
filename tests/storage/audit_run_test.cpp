// A stored audit read back by loadAudit: which seed each range test was, which grid point or
// suggestion each training trained (by its config, whatever its tags say), the metric of its
// last completed epoch, and the summary `lrscope audit` printed.
#include "common/audit_fixture.h"
#include "lrscope/storage/audit_run.h"
#include "lrscope/storage/storage_error.h"
#include "storage/temp_dir.h"

#include <gtest/gtest.h>

#include <cmath>

namespace lrscope::storage {
namespace {

using lrscope::test::FixtureAudit;
using lrscope::test::storeFixtureAudit;
using test::TempDir;

TEST(AuditRun, ReadsWhatEachChildTrainedFromItsConfig) {
  const TempDir dir;
  const FixtureAudit stored = storeFixtureAudit(dir / "runs.db");
  RunDatabase db(dir / "runs.db");
  db.setTags(stored.trainings[0], {"renamed by the user"}); // tags are the user's to change
  db.setManualRange(stored.rangeTests[0], 1e-4, 1e-3);      // so is the picked range

  const AuditRun audit = loadAudit(db, stored.id);
  EXPECT_EQ(audit.run.summary.kind, engine::RunKind::Audit);
  EXPECT_EQ(audit.record.plan.seeds, 2);
  EXPECT_EQ(audit.record.plan.gridPoints, 3);
  EXPECT_EQ(audit.record.plan.epochs, 2);
  EXPECT_EQ(audit.record.plan.metric, engine::AuditMetric::TestAccuracy);
  ASSERT_EQ(audit.record.rangeTests.size(), 2u);
  EXPECT_EQ(audit.record.rangeTests[0].seed, 1u);
  EXPECT_EQ(audit.record.rangeTests[0].runId, stored.rangeTests[0]);
  EXPECT_DOUBLE_EQ(audit.record.rangeTests[0].upper, FixtureAudit::kCentre); // the automatic one
  EXPECT_DOUBLE_EQ(audit.record.rangeTests[1].upper, FixtureAudit::kSeed2Peak);
  ASSERT_EQ(audit.record.gridLrs.size(), 3u);
  EXPECT_DOUBLE_EQ(audit.record.gridLrs[1], FixtureAudit::kCentre);

  ASSERT_EQ(audit.record.trainings.size(), 7u);
  const engine::AuditTraining& shared = audit.record.trainings[0];
  EXPECT_TRUE(shared.suggested);
  EXPECT_EQ(shared.gridIndex, 1u);
  EXPECT_EQ(shared.runId, stored.trainings[0]);
  int suggested = 0;
  int onGrid = 0;
  for (const engine::AuditTraining& training : audit.record.trainings) {
    suggested += training.suggested ? 1 : 0;
    onGrid += training.gridIndex ? 1 : 0;
  }
  EXPECT_EQ(suggested, 2);
  EXPECT_EQ(onGrid, 6);
  const engine::AuditTraining& diverged = audit.record.trainings.back();
  EXPECT_EQ(diverged.gridIndex, 2u);
  EXPECT_TRUE(std::isnan(diverged.metric)); // diverged: no value, whatever its last epoch says

  const engine::AuditSummary& summary = audit.summary;
  EXPECT_EQ(summary.seeds, 2);
  ASSERT_EQ(summary.grid.size(), 3u);
  ASSERT_TRUE(summary.best.has_value());
  EXPECT_EQ(*summary.best, 1u);
  EXPECT_DOUBLE_EQ(summary.grid[1].mean, (0.91 + 0.92) / 2);
  EXPECT_EQ(summary.grid[2].count, 1);
  EXPECT_DOUBLE_EQ(summary.suggested.maxLr, std::sqrt(FixtureAudit::kCentre * 0.12));
  EXPECT_DOUBLE_EQ(summary.suggested.values[1], FixtureAudit::accuracy(0.12, 2));
  EXPECT_TRUE(summary.withinOneStd);
  const engine::AuditCost cost = engine::auditCost(audit.record);
  EXPECT_DOUBLE_EQ(cost.rangeTests, 4.0);
  EXPECT_DOUBLE_EQ(cost.suggested, 20.0);
  EXPECT_DOUBLE_EQ(cost.grid, 60.0); // the shared training counts for the grid too
  EXPECT_EQ(audit.run.message, "the fixture's verdict");
  EXPECT_EQ(engine::auditTrainingsMissing(audit.record), 0); // it ran to its end
}

TEST(AuditRun, AnAuditStoppedBeforeItsFirstRangeTestEndedHasNoSummary) {
  const TempDir dir;
  storage::StoredAudit parent(dir / "runs.db", engine::AuditPlan{}, engine::TrainConfig{},
                              engine::FindConfig{});
  parent.abandon("the data has no column y");
  const RunDatabase db(dir / "runs.db");
  const AuditRun audit = loadAudit(db, parent.runId());
  EXPECT_EQ(audit.run.summary.status, engine::StoredStatus::Failed);
  EXPECT_TRUE(audit.record.rangeTests.empty());
  EXPECT_EQ(audit.summary.seeds, 0);
}

TEST(AuditRun, RefusesARunOfAnotherKind) {
  const TempDir dir;
  const FixtureAudit stored = storeFixtureAudit(dir / "runs.db");
  const RunDatabase db(dir / "runs.db");
  try {
    (void)loadAudit(db, stored.rangeTests[0]);
    FAIL() << "a range test read as an audit";
  } catch (const StorageError& error) {
    EXPECT_NE(std::string(error.what()).find("is a range_test run, not an audit"),
              std::string::npos)
        << error.what();
  }
}

} // namespace
} // namespace lrscope::storage
