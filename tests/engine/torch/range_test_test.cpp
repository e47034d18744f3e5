#include "lrscope/engine/lr_ladder.h"
#include "lrscope/engine/model.h"
#include "lrscope/engine/optimizer.h"
#include "lrscope/engine/range_test.h"
#include "lrscope/engine/tensor_dataset.h"

#include "model_impl.h"
#include "optimizer_impl.h"
#include "synthetic_data.h"
#include "tensor_dataset_impl.h"

#include "tensor_checks.h"
#include <ATen/CPUGeneratorImpl.h>

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <stdexcept>

namespace lrscope::engine {
namespace {

/// Calls a function at every step.
class CallbackObserver : public RunObserver {
public:
  explicit CallbackObserver(std::function<void(const StepRecord&)> onStep)
      : m_onStep(std::move(onStep)) {}
  void onStep(const StepRecord& record) override { m_onStep(record); }

private:
  std::function<void(const StepRecord&)> m_onStep;
};

using testing::bitIdentical;
using testing::copies;
using testing::globalRngState;

/// A model with state worth restoring: trained a few steps with momentum (so the optimizer
/// holds buffers) and, for the ResNet, batch-norm running statistics.
struct TrainedSetup {
  explicit TrainedSetup(const std::string& modelName, const Dataset& data,
                        OptimizerKind kind = OptimizerKind::Sgd)
      : model(Model::create({modelName, {32}}, data.exampleShape, data.outputSize(), 11)),
        optimizer(Optimizer::create(spec(kind), *model, 0.05)), tensors(data) {
    auto& net = model->impl();
    auto& opt = optimizer->impl().torchOptimizer();
    const auto batch = tensors.impl().features.narrow(0, 0, 16);
    const auto targets = tensors.impl().targets.narrow(0, 0, 16);
    for (int i = 0; i < 3; ++i) {
      opt.zero_grad();
      torch::nn::functional::cross_entropy(net.forward(batch), targets).backward();
      opt.step();
    }
  }
  static OptimizerSpec spec(OptimizerKind kind) {
    OptimizerSpec s;
    s.kind = kind;
    return s;
  }
  /// One more deterministic step: the same result means the same optimizer state.
  std::vector<torch::Tensor> parametersAfterOneMoreStep() {
    auto& net = model->impl();
    auto& opt = optimizer->impl().torchOptimizer();
    opt.zero_grad();
    torch::nn::functional::cross_entropy(net.forward(tensors.impl().features.narrow(0, 16, 16)),
                                         tensors.impl().targets.narrow(0, 16, 16))
        .backward();
    opt.step();
    return copies(net.parameters());
  }

