#pragma once

// A database for the report tests, written through the storage API as the engine would: a
// range test on DESIGN.md's reference curve (validation every 20 steps, a range moved by hand,
// notes, Fashion-MNIST's classes, a warning), a training run (one-cycle, 3 epochs, an LR change, a
// checkpoint) and a sweep of three learning rates, two of them eliminated.

#include "lrscope/engine/find_config.h"
#include "lrscope/engine/loss_smoother.h"
#include "lrscope/engine/lr_ladder.h"
#include "lrscope/engine/lr_range_rule.h"
#include "lrscope/engine/suggestion_rules.h"
#include "lrscope/engine/training_job.h"
#include "lrscope/storage/run_database.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <string>
#include <vector>

namespace lrscope::ui::test {

constexpr const char* kRangeTestNotes = "Reference curve of DESIGN.md.\nSecond line of the notes.";
constexpr double kManualLower = 2e-4;
constexpr double kManualUpper = 3e-2;
constexpr const char* kCheckpoint = "/data/checkpoints/run-2.pt";
inline const std::vector<std::string> kFashionMnistClasses = {
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
    "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};
constexpr const char* kRangeTestWarning = "skipped 2 unreadable images (--skip-bad-images)";

struct ReportRuns {
  int64_t rangeTest = 0;
  int64_t training = 0;
  int64_t sweep = 0;
  std::vector<int64_t> sweepMembers; ///< lowest LR first
};

inline int64_t storeRangeTest(storage::RunDatabase& db) {
  engine::FindConfig config;
  config.model.name = "mlp";
  config.rangeTest.validateEvery = 20;
  storage::NewRun run;
  run.kind = engine::RunKind::RangeTest;
  run.configJson = engine::toJson(config).dump();
  run.dataset = "fashion-mnist";
  run.model = "mlp";
  const int64_t id = db.createRun(run);
  const std::vector<double> lrs =
      engine::LrLadder(1e-7, 10.0, 100, engine::LadderMode::Exponential).values();
  std::vector<double> raw;
  for (std::size_t i = 0; i < lrs.size(); ++i) {
    const double x = std::log10(lrs[i]);
    raw.push_back(2.3 - 2.0 / (1.0 + std::exp(-2.0 * (x + 3.0))) + std::exp(3.0 * (x + 0.5)) +
                  0.03 * std::sin(1.7 * static_cast<double>(i)));
  }
  const std::vector<double> smoothed = engine::LossSmoother::smooth(raw, 0.98);
  std::vector<engine::StepRecord> steps;
  for (std::size_t i = 0; i < lrs.size(); ++i) {
    engine::StepRecord step;
    step.step = static_cast<int>(i);
    step.groupLrs = {lrs[i]};
    step.loss = raw[i];
    step.smoothedLoss = smoothed[i];
    step.batchAccuracy = 0.5;
    if (i % 20 == 0) {
      step.validationLoss = smoothed[i] + 0.05;
      step.validationAccuracy = 0.3 + 0.005 * static_cast<double>(i);
    }
    steps.push_back(step);
  }
  db.appendSteps(id, steps);
  db.finishRun(id, engine::RunStatus::Completed, "reached the last LR", 2.5);
  const engine::LrCurve curve{lrs, smoothed, raw};
  db.saveSuggestions(id, engine::suggestAll(curve), engine::LrRangeRule::apply(curve).range);
  db.setManualRange(id, kManualLower, kManualUpper);
  db.setNotes(id, kRangeTestNotes);
  db.saveClassesAndWarnings(id, kFashionMnistClasses, {kRangeTestWarning});
  return id;
}

inline engine::TrainConfig trainConfig(double maxLr) {
  engine::TrainConfig config;
  config.model.name = "mlp";
  config.schedule.kind = engine::ScheduleKind::OneCycle;
  config.schedule.maxLr = maxLr;
  config.epochs = 3;
  config.checkpoint = kCheckpoint;
  return config;
}

/// A training run of `epochs` epochs of 40 steps, its validation loss lowest for lr near 1e-2.
inline int64_t storeTraining(storage::RunDatabase& db, double maxLr, int epochs,
                             std::optional<int64_t> parent = std::nullopt) {
  storage::NewRun run;
  run.kind = engine::RunKind::Training;
  run.configJson = engine::toJson(trainConfig(maxLr)).dump();
  run.dataset = "fashion-mnist";
  run.model = "mlp";
  run.parentRunId = parent;
  const int64_t id = db.createRun(run);
  const double badness = std::abs(std::log10(maxLr) + 2.0); // 0 at 1e-2
  std::vector<engine::StepRecord> steps;
  for (int i = 0; i < epochs * 40; ++i) {
    engine::StepRecord step;
    step.step = i;
    const double phase = static_cast<double>(i) / (epochs * 40);
    step.groupLrs = {maxLr * (phase < 0.25 ? 0.04 + 3.84 * phase : 1.0 - 0.99 * (phase - 0.25))};
    step.loss = 2.3 * std::exp(-2.0 * phase) + 0.3 * badness + 0.05 * std::sin(i);
    step.smoothedLoss = 2.3 * std::exp(-2.0 * phase) + 0.3 * badness;
    step.batchAccuracy = 0.5;
    steps.push_back(step);
  }
  db.appendSteps(id, steps);
  for (int e = 0; e < epochs; ++e) {
    engine::EpochRecord epoch;
    epoch.epoch = e;
    epoch.trainLoss = 1.2 / (e + 1) + 0.3 * badness;
    epoch.trainAccuracy = 0.70 + 0.05 * e;
    epoch.validationLoss = 1.3 / (e + 1) + 0.4 * badness;
    epoch.validationAccuracy = 0.68 + 0.05 * e;
    epoch.testLoss = 1.35 / (e + 1) + 0.4 * badness;
    epoch.testAccuracy = 0.671 + 0.05 * e;
    epoch.groupLrs = {steps[static_cast<std::size_t>((e + 1) * 40 - 1)].groupLrs};
    epoch.wallSeconds = 1.5 * (e + 1);
    db.appendEpoch(id, epoch);
  }
  db.saveClassesAndWarnings(id, kFashionMnistClasses, {});
  return id;
}

inline ReportRuns storeReportRuns(storage::RunDatabase& db) {
  ReportRuns runs;
  runs.rangeTest = storeRangeTest(db);

  runs.training = storeTraining(db, kManualUpper, 3);
  db.addEvent(runs.training, 50, "lr_change", R"({"lr": 0.004, "how": "set"})");
  db.setCheckpoint(runs.training, kCheckpoint);
  db.finishRun(runs.training, engine::RunStatus::Completed, "trained 3 epochs", 4.5);

  storage::NewRun sweep;
  sweep.kind = engine::RunKind::Sweep;
  sweep.configJson =
      R"({"sweep": {"lower_lr": 0.001, "upper_lr": 0.1, "candidates": 3, "epochs_per_rung": 1,
          "max_rungs": 0, "lrs": [0.001, 0.01, 0.1]},
          "training": {"data": {"source": "fashion-mnist", "label": "", "task": "classification"},
                       "model": {"name": "mlp", "widths": [256]},
                       "training": {"batch_size": 128, "seed": 1}}})";
  sweep.dataset = "fashion-mnist";
  sweep.model = "mlp";
  runs.sweep = db.createRun(sweep);
  const double lrs[] = {1e-3, 1e-2, 1e-1};
  const int epochs[] = {1, 2, 1};
  for (int i = 0; i < 3; ++i) {
    const int64_t member = storeTraining(db, lrs[i], epochs[i], runs.sweep);
    runs.sweepMembers.push_back(member);
    if (i != 1)
      db.addEvent(member, 40, "eliminated",
                  nlohmann::json{{"rung", 1},
                                 {"reason", i == 0 ? "validation loss 1.9 > median 1.5 at rung 1"
                                                   : "diverged at step 37"},
                                 {"lr", lrs[i]},
                                 {"diverged", i == 2}}
                      .dump());
    db.finishRun(member, engine::RunStatus::Completed,
                 i == 1 ? "best of the sweep after 2 epochs" : "eliminated at rung 1", 1.0);
  }
  db.finishRun(runs.sweep, engine::RunStatus::Completed, "best lr 1.000e-02", 3.0);
  return runs;
}

} // namespace lrscope::ui::test
