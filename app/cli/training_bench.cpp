#include "cli/training_bench.h"

#include "lrscope/engine/benchmark.h"
#include "lrscope/engine/data_source.h"
#include "lrscope/engine/normalization.h"
#include "lrscope/engine/sampling.h"
#include "lrscope/engine/training_job.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>

namespace lrscope::cli {
namespace {

constexpr int kBatchSize = 128;
constexpr double kTargetRatio = 1.10; ///< data handling may add at most 10%

/// Remembers when the first epoch's last step ended, and how many steps it had.
class EpochClock : public engine::TrainingObserver {
public:
  void onStep(const engine::StepRecord& record) override {
    if (!m_epochDone) {
      m_steps = record.step + 1;
      m_seconds = record.wallSeconds;
    }
  }
  void onEpoch(const engine::EpochRecord&) override { m_epochDone = true; }
  void onEvent(int, const std::string&, const std::string&) override {}

  [[nodiscard]] int steps() const { return m_steps; }
  [[nodiscard]] double seconds() const { return m_seconds; }

private:
  bool m_epochDone = false;
  int m_steps = 0;
  double m_seconds = 0.0;
};

} // namespace

void runTrainingBench(bool json) {
  // One epoch through the training job: shuffled batches gathered from the whole training set,
  // LR from the schedule, loss and accuracy read back, smoothing, records to an observer.
  engine::TrainConfig config;
  config.model.name = "cnn";
  config.sample = {0, 0.0, 5000, 1}; // all of the training set but the validation split
  config.schedule = engine::scheduleFromRange(engine::ScheduleKind::Constant, 0.01, 0.01);
  config.epochs = 1;
  config.batchSize = kBatchSize;
  EpochClock clock;
  const engine::TrainingReport report = engine::runTrainingJob(config, &clock, nullptr);

  // The floor: forward, backward and step on one batch of 128 already in memory.
  const engine::DataSplits splits = engine::loadData({"fashion-mnist", "", {}});
  const engine::SampleSplit split = engine::drawSample(splits.train, {6000, 0.0, 0, 1});
  engine::Dataset sample = splits.train.subset(split.sample);
  engine::Normalization::compute(sample).apply(sample);
  engine::BenchmarkOptions options;
  options.iterations = 60;
  options.repeats = 3;
  options.batchSize = kBatchSize;
  options.store = nullptr;
  const engine::BenchmarkResult floor =
      engine::benchmarkModel(engine::ModelSpec{"cnn", {}}, sample, options);

  const double stepMs = 1000.0 * clock.seconds() / clock.steps();
  const double ratio = stepMs / floor.bareStepMsPerIter;
  if (json) {
    std::cout << nlohmann::json{{"model", "cnn"},
                                {"batch_size", kBatchSize},
                                {"train_examples", report.trainSize},
                                {"steps", clock.steps()},
                                {"epoch_loop_seconds", clock.seconds()},
                                {"epoch_with_evaluation_seconds", report.trainSeconds},
                                {"step_ms", stepMs},
                                {"bare_step_ms", floor.bareStepMsPerIter},
                                {"ratio", ratio},
                                {"ratio_target", kTargetRatio},
                                {"pass", ratio <= kTargetRatio}}
                     .dump(2)
              << "\n";
    return;
  }
  std::printf("One training epoch of the small CNN on Fashion-MNIST: %lld training examples, "
              "batch %d, %d steps\n",
              static_cast<long long>(report.trainSize), kBatchSize, clock.steps());
  std::printf("%-44s %10.2f s\n", "the epoch's steps (training job)", clock.seconds());
  std::printf("%-44s %10.2f s\n", "with validation and test evaluation", report.trainSeconds);
  std::printf("%-44s %10.3f ms\n", "per step", stepMs);
  std::printf("%-44s %10.3f ms\n", "floor: forward+backward+step, batch in memory",
              floor.bareStepMsPerIter);
  std::printf("%-44s %10.3f    target <= %.2f  %s\n", "ratio", ratio, kTargetRatio,
              ratio <= kTargetRatio ? "PASS" : "MISS");
}

} // namespace lrscope::cli
