#pragma once

#include "lrscope/engine/data_source.h"
#include "lrscope/engine/lr_events.h"
#include "lrscope/engine/lr_schedule.h"
#include "lrscope/engine/model_spec.h"
#include "lrscope/engine/run_record.h"
#include "lrscope/engine/sampling.h"

#include <nlohmann/json_fwd.hpp>

#include <atomic>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace lrscope::engine {

/// Everything that defines one training run.
struct TrainConfig {
  DataSpec data{"fashion-mnist", "", TaskKind::Classification};
  /// Train on the whole training part (sample.count == 0 and sample.fraction == 0) or on a
  /// representative sample of it; sample.validationCount examples are held out for the
  /// per-epoch validation metrics either way. sample.seed follows seed.
  SampleSpec sample{0, 0.0, 5000, 1};
  ModelSpec model;
  OptimizerSpec optimizer;
  ScheduleSpec schedule;
  /// One factor per layer group multiplying the schedule's LR (differential learning rates,
  /// e.g. geometricGroupFactors); empty means 1 for every group. A length that does not match
  /// the model's groups is refused before training.
  std::vector<double> groupLrFactors;
  int epochs = 5;
  int batchSize = 128;
  uint64_t seed = 1;
  /// Timed LR changes (lrscope train --lr-events), applied at their steps.
  std::vector<LrChange> lrEvents;
  /// Where the trained model is saved (after every epoch, so the last good one survives a
  /// diverged epoch); empty saves nothing.
  std::filesystem::path checkpoint;
  /// A checkpoint written by an earlier run of the same config to continue from.
  std::filesystem::path resumeFrom;

  /// Throws InputError naming the field that is out of range.
  void validate() const;
};

[[nodiscard]] nlohmann::json toJson(const TrainConfig& config);
/// Missing fields keep their defaults; throws InputError for an unknown key or a wrong type.
[[nodiscard]] TrainConfig trainConfigFromJson(const nlohmann::json& json);

/// Receives a training run's progress on the thread that runs it.
class TrainingObserver : public RunObserver {
public:
  virtual void onEpoch(const EpochRecord& record) = 0;
  /// Something to mark on the plots: kind "lr_change" (payload {"kind": "set"|"scale",
  /// "value", "lr"}), "plateau" (payload {"lr"}), "checkpoint" (payload {"path", "epoch"}).
  virtual void onEvent(int step, const std::string& kind, const std::string& payloadJson) = 0;
};

/// LR changes requested from another thread while a run trains (the app's live control);
/// the training loop takes them before its next step.
class LiveLrControl {
public:
  void request(LrChange::Kind kind, double value);
  /// The changes requested since the last call, oldest first.
  [[nodiscard]] std::vector<LrChange> take();

private:
  std::mutex m_mutex;
  std::vector<LrChange> m_pending;
};

struct TrainingReport {
  TrainConfig config;
  RunStatus status = RunStatus::Running;
  std::string message; ///< why it ended, one line
  std::string datasetName;
  int64_t trainSize = 0;
  int64_t validationSize = 0;
  int64_t testSize = 0;
  std::string modelName;
  std::vector<std::string> layerGroups;
  std::vector<EpochRecord> epochs;
  int steps = 0;
  double loadSeconds = 0.0;
  double trainSeconds = 0.0;
  std::filesystem::path checkpoint; ///< the last good checkpoint written, if any
};

/// Loads the data, samples and normalizes it (statistics from the training part), builds the
/// model and optimizer (seeded), and trains for config.epochs epochs with the schedule, the
/// group factors and the LR events, evaluating validation and test sets after every epoch.
/// A NaN or infinite loss stops the run as Diverged (the checkpoint of the last good epoch is
/// kept); stop ends it as Cancelled within one step. Throws InputError for a bad config, data
/// set, model, group factor count or checkpoint before the first step.
[[nodiscard]] TrainingReport runTrainingJob(const TrainConfig& config, TrainingObserver* observer,
                                            const std::atomic<bool>* stop,
                                            LiveLrControl* live = nullptr);

} // namespace lrscope::engine
