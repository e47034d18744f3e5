// The training job's layer groups: each group's LR factor, and frozen groups.
#include "lrscope/engine/input_error.h"
#include "lrscope/engine/training_job.h"

#include "blobs_training.h"
#include "tensor_checks.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace lrscope::engine {
namespace {

using testing::blobsConfig;
using testing::kBlobsStepsPerEpoch;
using testing::LoadedCheckpoint;
using testing::RecordingObserver;
using testing::TempDir;

// --- Each group its factor of the LR ------------------------------------------------------

TEST(TrainingJob, GroupLrsAreTheScheduleTimesEachGroupsFactor) {
  TempDir dir;
  TrainConfig config = blobsConfig(dir);
  config.groupLrFactors = {0.1, 1.0};
  config.epochs = 1;
  RecordingObserver observer;
  const TrainingReport report = runTrainingJob(config, &observer, nullptr);
  ASSERT_EQ(report.status, RunStatus::Completed) << report.message;
  ASSERT_EQ(observer.steps.size(), static_cast<std::size_t>(kBlobsStepsPerEpoch));
  for (const StepRecord& s : observer.steps)
    EXPECT_EQ(s.groupLrs, (std::vector<double>{0.1 * 0.1, 0.1 * 1.0})) << "step " << s.step;
}

/// Each layer group of the config's model as initialised and after training one epoch (read
/// back from the training's checkpoint).
struct GroupsBeforeAndAfter {
  std::vector<detail::LayerGroup> before, after;
};

GroupsBeforeAndAfter trainOneEpoch(TrainConfig config, const TempDir& dir) {
  config.epochs = 1;
  config.checkpoint = dir / "trained.pt";
  const TrainingReport report = runTrainingJob(config, nullptr, nullptr);
  EXPECT_EQ(report.status, RunStatus::Completed) << report.message;
  const auto initial = Model::create(config.model, {8}, 3, config.seed);
  LoadedCheckpoint trained(config.model, {8}, 3, config.checkpoint);
  return {initial->impl().layerGroups(), trained.model->impl().layerGroups()};
}

/// The factors reach the parameters of their own group: with a near-zero factor on the hidden
/// layer only the head learns.
TEST(TrainingJob, GroupFactorsReachTheirOwnParameters) {
  TempDir dir;
  TrainConfig config = blobsConfig(dir);
  config.groupLrFactors = {1e-9, 1.0};
  const auto [before, after] = trainOneEpoch(config, dir);
  ASSERT_EQ(after.size(), 2u);
  auto change = [](const detail::LayerGroup& a, const detail::LayerGroup& b) {
    double most = 0.0;
    for (std::size_t i = 0; i < a.parameters.size(); ++i)
      most = std::max(most, (a.parameters[i] - b.parameters[i]).abs().max().item<double>());
    return most;
  };
  EXPECT_LT(change(before[0], after[0]), 1e-7);
  EXPECT_GT(change(before[1], after[1]), 1e-2);
}

/// A frozen group comes out of training bit for bit as it went in, weight decay and momentum
/// notwithstanding; the other group learns.
TEST(TrainingJob, FrozenGroupsAreBitIdenticalAfterTraining) {
  TempDir dir;
  TrainConfig config = blobsConfig(dir);
  config.model.frozenGroups = {"hidden1"};
  config.optimizer.weightDecay = 0.01;
  const auto [before, after] = trainOneEpoch(config, dir);
  ASSERT_EQ(after.size(), 2u);
  EXPECT_TRUE(testing::bitIdentical(before[0].parameters, after[0].parameters));
  EXPECT_FALSE(testing::bitIdentical(before[1].parameters, after[1].parameters));
}

TEST(TrainingJob, GroupFactorCountMismatchIsRefusedNamingTheGroups) {
  TempDir dir;
  TrainConfig config = blobsConfig(dir);
  config.model.hiddenWidths = {16, 8};
  config.groupLrFactors = {0.1, 1.0};
  RecordingObserver observer;
  try {
    (void)runTrainingJob(config, &observer, nullptr);
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              "the model has 3 layer groups (hidden1, hidden2, head) but 2 LR factors were given");
  }
  EXPECT_TRUE(observer.steps.empty());
}

} // namespace
} // namespace lrscope::engine
