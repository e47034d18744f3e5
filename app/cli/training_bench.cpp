#include "cli/training_bench.h"

#include "lrscope/engine/benchmark.h"
#include "lrscope/engine/data_source.h"
#include "lrscope/engine/normalization.h"
#include "lrscope/engine/sampling.h"
#include "lrscope/engine/training_job.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <vector>

namespace lrscope::cli {
namespace {

using Clock = std::chrono::steady_clock;

constexpr int kBatchSize = 128;
constexpr double kTargetRatio = 1.10; ///< data handling may add at most 10%
constexpr int kBlockSteps = 10;       ///< steps of each side per block
constexpr int kWarmUpSteps = 5;       ///< job steps not timed

/// Watches one epoch of the training job and, after every kBlockSteps of its steps, runs as
/// many floor steps, so that the two alternate in blocks of a fraction of a second and see the
/// same machine. A job step's time is from the end of the previous onStep (floor work done) to
/// the next onStep: gathering the batch, the step itself, reading loss and accuracy back.
class InterleavedEpoch : public engine::TrainingObserver {
public:
  explicit InterleavedEpoch(engine::BareStepTimer& floor) : m_floor(floor) {}

  void onStep(const engine::StepRecord& record) override {
    if (m_epochDone)
      return;
    const Clock::time_point now = Clock::now();
    ++m_steps;
    m_epochSeconds = record.wallSeconds;
    if (record.step >= kWarmUpSteps) {
      m_blockMs += std::chrono::duration<double, std::milli>(now - m_lastEnd).count();
      if (++m_blockCount == kBlockSteps) {
        jobMs.push_back(m_blockMs / kBlockSteps);
        floorMs.push_back(m_floor.run(kBlockSteps));
        m_blockMs = 0.0;
        m_blockCount = 0;
      }
    }
    m_lastEnd = Clock::now();
  }
  void onEpoch(const engine::EpochRecord&) override { m_epochDone = true; }
  void onEvent(int, const std::string&, const std::string&) override {}

  [[nodiscard]] int steps() const { return m_steps; }
  /// The epoch's wall time as the job saw it, floor blocks included.
  [[nodiscard]] double epochSeconds() const { return m_epochSeconds; }

  std::vector<double> jobMs;   ///< per block, ms per job step
  std::vector<double> floorMs; ///< per block, ms per floor step

private:
  engine::BareStepTimer& m_floor;
  bool m_epochDone = false;
  int m_steps = 0;
  double m_epochSeconds = 0.0;
  Clock::time_point m_lastEnd = Clock::now();
  double m_blockMs = 0.0;
  int m_blockCount = 0;
};

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

double sum(const std::vector<double>& values) {
  double total = 0.0;
  for (const double v : values)
    total += v;
  return total;
}

} // namespace

void runTrainingBench(const engine::Device& device, bool json) {
  // The floor: forward, backward and step on one batch of 128 already in memory.
  const engine::DataSplits splits = engine::loadData({"fashion-mnist", "", {}});
  const engine::SampleSplit split = engine::drawSample(splits.train, {6000, 0.0, 0, 1});
  engine::Dataset sample = splits.train.subset(split.sample);
  engine::Normalization::compute(sample).apply(sample);
  engine::BareStepTimer floor(engine::ModelSpec{"cnn", {}, device, {}}, sample, kBatchSize);
  (void)floor.run(kBlockSteps); // warm-up

  // One epoch of the CNN through the training job, on all of the training set but the
  // validation split: shuffled batches gathered from the whole set, LR from the schedule, loss
  // and accuracy read back, records to an observer.
  engine::TrainConfig config;
  config.model.name = "cnn";
  config.model.device = device;
  config.sample = {0, 0.0, 5000, 1};
  config.schedule = engine::scheduleFromRange(engine::ScheduleKind::Constant, 0.01, 0.01);
  config.epochs = 1;
  config.batchSize = kBatchSize;
  InterleavedEpoch epoch(floor);
  const engine::TrainingReport report = engine::runTrainingJob(config, &epoch, nullptr);

  std::vector<double> ratios;
  for (std::size_t b = 0; b < epoch.jobMs.size(); ++b)
    ratios.push_back(epoch.jobMs[b] / epoch.floorMs[b]);
  const double ratio = median(ratios);
  const double jobSeconds = sum(epoch.jobMs) * kBlockSteps / 1000.0;
  const double floorSeconds = sum(epoch.floorMs) * kBlockSteps / 1000.0;
  if (json) {
    std::cout << nlohmann::json{{"model", "cnn"},
                                {"batch_size", kBatchSize},
                                {"train_examples", report.trainSize},
                                {"epoch_steps", epoch.steps()},
                                {"blocks", ratios.size()},
                                {"steps_per_block", kBlockSteps},
                                {"job_step_ms_median", median(epoch.jobMs)},
                                {"bare_step_ms_median", median(epoch.floorMs)},
                                {"ratio", ratio},
                                {"ratio_of_totals", jobSeconds / floorSeconds},
                                {"ratio_target", kTargetRatio},
                                {"pass", ratio <= kTargetRatio},
                                {"timed_job_seconds", jobSeconds},
                                {"timed_floor_seconds", floorSeconds},
                                {"epoch_with_evaluation_seconds", report.trainSeconds}}
                     .dump(2)
              << "\n";
    return;
  }
  std::printf("One training epoch of the small CNN on Fashion-MNIST: %lld training examples, "
              "batch %d, %d steps\n",
              static_cast<long long>(report.trainSize), kBatchSize, epoch.steps());
  std::printf("the job's steps and the floor's alternate in blocks of %d (%zu blocks)\n\n",
              kBlockSteps, ratios.size());
  std::printf("%-44s %10s %10s\n", "", "ms/step", "total s");
  std::printf("%-44s %10.3f %10.2f\n", "training job (median block, timed steps)",
              median(epoch.jobMs), jobSeconds);
  std::printf("%-44s %10.3f %10.2f\n", "floor: forward+backward+step, batch in memory",
              median(epoch.floorMs), floorSeconds);
  std::printf("%-44s %10.3f    target <= %.2f  %s\n", "ratio (median of the blocks' ratios)", ratio,
              kTargetRatio, ratio <= kTargetRatio ? "PASS" : "MISS");
  std::printf("%-44s %10.3f\n", "ratio of the totals", jobSeconds / floorSeconds);
  std::printf("%-44s %10.2f s (floor blocks included)\n", "epoch with validation and test",
              report.trainSeconds);
}

} // namespace lrscope::cli
