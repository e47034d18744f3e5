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
  /// {lo, hi}: when groupLrFactors is empty, factors spread geometrically from lo (first
  /// group) to hi (last group) over however many groups the model has (geometricGroupFactors).
  std::vector<double> groupLrSpread;
  int epochs = 5;
  int batchSize = 128;
  uint64_t seed = 1;
  /// Timed LR changes (lrscope train --lr-events), applied at their steps.
  std::vector<LrChange> lrEvents;
  /// Where the trained model is saved (after every epoch, so the last good one survives a
  /// diverged epoch); empty saves nothing. One libtorch archive holding the parameters and
  /// buffers, the optimizer's state, the epochs and steps done, the multiplier of the LR
  /// changes so far and each epoch's loss as the schedule saw it. Its folder must exist.
  std::filesystem::path checkpoint;
  /// A checkpoint written by an earlier run of the same config to continue from: the model
  /// and optimizer state are loaded, reduce-on-plateau replays the stored epoch losses, the LR
  /// changes so far are kept, and training goes on at the stored epoch and step with the
  /// batches an unbroken run would have drawn (each epoch's order depends on seed and epoch
  /// only). config.epochs counts all epochs, those of the checkpoint included; lrEvents
  /// before the stored step are already in the checkpoint and skipped. The loss smoothing
  /// starts afresh.
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
  /// step is the step the event comes before: an LR change's first step, the first step
  /// after the epoch for "plateau" and "checkpoint" (whose epoch is 0-based). lr is the
  /// schedule's LR times the changes so far, before the group factors.
  virtual void onEvent(int step, const std::string& kind, const std::string& payloadJson) = 0;
};

/// LR changes requested from another thread while a run trains (the app's live control);
/// the training loop takes them before its next step. Thread-safe.
class LiveLrControl {
public:
  /// Throws InputError unless value is positive and finite.
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
  std::vector<std::string> classNames; ///< index = label; empty for regression
  int64_t trainSize = 0;               ///< examples trained on (the sample)
  int64_t validationSize = 0;          ///< held out of the training part
  int64_t testSize = 0; ///< the source's test split; 0 (test metrics NaN) without one
  std::string modelName;
  int64_t parameterCount = 0;
  std::vector<std::string> layerGroups;
  int resumedEpochs = 0;           ///< epochs the resumed checkpoint held
  std::vector<EpochRecord> epochs; ///< the epochs this run trained (numbers count on)
  int steps = 0;                   ///< optimizer steps this run reported
  double loadSeconds = 0.0;        ///< reading, sampling and normalizing the data
  double trainSeconds = 0.0;
  std::filesystem::path checkpoint; ///< the last good checkpoint written by this run, if any
  std::vector<std::string> warnings;
};

/// Loads the data, samples and normalizes it (statistics from the training part), builds the
/// model and optimizer (seeded), and trains for config.epochs epochs with the schedule, the
/// group factors and the LR events, evaluating validation and test sets after every epoch.
///
/// An epoch is one pass over the training part in an order shuffled from seed and epoch, in
/// batches of batchSize (the last incomplete batch is dropped). Before each step: the config's
/// LR events due, then the live ones, each reported as an "lr_change" event (a Set where the
/// schedule's LR is 0, as in a warm-up's first step, waits for the first step where it is
/// positive); every group's LR is schedule.lr(step) x the changes' multiplier x its factor,
/// and the momentum (SGD, RMSprop) or beta1 (Adam, AdamW) is the schedule's where it cycles
/// one (not for an RMSprop created without momentum: a warning says so). After each epoch:
/// the EpochRecord (train metrics are the means over the epoch's batches), then
/// schedule.onEpochEnd with the validation loss (the train loss without a validation split),
/// a "plateau" event when it lowered the LR, and the checkpoint ("checkpoint" event).
///
/// Status: a NaN or infinite training loss, or validation or test loss after an epoch, ends
/// the run as Diverged with a message naming the step and the LRs (the checkpoint of the last
/// good epoch is kept); stop ends it as Cancelled before the next step; an exception (an
/// observer's, libtorch's, a checkpoint that cannot be written) as Failed with its message.
/// Throws InputError for a bad config, data set, model, group factor count or checkpoint
/// before the first step.
[[nodiscard]] TrainingReport runTrainingJob(const TrainConfig& config, TrainingObserver* observer,
                                            const std::atomic<bool>* stop,
                                            LiveLrControl* live = nullptr);

} // namespace lrscope::engine
