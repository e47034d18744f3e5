#include "lrscope/engine/lr_range_rule.h"

#include "lrscope/engine/lr_ladder.h"
#include "lrscope/engine/suggestion_rules.h"
#include "reference_curve.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace lrscope::engine {
namespace {

TEST(LrRangeRule, BracketsTheDescentOfTheReferenceCurve) {
  // The reference loss falls from 2.3 to 0.3 along a sigmoid centred at lr = 1e-3 (10% of the
  // fall is done at lr ~ 8e-5), is lowest near lr = 0.03 and is back above 2.3 at lr ~ 0.54:
  // the upper bound is the middle of that stretch on the log axis, ~0.13.
  const LrRangeResult result = LrRangeRule::apply(testing::referenceCurve());
  ASSERT_TRUE(result.range.has_value()) << result.reason;
  EXPECT_EQ(result.range->rule, "lrscope-range");
  EXPECT_EQ(result.range->version, LrRangeRule::kVersion);
  EXPECT_GT(result.range->lower, 3e-5);
  EXPECT_LT(result.range->lower, 2e-4);
  EXPECT_GT(result.range->upper, 0.08);
  EXPECT_LT(result.range->upper, 0.2);
}

TEST(LrRangeRule, IsNotFooledByTheLagOfTheEma) {
  // The EMA-smoothed curve reaches its minimum near lr 0.29 (fastai's minimum/10 = 0.029),
  // although the loss is lowest near 0.03. The rule reads the raw losses with a centred
  // filter, so the stretch it halves starts at the true minimum and its upper bound stays
  // well below the lagged one.
  const LrCurve curve = testing::referenceCurve();
  const LrRangeResult result = LrRangeRule::apply(curve);
  ASSERT_TRUE(result.range.has_value());
  EXPECT_LT(result.range->upper, 0.6 * 10.0 * suggestMinimum(curve)->lr);
}

TEST(LrRangeRule, WithoutABlowUpTheUpperBoundIsWhereTheLossIsLowest) {
  // A test stopped before the loss turned: the loss still falls at the last point.
  LrCurve curve;
  curve.lrs = LrLadder(1e-6, 1e-2, 100, LadderMode::Exponential).values();
  for (const double lr : curve.lrs)
    curve.losses.push_back(2.3 - 2.0 / (1.0 + std::exp(-2.0 * (std::log10(lr) + 3.0))));
  const LrRangeResult result = LrRangeRule::apply(curve);
  ASSERT_TRUE(result.range.has_value()) << result.reason;
  EXPECT_DOUBLE_EQ(result.range->upper, curve.lrs.back());
}

TEST(LrRangeRule, TheUpperBoundHalvesTheStretchBetweenTheLowestLossAndTheBlowUp) {
  // Losses as given: falling to 1.0 at index 60, flat, then back above the start (2.0) from
  // index 80 on, so the upper bound is the LR halfway between indices 60 and 80 on a log axis.
  LrCurve curve;
  curve.lrs = LrLadder(1e-5, 1.0, 100, LadderMode::Exponential).values();
  for (int i = 0; i < 100; ++i)
    curve.losses.push_back(i < 20 ? 2.0 : i <= 60 ? 2.0 - (i - 20) / 40.0 : 1.0 + (i - 60) * 0.051);
  const LrRangeResult result = LrRangeRule::apply(curve);
  ASSERT_TRUE(result.range.has_value()) << result.reason;
  EXPECT_DOUBLE_EQ(result.range->upper, curve.lrs[70]);
}

TEST(LrRangeRule, AFlatCurveHasNoRangeAndSaysWhy) {
  LrCurve curve;
  curve.lrs = LrLadder(1e-6, 1.0, 100, LadderMode::Exponential).values();
  curve.losses.assign(100, 2.3);
  curve.rawLosses = curve.losses;
  const LrRangeResult result = LrRangeRule::apply(curve);
  EXPECT_FALSE(result.range.has_value());
  EXPECT_NE(result.reason.find("never clearly decreased"), std::string::npos);
}

TEST(LrRangeRule, StopsAtTheFirstNonFiniteRawLoss) {
  LrCurve curve = testing::referenceCurve();
  for (std::size_t i = 80; i < curve.rawLosses.size(); ++i)
    curve.rawLosses[i] = std::numeric_limits<double>::infinity();
  const LrRangeResult result = LrRangeRule::apply(curve);
  ASSERT_TRUE(result.range.has_value()) << result.reason;
  EXPECT_LT(result.range->upper, curve.lrs[80]);
}

TEST(LrRangeRule, TooShortCurveHasNoRange) {
  LrCurve curve;
  curve.lrs = {1e-3, 1e-2, 1e-1};
  curve.losses = {2.0, 1.0, 0.5};
  EXPECT_FALSE(LrRangeRule::apply(curve).range.has_value());
}

TEST(LrRangeRule, LowerIsAlwaysBelowUpper) {
  // A steep fall within a few steps must still give lower < upper.
  LrCurve curve;
  curve.lrs = LrLadder(1e-5, 1.0, 40, LadderMode::Exponential).values();
  for (int i = 0; i < 40; ++i)
    curve.losses.push_back(i < 20 ? 2.0 : (i < 23 ? 2.0 - 0.5 * (i - 19) : 0.5 + 0.2 * (i - 23)));
  const LrRangeResult result = LrRangeRule::apply(curve);
  ASSERT_TRUE(result.range.has_value()) << result.reason;
  EXPECT_LT(result.range->lower, result.range->upper);
}

} // namespace
} // namespace lrscope::engine
