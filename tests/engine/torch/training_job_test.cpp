#include "lrscope/engine/input_error.h"
#include "lrscope/engine/model.h"
#include "lrscope/engine/number_text.h"
#include "lrscope/engine/optimizer.h"
#include "lrscope/engine/range_test_job.h"
#include "lrscope/engine/training_job.h"

#include "blobs_training.h"
#include "checkpoint.h"
#include "model_impl.h"
#include "optimizer_impl.h"
#include "range_test_setup.h"
#include "synthetic_data.h"
#include "tensor_checks.h"

#include "common/temp_dir.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <functional>
#include <stdexcept>

namespace lrscope::engine {
namespace {

using lrscope::test::TempDir;
using testing::blobsConfig;
using testing::Event;
using testing::kBlobsStepsPerEpoch;
using testing::LoadedCheckpoint;
using testing::RecordingObserver;
using testing::writeBlobsCsv;

bool fashionMnistInstalled() {
  return std::filesystem::exists(kFashionMnistFolder);
}

// --- Real data -----------------------------------------------------------------------------

/// The end-to-end check: an MLP trained for 2 epochs on a 3000-example Fashion-MNIST sample
/// with one-cycle gets far above chance (10%) on the 10000 test images.
TEST(TrainingJob, TrainsTheMlpOnAFashionMnistSample) {
  if (!fashionMnistInstalled())
    GTEST_SKIP() << "apt-get install dataset-fashion-mnist";
  TempDir dir;
  TrainConfig config;
  config.data.source = "fashion-mnist";
  config.sample = {3000, 0.0, 500, 1};
  config.model = {"mlp", {128}};
  config.schedule.kind = ScheduleKind::OneCycle;
  config.schedule.maxLr = 0.1;
  config.epochs = 2;
  config.batchSize = 64;
  config.checkpoint = dir / "mlp.pt";
  RecordingObserver observer;
  const TrainingReport report = runTrainingJob(config, &observer, nullptr);

  ASSERT_EQ(report.status, RunStatus::Completed) << report.message;
  EXPECT_EQ(report.trainSize, 3000);
  EXPECT_EQ(report.validationSize, 500);
  EXPECT_EQ(report.testSize, 10000);
  EXPECT_EQ(report.layerGroups, (std::vector<std::string>{"hidden1", "head"}));
  const int stepsPerEpoch = 3000 / 64;
  EXPECT_EQ(report.steps, 2 * stepsPerEpoch);
  ASSERT_EQ(observer.steps.size(), static_cast<std::size_t>(2 * stepsPerEpoch));
  for (std::size_t i = 0; i < observer.steps.size(); ++i)
    EXPECT_EQ(observer.steps[i].step, static_cast<int>(i));

  ASSERT_EQ(report.epochs.size(), 2u);
  ASSERT_EQ(observer.epochs.size(), 2u);
  double lastWall = 0.0;
  for (int e = 0; e < 2; ++e) {
    const EpochRecord& r = report.epochs[static_cast<std::size_t>(e)];
    EXPECT_EQ(r.epoch, e);
    EXPECT_EQ(observer.epochs[static_cast<std::size_t>(e)].testAccuracy, r.testAccuracy);
    for (const double v : {r.trainLoss, r.trainAccuracy, r.validationLoss, r.validationAccuracy,
                           r.testLoss, r.testAccuracy})
      EXPECT_TRUE(std::isfinite(v)) << "epoch " << e;
    EXPECT_GT(r.wallSeconds, lastWall);
    lastWall = r.wallSeconds;
    EXPECT_EQ(r.groupLrs,
              observer.steps[static_cast<std::size_t>((e + 1) * stepsPerEpoch - 1)].groupLrs);
  }
  EXPECT_GT(report.epochs[1].testAccuracy, 0.75);
  EXPECT_GT(report.epochs[1].validationAccuracy, 0.75);
  EXPECT_LT(report.epochs[1].trainLoss, report.epochs[0].trainLoss);
  // One-cycle: starts at maxLr / 25, peaks at maxLr, ends far below the start.
  EXPECT_NEAR(observer.steps.front().groupLrs[0], 0.1 / 25.0, 1e-9);
  double peak = 0.0;
  for (const StepRecord& s : observer.steps) {
    peak = std::max(peak, s.groupLrs[0]);
    EXPECT_GE(s.wallSeconds, 0.0);
    EXPECT_TRUE(std::isfinite(s.smoothedLoss));
  }
  EXPECT_NEAR(peak, 0.1, 0.01);
  EXPECT_LT(observer.steps.back().groupLrs[0], 0.1 / 25.0 / 100.0);
  for (std::size_t i = 1; i < observer.steps.size(); ++i)
    EXPECT_GE(observer.steps[i].wallSeconds, observer.steps[i - 1].wallSeconds);
  const auto checkpoints = observer.eventsOf("checkpoint");
  ASSERT_EQ(checkpoints.size(), 2u);
  EXPECT_EQ(checkpoints[1].step, 2 * stepsPerEpoch);
  EXPECT_EQ(checkpoints[1].payload.at("epoch"), 1);
  EXPECT_EQ(report.checkpoint, config.checkpoint);
}

TEST(TrainingJob, ARangeTestFromItsCheckpointStartsThereAndRestoresItAfterwards) {
  TempDir dir;
  TrainConfig config = blobsConfig(dir);
  config.optimizer.kind = OptimizerKind::Adam; // state of its own: the moments
  config.schedule.maxLr = 0.01;
  config.checkpoint = dir / "mid.pt";
  ASSERT_EQ(runTrainingJob(config, nullptr, nullptr).status, RunStatus::Completed);

  FindConfig find;
  find.data = config.data;
  find.sample = {0, 1.0, 100, 1};
  find.model = config.model;
  find.optimizer = config.optimizer;
  find.rangeTest.iterations = 30;
  find.rangeTest.batchSize = 50;
  find.fromCheckpoint = config.checkpoint.string();
  detail::RangeTestSetup fromCheckpoint = detail::prepareRangeTest(find);
  const std::vector<torch::Tensor> checkpointed =
      testing::copies(fromCheckpoint.model->impl().parameters());
  const auto checkpointedState = fromCheckpoint.optimizer->impl().torchOptimizer().state().size();
  EXPECT_GT(checkpointedState, 0U); // Adam's moments came with the weights
  FindReport report = fromCheckpoint.report;
  detail::runPreparedRangeTest(fromCheckpoint, find, report, nullptr, nullptr);
  ASSERT_GT(report.result.steps.size(), 10U);
  EXPECT_TRUE(testing::bitIdentical(fromCheckpoint.model->impl().parameters(), checkpointed));
  EXPECT_EQ(fromCheckpoint.optimizer->impl().torchOptimizer().state().size(), checkpointedState);

  // The trained weights start far lower than fresh ones.
  find.fromCheckpoint.clear();
  const FindReport fresh = runRangeTestJob(find, nullptr, nullptr);
  EXPECT_LT(report.result.steps.front().loss, 0.5 * fresh.result.steps.front().loss);

  // A checkpoint of another model, or of another optimizer, is refused naming the file.
  find.fromCheckpoint = config.checkpoint.string();
  find.model.hiddenWidths = {32};
  EXPECT_THROW((void)detail::prepareRangeTest(find), InputError);
  find.model = config.model;
  find.optimizer.kind = OptimizerKind::Sgd;
  try {
    (void)detail::prepareRangeTest(find);
    ADD_FAILURE() << "a checkpoint of Adam's state loaded into SGD";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("mid.pt"), std::string::npos) << error.what();
  }
}

TEST(TrainingJob, ConfigLrEventsApplyAtTheirSteps) {
  TempDir dir;
  TrainConfig config = blobsConfig(dir);
  config.lrEvents = {{3, LrChange::Kind::Set, 0.02}, {12, LrChange::Kind::Scale, 0.5}};
  RecordingObserver observer;
  const TrainingReport report = runTrainingJob(config, &observer, nullptr);
  ASSERT_EQ(report.status, RunStatus::Completed) << report.message;
  ASSERT_EQ(observer.steps.size(), static_cast<std::size_t>(2 * kBlobsStepsPerEpoch));
  for (const StepRecord& s : observer.steps) {
    const double expected = s.step < 3 ? 0.1 : s.step < 12 ? 0.02 : 0.01;
    EXPECT_NEAR(s.groupLrs[0], expected, 1e-12) << "step " << s.step;
    EXPECT_EQ(s.groupLrs[0], s.groupLrs[1]);
  }
  const auto changes = observer.eventsOf("lr_change");
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].step, 3);
  EXPECT_EQ(changes[0].payload.at("kind"), "set");
  EXPECT_NEAR(changes[0].payload.at("lr").get<double>(), 0.02, 1e-12);
  EXPECT_EQ(changes[1].step, 12);
  EXPECT_EQ(changes[1].payload.at("kind"), "scale");
  EXPECT_EQ(changes[1].payload.at("value"), 0.5);
  EXPECT_NEAR(changes[1].payload.at("lr").get<double>(), 0.01, 1e-12);
}

