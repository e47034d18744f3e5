#include "lrscope/engine/input_error.h"
#include "lrscope/engine/range_test_job.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>

namespace lrscope::engine {
namespace {

bool fashionMnistInstalled() {
  return std::filesystem::exists(kFashionMnistFolder);
}

/// The end-to-end check on real data: the MLP (784-256-10) with SGD on a 6000-example
/// stratified Fashion-MNIST sample, DESIGN.md's default ladder 1e-7..10 over 100 steps.
TEST(RangeTestJob, FindsASensibleRangeForTheMlpOnRealFashionMnist) {
  if (!fashionMnistInstalled())
    GTEST_SKIP() << "apt-get install dataset-fashion-mnist";
  FindConfig config;
  config.data.source = "fashion-mnist";
  config.sample.count = 6000;
  config.rangeTest.seed = 1;
  config.rangeTest.validateEvery = 25;
  const FindReport report = runRangeTestJob(config, nullptr, nullptr);

  EXPECT_EQ(report.trainSize, 60000);
  EXPECT_EQ(report.sampleSize, 6000);
  EXPECT_EQ(report.validationSize, 1000);
  EXPECT_EQ(report.parameterCount, 784 * 256 + 256 + 256 * 10 + 10);
  // SGD at 10 on this MLP blows up: the test must stop by itself.
  EXPECT_EQ(report.result.status, RunStatus::Diverged) << report.result.message;
  ASSERT_TRUE(report.range.range.has_value()) << report.range.reason;
  const LrRange& range = *report.range.range;
  // At lr <= 1e-4 SGD barely moves this MLP; at lr >= 2 it diverges. A usable range starts
  // where learning starts and ends before the blow-up.
  EXPECT_GT(range.lower, 1e-4);
  EXPECT_LT(range.lower, range.upper);
  EXPECT_GT(range.upper, 1e-2);
  EXPECT_LT(range.upper, 2.0);
  EXPECT_EQ(report.suggestions.size(), 6u);
  // The loss must really have fallen from ln(10) ~ 2.30 (chance level) before it blew up:
  // the mean raw loss of the best 5 consecutive steps is well below it.
  const auto& steps = report.result.steps;
  double bestWindow = INFINITY;
  for (std::size_t i = 0; i + 5 <= steps.size(); ++i) {
    double sum = 0.0;
    for (std::size_t j = i; j < i + 5; ++j)
      sum += steps[j].loss;
    bestWindow = std::min(bestWindow, sum / 5.0);
  }
  EXPECT_LT(bestWindow, 1.3);
  EXPECT_NEAR(report.result.steps.front().loss, std::log(10.0), 0.3);
}

TEST(RangeTestJob, UnknownDataSetNameIsAnInputError) {
  FindConfig config;
  config.data.source = "imagenet-22k";
  EXPECT_THROW((void)runRangeTestJob(config, nullptr, nullptr), InputError);
}

TEST(RangeTestJob, ModelThatDoesNotFitTheDataIsAnInputError) {
  const std::filesystem::path csv = std::filesystem::path(::testing::TempDir()) / "tiny.csv";
  {
    std::ofstream out(csv);
    out << "a,b,label\n";
    for (int i = 0; i < 50; ++i) // 10 held out as the test split, 40 to sample from
      out << i % 5 << "," << (i * 7) % 3 << "," << (i % 2 ? "yes" : "no") << "\n";
  }
  FindConfig config;
  config.data = {csv.string(), "label", TaskKind::Classification};
  config.model.name = "cnn"; // needs images
  try {
    (void)runRangeTestJob(config, nullptr, nullptr);
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("images"), std::string::npos) << e.what();
  }
  config.model.name = "mlp";
  config.rangeTest.iterations = 10;
  config.rangeTest.batchSize = 8;
  const FindReport report = runRangeTestJob(config, nullptr, nullptr);
  EXPECT_EQ(report.sampleSize, 40); // capped, with a warning
  EXPECT_FALSE(report.warnings.empty());
  EXPECT_EQ(report.result.steps.size(), 10u);
}

std::filesystem::path writeCsv(const std::string& name, const std::string& header,
                               const std::function<std::string(int)>& row, int rows) {
  const std::filesystem::path csv = std::filesystem::path(::testing::TempDir()) / name;
  std::ofstream out(csv);
  out << header << "\n";
  for (int i = 0; i < rows; ++i)
    out << row(i) << "\n";
  return csv;
}

TEST(RangeTestJob, ASingleClassIsAnInputErrorThatSuggestsRegression) {
  const auto csv = writeCsv(
      "one_class.csv", "a,b,y", [](int i) { return std::to_string(i) + ",1,same"; }, 30);
  FindConfig config;
  config.data = {csv.string(), "y", TaskKind::Classification};
  try {
    (void)runRangeTestJob(config, nullptr, nullptr);
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("single class"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("--task regression"), std::string::npos) << e.what();
  }
}

TEST(RangeTestJob, RegressionTargetsAreStandardizedSoTheirUnitsDoNotMatter) {
  // A price-like target: y = 50000 * (a - b) + 250000. Unstandardized, MSE starts near 6e10.
  const auto csv = writeCsv(
      "prices.csv", "a,b,price",
      [](int i) {
        const double a = (i * 37 % 101) / 101.0;
        const double b = (i * 53 % 97) / 97.0;
        return std::to_string(a) + "," + std::to_string(b) + "," +
               std::to_string(50000.0 * (a - b) + 250000.0);
      },
      400);
  FindConfig config;
  config.data = {csv.string(), "price", TaskKind::Regression};
  config.rangeTest.startLr = 1e-5;
  config.rangeTest.endLr = 10.0;
  config.rangeTest.batchSize = 32;
  const FindReport report = runRangeTestJob(config, nullptr, nullptr);
  ASSERT_FALSE(report.result.steps.empty());
  EXPECT_LT(report.result.steps.front().loss, 10.0); // about the variance of a standard target
  ASSERT_TRUE(report.range.range.has_value()) << report.range.reason;
  EXPECT_GT(report.range.range->upper, 1e-4);
}

TEST(RangeTestJob, AnEarlyStopSaysWhatToChange) {
  FindConfig config;
  config.data.source = "fashion-mnist";
  if (!fashionMnistInstalled())
    GTEST_SKIP() << "apt-get install dataset-fashion-mnist";
  config.sample.count = 600;
  config.rangeTest.startLr = 1e3; // diverges at once
  config.rangeTest.endLr = 1e6;
  config.rangeTest.iterations = 20;
  const FindReport report = runRangeTestJob(config, nullptr, nullptr);
  EXPECT_EQ(report.result.status, RunStatus::Diverged);
  EXPECT_FALSE(report.range.range.has_value());
  EXPECT_NE(report.range.reason.find("lower --end-lr"), std::string::npos) << report.range.reason;
}

} // namespace
} // namespace lrscope::engine
