#include "lrscope/engine/repeat_summary.h"

#include "lrscope/engine/number_format.h"
#include "lrscope/engine/suggestion_rules.h"
#include "reference_curve.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace lrscope::engine {
namespace {

using testing::referenceCurve;

TEST(RepeatSummary, PercentilesInterpolateBetweenRanksAsNumpyDoes) {
  EXPECT_DOUBLE_EQ(percentile({4.0, 1.0, 3.0, 2.0}, 10.0), 1.3);
  EXPECT_DOUBLE_EQ(percentile({4.0, 1.0, 3.0, 2.0}, 50.0), 2.5);
  EXPECT_DOUBLE_EQ(percentile({4.0, 1.0, 3.0, 2.0}, 90.0), 3.7);
  EXPECT_DOUBLE_EQ(percentile({5.0, 1.0, 3.0}, 50.0), 3.0);
  EXPECT_DOUBLE_EQ(percentile({7.0}, 10.0), 7.0);
  EXPECT_DOUBLE_EQ(percentile({1.0, 2.0}, 0.0), 1.0);
  EXPECT_DOUBLE_EQ(percentile({1.0, 2.0}, 100.0), 2.0);
  EXPECT_THROW((void)percentile({}, 50.0), std::invalid_argument);
}

TEST(RepeatSummary, SpreadIsInDecadesOfTheExtremes) {
  const auto spread = spreadOf({1e-3, 1e-2, 4e-3, 0.0, -1.0});
  ASSERT_TRUE(spread);
  EXPECT_EQ(spread->count, 3); // zero and negative values are no LR
  EXPECT_DOUBLE_EQ(spread->median, 4e-3);
  EXPECT_DOUBLE_EQ(spread->min, 1e-3);
  EXPECT_DOUBLE_EQ(spread->max, 1e-2);
  EXPECT_NEAR(spread->spreadDecades, 1.0, 1e-12);
  EXPECT_DOUBLE_EQ(spreadOf({2e-3})->spreadDecades, 0.0);
  EXPECT_FALSE(spreadOf({}));
  EXPECT_FALSE(spreadOf({std::numeric_limits<double>::quiet_NaN()}));
}

/// Three repeats on a 10-step ladder: A runs to the end, B stopped after 6 steps, C's loss
/// became NaN at step 7 (diverged). Each step counts the repeats still running there.
TEST(RepeatSummary, TheBandCountsTheRepeatsStillRunningAtEachStep) {
  LrCurve a;
  LrCurve b;
  LrCurve c;
  for (int s = 0; s < 10; ++s) {
    const double lr = std::pow(10.0, -5 + s * 0.5);
    a.lrs.push_back(lr);
    a.losses.push_back(1.0 + s);
    if (s < 6) {
      b.lrs.push_back(lr);
      b.losses.push_back(2.0 + s);
    }
    if (s < 8) {
      c.lrs.push_back(lr);
      c.losses.push_back(s == 7 ? std::numeric_limits<double>::quiet_NaN() : 3.0 + s);
    }
  }
  const RepeatSummary summary = summarizeRepeats({a, b, c});
  EXPECT_EQ(summary.repeats, 3);
  ASSERT_EQ(summary.band.size(), 10u);
  const BandPoint& three = summary.band[3]; // 4, 5, 6
  EXPECT_EQ(three.running, 3);
  EXPECT_DOUBLE_EQ(three.median, 5.0);
  EXPECT_DOUBLE_EQ(three.low, 4.2);
  EXPECT_DOUBLE_EQ(three.high, 5.8);
  EXPECT_DOUBLE_EQ(three.lr, a.lrs[3]);
  const BandPoint& six = summary.band[6]; // A 7, C 9; B stopped
  EXPECT_EQ(six.running, 2);
  EXPECT_DOUBLE_EQ(six.median, 8.0);
  EXPECT_DOUBLE_EQ(six.low, 7.2);
  EXPECT_DOUBLE_EQ(six.high, 8.8);
  const BandPoint& seven = summary.band[7]; // C diverged: A alone
  EXPECT_EQ(seven.running, 1);
  EXPECT_DOUBLE_EQ(seven.median, 8.0);
  EXPECT_DOUBLE_EQ(seven.low, 8.0);
  EXPECT_DOUBLE_EQ(seven.high, 8.0);
  EXPECT_EQ(summary.band[9].running, 1);
}

/// Identical repeats agree exactly: every rule's median is its golden value on the reference
/// curve (DESIGN.md), its spread zero, and the verdict stable.
TEST(RepeatSummary, IdenticalRepeatsGiveTheGoldenValuesWithNoSpread) {
  const LrCurve curve = referenceCurve();
  const RepeatSummary summary = summarizeRepeats({curve, curve, curve});
  ASSERT_EQ(summary.rules.size(), suggestAll(curve).size());
  for (const RuleSpread& rule : summary.rules) {
    EXPECT_EQ(rule.spread.count, 3) << rule.rule;
    EXPECT_DOUBLE_EQ(rule.spread.spreadDecades, 0.0) << rule.rule;
  }
  EXPECT_EQ(summary.rules.front().rule, "minimum");
  EXPECT_NEAR(summary.rules.front().spread.median, 2.9150530628e-02, 2.9150530628e-11);
  ASSERT_TRUE(summary.upper);
  const LrRangeResult single = LrRangeRule::apply(curve);
  ASSERT_TRUE(single.range);
  EXPECT_DOUBLE_EQ(summary.upper->median, single.range->upper);
  EXPECT_DOUBLE_EQ(summary.lower->median, single.range->lower);
  ASSERT_TRUE(summary.medianCurveRange.range); // the median of identical curves is the curve
  EXPECT_DOUBLE_EQ(summary.medianCurveRange.range->upper, single.range->upper);
  EXPECT_TRUE(summary.stable);
  EXPECT_EQ(verdictText(summary).rfind("stable: the upper bound varies by 0.00 decades", 0), 0u)
      << verdictText(summary);
}

/// Repeats whose curves are the reference curve moved by d decades: every pick moves by d, so
/// the upper bound's spread is the largest d less the smallest, within a ladder step (0.081
/// decades), and the verdict's threshold of 0.3 decades separates the two sets.
TEST(RepeatSummary, TheVerdictFollowsTheUpperBoundsSpread) {
  constexpr double kLadderStep = 8.0 / 99.0;
  const RepeatSummary close =
      summarizeRepeats({referenceCurve(0.0), referenceCurve(0.1), referenceCurve(0.2)});
  ASSERT_TRUE(close.upper);
  EXPECT_NEAR(close.upper->spreadDecades, 0.2, kLadderStep);
  EXPECT_EQ(close.upper->count, 3);
  EXPECT_TRUE(close.stable) << verdictText(close);

  const RepeatSummary apart = summarizeRepeats({referenceCurve(0.0), referenceCurve(0.6)});
  ASSERT_TRUE(apart.upper);
  EXPECT_NEAR(apart.upper->spreadDecades, 0.6, kLadderStep);
  EXPECT_FALSE(apart.stable);
  EXPECT_EQ(verdictText(apart).rfind("unstable: ", 0), 0u) << verdictText(apart);
  EXPECT_EQ(stabilityAdvice(close), "");
  const std::string advice = stabilityAdvice(apart);
  EXPECT_NE(advice.find("from the lowest (" + formatLr(apart.upper->min) + ")"), std::string::npos)
      << advice;
  // The minimum moves with the curve; the slope rules also read the noise term, which stays.
  ASSERT_EQ(apart.rules.front().rule, "minimum");
  EXPECT_NEAR(apart.rules.front().spread.spreadDecades, 0.6, kLadderStep);
}

TEST(RepeatSummary, OneRepeatIsNeverCalledStable) {
  const RepeatSummary one = summarizeRepeats({referenceCurve()});
  ASSERT_TRUE(one.upper);
  EXPECT_FALSE(one.stable);
}

TEST(RepeatSummary, RepeatsWithoutARangeGiveNoBoundsAndAnUnstableVerdict) {
  LrCurve flat;
  for (int s = 0; s < 50; ++s) {
    flat.lrs.push_back(std::pow(10.0, -6 + s * 0.1));
    flat.losses.push_back(1.0);
  }
  const RepeatSummary summary = summarizeRepeats({flat, flat});
  EXPECT_FALSE(summary.upper);
  EXPECT_FALSE(summary.lower);
  EXPECT_FALSE(summary.stable);
  EXPECT_EQ(verdictText(summary), "unstable: no repeat gave a range");
  EXPECT_EQ(stabilityAdvice(summary).rfind("no repeat found a range: widen the ladder", 0), 0u);
}

} // namespace
} // namespace lrscope::engine
