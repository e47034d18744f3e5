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

} // namespace
} // namespace lrscope::engine
