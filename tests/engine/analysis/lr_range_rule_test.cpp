#include "lrscope/engine/lr_range_rule.h"

#include "lrscope/engine/lr_ladder.h"
#include "lrscope/engine/suggestion_rules.h"
#include "reference_curve.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <random>
#include <stdexcept>
#include <vector>

namespace lrscope::engine {
namespace {

// The range on the reference curve (DESIGN.md), by version.
constexpr double kGoldenLowerV2 = 6.7341506577508204e-05; // the same in version 3
constexpr double kGoldenUpperV2 = 1.3848863713938717e-01;
constexpr double kGoldenUpperV3 = 4.5348785081285821e-02;

/// The centred window [i-r, i+r] of each point, r = min(h, i, n-1-i), h = max(2, n/25),
/// copied and reduced, in O(n h): the rule's smoothing as its definition reads.
template <typename Reduce>
std::vector<double> byWindow(const std::vector<double>& values, Reduce reduce) {
  const std::size_t n = values.size();
  const std::size_t h = std::max<std::size_t>(2, n / 25);
  std::vector<double> out(n);
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t r = std::min({h, i, n - 1 - i});
    std::vector<double> window(values.begin() + static_cast<long>(i - r),
                               values.begin() + static_cast<long>(i + r + 1));
    out[i] = reduce(window);
  }
  return out;
}

double median(std::vector<double>& window) {
  const auto middle = window.begin() + static_cast<long>(window.size() / 2);
  std::nth_element(window.begin(), middle, window.end());
  return *middle;
}

/// The mean summed left to right, as the rule computed it before its windows slid.
double meanSummedInOrder(std::vector<double>& window) {
  double sum = 0.0;
  for (const double v : window)
    sum += v;
  return sum / static_cast<double>(window.size());
}

/// The mean from the exact sum rounded once: every value of the random curves below is a
/// positive double of at least 2^-7, so an integer multiple of 2^-60, and a window's sum of
/// them fits a 128-bit integer; its conversion to double rounds to nearest, ties to even.
double meanOfExactSum(std::vector<double>& window) {
  __extension__ using Int128 = __int128;
  Int128 sum = 0;
  for (const double v : window) {
    EXPECT_GE(v, 0x1p-7);
    sum += static_cast<Int128>(std::ldexp(v, 60));
  }
  return std::ldexp(static_cast<double>(sum), -60) / static_cast<double>(window.size());
}

/// A random curve of n points on an exponential ladder whose raw losses fall, stay low and blow
/// up, with noise; `style` 1 rounds them to sixteenths (ties everywhere), 2 holds them flat
/// over random stretches (plateaus), 3 rounds them to two decimals.
LrCurve randomCurve(std::size_t n, int style, std::mt19937_64& random) {
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  const double fall = 0.5 + 1.5 * uniform(random);
  const double centre = -5.0 + 3.0 * uniform(random);
  const double noise = 0.3 * uniform(random);
  LrCurve curve;
  double held = 0.0;
  std::size_t holdLeft = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double x =
        -7.0 + 8.0 * static_cast<double>(i) / static_cast<double>(std::max<std::size_t>(1, n - 1));
    curve.lrs.push_back(std::pow(10.0, x));
    double loss = 2.5 - fall / (1.0 + std::exp(-2.0 * (x - centre))) + std::exp(2.5 * (x + 0.5)) +
                  noise * (uniform(random) - 0.5);
    if (style == 1)
      loss = std::round(loss * 16.0) / 16.0;
    if (style == 2) {
      if (holdLeft == 0) {
        held = loss;
        holdLeft = 1 + static_cast<std::size_t>(uniform(random) * 0.2 * static_cast<double>(n));
      }
      loss = held;
      --holdLeft;
    }
    if (style == 3)
      loss = std::round(loss * 100.0) / 100.0;
    curve.rawLosses.push_back(loss);
  }
  curve.losses = LossSmoother::smooth(curve.rawLosses, 0.98);
  return curve;
}

void expectSameRange(const LrRangeResult& result, const LrRangeResult& expected) {
  ASSERT_EQ(result.range.has_value(), expected.range.has_value()) << result.reason;
  EXPECT_EQ(result.reason, expected.reason);
  if (result.range) {
    EXPECT_EQ(result.range->lower, expected.range->lower);
    EXPECT_EQ(result.range->upper, expected.range->upper);
  }
}

