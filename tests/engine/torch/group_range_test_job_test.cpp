// The per-group range test: one group follows the ladder, the others stay at a base LR.
#include "lrscope/engine/data_source.h"
#include "lrscope/engine/group_range_test_job.h"
#include "lrscope/engine/input_error.h"
#include "lrscope/engine/lr_ladder.h"
#include "lrscope/engine/range_test_job.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace lrscope::engine {
namespace {

/// The MLP 784-32-10 (groups hidden1, head) on a small Fashion-MNIST sample.
FindConfig smallMlpConfig() {
  FindConfig config;
  config.data.source = "fashion-mnist";
  config.sample.count = 600;
  config.sample.validationCount = 0;
  config.model.hiddenWidths = {32};
  config.rangeTest.iterations = 40;
  config.rangeTest.startLr = 1e-5;
  config.rangeTest.endLr = 3.0;
  config.rangeTest.otherGroupsLr = 1e-3;
  return config;
}

class RecordingListener : public GroupRangeTestListener {
public:
  RunObserver* groupStarted(std::optional<int> group, const std::string& name,
                            const FindConfig& config) override {
    started.push_back((group ? std::to_string(*group) : "whole") + " " + name);
    sweptGroups.push_back(config.rangeTest.sweptGroup);
    return nullptr;
  }
  void groupFinished(std::optional<int> group, const FindReport&) override {
    finished.push_back(group);
  }
  std::vector<std::string> started;
  std::vector<std::optional<int>> sweptGroups;
  std::vector<std::optional<int>> finished;
};

TEST(GroupRangeTestJob, SweepsEachGroupAlongTheLadderWhileTheOthersStayAtTheBaseLr) {
  if (!std::filesystem::exists(kFashionMnistFolder))
    GTEST_SKIP() << "apt-get install dataset-fashion-mnist";
  const FindConfig config = smallMlpConfig();
  RecordingListener listener;
  const GroupRangeTestReport report = runGroupRangeTestJob(config, &listener, nullptr);
  const std::vector<FindReport>& groups = report.groups;
  EXPECT_TRUE(report.wholeModel.has_value());
  EXPECT_DOUBLE_EQ(report.otherGroupsLr, 1e-3);

  ASSERT_EQ(groups.size(), 2u);
  EXPECT_EQ(listener.started,
            (std::vector<std::string>{"whole all groups", "0 hidden1", "1 head"}));
  EXPECT_EQ(listener.sweptGroups, (std::vector<std::optional<int>>{std::nullopt, 0, 1}));
  EXPECT_EQ(listener.finished, (std::vector<std::optional<int>>{std::nullopt, 0, 1}));
  const LrLadder ladder(1e-5, 3.0, 40, LadderMode::Exponential);
  for (std::size_t g = 0; g < groups.size(); ++g) {
    EXPECT_EQ(groups[g].config.rangeTest.sweptGroup, static_cast<int>(g));
    ASSERT_FALSE(groups[g].result.steps.empty());
    for (const StepRecord& step : groups[g].result.steps) {
      ASSERT_EQ(step.groupLrs.size(), 2u);
      EXPECT_EQ(step.curveGroup, g);
      EXPECT_DOUBLE_EQ(step.groupLrs[g], ladder.at(step.step));
      EXPECT_DOUBLE_EQ(step.groupLrs[1 - g], 1e-3);
    }
    // The curve the rules read is the swept group's.
    const LrCurve curve = groups[g].result.curve();
    EXPECT_DOUBLE_EQ(curve.lrs.front(), 1e-5);
  }
}

TEST(GroupRangeTestJob, AFrozenGroupIsNotTestedAndTheOthersKeepTheirIndex) {
  if (!std::filesystem::exists(kFashionMnistFolder))
    GTEST_SKIP() << "apt-get install dataset-fashion-mnist";
  FindConfig config = smallMlpConfig();
  config.model.hiddenWidths = {32, 16};
  config.model.frozenGroups = {"hidden1"};
  config.rangeTest.iterations = 20;
  RecordingListener listener;
  const GroupRangeTestReport report = runGroupRangeTestJob(config, &listener, nullptr);
  EXPECT_EQ(listener.started,
            (std::vector<std::string>{"whole all groups", "1 hidden2", "2 head"}));
  ASSERT_EQ(report.groups.size(), 2u);
  EXPECT_EQ(testedGroupName(report.groups[0]), "hidden2");
  EXPECT_EQ(testedGroupName(report.groups[1]), "head");
  EXPECT_EQ(report.warnings, (std::vector<std::string>{"frozen, not tested: hidden1"}));
  EXPECT_EQ(groupRangeTestMessage(report).rfind("2 of 3 layer groups (frozen: hidden1), the "
                                                "others at",
                                                0),
            0u)
      << groupRangeTestMessage(report);
  ASSERT_TRUE(report.wholeModel.has_value());
  EXPECT_EQ(testedGroupCount(*report.wholeModel), 2);
  EXPECT_NE(groupRangeTestMessage(report).find(": hidden2 "), std::string::npos)
      << groupRangeTestMessage(report);
}

TEST(GroupRangeTestJob, EveryGroupStartsFromTheSameWeights) {
  if (!std::filesystem::exists(kFashionMnistFolder))
    GTEST_SKIP() << "apt-get install dataset-fashion-mnist";
  // The first step of every group sees the same initial model, batch and tiny LR: same loss.
  const std::vector<FindReport> groups =
      runGroupRangeTestJob(smallMlpConfig(), nullptr, nullptr).groups;
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_DOUBLE_EQ(groups[0].result.steps.front().loss, groups[1].result.steps.front().loss);
}

TEST(GroupRangeTestJob, WithoutABaseLrTheOthersStayAtTheWholeModelRangesLowerBound) {
  if (!std::filesystem::exists(kFashionMnistFolder))
    GTEST_SKIP() << "apt-get install dataset-fashion-mnist";
  FindConfig config = smallMlpConfig();
  config.rangeTest.otherGroupsLr = 0.0;
  RecordingListener listener;
  const GroupRangeTestReport report = runGroupRangeTestJob(config, &listener, nullptr);
  ASSERT_TRUE(report.wholeModel.has_value());
  ASSERT_TRUE(report.wholeModel->range.range.has_value()) << report.wholeModel->range.reason;
  EXPECT_EQ(listener.started,
            (std::vector<std::string>{"whole all groups", "0 hidden1", "1 head"}));
  EXPECT_DOUBLE_EQ(report.otherGroupsLr, report.wholeModel->range.range->lower);
  ASSERT_EQ(report.groups.size(), 2u);
  EXPECT_DOUBLE_EQ(report.groups[0].result.steps.front().groupLrs[1], report.otherGroupsLr);
  EXPECT_EQ(overallStatus(report), RunStatus::Completed);
}

TEST(GroupRangeTestJob, AGroupThatDoesNotExistIsAnInputErrorNamingTheGroups) {
  if (!std::filesystem::exists(kFashionMnistFolder))
    GTEST_SKIP() << "apt-get install dataset-fashion-mnist";
  FindConfig config = smallMlpConfig();
  config.rangeTest.sweptGroup = 2;
  try {
    (void)runRangeTestJob(config, nullptr, nullptr);
    FAIL() << "expected an InputError";
  } catch (const InputError& error) {
    EXPECT_STREQ(error.what(), "layer group 2 does not exist: mlp has 2 (0 hidden1, 1 head)");
  }
}

TEST(GroupRangeTestJob, ANegativeBaseLrIsRefused) {
  FindConfig config = smallMlpConfig();
  config.rangeTest.otherGroupsLr = -1e-3;
  EXPECT_THROW(config.validate(), InputError);
}

TEST(GroupRangeTestJob, TheWholeModelSetsTheScaleAndEachGroupItsShare) {
  GroupRangeTestReport report;
  report.wholeModel = FindReport{};
  report.wholeModel->range.range = LrRange{1e-3, 5e-2, "lrscope-range", 2};
  report.groups.resize(3);
  report.groups[0].range.range = LrRange{1e-5, 0.5, "lrscope-range", 2};
  report.groups[1].range.range = LrRange{1e-5, 8.0, "lrscope-range", 2};
  report.groups[2].range.range = LrRange{1e-4, 4.0, "lrscope-range", 2};
  const std::vector<double> lrs = suggestedGroupLrs(report);
  ASSERT_EQ(lrs.size(), 3u);
  EXPECT_DOUBLE_EQ(lrs[0], 5e-2 * 0.5 / 8.0);
  EXPECT_DOUBLE_EQ(lrs[1], 5e-2);
  EXPECT_DOUBLE_EQ(lrs[2], 5e-2 * 0.5);
  report.groups[1].range.range.reset();
  EXPECT_TRUE(suggestedGroupLrs(report).empty());
  EXPECT_THROW((void)groupLrFactors({1.0, 0.0}), InputError);
}

} // namespace
} // namespace lrscope::engine
