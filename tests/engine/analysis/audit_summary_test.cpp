// The audit's summary over seeds on hand-made results with known answers.
#include "lrscope/engine/audit_summary.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>

namespace lrscope::engine {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

TEST(AuditSummary, MeanAndSampleStandardDeviationOfTheFiniteValues) {
  const AuditPoint point = summarizePoint(1e-2, {0.80, 0.84, kNaN, 0.88});
  EXPECT_EQ(point.count, 3);
  EXPECT_NEAR(point.mean, 0.84, 1e-12);
  EXPECT_NEAR(point.std, 0.04, 1e-12); // sqrt((0.0016 + 0 + 0.0016) / 2)
  EXPECT_EQ(summarizePoint(1.0, {0.5}).std, 0.0);
  EXPECT_TRUE(std::isnan(summarizePoint(1.0, {kNaN, kNaN}).mean));
}

TEST(AuditSummary, TheSuggestionWithinOneStdOfTheBestAndItsDistanceInGridSteps) {
  // Three seeds, grid 1e-3, 3.16e-3, 1e-2 (half a decade apart).
  const std::vector<double> grid{1e-3, std::pow(10.0, -2.5), 1e-2};
  const std::vector<std::vector<double>> values{
      {0.70, 0.85, 0.80}, {0.72, 0.87, 0.82}, {0.74, 0.89, kNaN}};
  const AuditSummary summary = summarizeAudit(AuditMetric::TestAccuracy, grid, values,
                                              {1e-2, 1e-2, 1e-2}, {0.84, 0.85, 0.86}, 0.5);
  EXPECT_EQ(summary.seeds, 3);
  ASSERT_TRUE(summary.best.has_value());
  EXPECT_EQ(*summary.best, 1u); // 0.87 +- 0.02; the last point lost a seed and cannot be best
  EXPECT_NEAR(summary.grid[1].std, 0.02, 1e-12);
  EXPECT_NEAR(summary.suggested.mean, 0.85, 1e-12);
  EXPECT_TRUE(summary.withinOneStd); // 0.85 >= 0.87 - 0.02
  EXPECT_NEAR(summary.suggested.maxLr, 1e-2, 1e-15);
  EXPECT_NEAR(summary.gridStepsFromBest, 1.0, 1e-9);

  const AuditSummary worse = summarizeAudit(AuditMetric::TestAccuracy, grid, values,
                                            {1e-3, 1e-3, 1e-3}, {0.70, 0.72, 0.74}, 0.5);
  EXPECT_FALSE(worse.withinOneStd);
  EXPECT_NEAR(worse.gridStepsFromBest, -1.0, 1e-9);
  // A suggestion that diverged on one seed is not within, however good the others were.
  const AuditSummary diverged = summarizeAudit(AuditMetric::TestAccuracy, grid, values,
                                               {1e-2, 1e-2, 1e-2}, {0.90, 0.90, kNaN}, 0.5);
  EXPECT_FALSE(diverged.withinOneStd);
}

TEST(AuditSummary, TestLossIsBetterLowerAndTheSuggestedPeakIsTheGeometricMean) {
  const std::vector<double> grid{1e-3, 1e-2};
  const std::vector<std::vector<double>> values{{0.30, 0.50}, {0.34, 0.52}};
  const AuditSummary summary =
      summarizeAudit(AuditMetric::TestLoss, grid, values, {1e-3, 1e-1}, {0.33, 0.35}, 0.5);
  EXPECT_EQ(*summary.best, 0u);
  EXPECT_NEAR(summary.suggested.maxLr, 1e-2, 1e-15);
  EXPECT_TRUE(summary.withinOneStd); // 0.34 <= 0.32 + 0.028
  EXPECT_EQ(metricKey(AuditMetric::TestLoss), "test_loss");
}

TEST(AuditSummary, SizesThatDisagreeAreRefused) {
  EXPECT_THROW((void)summarizeAudit(AuditMetric::TestAccuracy, {1e-3}, {{0.5}}, {}, {}, 0.5),
               std::invalid_argument);
  EXPECT_THROW(
      (void)summarizeAudit(AuditMetric::TestAccuracy, {1e-3, 1e-2}, {{0.5}}, {1e-3}, {0.5}, 0.5),
      std::invalid_argument);
}

TEST(AuditGrid, IsHalfADecadeApartWithTheCentreExactlyInTheMiddle) {
  const std::vector<double> grid = auditGridLrs(0.0731, 5, kAuditGridStepDecades);
  ASSERT_EQ(grid.size(), 5u);
  EXPECT_EQ(grid[2], 0.0731); // exactly: a training there is the suggestion too
  EXPECT_NEAR(grid[0], 0.00731, 1e-15);
  EXPECT_NEAR(grid[3] / grid[2], std::sqrt(10.0), 1e-12);
  const std::vector<double> even = auditGridLrs(1.0, 2, 0.5);
  EXPECT_NEAR(even[0], std::pow(10.0, -0.25), 1e-15);
  EXPECT_NEAR(even[1], std::pow(10.0, 0.25), 1e-15);
}

TEST(AuditGrid, TheFixedGridIsHalfADecadeApartFromOneInAHundredThousandToTen) {
  const std::vector<double> grid = fixedAuditGridLrs();
  ASSERT_EQ(grid.size(), 13u);
  EXPECT_DOUBLE_EQ(grid.front(), kFixedGridLowest);
  EXPECT_NEAR(grid.back(), kFixedGridHighest, 1e-12);
  EXPECT_NEAR(grid[2], 1e-4, 1e-18);
  EXPECT_EQ(toString(AuditGrid::Fixed), "fixed");
  // Its trainings never run: each seed's 13 points and its suggestion, none shared.
  AuditRecord record;
  record.plan.grid = AuditGrid::Fixed;
  record.plan.seeds = 2;
  EXPECT_EQ(auditTrainingsMissing(record), 28);
  record.gridLrs.assign(grid.begin(), grid.begin() + 9); // trimmed where seed 1 diverged
  EXPECT_EQ(auditTrainingsMissing(record), 20);
}

TEST(AuditRecord, ATrainingThatIsBothSuggestionAndGridPointCountsForBoth) {
  AuditRecord record;
  record.plan.gridPoints = 3;
  record.gridLrs = auditGridLrs(1e-2, 3, 0.5);
  record.rangeTests = {{1, 10, 1e-4, 1e-2, 3.0}, {2, 20, 1e-4, 2e-2, 3.0}};
  //                seed run  max lr   metric  s    suggested grid
  record.trainings = {{1, 11, 1e-2, 0.90, 10.0, true, 1},
                      {1, 12, record.gridLrs[0], 0.80, 10.0, false, 0},
                      {1, 13, record.gridLrs[2], kNaN, 10.0, false, 2},
                      {2, 21, 2e-2, 0.88, 10.0, true, std::nullopt},
                      {2, 22, record.gridLrs[0], 0.82, 10.0, false, 0}};
  // Seed 2 stopped before grid points 1 and 2: no value there.
  const AuditSummary summary = summarizeAudit(record);
  EXPECT_EQ(summary.seeds, 2);
  EXPECT_EQ(summary.grid[0].count, 2);
  EXPECT_EQ(summary.grid[1].count, 1);
  EXPECT_TRUE(std::isnan(summary.grid[1].values[1]));
  EXPECT_EQ(summary.grid[2].count, 0);
  ASSERT_TRUE(summary.best.has_value()); // the only point every seed trained
  EXPECT_EQ(*summary.best, 0u);
  EXPECT_NEAR(summary.suggested.maxLr, std::sqrt(2e-4), 1e-15);
  EXPECT_DOUBLE_EQ(summary.suggested.mean, 0.89);
  const AuditCost cost = auditCost(record);
  EXPECT_DOUBLE_EQ(cost.rangeTests, 6.0);
  EXPECT_DOUBLE_EQ(cost.suggested, 20.0);
  EXPECT_DOUBLE_EQ(cost.grid, 40.0);
  EXPECT_DOUBLE_EQ(cost.ratio(), 26.0 / 40.0);
  EXPECT_TRUE(std::isnan(AuditCost{}.ratio()));
  EXPECT_THROW((void)summarizeAudit(AuditRecord{}), std::invalid_argument);
  // Two seeds planned: seed 2's grid points 1 and 2 never ran.
  record.plan.seeds = 2;
  EXPECT_EQ(auditTrainingsMissing(record), 2);
  record.plan.seeds = 3; // and a third seed's three points and its suggestion
  EXPECT_EQ(auditTrainingsMissing(record), 6);
}

TEST(AuditText, APointReadsAsItsMeanAndSpreadAndSaysWhenSeedsGaveNone) {
  const AuditPoint point = summarizePoint(1e-2, {0.90, 0.92, kNaN});
  EXPECT_EQ(formatAuditPoint(AuditMetric::TestAccuracy, point, 3), "91.0% +- 1.4 pt (2 of 3)");
  EXPECT_EQ(formatAuditPoint(AuditMetric::TestAccuracy, summarizePoint(1e-2, {0.9}), 1), "90.0%");
  EXPECT_EQ(formatAuditValue(AuditMetric::TestLoss, 0.25), "0.2500");
  EXPECT_EQ(formatGridSteps(-1e-16), "+0.0");
  EXPECT_EQ(formatGridSteps(-0.96), "-1.0");
  EXPECT_EQ(formatGridSteps(3.3), "+3.3");
}

TEST(AuditRecord, ALaterSeedsSuggestionOnTheGridIsOneTrainingTooNotOneMissing) {
  AuditRecord record;
  record.plan.seeds = 2;
  record.plan.gridPoints = 3;
  record.gridLrs = auditGridLrs(0.1, 3, kAuditGridStepDecades);
  for (const uint64_t seed : {1, 2}) { // both seeds' range tests gave the ladder's same 0.1
    record.rangeTests.push_back({seed, 0, 0.004, 0.1, 1.0, {}});
    for (std::size_t j = 0; j < 3; ++j)
      record.trainings.push_back({seed, 0, record.gridLrs[j], 0.8, 1.0, j == 1, j});
  }
  EXPECT_EQ(auditTrainingsMissing(record), 0);
  record.trainings.pop_back();
  EXPECT_EQ(auditTrainingsMissing(record), 1);
}

TEST(AuditVerdict, SaysWhenTheFirstSeedsRangeTestIsNotMergedYetRatherThanFoundNoRange) {
  AuditRecord record;
  record.plan.seeds = 2;
  record.firstSeed = 1;
  // A merged shard holding only the second seed's range test: no grid yet.
  record.rangeTests.push_back({2, 3, 1e-3, 6e-2, 1.0, {}});
  EXPECT_TRUE(auditAwaitsFirstRangeTest(record));
  EXPECT_NE(auditVerdict(record, summarizeAudit(record)).find("not merged yet"), std::string::npos);
  // Or only trainings of the first seed's grid, whose range test another shard stored.
  AuditRecord trainingsOnly = record;
  trainingsOnly.rangeTests.clear();
  trainingsOnly.trainings.push_back({1, 4, 1e-2, 0.8, 1.0, false, 2});
  EXPECT_TRUE(auditAwaitsFirstRangeTest(trainingsOnly));
  // The first seed's range test is there and found no range: that is why there is no grid.
  record.rangeTests.insert(record.rangeTests.begin(), {1, 2, std::nan(""), std::nan(""), 1.0, {}});
  EXPECT_FALSE(auditAwaitsFirstRangeTest(record));
  EXPECT_NE(auditVerdict(record, summarizeAudit(record)).find("found no range"), std::string::npos);
}

} // namespace
} // namespace lrscope::engine