TEST(LrRangeRule, SmoothsAsTheWindowByWindowDefinitionOnRandomCurves) {
  std::mt19937_64 random(11);
  for (int k = 0; k < 400; ++k) {
    // Tiny curves, curves where h = 2 (n < 75) and longer ones.
    const std::size_t n = k % 4 == 0   ? 1 + random() % 20
                          : k % 4 == 1 ? 20 + random() % 55
                                       : 75 + random() % 3000;
    const int style = k % 5 < 4 ? k % 5 : 0;
    const LrCurve curve = randomCurve(n, style, random);
    SCOPED_TRACE("curve " + std::to_string(k) + ": n " + std::to_string(n) + ", style " +
                 std::to_string(style));

    const std::vector<double> medians = byWindow(curve.rawLosses, median);
    const std::vector<double> summedInOrder = byWindow(medians, meanSummedInOrder);
    const std::vector<double> exactlySummed = byWindow(medians, meanOfExactSum);
    const std::vector<double> smoothed = LrRangeRule::smooth(curve.rawLosses);
    ASSERT_EQ(smoothed.size(), n);
    for (std::size_t i = 0; i < n; ++i) {
      ASSERT_EQ(smoothed[i], exactlySummed[i]) << "at " << i;
      ASSERT_NEAR(smoothed[i], summedInOrder[i], 1e-12 * summedInOrder[i]) << "at " << i;
    }

    // The rule reads the curve's losses as given when there are no raw ones.
    const LrRangeResult result = LrRangeRule::apply(curve);
    expectSameRange(result, LrRangeRule::apply(LrCurve{curve.lrs, exactlySummed, {}}));
    // Two-decimal losses give windows whose sums are equal but round differently when
    // summed left to right in another order: the in-order sums broke such ties by rounding,
    // exact sums keep them ties (and the first index wins). Elsewhere no sum rounds apart.
    if (style != 3)
      expectSameRange(result, LrRangeRule::apply(LrCurve{curve.lrs, summedInOrder, {}}));
  }
}

TEST(LrRangeRule, AWindowSummingPastTheLargestDoubleLeavesTheOthersFinite) {
  // Losses near 1e306, and near 1e307 over points 200..259: windows of 41 points there sum past
  // the largest double, which gives inf as in the definition; the exact sums run scaled down by
  // a power of two, so the windows after them are finite again.
  std::mt19937_64 random(5);
  std::uniform_real_distribution<double> uniform(0.5, 1.5);
  std::vector<double> raw;
  for (int i = 0; i < 500; ++i)
    raw.push_back(uniform(random) * (i >= 200 && i < 260 ? 1e307 : 1e306));
  const std::vector<double> expected = byWindow(byWindow(raw, median), meanSummedInOrder);
  const std::vector<double> smoothed = LrRangeRule::smooth(raw);
  ASSERT_TRUE(std::isinf(expected[230]));
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (std::isinf(expected[i]))
      EXPECT_EQ(smoothed[i], expected[i]) << "at " << i;
    else
      ASSERT_NEAR(smoothed[i], expected[i], 1e-12 * expected[i]) << "at " << i;
  }
}