TEST(TrainingJob, LiveChangeAppliesAtTheNextStepAndIsReported) {
  TempDir dir;
  TrainConfig config = blobsConfig(dir);
  LiveLrControl live;
  RecordingObserver observer;
  observer.onStepHook = [&](const StepRecord& s) {
    if (s.step == 4)
      live.request(LrChange::Kind::Set, 0.03);
    if (s.step == 13)
      live.request(LrChange::Kind::Scale, 0.5);
  };
  const TrainingReport report = runTrainingJob(config, &observer, nullptr, &live);
  ASSERT_EQ(report.status, RunStatus::Completed) << report.message;
  for (const StepRecord& s : observer.steps) {
    const double expected = s.step <= 4 ? 0.1 : s.step <= 13 ? 0.03 : 0.015;
    EXPECT_NEAR(s.groupLrs[0], expected, 1e-12) << "step " << s.step;
  }
  const auto changes = observer.eventsOf("lr_change");
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].step, 5);
  EXPECT_EQ(changes[0].payload.at("kind"), "set");
  EXPECT_EQ(changes[0].payload.at("value"), 0.03);
  EXPECT_EQ(changes[1].step, 14);
  EXPECT_NEAR(changes[1].payload.at("lr").get<double>(), 0.015, 1e-12);
  EXPECT_THROW(live.request(LrChange::Kind::Set, -1.0), InputError);
}

