// Repeated range tests: K tests on one ladder that differ only in the seed.
#include "lrscope/engine/input_error.h"
#include "lrscope/engine/repeated_range_test_job.h"

#include "report_checks.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <mutex>
#include <set>

namespace lrscope::engine {
namespace {

using testing::lossesOf;

/// The MLP 784-32-10 on a small Fashion-MNIST sample, three repeats.
FindConfig smallRepeatedConfig() {
  FindConfig config;
  config.data.source = "fashion-mnist";
  config.sample.count = 600;
  config.sample.validationCount = 0;
  config.model.hiddenWidths = {32};
  config.rangeTest.iterations = 40;
  config.rangeTest.startLr = 1e-5;
  config.rangeTest.endLr = 3.0;
  config.rangeTest.seed = 7;
  config.repeats.count = 3;
  return config;
}

/// Records what the repeats report, from whichever thread they run on.
class RecordingListener : public RepeatedRangeTestListener {
public:
  RunObserver* repeatStarted(int index, const FindConfig& config) override {
    const std::lock_guard<std::mutex> lock(m_mutex);
    started.insert(index);
    seeds.insert(config.rangeTest.seed);
    return nullptr;
  }
  void repeatFinished(int index, const FindReport&) override {
    const std::lock_guard<std::mutex> lock(m_mutex);
    finished.insert(index);
  }
  std::set<int> started;
  std::set<uint64_t> seeds;
  std::set<int> finished;

private:
  std::mutex m_mutex;
};

TEST(RepeatConfig, SeedsFollowTheFirstAndTheSampleIsSharedUnlessResampled) {
  FindConfig config = smallRepeatedConfig();
  const FindConfig third = repeatConfig(config, 2);
  EXPECT_EQ(third.rangeTest.seed, 9u);
  EXPECT_EQ(third.effectiveSampleSeed(), 7u);
  EXPECT_EQ(third.repeats.count, 1);
  EXPECT_EQ(repeatConfig(config, 0).sampleSeed, std::nullopt); // the first is a plain test
  EXPECT_EQ(findConfigFromJson(toJson(third)).effectiveSampleSeed(), 7u);
  config.repeats.resample = true;
  EXPECT_EQ(repeatConfig(config, 2).effectiveSampleSeed(), 9u);
}

/// Repeat i is the test of seed + i (on the first repeat's sample), as the first repeat of a
/// repeated test that starts there is; the repeats differ; the summary covers them all.
TEST(RepeatedRangeTestJob, RepeatsArePlainTestsOfConsecutiveSeeds) {
  const FindConfig config = smallRepeatedConfig();
  RecordingListener listener;
  const RepeatedRangeTestReport report = runRepeatedRangeTestJob(config, 1, &listener, nullptr);
  ASSERT_EQ(report.repeats.size(), 3u);
  EXPECT_EQ(listener.started, (std::set<int>{0, 1, 2}));
  EXPECT_EQ(listener.finished, (std::set<int>{0, 1, 2}));
  EXPECT_EQ(listener.seeds, (std::set<uint64_t>{7, 8, 9}));
  EXPECT_EQ(report.summary.repeats, 3);
  EXPECT_EQ(report.summary.band.size(), report.repeats.front().result.steps.size());
  EXPECT_NE(lossesOf(report.repeats[0]), lossesOf(report.repeats[1]));

  FindConfig later = config;
  later.rangeTest.seed = 8;
  later.sampleSeed = 7;
  later.repeats.count = 2;
  const RepeatedRangeTestReport fromEight = runRepeatedRangeTestJob(later, 1, nullptr, nullptr);
  EXPECT_EQ(lossesOf(fromEight.repeats[0]), lossesOf(report.repeats[1]));
  EXPECT_EQ(report.repeats[1].sampleSize, 600);
}

/// Side by side on two threads, the curves are bit for bit those of one at a time.
TEST(RepeatedRangeTestJob, ParallelRepeatsAreBitIdenticalToSequentialOnes) {
  const FindConfig config = smallRepeatedConfig();
  const RepeatedRangeTestReport sequential = runRepeatedRangeTestJob(config, 1, nullptr, nullptr);
  RecordingListener listener;
  const RepeatedRangeTestReport parallel = runRepeatedRangeTestJob(config, 2, &listener, nullptr);
  ASSERT_EQ(parallel.repeats.size(), sequential.repeats.size());
  for (std::size_t i = 0; i < parallel.repeats.size(); ++i) {
    EXPECT_EQ(lossesOf(parallel.repeats[i]), lossesOf(sequential.repeats[i])) << "repeat " << i;
    EXPECT_EQ(parallel.repeats[i].config.rangeTest.seed,
              sequential.repeats[i].config.rangeTest.seed);
  }
  EXPECT_EQ(listener.finished.size(), 3u);
  ASSERT_TRUE(parallel.summary.upper.has_value() == sequential.summary.upper.has_value());
  if (parallel.summary.upper)
    EXPECT_EQ(parallel.summary.upper->median, sequential.summary.upper->median);
}

TEST(RepeatedRangeTestJob, ResampledRepeatsDrawTheirOwnSample) {
  FindConfig config = smallRepeatedConfig();
  config.repeats.count = 2;
  config.repeats.resample = true;
  const RepeatedRangeTestReport report = runRepeatedRangeTestJob(config, 1, nullptr, nullptr);
  ASSERT_EQ(report.repeats.size(), 2u);
  EXPECT_EQ(report.repeats[1].config.effectiveSampleSeed(), 8u);
  FindConfig later = config;
  later.rangeTest.seed = 8; // its first repeat draws the sample of seed 8, as repeat 1 did
  const RepeatedRangeTestReport fromEight = runRepeatedRangeTestJob(later, 1, nullptr, nullptr);
  EXPECT_EQ(lossesOf(fromEight.repeats[0]), lossesOf(report.repeats[1]));
}

TEST(RepeatedRangeTestJob, AStopBeforeTheStartRunsNoRepeat) {
  const std::atomic<bool> stop{true};
  const RepeatedRangeTestReport report =
      runRepeatedRangeTestJob(smallRepeatedConfig(), 2, nullptr, &stop);
  EXPECT_TRUE(report.repeats.empty());
  EXPECT_EQ(overallStatus(report), RunStatus::Cancelled);
}

TEST(RepeatedRangeTestJob, RefusesABadConfigBeforeAnyRepeat) {
  FindConfig config = smallRepeatedConfig();
  config.model.name = "no-such-model";
  RecordingListener listener;
  EXPECT_THROW((void)runRepeatedRangeTestJob(config, 2, &listener, nullptr), InputError);
  EXPECT_TRUE(listener.started.empty());
  EXPECT_THROW((void)runRepeatedRangeTestJob(smallRepeatedConfig(), 0, nullptr, nullptr),
               InputError);
}

} // namespace
} // namespace lrscope::engine
