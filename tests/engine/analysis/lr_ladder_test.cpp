#include "lrscope/engine/input_error.h"
#include "lrscope/engine/lr_ladder.h"

#include <gtest/gtest.h>

#include <cmath>

namespace lrscope::engine {
namespace {

TEST(LrLadder, ExponentialReachesBothEndpointsExactly) {
  const std::vector<double> lrs = LrLadder(1e-7, 10.0, 100, LadderMode::Exponential).values();
  ASSERT_EQ(lrs.size(), 100u);
  EXPECT_EQ(lrs.front(), 1e-7);
  EXPECT_EQ(lrs.back(), 10.0);
  // Constant ratio between neighbours: 8 decades over 99 steps.
  const double ratio = std::pow(1e8, 1.0 / 99.0);
  for (std::size_t i = 1; i < lrs.size(); ++i)
    EXPECT_NEAR(lrs[i] / lrs[i - 1], ratio, 1e-9);
}

TEST(LrLadder, LinearIsEvenlySpaced) {
  const LrLadder ladder(0.1, 1.0, 10, LadderMode::Linear);
  EXPECT_EQ(ladder.at(0), 0.1);
  EXPECT_EQ(ladder.at(9), 1.0);
  EXPECT_NEAR(ladder.at(3), 0.4, 1e-15);
  for (int i = 1; i < 10; ++i)
    EXPECT_NEAR(ladder.at(i) - ladder.at(i - 1), 0.1, 1e-12);
}

TEST(LrLadder, RejectsBadBounds) {
  EXPECT_THROW(LrLadder(0.0, 1.0, 10, LadderMode::Exponential), InputError);
  EXPECT_THROW(LrLadder(-1.0, 1.0, 10, LadderMode::Linear), InputError);
  EXPECT_THROW(LrLadder(1.0, 1.0, 10, LadderMode::Exponential), InputError);
  EXPECT_THROW(LrLadder(1.0, 0.1, 10, LadderMode::Exponential), InputError);
  EXPECT_THROW(LrLadder(1e-3, 1.0, 1, LadderMode::Exponential), InputError);
}

TEST(LrLadder, ParsesModes) {
  EXPECT_EQ(parseLadderMode("exp"), LadderMode::Exponential);
  EXPECT_EQ(parseLadderMode("exponential"), LadderMode::Exponential);
  EXPECT_EQ(parseLadderMode("linear"), LadderMode::Linear);
  EXPECT_THROW((void)parseLadderMode("log"), InputError);
}

} // namespace
} // namespace lrscope::engine