// --- How runs end --------------------------------------------------------------------------

/// An LR of 1e6 from the second epoch on blows the MLP up: Diverged, naming step and LR, and
/// the first epoch's checkpoint stays, loadable and finite.
TEST(TrainingJob, NanLossDivergesAndKeepsTheLastGoodCheckpoint) {
  TempDir dir;
  TrainConfig config = blobsConfig(dir);
  config.epochs = 3;
  config.lrEvents = {{kBlobsStepsPerEpoch, LrChange::Kind::Set, 1e6}};
  config.checkpoint = dir / "last-good.pt";
  RecordingObserver observer;
  const TrainingReport report = runTrainingJob(config, &observer, nullptr);

  ASSERT_EQ(report.status, RunStatus::Diverged) << report.message;
  ASSERT_EQ(report.epochs.size(), 1u);
  ASSERT_FALSE(observer.steps.empty());
  const StepRecord& last = observer.steps.back();
  EXPECT_GE(last.step, kBlobsStepsPerEpoch);
  EXPECT_LT(last.step, 2 * kBlobsStepsPerEpoch);
  EXPECT_FALSE(std::isfinite(last.loss));
  EXPECT_NE(report.message.find("at step " + std::to_string(last.step)), std::string::npos)
      << report.message;
  EXPECT_NE(report.message.find("lr " + numberText(1e6)), std::string::npos) << report.message;

  EXPECT_EQ(report.checkpoint, config.checkpoint);
  LoadedCheckpoint good(config.model, {8}, 3, config.checkpoint);
  EXPECT_EQ(good.position.epochs, 1);
  EXPECT_EQ(good.position.steps, kBlobsStepsPerEpoch);
  for (const torch::Tensor& p : good.model->impl().parameters())
    EXPECT_TRUE(torch::isfinite(p).all().item<bool>());
}

