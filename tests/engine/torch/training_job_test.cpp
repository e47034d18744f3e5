#include "lrscope/engine/input_error.h"
#include "lrscope/engine/model.h"
#include "lrscope/engine/number_text.h"
#include "lrscope/engine/optimizer.h"
#include "lrscope/engine/range_test_job.h"
#include "lrscope/engine/training_job.h"

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

struct Event {
  int step;
  std::string kind;
  nlohmann::json payload;
};

/// Keeps everything a run reports; onStepHook runs after each step is stored.
class RecordingObserver : public TrainingObserver {
public:
  void onStep(const StepRecord& record) override {
    steps.push_back(record);
    if (onStepHook)
      onStepHook(record);
  }
  void onEpoch(const EpochRecord& record) override { epochs.push_back(record); }
  void onEvent(int step, const std::string& kind, const std::string& payloadJson) override {
    events.push_back({step, kind, nlohmann::json::parse(payloadJson)});
  }

  [[nodiscard]] std::vector<Event> eventsOf(const std::string& kind) const {
    std::vector<Event> found;
    for (const Event& e : events)
      if (e.kind == kind)
        found.push_back(e);
    return found;
  }

  std::vector<StepRecord> steps;
  std::vector<EpochRecord> epochs;
  std::vector<Event> events;
  std::function<void(const StepRecord&)> onStepHook;
};

/// Three Gaussian blobs (8 features) as a CSV file: a data set without a test split, so a fifth
/// of it is held out as one when it is loaded.
std::filesystem::path writeBlobsCsv(const TempDir& dir, int64_t perClass = 250) {
  const Dataset data = testing::blobs(perClass);
  const std::filesystem::path file = dir / "blobs.csv";
  std::ofstream out(file);
  for (int64_t d = 0; d < 8; ++d)
    out << "f" << d << ",";
  out << "label\n";
  for (int64_t i = 0; i < data.size(); ++i) {
    for (int64_t d = 0; d < 8; ++d)
      out << data.features[static_cast<std::size_t>(i * 8 + d)] << ",";
    out << data.classNames[static_cast<std::size_t>(data.labels[static_cast<std::size_t>(i)])]
        << "\n";
  }
  return file;
}

/// 750 blob examples: 150 held out as the test split, 500 to train on in batches of 50 (10
/// steps an epoch), 100 to validate;
/// an MLP 8-16-3 (groups hidden1, head), SGD, a constant LR of 0.1.
TrainConfig blobsConfig(const TempDir& dir) {
  TrainConfig config;
  config.data = {writeBlobsCsv(dir).string(), "label", TaskKind::Classification};
  config.sample = {0, 0.0, 100, 1};
  config.model = {"mlp", {16}};
  config.schedule.kind = ScheduleKind::Constant;
  config.schedule.maxLr = 0.1;
  config.epochs = 2;
  config.batchSize = 50;
  return config;
}

constexpr int kBlobsStepsPerEpoch = 10;

bool fashionMnistInstalled() {
  return std::filesystem::exists(kFashionMnistFolder);
}

/// A fresh model of the config's kind, loaded from a checkpoint.
struct LoadedCheckpoint {
  LoadedCheckpoint(const ModelSpec& spec, const std::vector<int64_t>& shape, int64_t outputs,
                   const std::filesystem::path& file)
      : model(Model::create(spec, shape, outputs, 99)),
        optimizer(Optimizer::create(OptimizerSpec{}, *model, 0.1)),
        position(detail::Checkpoint::load(file, model->impl(), OptimizerKind::Sgd,
                                          optimizer->impl().torchOptimizer())) {}
  std::unique_ptr<Model> model;
  std::unique_ptr<Optimizer> optimizer;
  detail::CheckpointPosition position;
};

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

// --- Learning rates ------------------------------------------------------------------------

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
