#include "lrscope/engine/input_error.h"
#include "lrscope/engine/loss_smoother.h"

#include <gtest/gtest.h>

#include <cmath>

namespace lrscope::engine {
namespace {

TEST(LossSmoother, ConstantLossStaysConstantThanksToDebiasing) {
  LossSmoother smoother(0.98);
  for (int i = 0; i < 50; ++i)
    EXPECT_NEAR(smoother.add(2.5), 2.5, 1e-12);
}

TEST(LossSmoother, MatchesTheDefinitionStepByStep) {
  const std::vector<double> raw{3.0, 1.0, 2.0, 5.0};
  const double beta = 0.9;
  const std::vector<double> smooth = LossSmoother::smooth(raw, beta);
  double avg = 0.0;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    avg = beta * avg + (1 - beta) * raw[i];
    EXPECT_NEAR(smooth[i], avg / (1 - std::pow(beta, static_cast<double>(i + 1))), 1e-12);
  }
  EXPECT_EQ(smooth[0], 3.0); // the first value is unbiased
}

TEST(LossSmoother, BetaZeroIsTheRawSeries) {
  const std::vector<double> raw{3.0, 1.0, 2.0};
  EXPECT_EQ(LossSmoother::smooth(raw, 0.0), raw);
}

TEST(LossSmoother, RejectsBetaOutsideTheUnitInterval) {
  EXPECT_THROW(LossSmoother(1.0), InputError);
  EXPECT_THROW(LossSmoother(-0.1), InputError);
  EXPECT_THROW(LossSmoother(std::nan("")), InputError);
}

} // namespace
} // namespace lrscope::engine