TEST(TrainingJob, StopCancelsWithinOneStep) {
  TempDir dir;
  TrainConfig config = blobsConfig(dir);
  std::atomic<bool> stop{false};
  RecordingObserver observer;
  observer.onStepHook = [&](const StepRecord& s) {
    if (s.step == 6)
      stop = true;
  };
  const TrainingReport report = runTrainingJob(config, &observer, &stop);
  EXPECT_EQ(report.status, RunStatus::Cancelled);
  EXPECT_EQ(observer.steps.size(), 7u);
  EXPECT_EQ(report.steps, 7);
  EXPECT_TRUE(report.epochs.empty());
  EXPECT_NE(report.message.find("step 7"), std::string::npos) << report.message;
}

TEST(TrainingJob, AnObserversExceptionFailsTheRun) {
  TempDir dir;
  TrainConfig config = blobsConfig(dir);
  RecordingObserver observer;
  observer.onStepHook = [](const StepRecord& s) {
    if (s.step == 2)
      throw std::runtime_error("disk full");
  };
  const TrainingReport report = runTrainingJob(config, &observer, nullptr);
  EXPECT_EQ(report.status, RunStatus::Failed);
  EXPECT_NE(report.message.find("disk full"), std::string::npos) << report.message;
  EXPECT_NE(report.message.find("step 2"), std::string::npos) << report.message;
}

TEST(TrainingJob, ATableIsTestedOnTheFifthHeldOutOfIt) {
  TempDir dir;
  TrainConfig config = blobsConfig(dir);
  config.epochs = 1;
  const TrainingReport report = runTrainingJob(config, nullptr, nullptr);
  ASSERT_EQ(report.status, RunStatus::Completed) << report.message;
  EXPECT_EQ(report.testSize, 150);
  EXPECT_EQ(report.trainSize, 500);
  ASSERT_EQ(report.epochs.size(), 1u);
  EXPECT_TRUE(std::isfinite(report.epochs[0].testLoss));
  EXPECT_GT(report.epochs[0].testAccuracy, 0.8);
  EXPECT_GT(report.epochs[0].validationAccuracy, 0.8);
}

// --- Refused before the first step ---------------------------------------------------------

TEST(TrainingJob, BadConfigsAreRefused) {
  TempDir dir;
  TrainConfig config = blobsConfig(dir);
  config.epochs = 0;
  EXPECT_THROW((void)runTrainingJob(config, nullptr, nullptr), InputError);
  config = blobsConfig(dir);
  config.groupLrFactors = {0.0, 1.0};
  EXPECT_THROW((void)runTrainingJob(config, nullptr, nullptr), InputError);
  config = blobsConfig(dir);
  config.lrEvents = {{5, LrChange::Kind::Set, 0.1}, {4, LrChange::Kind::Set, 0.1}};
  EXPECT_THROW((void)runTrainingJob(config, nullptr, nullptr), InputError);
  config = blobsConfig(dir);
  config.checkpoint = dir / "no-such-folder" / "model.pt";
  EXPECT_THROW((void)runTrainingJob(config, nullptr, nullptr), InputError);
}

// --- Checkpoints and resuming --------------------------------------------------------------

/// Ends a run (through the stop flag) once it has written `count` checkpoints.
class StopAfterCheckpoints : public RecordingObserver {
public:
  StopAfterCheckpoints(std::atomic<bool>& stop, int count) : m_stop(stop), m_left(count) {}
  void onEvent(int step, const std::string& kind, const std::string& payload) override {
    RecordingObserver::onEvent(step, kind, payload);
    if (kind == "checkpoint" && --m_left == 0)
      m_stop = true;
  }

private:
  std::atomic<bool>& m_stop;
  int m_left;
};

