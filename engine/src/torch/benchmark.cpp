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
#include <optional>

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
  // The batch already where the model computes: the floor has no copy in it.
  const torch::Tensor inputs = tensors.features.narrow(0, 0, batch).to(net.device()).contiguous();
  const torch::Tensor targets = tensors.targets.narrow(0, 0, batch).to(net.device()).contiguous();
  net.setTraining(true);
  const auto start = Clock::now();
  torch::Tensor loss;
  for (int i = 0; i < options.iterations; ++i) {
    torchOptimizer.zero_grad();
    loss = detail::lossOf(net.forward(inputs), targets, tensors.task);
    loss.backward();
    torchOptimizer.step();
  }
  (void)loss.item<double>(); // a GPU finishes first, as the range test reads each step's loss
  return msPerIteration(start, options.iterations);
}

/// Hands every step on and adds up the time spent in the receiver.
class TimedObserver : public RunObserver {
public:
  explicit TimedObserver(RunObserver& inner) : m_inner(inner) {}

  void onStep(const StepRecord& record) override {
    const auto start = Clock::now();
    m_inner.onStep(record);
    m_seconds += std::chrono::duration<double>(Clock::now() - start).count();
  }

  [[nodiscard]] double seconds() const { return m_seconds; }

private:
  RunObserver& m_inner;
  double m_seconds = 0.0;
};

struct RoundTime {
  double msPerIter = 0.0;
  double storeMsPerIter = 0.0; ///< the part of msPerIter spent in the store's calls
};

/// One range test, checked to complete. With a store, the run is started, observed and
/// finished inside the timed section.
RoundTime timeRangeTest(const RangeTest& rangeTest, Model& model, Optimizer& optimizer,
                        const TensorDataset& data, BenchmarkStore* store) {
  const auto start = Clock::now();
  std::optional<TimedObserver> observer;
  if (store)
    observer.emplace(store->startRound());
  const double startSeconds = std::chrono::duration<double>(Clock::now() - start).count();
  const RangeTestResult result =
      rangeTest.run(model, optimizer, data, nullptr, observer ? &*observer : nullptr, nullptr);
  if (result.status != RunStatus::Completed)
    throw InputError("benchmark of " + model.name() + (store ? " with storage" : "") +
                     ": the range test ended " + toString(result.status) + " (" + result.message +
                     ")");
  double storeSeconds = 0.0;
  if (store) {
    const auto finish = Clock::now();
    store->finishRound(result, std::chrono::duration<double>(finish - start).count());
    storeSeconds = startSeconds + observer->seconds() +
                   std::chrono::duration<double>(Clock::now() - finish).count();
  }
  const auto steps = static_cast<int>(result.steps.size());
  return {msPerIteration(start, steps), storeSeconds * 1000.0 / steps};
}

} // namespace

struct BareStepTimer::State {
  State(const ModelSpec& spec, const Dataset& sample, int batchSize, uint64_t seed)
      : data(sample), model(Model::create(spec, sample.exampleShape, sample.outputSize(), seed)),
        optimizer(Optimizer::create(OptimizerSpec{}, *model, 1e-3)) {
    options.batchSize = batchSize;
  }
  TensorDataset data;
  std::unique_ptr<Model> model;
  std::unique_ptr<Optimizer> optimizer;
  BenchmarkOptions options;
};

BareStepTimer::BareStepTimer(const ModelSpec& model, const Dataset& sample, int batchSize,
                             uint64_t seed)
    : m_state(std::make_unique<State>(model, sample, batchSize, seed)) {}

BareStepTimer::~BareStepTimer() = default;

double BareStepTimer::run(int steps) {
  if (steps < 1)
    throw InputError("time at least one bare step");
  m_state->options.iterations = steps;
  return timeBareSteps(*m_state->model, *m_state->optimizer, m_state->data, m_state->options);
}

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
  BenchmarkStore* const store = options.store;

  // One untimed round of each warms up allocators, caches and the database.
  (void)timeRangeTest(rangeTest, *model, *optimizer, data, nullptr);
  (void)timeBareSteps(*model, *optimizer, data, options);
  if (store)
    (void)timeRangeTest(rangeTest, *model, *optimizer, data, store);

  std::vector<double> rangeTimes;
  std::vector<double> bareTimes;
  std::vector<double> storedTimes;
  std::vector<double> storeTimes;
  std::vector<double> storedRatios;
  for (int round = 0; round < options.repeats; ++round) {
    // Plain first in even rounds, stored first in odd ones: a drift of the machine's speed
    // within a round favours neither.
    const bool storedFirst = store && round % 2 == 1;
    RoundTime stored;
    if (storedFirst)
      stored = timeRangeTest(rangeTest, *model, *optimizer, data, store);
    const double plain = timeRangeTest(rangeTest, *model, *optimizer, data, nullptr).msPerIter;
    if (store && !storedFirst)
      stored = timeRangeTest(rangeTest, *model, *optimizer, data, store);
    rangeTimes.push_back(plain);
    bareTimes.push_back(timeBareSteps(*model, *optimizer, data, options));
    if (store) {
      storedTimes.push_back(stored.msPerIter);
      storeTimes.push_back(stored.storeMsPerIter);
      storedRatios.push_back(stored.msPerIter / plain);
    }
  }
  BenchmarkResult result;
  result.model = model->name();
  result.rangeTestMsPerIter = median(rangeTimes);
  result.bareStepMsPerIter = median(bareTimes);
  if (store) {
    result.storedRangeTestMsPerIter = median(storedTimes);
    result.storeMsPerIter = median(storeTimes);
    result.storedRatio = median(storedRatios);
  }
  return result;
}

} // namespace lrscope::engine
