#include "lrscope/engine/lr_ladder.h"
#include "lrscope/engine/suggestion_rules.h"

#include "reference_curve.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

namespace lrscope::engine {
namespace {

void expectRelativelyNear(double actual, double expected) {
  EXPECT_NEAR(actual, expected, std::abs(expected) * 1e-9) << "expected " << expected;
}

TEST(SuggestionRules, GoldenValuesOnTheReferenceCurve) {
  const LrCurve curve = testing::referenceCurve();
  expectRelativelyNear(suggestMinimum(curve)->lr, 2.9150530628e-02);
  expectRelativelyNear(suggestSteep(curve)->lr, 4.0370172586e-03);
  expectRelativelyNear(suggestValley(curve)->lr, 6.2802914418e-04);
  expectRelativelyNear(suggestSlide(curve)->lr, 2.7825594022e-03);
  expectRelativelyNear(suggestSteepestIndex(curve)->lr, 4.8626015801e-03);
  expectRelativelyNear(suggestSteepestLr(curve)->lr, 1.1233240330e-06);
}

TEST(SuggestionRules, SuggestAllNamesEveryRuleInOrder) {
  const std::vector<Suggestion> all = suggestAll(testing::referenceCurve());
  ASSERT_EQ(all.size(), suggestionRuleNames().size());
  for (std::size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(all[i].rule, suggestionRuleNames()[i]);
    EXPECT_EQ(all[i].version, 1);
  }
}

TEST(SuggestionRules, LossIsTheCurveValueAtTheIndex) {
  const LrCurve curve = testing::referenceCurve();
  for (const Suggestion& s : suggestAll(curve)) {
    ASSERT_LT(s.index, curve.losses.size()) << s.rule;
    EXPECT_EQ(s.loss, curve.losses[s.index]) << s.rule;
  }
}

TEST(SuggestionRules, TooShortCurvesGiveNothing) {
  LrCurve curve;
  curve.lrs = {1e-3, 1e-2, 1e-1};
  curve.losses = {2.0, 1.0, 3.0};
  EXPECT_TRUE(suggestAll(curve).empty());
  EXPECT_TRUE(suggestAll(LrCurve{}).empty());
}

TEST(SuggestionRules, ShortCurvesStayInsideTheCurve) {
  // A valley that starts at the first trimmed point once made fastai's index -1.
  for (std::size_t n = 7; n <= 12; ++n) {
    LrCurve curve;
    curve.lrs = LrLadder(1e-4, 1.0, static_cast<int>(n), LadderMode::Exponential).values();
    curve.losses = {2.0, 1.0};
    while (curve.losses.size() < n)
      curve.losses.push_back(1.1 + 0.1 * static_cast<double>(curve.losses.size()));
    for (const Suggestion& s : suggestAll(curve)) {
      ASSERT_LT(s.index, n) << s.rule << " n=" << n;
      EXPECT_EQ(s.lr, s.rule == "minimum" ? curve.lrs[s.index] / 10 : curve.lrs[s.index])
          << s.rule << " n=" << n;
    }
  }
}

TEST(SuggestionRules, TrimStopsAtTheFirstNonFiniteLoss) {
  LrCurve curve = testing::referenceCurve();
  // Poison everything from index 60 on: fastai's rules must only look before it.
  for (std::size_t i = 60; i < curve.losses.size(); ++i)
    curve.losses[i] = std::numeric_limits<double>::quiet_NaN();
  const auto minimum = suggestMinimum(curve);
  ASSERT_TRUE(minimum.has_value());
  EXPECT_LT(minimum->index, 60u);
  EXPECT_TRUE(std::isfinite(minimum->loss));
  const auto steep = suggestSteep(curve);
  ASSERT_TRUE(steep.has_value());
  EXPECT_LT(steep->index, 60u);
}

TEST(SuggestionRules, SteepFindsTheSteepestDescentOfAStraightKink) {
  // Flat, then a steep linear drop in ln(lr) between indices 40 and 50, then flat again.
  LrCurve curve;
  curve.lrs = LrLadder(1e-5, 1.0, 100, LadderMode::Exponential).values();
  for (int i = 0; i < 100; ++i)
    curve.losses.push_back(i < 40 ? 2.0 : (i < 50 ? 2.0 - 0.1 * (i - 40) : 1.0 + 0.001 * (i - 50)));
  const auto steep = suggestSteep(curve);
  ASSERT_TRUE(steep.has_value());
  EXPECT_GE(steep->index, 40u);
  EXPECT_LT(steep->index, 50u);
}

} // namespace
} // namespace lrscope::engine

namespace lrscope::engine {
namespace {

/// The valley rule as DESIGN.md defines it, with the O(n^2) DP, to check the faster one against.
std::optional<double> quadraticValleyLr(const LrCurve& curve) {
  const std::size_t n = curve.losses.size();
  std::size_t begin = n / 10;
  std::size_t end = n >= 5 ? n - 5 : 0;
  for (std::size_t i = begin; i < end; ++i)
    if (!std::isfinite(curve.losses[i])) {
      end = i;
      break;
    }
  if (end < begin + 2)
    return std::nullopt;
  const std::vector<double> l(curve.losses.begin() + static_cast<long>(begin),
                              curve.losses.begin() + static_cast<long>(end));
  std::vector<long> lds(l.size(), 1);
  std::size_t last = 0;
  for (std::size_t i = 1; i < l.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j)
      if (l[i] < l[j])
        lds[i] = std::max(lds[i], lds[j] + 1);
    if (lds[i] > lds[last])
      last = i;
  }
  const long start = static_cast<long>(last) - lds[last];
  const double s = static_cast<double>(static_cast<long>(last) - start) / 3.0;
  const long pick = std::clamp(start + static_cast<long>(s) + static_cast<long>(s / 2.0), 0L,
                               static_cast<long>(l.size()) - 1);
  return curve.lrs[begin + static_cast<std::size_t>(pick)];
}

// The O(n log n) valley picks what the quadratic definition picks, on noisy curves with many
// equal losses (ties must not extend a strictly decreasing run).
TEST(SuggestionRules, ValleyMatchesTheQuadraticDefinitionOnRandomCurves) {
  unsigned state = 12345;
  const auto next = [&state] {
    state = state * 1103515245U + 12345U;
    return static_cast<double>((state >> 16) & 0x7fff) / 32768.0;
  };
  for (int trial = 0; trial < 300; ++trial) {
    const std::size_t n = 20 + static_cast<std::size_t>(next() * 400);
    LrCurve curve;
    for (std::size_t i = 0; i < n; ++i) {
      curve.lrs.push_back(1e-7 * std::pow(10.0, 8.0 * static_cast<double>(i) / n));
      const double trend = 2.3 - 2.0 * static_cast<double>(i) / n;
      curve.losses.push_back(std::round((trend + 0.5 * next()) * 10.0) / 10.0);
    }
    const std::optional<Suggestion> fast = suggestValley(curve);
    const std::optional<double> reference = quadraticValleyLr(curve);
    ASSERT_EQ(fast.has_value(), reference.has_value()) << "trial " << trial;
    if (fast)
      EXPECT_EQ(fast->lr, *reference) << "trial " << trial << ", n " << n;
  }
}

} // namespace
} // namespace lrscope::engine