struct ResumeCase {
  std::string name;
  ScheduleSpec schedule;
  int epochsBeforeTheStop;
};

void PrintTo(const ResumeCase& c, std::ostream* out) {
  *out << c.name;
}

class TrainingJobResume : public ::testing::TestWithParam<ResumeCase> {};

/// Three epochs in one go, and the same config stopped after a checkpoint and resumed from it:
/// the resumed steps and metrics are the same bit for bit (model, momentum buffers, batch
/// order, the schedule's position and plateau state, the LR change made before the stop).
TEST_P(TrainingJobResume, ContinuesFromTheCheckpointsEpochAsIfUnbroken) {
  const ResumeCase& param = GetParam();
  TempDir dir;
  TrainConfig whole = blobsConfig(dir);
  whole.schedule = param.schedule;
  whole.epochs = 3;
  whole.lrEvents = {{5, LrChange::Kind::Scale, 0.5}};
  RecordingObserver wholeRun;
  const TrainingReport reference = runTrainingJob(whole, &wholeRun, nullptr);
  ASSERT_EQ(reference.status, RunStatus::Completed) << reference.message;

  TrainConfig first = whole;
  first.checkpoint = dir / "stopped.pt";
  std::atomic<bool> stop{false};
  StopAfterCheckpoints stopper(stop, param.epochsBeforeTheStop);
  const TrainingReport stopped = runTrainingJob(first, &stopper, &stop);
  ASSERT_EQ(stopped.status, RunStatus::Cancelled) << stopped.message;
  ASSERT_EQ(stopped.epochs.size(), static_cast<std::size_t>(param.epochsBeforeTheStop));

  TrainConfig resumed = whole;
  resumed.resumeFrom = first.checkpoint;
  RecordingObserver resumedRun;
  const TrainingReport report = runTrainingJob(resumed, &resumedRun, nullptr);
  ASSERT_EQ(report.status, RunStatus::Completed) << report.message;
  EXPECT_EQ(report.resumedEpochs, param.epochsBeforeTheStop);
  const int skipped = param.epochsBeforeTheStop * kBlobsStepsPerEpoch;
  ASSERT_EQ(report.epochs.size(), static_cast<std::size_t>(3 - param.epochsBeforeTheStop));
  EXPECT_EQ(report.epochs[0].epoch, param.epochsBeforeTheStop);
  ASSERT_EQ(resumedRun.steps.size(), static_cast<std::size_t>(3 * kBlobsStepsPerEpoch - skipped));
  EXPECT_EQ(resumedRun.steps.front().step, skipped);
  EXPECT_TRUE(resumedRun.eventsOf("lr_change").empty()); // already in the checkpoint
  for (std::size_t i = 0; i < resumedRun.steps.size(); ++i) {
    const StepRecord& a = resumedRun.steps[i];
    const StepRecord& b = wholeRun.steps[i + static_cast<std::size_t>(skipped)];
    EXPECT_EQ(a.step, b.step);
    EXPECT_EQ(a.groupLrs, b.groupLrs) << "step " << a.step;
    EXPECT_EQ(a.loss, b.loss) << "step " << a.step;
  }
  EXPECT_EQ(report.epochs.back().validationLoss, reference.epochs.back().validationLoss);
  EXPECT_EQ(report.epochs.back().trainAccuracy, reference.epochs.back().trainAccuracy);
  EXPECT_EQ(resumedRun.eventsOf("plateau").size() + stopper.eventsOf("plateau").size(),
            wholeRun.eventsOf("plateau").size());

  // A checkpoint that holds every epoch asked for has nothing left to train.
  TrainConfig again = whole;
  again.epochs = param.epochsBeforeTheStop;
  again.resumeFrom = first.checkpoint;
  EXPECT_THROW((void)runTrainingJob(again, nullptr, nullptr), InputError);
}

