// Each rule scored on an audit's grid: the metric read off the grid at its suggestion
// (interpolated in log LR), how far below the best it is, and how many decades away.
#include "lrscope/engine/rule_scores.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <optional>

namespace lrscope::engine {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

TEST(MetricOnGrid, IsLinearInLogLrBetweenPointsAndExactOnThem) {
  const std::vector<double> lrs{1e-3, 1e-2, 1e-1};
  const std::vector<double> values{0.80, 0.90, 0.60};
  EXPECT_DOUBLE_EQ(metricOnGrid(lrs, values, 1e-2), 0.90);
  EXPECT_NEAR(metricOnGrid(lrs, values, std::sqrt(1e-3 * 1e-2)), 0.85, 1e-12); // half way
  EXPECT_NEAR(metricOnGrid(lrs, values, 1e-2 * std::pow(10.0, 0.25)), 0.825, 1e-12);
  EXPECT_DOUBLE_EQ(metricOnGrid(lrs, values, 1e-1), 0.60);  // the last point itself
  EXPECT_TRUE(std::isnan(metricOnGrid(lrs, values, 1e-4))); // off the grid
  EXPECT_TRUE(std::isnan(metricOnGrid(lrs, values, 1.0)));
  EXPECT_TRUE(std::isnan(metricOnGrid(lrs, values, kNaN)));
  // Next to a point that diverged: no value, whatever the other side says.
  EXPECT_TRUE(std::isnan(metricOnGrid(lrs, {0.80, 0.90, kNaN}, 5e-2)));
}

TEST(ScoreRules, ReadsEachSeedsSuggestionOffItsOwnGridValues) {
  AuditRecord record;
  record.plan.seeds = 2;
  record.gridLrs = {1e-3, 1e-2, 1e-1};
  AuditRangeTest first{1, 1, 1e-4, 1e-2, 1.0, {{"valley", 1, 1e-2, 0.5, 3}}};
  AuditRangeTest second{2, 2, 1e-4, 1e-1, 1.0, {{"valley", 1, 1e-3, 0.5, 3}, {"minimum", 1, 0.05}}};
  record.rangeTests = {first, second};
  const AuditSummary summary =
      summarizeAudit(AuditMetric::TestAccuracy, record.gridLrs,
                     {{0.80, 0.90, 0.60}, {0.82, 0.92, kNaN}}, {1e-2, 1e-1}, {0.90, kNaN}, 0.5);
  ASSERT_EQ(*summary.best, 1u); // 0.91 +- 0.014
  const std::vector<RuleScore> scores = scoreRules(record, summary);
  ASSERT_EQ(scores.size(), 3u);
  EXPECT_EQ(scores[0].rule, "valley");
  EXPECT_EQ(scores[1].rule, "minimum"); // only the second seed gave it
  EXPECT_EQ(scores[2].rule, kRangeUpperRule);

  const RuleScore& valley = scores[0];
  EXPECT_DOUBLE_EQ(valley.atSuggestion.values[0], 0.90); // seed 1 at 1e-2
  EXPECT_DOUBLE_EQ(valley.atSuggestion.values[1], 0.82); // seed 2 at 1e-3
  EXPECT_NEAR(valley.atSuggestion.maxLr, std::sqrt(1e-5), 1e-15);
  EXPECT_NEAR(valley.lossVsBest, 0.91 - 0.86, 1e-12);
  EXPECT_FALSE(valley.withinOneStd); // 5 points below, the best's std is 1.4
  EXPECT_NEAR(valley.decadesFromBest, std::log10(std::sqrt(1e-5) / 1e-2), 1e-12);

  const RuleScore& minimum = scores[1];
  EXPECT_TRUE(std::isnan(minimum.lrs[0]));
  EXPECT_EQ(minimum.atSuggestion.count, 0); // seed 2's point next to a diverged one
  EXPECT_TRUE(std::isnan(minimum.lossVsBest));
  EXPECT_FALSE(minimum.withinOneStd);

  const RuleScore& upper = scores[2];
  EXPECT_DOUBLE_EQ(upper.atSuggestion.values[0], 0.90);
  EXPECT_TRUE(std::isnan(upper.atSuggestion.values[1])); // 1e-1 diverged on seed 2
  EXPECT_FALSE(upper.withinOneStd);
}

TEST(ScoreRules, ALossIsWorseAboveTheBest) {
  AuditRecord record;
  record.gridLrs = {1e-3, 1e-2};
  record.rangeTests = {{1, 1, 1e-4, 1e-2, 1.0, {{"steep", 1, std::sqrt(1e-5), 0.4, 2}}}};
  const AuditSummary summary =
      summarizeAudit(AuditMetric::TestLoss, record.gridLrs, {{0.30, 0.50}}, {1e-2}, {0.50}, 0.5);
  const std::vector<RuleScore> scores = scoreRules(record, summary);
  EXPECT_NEAR(scores[0].lossVsBest, 0.10, 1e-12); // 0.40, half way, vs 0.30
  EXPECT_FALSE(scores[0].withinOneStd);
  EXPECT_NEAR(scores[1].lossVsBest, 0.20, 1e-12); // the upper bound at 1e-2
  EXPECT_TRUE(scoreRules(AuditRecord{}, AuditSummary{}).empty());
}

TEST(ScoreOtherSeedsBest, PicksEachSeedsPeakFromTheOtherSeedsTrainings) {
  AuditRecord record;
  record.gridLrs = {1e-3, 1e-2, 1e-1, 1.0};
  record.rangeTests = {
      {1, 1, 1e-4, 1e-2, 1.0, {}}, {2, 2, 1e-4, 1e-2, 1.0, {}}, {3, 3, 1e-4, 1e-2, 1.0, {}}};
  // One row per seed: seeds 1 and 2 do best at 1e-1, seed 3 at 1e-2.
  const AuditSummary summary =
      summarizeAudit(AuditMetric::TestAccuracy, record.gridLrs,
                     {{0.80, 0.86, 0.90, kNaN}, {0.80, 0.88, 0.92, 0.50}, {0.80, 0.91, 0.85, 0.50}},
                     {1e-2, 1e-2, 1e-2}, {0.86, 0.88, 0.91}, 0.5);
  ASSERT_EQ(*summary.best, 2u); // 0.89 +- 0.036 at 1e-1, against 0.883 at 1e-2
  const std::optional<RuleScore> others = scoreOtherSeedsBest(record, summary);
  ASSERT_TRUE(others.has_value());
  EXPECT_EQ(others->rule, kOtherSeedsBestRule);
  // Seed 1: seeds 2 and 3 give 1e-2 0.895, 1e-1 0.885, 1.0 0.50. Seed 2: 1e-2 0.885, 1e-1
  // 0.875 (1.0 is no candidate: seed 1 diverged there). Seed 3: 1e-2 0.87, 1e-1 0.91.
  ASSERT_EQ(others->lrs.size(), 3u);
  EXPECT_DOUBLE_EQ(others->lrs[0], 1e-2);
  EXPECT_DOUBLE_EQ(others->lrs[1], 1e-2);
  EXPECT_DOUBLE_EQ(others->lrs[2], 1e-1);
  EXPECT_DOUBLE_EQ(others->atSuggestion.values[0], 0.86);
  EXPECT_DOUBLE_EQ(others->atSuggestion.values[1], 0.88);
  EXPECT_DOUBLE_EQ(others->atSuggestion.values[2], 0.85);
  EXPECT_NEAR(others->lossVsBest, 0.89 - (0.86 + 0.88 + 0.85) / 3, 1e-12);
  EXPECT_TRUE(others->withinOneStd); // 2.7 points below, the best's std is 3.6
  EXPECT_EQ(others->offGrid, 0);
}

TEST(ScoreOtherSeedsBest, TiesGoToTheLowerLrAndALossIsBestLow) {
  AuditRecord record;
  record.gridLrs = {1e-3, 1e-2};
  record.rangeTests = {{1, 1, 1e-4, 1e-2, 1.0, {}}, {2, 2, 1e-4, 1e-2, 1.0, {}}};
  const AuditSummary summary =
      summarizeAudit(AuditMetric::TestLoss, record.gridLrs, {{0.30, 0.30}, {0.30, 0.20}},
                     {1e-2, 1e-2}, {0.30, 0.20}, 0.5);
  ASSERT_EQ(*summary.best, 1u); // 0.25 +- 0.071
  const std::optional<RuleScore> others = scoreOtherSeedsBest(record, summary);
  ASSERT_TRUE(others.has_value());
  EXPECT_DOUBLE_EQ(others->lrs[0], 1e-2); // from seed 2: 0.30 against 0.20, the lower loss
  EXPECT_DOUBLE_EQ(others->lrs[1], 1e-3); // from seed 1: 0.30 against 0.30, a tie
  EXPECT_NEAR(others->lossVsBest, 0.30 - 0.25, 1e-12); // both seeds at 0.30
  EXPECT_TRUE(others->withinOneStd);
}

TEST(ScoreOtherSeedsBest, NeedsTwoSeeds) {
  AuditRecord record;
  record.gridLrs = {1e-3, 1e-2};
  record.rangeTests = {{1, 1, 1e-4, 1e-2, 1.0, {}}};
  const AuditSummary one = summarizeAudit(AuditMetric::TestAccuracy, record.gridLrs, {{0.80, 0.90}},
                                          {1e-2}, {0.90}, 0.5);
  EXPECT_FALSE(scoreOtherSeedsBest(record, one).has_value());
  EXPECT_FALSE(scoreOtherSeedsBest(AuditRecord{}, AuditSummary{}).has_value());
}

} // namespace
} // namespace lrscope::engine