TEST(LrRangeRule, BracketsTheDescentOfTheReferenceCurve) {
  // The reference loss falls from 2.3 to 0.3 along a sigmoid centred at lr = 1e-3 (10% of the
  // fall is done at lr ~ 8e-5), is lowest near lr = 0.03 and is back above 2.3 at lr ~ 0.54:
  // version 2's upper bound is the middle of that stretch on the log axis, ~0.13.
  const LrRangeResult result = LrRangeRule::apply(testing::referenceCurve(), 2);
  ASSERT_TRUE(result.range.has_value()) << result.reason;
  EXPECT_EQ(result.range->rule, "lrscope-range");
  EXPECT_EQ(result.range->version, 2);
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

/// A test stopped before the loss turned: a sigmoid fall from 2.3 to 0.3 centred at 1e-3 on a
/// ladder from 1e-6 to 1e-2, the loss still falling at the last point.
LrCurve stillFallingCurve() {
  LrCurve curve;
  curve.lrs = LrLadder(1e-6, 1e-2, 100, LadderMode::Exponential).values();
  for (const double lr : curve.lrs)
    curve.losses.push_back(2.3 - 2.0 / (1.0 + std::exp(-2.0 * (std::log10(lr) + 3.0))));
  return curve;
}

/// Losses as given: falling from 2.0 to 1.0 between indices 20 and 60 (1e-5 to 1 over 100
/// points), flat, then back above the start from index 80 on.
LrCurve blowUpCurve() {
  LrCurve curve;
  curve.lrs = LrLadder(1e-5, 1.0, 100, LadderMode::Exponential).values();
  for (int i = 0; i < 100; ++i)
    curve.losses.push_back(i < 20 ? 2.0 : i <= 60 ? 2.0 - (i - 20) / 40.0 : 1.0 + (i - 60) * 0.051);
  return curve;
}

/// The index of the recorded LR nearest to lr on a log axis.
std::size_t nearestIndex(const LrCurve& curve, double lr) {
  std::size_t best = 0;
  for (std::size_t i = 1; i < curve.lrs.size(); ++i)
    if (std::abs(std::log(curve.lrs[i] / lr)) < std::abs(std::log(curve.lrs[best] / lr)))
      best = i;
  return best;
}

TEST(LrRangeRule, V2WithoutABlowUpPutsTheUpperBoundWhereTheLossIsLowest) {
  const LrCurve curve = stillFallingCurve();
  const LrRangeResult result = LrRangeRule::apply(curve, 2);
  ASSERT_TRUE(result.range.has_value()) << result.reason;
  EXPECT_DOUBLE_EQ(result.range->upper, curve.lrs.back());
  EXPECT_EQ(result.range->version, 2);
}

/// The first index after `from` where the losses are below z[from] - 0.8 (z[from] - z[last]).
std::size_t where80PercentFallen(const std::vector<double>& z, std::size_t from, std::size_t last) {
  const double threshold = z[from] - 0.8 * (z[from] - z[last]);
  std::size_t i = from;
  while (z[i] > threshold)
    ++i;
  return i;
}

TEST(LrRangeRule, V3WithoutABlowUpStartsAQuarterDecadeAboveWhere80PercentOfTheFallIsDone) {
  // The loss is highest at the window's first point (index 10) and lowest at the last: the fall
  // is 80% done near 2.7e-3; the upper bound is the recorded LR nearest to a quarter decade
  // above that, ~4.8e-3 (version 2 said the ladder's end, 1e-2).
  const LrCurve curve = stillFallingCurve();
  const std::size_t fallen = where80PercentFallen(curve.losses, 10, 99);
  EXPECT_NEAR(std::log10(curve.lrs[fallen]), std::log10(2.7e-3), 0.05);
  const LrRangeResult result = LrRangeRule::apply(curve, 3);
  ASSERT_TRUE(result.range.has_value()) << result.reason;
  EXPECT_EQ(result.range->version, 3);
  EXPECT_DOUBLE_EQ(result.range->upper,
                   curve.lrs[nearestIndex(curve, curve.lrs[fallen] * std::pow(10.0, 0.25))]);
  EXPECT_LT(result.range->lower, result.range->upper);
}

TEST(LrRangeRule, V2HalvesTheStretchBetweenTheLowestLossAndTheBlowUp) {
  // The upper bound is the LR halfway between indices 60 and 80 on a log axis.
  const LrCurve curve = blowUpCurve();
  const LrRangeResult result = LrRangeRule::apply(curve, 2);
  ASSERT_TRUE(result.range.has_value()) << result.reason;
  EXPECT_DOUBLE_EQ(result.range->upper, curve.lrs[70]);
}

TEST(LrRangeRule, V3WhereTheLossBlowsUpStartsAQuarterDecadeAboveHalfwayTo80PercentFallen) {
  // The fall is 80% done at index 52 (loss 1.2); version 2's upper bound is index 70; halfway
  // on the log axis is index 61, and a quarter decade above it index 66.
  const LrCurve curve = blowUpCurve();
  const std::size_t fallen = where80PercentFallen(curve.losses, 10, 60);
  EXPECT_EQ(fallen, 52u);
  const LrRangeResult v3 = LrRangeRule::apply(curve, 3);
  ASSERT_TRUE(v3.range.has_value()) << v3.reason;
  const double anchor = std::sqrt(curve.lrs[fallen] * curve.lrs[70]);
  EXPECT_DOUBLE_EQ(v3.range->upper, curve.lrs[nearestIndex(curve, anchor * std::pow(10.0, 0.25))]);
  EXPECT_DOUBLE_EQ(v3.range->upper, curve.lrs[66]);
  // The lower bound is the same in both versions.
  EXPECT_DOUBLE_EQ(v3.range->lower, LrRangeRule::apply(curve, 2).range->lower);
}

TEST(LrRangeRule, BothVersionsReproduceTheirGoldenValuesOnTheReferenceCurve) {
  const LrCurve curve = testing::referenceCurve();
  const LrRangeResult v2 = LrRangeRule::apply(curve, 2);
  const LrRangeResult v3 = LrRangeRule::apply(curve, 3);
  ASSERT_TRUE(v2.range && v3.range);
  EXPECT_NEAR(v2.range->lower, kGoldenLowerV2, 1e-9 * kGoldenLowerV2);
  EXPECT_NEAR(v2.range->upper, kGoldenUpperV2, 1e-9 * kGoldenUpperV2);
  EXPECT_NEAR(v3.range->lower, kGoldenLowerV2, 1e-9 * kGoldenLowerV2);
  EXPECT_NEAR(v3.range->upper, kGoldenUpperV3, 1e-9 * kGoldenUpperV3);
  EXPECT_EQ(LrRangeRule::apply(curve).range->version, 3); // the default
}

TEST(LrRangeRule, AVersionItDoesNotHaveIsRefused) {
  EXPECT_THROW((void)LrRangeRule::apply(testing::referenceCurve(), 1), std::invalid_argument);
  EXPECT_THROW((void)LrRangeRule::apply(testing::referenceCurve(), 4), std::invalid_argument);
  EXPECT_EQ(LrRangeRule::versions(), (std::vector<int>{2, 3}));
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