ScheduleSpec plateauSpec() {
  ScheduleSpec spec;
  spec.kind = ScheduleKind::ReduceOnPlateau;
  spec.maxLr = 0.1;
  spec.plateauFactor = 0.5;
  spec.plateauPatience = 1;
  spec.plateauThreshold = 0.99; // only a 99% fall counts as better: every epoch after the first
  return spec;                  // is a plateau
}

INSTANTIATE_TEST_SUITE_P(
    Schedules, TrainingJobResume,
    ::testing::Values(ResumeCase{"one_cycle", scheduleFromRange(ScheduleKind::OneCycle, 0.01, 0.2),
                                 1},
                      ResumeCase{"plateau", plateauSpec(), 2}),
    [](const auto& info) { return info.param.name; });

TEST(TrainingJob, APlateauLowersTheLrAndIsReported) {
  TempDir dir;
  TrainConfig config = blobsConfig(dir);
  config.schedule = plateauSpec();
  config.epochs = 3;
  RecordingObserver observer;
  const TrainingReport report = runTrainingJob(config, &observer, nullptr);
  ASSERT_EQ(report.status, RunStatus::Completed) << report.message;
  const auto plateaus = observer.eventsOf("plateau");
  ASSERT_EQ(plateaus.size(), 2u);
  EXPECT_EQ(plateaus[0].step, 2 * kBlobsStepsPerEpoch);
  EXPECT_NEAR(plateaus[0].payload.at("lr").get<double>(), 0.05, 1e-12);
  for (const StepRecord& s : observer.steps)
    EXPECT_NEAR(s.groupLrs[0], s.step < 2 * kBlobsStepsPerEpoch ? 0.1 : 0.05, 1e-12);
}

TEST(TrainingJob, CheckpointThatDoesNotFitIsRefused) {
  TempDir dir;
  TrainConfig config = blobsConfig(dir);
  config.epochs = 1;
  config.checkpoint = dir / "narrow.pt";
  ASSERT_EQ(runTrainingJob(config, nullptr, nullptr).status, RunStatus::Completed);

  TrainConfig wider = blobsConfig(dir);
  wider.model.hiddenWidths = {32};
  wider.resumeFrom = config.checkpoint;
  try {
    (void)runTrainingJob(wider, nullptr, nullptr);
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("shape [16, 8]"), std::string::npos) << e.what();
  }
  TrainConfig adam = blobsConfig(dir);
  adam.optimizer.kind = OptimizerKind::Adam;
  adam.resumeFrom = config.checkpoint;
  EXPECT_THROW((void)runTrainingJob(adam, nullptr, nullptr), InputError);

  TrainConfig missing = blobsConfig(dir);
  missing.resumeFrom = dir / "missing.pt";
  EXPECT_THROW((void)runTrainingJob(missing, nullptr, nullptr), InputError);
  TrainConfig notOne = blobsConfig(dir);
  notOne.resumeFrom = notOne.data.source; // the CSV file
  EXPECT_THROW((void)runTrainingJob(notOne, nullptr, nullptr), InputError);
}

/// One-cycle cycles SGD's momentum 0.95 -> 0.85 -> 0.95 while training.
TEST(TrainingJob, OneCycleCyclesTheMomentum) {
  TempDir dir;
  TrainConfig config = blobsConfig(dir);
  config.schedule = ScheduleSpec{};
  config.checkpoint = dir / "cycled.pt";
  config.epochs = 1;
  ASSERT_EQ(runTrainingJob(config, nullptr, nullptr).status, RunStatus::Completed);
  // The optimizer's options travel in the checkpoint: the last step's LR and momentum.
  LoadedCheckpoint loaded(config.model, {8}, 3, config.checkpoint);
  for (const double m : loaded.optimizer->momenta())
    EXPECT_NEAR(m, 0.95, 0.005);
  for (const double lr : loaded.optimizer->learningRates())
    EXPECT_LT(lr, config.schedule.maxLr / config.schedule.divFactor / 100.0);
}

} // namespace
} // namespace lrscope::engine