  std::unique_ptr<Model> model;
  std::unique_ptr<Optimizer> optimizer;
  TensorDataset tensors;
};

RangeTestOptions quickOptions() {
  RangeTestOptions options;
  options.startLr = 1e-4;
  options.endLr = 1.0;
  options.iterations = 30;
  options.batchSize = 16;
  return options;
}

struct ExitPath {
  const char* name;
  friend void PrintTo(const ExitPath& path, std::ostream* out) { *out << path.name; }
  RunStatus expected;
  std::function<void(RangeTestOptions&)> adjust;
  /// Given the stop flag, an observer that triggers the path (or nothing).
  std::function<std::function<void(const StepRecord&)>(std::atomic<bool>&)> trigger;
};

class RangeTestRestores : public ::testing::TestWithParam<std::tuple<ExitPath, std::string>> {};

TEST_P(RangeTestRestores, WeightsOptimizerAndRngAreBitIdenticalAfterwards) {
  const auto& [path, modelName] = GetParam();
  const Dataset data = modelName == "mlp" ? testing::blobs() : testing::tinyImages();
  TrainedSetup tested(modelName, data, OptimizerKind::Sgd);
  TrainedSetup untouched(modelName, data, OptimizerKind::Sgd);
  const auto parametersBefore = copies(tested.model->impl().parameters());
  const auto buffersBefore = copies(tested.model->impl().buffers());
  const auto lrsBefore = tested.optimizer->learningRates();
  const torch::Tensor rngBefore = globalRngState();

  RangeTestOptions options = quickOptions();
  path.adjust(options);
  std::atomic<bool> stop{false};
  CallbackObserver observer(path.trigger(stop));
  const RangeTestResult result = RangeTest(options).run(*tested.model, *tested.optimizer,
                                                        tested.tensors, nullptr, &observer, &stop);

  EXPECT_EQ(result.status, path.expected) << result.message;
  EXPECT_FALSE(result.message.empty());
  EXPECT_TRUE(bitIdentical(tested.model->impl().parameters(), parametersBefore));
  EXPECT_TRUE(bitIdentical(tested.model->impl().buffers(), buffersBefore));
  EXPECT_EQ(tested.optimizer->learningRates(), lrsBefore);
  EXPECT_TRUE(tested.model->impl().isTraining());
  EXPECT_TRUE(torch::equal(globalRngState(), rngBefore));
  // The optimizer's momentum buffers are back too: the next step matches a twin's.
  EXPECT_TRUE(
      bitIdentical(tested.parametersAfterOneMoreStep(), untouched.parametersAfterOneMoreStep()));
}

const ExitPath kCompleted{"completed", RunStatus::Completed, [](RangeTestOptions&) {},
                          [](std::atomic<bool>&) { return [](const StepRecord&) {}; }};
const ExitPath kDiverged{"diverged", RunStatus::Diverged,
                         [](RangeTestOptions& o) {
                           o.endLr = 1e4;
                           o.iterations = 60;
                         },
                         [](std::atomic<bool>&) { return [](const StepRecord&) {}; }};
const ExitPath kCancelled{"cancelled", RunStatus::Cancelled, [](RangeTestOptions&) {},
                          [](std::atomic<bool>& stop) {
                            return [&stop](const StepRecord& r) {
                              if (r.step == 4)
                                stop = true;
                            };
                          }};
const ExitPath kFailed{"failed", RunStatus::Failed, [](RangeTestOptions&) {},
                       [](std::atomic<bool>&) {
                         return [](const StepRecord& r) {
                           if (r.step == 2)
                             throw std::runtime_error("observer broke");
                         };
                       }};

INSTANTIATE_TEST_SUITE_P(
    EveryExitPath, RangeTestRestores,
    ::testing::Combine(::testing::Values(kCompleted, kDiverged, kCancelled, kFailed),
                       ::testing::Values(std::string("mlp"), std::string("resnet"))),
    [](const auto& info) {
      return std::string(std::get<0>(info.param).name) + "_" + std::get<1>(info.param);
    });

/// Adam, AdamW and RMSprop keep more state than SGD (moments, step counts): all of it must
/// come back too.
class RangeTestRestoresOptimizerState : public ::testing::TestWithParam<OptimizerKind> {};

TEST_P(RangeTestRestoresOptimizerState, NextStepMatchesAnUntouchedTwin) {
  const Dataset data = testing::blobs();
  TrainedSetup tested("mlp", data, GetParam());
  TrainedSetup untouched("mlp", data, GetParam());
  RangeTestOptions options = quickOptions();
  options.endLr = 1e3; // diverges: the state after the test is far from the one before
  const RangeTestResult result = RangeTest(options).run(*tested.model, *tested.optimizer,
                                                        tested.tensors, nullptr, nullptr, nullptr);
  EXPECT_NE(result.status, RunStatus::Failed) << result.message;
  EXPECT_TRUE(
      bitIdentical(tested.model->impl().parameters(), untouched.model->impl().parameters()));
  EXPECT_TRUE(
      bitIdentical(tested.parametersAfterOneMoreStep(), untouched.parametersAfterOneMoreStep()));
}

INSTANTIATE_TEST_SUITE_P(EveryOptimizer, RangeTestRestoresOptimizerState,
                         ::testing::Values(OptimizerKind::Sgd, OptimizerKind::Adam,
                                           OptimizerKind::AdamW, OptimizerKind::RmsProp),
                         [](const auto& info) { return toString(info.param); });

TEST(RangeTest, RecordsFollowTheLadderAndTheSmoothing) {
  TrainedSetup setup("mlp", testing::blobs());
  RangeTestOptions options = quickOptions();
  const RangeTestResult result = RangeTest(options).run(*setup.model, *setup.optimizer,
                                                        setup.tensors, nullptr, nullptr, nullptr);
  ASSERT_EQ(result.status, RunStatus::Completed) << result.message;
  ASSERT_EQ(result.steps.size(), 30u);
  const LrLadder ladder(options.startLr, options.endLr, options.iterations, options.mode);
  double avg = 0.0;
  for (const StepRecord& r : result.steps) {
    ASSERT_EQ(r.groupLrs.size(), 2u); // hidden1, head
    EXPECT_EQ(r.groupLrs[0], ladder.at(r.step));
    EXPECT_EQ(r.groupLrs[1], ladder.at(r.step));
    avg = 0.98 * avg + 0.02 * r.loss;
    EXPECT_NEAR(r.smoothedLoss, avg / (1 - std::pow(0.98, r.step + 1)), 1e-9);
    EXPECT_GE(r.batchAccuracy, 0.0);
    EXPECT_LE(r.batchAccuracy, 1.0);
    EXPECT_FALSE(r.validationLoss.has_value());
  }
  EXPECT_EQ(result.steps.back().groupLrs[0], 1.0);
}

TEST(RangeTest, DeterministicForAGivenSeed) {
  auto runOnce = [](uint64_t seed) {
    TrainedSetup setup("mlp", testing::blobs());
    RangeTestOptions options = quickOptions();
    options.seed = seed;
    return RangeTest(options)
        .run(*setup.model, *setup.optimizer, setup.tensors, nullptr, nullptr, nullptr)
        .curve()
        .rawLosses;
  };
  EXPECT_EQ(runOnce(5), runOnce(5));
  EXPECT_NE(runOnce(5), runOnce(6));
}

TEST(RangeTest, DivergesOnABlowUpAndSaysWhy) {
  TrainedSetup setup("mlp", testing::blobs());
  RangeTestOptions options = quickOptions();
  options.endLr = 1e5;
  options.iterations = 80;
  const RangeTestResult result = RangeTest(options).run(*setup.model, *setup.optimizer,
                                                        setup.tensors, nullptr, nullptr, nullptr);
  ASSERT_EQ(result.status, RunStatus::Diverged);
  EXPECT_LT(result.steps.size(), 80u);
  const StepRecord& last = result.steps.back();
  // Either NaN/Inf or the smoothed loss passed 4 x the best smoothed loss seen.
  double best = INFINITY;
  for (std::size_t i = 0; i + 1 < result.steps.size(); ++i)
    best = std::min(best, result.steps[i].smoothedLoss);
  EXPECT_TRUE(!std::isfinite(last.loss) || last.smoothedLoss > 4.0 * best) << result.message;
  EXPECT_NE(result.message.find("step"), std::string::npos);
}

TEST(RangeTest, AccumulationAdvancesTheLrPerOptimizerStep) {
  TrainedSetup setup("mlp", testing::blobs());
  RangeTestOptions options = quickOptions();
  options.accumulationSteps = 4;
  options.iterations = 10;
  const RangeTestResult result = RangeTest(options).run(*setup.model, *setup.optimizer,
                                                        setup.tensors, nullptr, nullptr, nullptr);
  ASSERT_EQ(result.steps.size(), 10u);
  EXPECT_EQ(result.steps.front().groupLrs[0], options.startLr);
  EXPECT_EQ(result.steps.back().groupLrs[0], options.endLr);
}

TEST(RangeTest, ValidatesEveryKStepsAndAtTheEnd) {
  TrainedSetup setup("mlp", testing::blobs());
  const TensorDataset validation(testing::blobs(20, 8, 99));
  RangeTestOptions options = quickOptions();
  options.validateEvery = 7;
  options.iterations = 20;
  const RangeTestResult result = RangeTest(options).run(
      *setup.model, *setup.optimizer, setup.tensors, &validation, nullptr, nullptr);
  ASSERT_EQ(result.status, RunStatus::Completed) << result.message;
  for (const StepRecord& r : result.steps) {
    const bool expected = r.step % 7 == 0 || r.step == 19;
    EXPECT_EQ(r.validationLoss.has_value(), expected) << r.step;
    if (expected) {
      EXPECT_GT(*r.validationLoss, 0.0);
      EXPECT_GE(*r.validationAccuracy, 0.0);
    }
  }
}

TEST(RangeTest, LearnsOnEasyDataSoTheLossFalls) {
  TrainedSetup setup("mlp", testing::blobs());
  RangeTestOptions options;
  options.startLr = 1e-4;
  options.endLr = 10.0;
  options.iterations = 100;
  options.batchSize = 32;
  const RangeTestResult result = RangeTest(options).run(*setup.model, *setup.optimizer,
                                                        setup.tensors, nullptr, nullptr, nullptr);
  double best = INFINITY;
  for (const auto& r : result.steps)
    best = std::min(best, r.smoothedLoss);
  EXPECT_LT(best, 0.6 * result.steps.front().smoothedLoss);
}

} // namespace
} // namespace lrscope::engine
