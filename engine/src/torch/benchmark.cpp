#include "lrscope/engine/benchmark.h"

#include "model_impl.h"
#include "objective.h"
#include "optimizer_impl.h"
#include "tensor_dataset_impl.h"

#include "lrscope/engine/input_error.h"
#include "lrscope/engine/model.h"
#include "lrscope/engine/optimizer.h"
#include "lrscope/engine/range_test.h"
#include "lrscope/engine/tensor_dataset.h"

#include <algorithm>
#include <chrono>

namespace lrscope::engine {
namespace {

using Clock = std::chrono::steady_clock;

double msPerIteration(Clock::time_point start, int iterations) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count() / iterations;
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

double timeBareSteps(Model& model, Optimizer& optimizer, const TensorDataset& data,
                     const BenchmarkOptions& options) {
  auto& net = model.impl();
  auto& torchOptimizer = optimizer.impl().torchOptimizer();
  const auto& tensors = data.impl();
  const int64_t batch = std::min<int64_t>(options.batchSize, tensors.features.size(0));
  const torch::Tensor inputs = tensors.features.narrow(0, 0, batch).contiguous();
  const torch::Tensor targets = tensors.targets.narrow(0, 0, batch).contiguous();
  net.setTraining(true);
  const auto start = Clock::now();
  for (int i = 0; i < options.iterations; ++i) {
    torchOptimizer.zero_grad();
    detail::lossOf(net.forward(inputs), targets, tensors.task).backward();
    torchOptimizer.step();
  }
  return msPerIteration(start, options.iterations);
}

} // namespace

BenchmarkResult benchmarkModel(const ModelSpec& modelSpec, const Dataset& sample,
                               const BenchmarkOptions& options) {
  if (options.iterations < 5 || options.repeats < 1)
    throw InputError("a benchmark needs at least 5 iterations and 1 repeat");
  const TensorDataset data(sample);
  const auto model =
      Model::create(modelSpec, sample.exampleShape, sample.outputSize(), options.seed);
  const auto optimizer = Optimizer::create(OptimizerSpec{}, *model, 1e-3);

  RangeTestOptions rangeOptions;
  rangeOptions.startLr = 1e-5;
  rangeOptions.endLr = 1e-2;
  rangeOptions.iterations = options.iterations;
  rangeOptions.batchSize = options.batchSize;
  rangeOptions.seed = options.seed;
  const RangeTest rangeTest(rangeOptions);

  // One untimed round of each warms up allocators and caches.
  (void)rangeTest.run(*model, *optimizer, data, nullptr, nullptr, nullptr);
  (void)timeBareSteps(*model, *optimizer, data, options);

  std::vector<double> rangeTimes;
  std::vector<double> bareTimes;
  for (int round = 0; round < options.repeats; ++round) {
    const auto start = Clock::now();
    const RangeTestResult result =
        rangeTest.run(*model, *optimizer, data, nullptr, nullptr, nullptr);
    if (result.status != RunStatus::Completed)
      throw InputError("benchmark of " + model->name() + ": the range test ended " +
                       toString(result.status) + " (" + result.message + ")");
    rangeTimes.push_back(msPerIteration(start, static_cast<int>(result.steps.size())));
    bareTimes.push_back(timeBareSteps(*model, *optimizer, data, options));
  }
  return {model->name(), median(rangeTimes), median(bareTimes)};
}

} // namespace lrscope::engine
