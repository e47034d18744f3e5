#include "lrscope/engine/normalization.h"

#include "lrscope/engine/input_error.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <stdexcept>

namespace lrscope::engine {
namespace {

/// Mean and population standard deviation of channel `c` of {C, ...}-shaped examples.
std::pair<double, double> channelStats(const Dataset& data, int64_t c) {
  const int64_t perChannel = data.exampleSize() / data.exampleShape[0];
  double sum = 0;
  double squares = 0;
  int64_t n = 0;
  for (int64_t i = 0; i < data.size(); ++i) {
    for (int64_t k = 0; k < perChannel; ++k) {
      const double value =
          data.features[static_cast<std::size_t>(i * data.exampleSize() + c * perChannel + k)];
      sum += value;
      squares += value * value;
      ++n;
    }
  }
  const double mean = sum / static_cast<double>(n);
  return {mean, std::sqrt(squares / static_cast<double>(n) - mean * mean)};
}

TEST(NormalizationTest, ComputesPerColumnStatisticsOfATable) {
  Dataset data;
  data.exampleShape = {3};
  data.features = {1, 10, -2, 3, 10, 2, 5, 10, 0};
  const Normalization norm = Normalization::compute(data);
  ASSERT_EQ(norm.mean.size(), 3U);
  EXPECT_FLOAT_EQ(norm.mean[0], 3.0F);
  EXPECT_FLOAT_EQ(norm.stddev[0], static_cast<float>(std::sqrt(8.0 / 3.0)));
  EXPECT_FLOAT_EQ(norm.mean[1], 10.0F);
  EXPECT_FLOAT_EQ(norm.stddev[1], 1.0F); // constant column
  EXPECT_FLOAT_EQ(norm.mean[2], 0.0F);
  EXPECT_FLOAT_EQ(norm.stddev[2], static_cast<float>(std::sqrt(8.0 / 3.0)));

  norm.apply(data);
  EXPECT_FLOAT_EQ(data.features[0], static_cast<float>(-2.0 / std::sqrt(8.0 / 3.0)));
  EXPECT_FLOAT_EQ(data.features[1], 0.0F);
  EXPECT_FLOAT_EQ(data.features[4], 0.0F);
}

TEST(NormalizationTest, ConstantColumnOfInexactValuesKeepsUnitSpread) {
  Dataset data;
  data.exampleShape = {1};
  data.features = std::vector<float>(1000, 0.1F);
  const Normalization norm = Normalization::compute(data);
  EXPECT_FLOAT_EQ(norm.stddev[0], 1.0F);
  norm.apply(data);
  EXPECT_NEAR(data.features[999], 0.0F, 1e-6);
}

TEST(NormalizationTest, ImagesGetZeroMeanAndUnitSpreadPerChannel) {
  Dataset data;
  data.exampleShape = {3, 4, 5};
  std::mt19937_64 engine(11);
  std::uniform_real_distribution<float> unit(0.0F, 1.0F);
  const float offsets[3] = {0.0F, 100.0F, -50.0F};
  const float scales[3] = {255.0F, 2.0F, 30.0F};
  for (int example = 0; example < 200; ++example) {
    for (int c = 0; c < 3; ++c) {
      for (int k = 0; k < 20; ++k) {
        data.features.push_back(offsets[c] + scales[c] * unit(engine));
      }
    }
  }
  const Normalization norm = Normalization::compute(data);
  ASSERT_EQ(norm.mean.size(), 3U);
  ASSERT_EQ(norm.stddev.size(), 3U);
  for (int c = 0; c < 3; ++c) {
    const auto [mean, stddev] = channelStats(data, c);
    EXPECT_NEAR(norm.mean[static_cast<std::size_t>(c)], mean, 1e-3 * scales[c]);
    EXPECT_NEAR(norm.stddev[static_cast<std::size_t>(c)], stddev, 1e-3 * scales[c]);
  }
  EXPECT_GT(norm.mean[1], 99.0F); // channels are kept apart
  EXPECT_LT(norm.mean[2], -30.0F);

  norm.apply(data);
  for (int c = 0; c < 3; ++c) {
    const auto [mean, stddev] = channelStats(data, c);
    EXPECT_NEAR(mean, 0.0, 1e-4) << "channel " << c;
    EXPECT_NEAR(stddev, 1.0, 1e-4) << "channel " << c;
  }
}

TEST(NormalizationTest, RejectsAnEmptyDataset) {
  Dataset data;
  data.name = "nothing";
  data.exampleShape = {2};
  EXPECT_THROW((void)Normalization::compute(data), InputError);
}

TEST(NormalizationTest, RejectsDataOfAnotherChannelCount) {
  Dataset table;
  table.exampleShape = {2};
  table.features = {1, 2, 3, 5};
  const Normalization norm = Normalization::compute(table);
  Dataset image;
  image.exampleShape = {3, 1, 1};
  image.features = {1, 2, 3};
  EXPECT_THROW(norm.apply(image), std::invalid_argument);
}

} // namespace
} // namespace lrscope::engine
