#pragma once

#include "model_impl.h"

#include "lrscope/engine/model_spec.h"

#include <torch/torch.h>

#include <filesystem>
#include <string>
#include <vector>

namespace lrscope::engine::detail {

/// Where a training run stood when it wrote a checkpoint: what it needs, beside the model and
/// the optimizer, to continue as if it had not stopped.
struct CheckpointPosition {
  int epochs = 0;            ///< epochs completed
  int steps = 0;             ///< optimizer steps taken
  int stepsPerEpoch = 0;     ///< to refuse resuming with another data size or batch size
  double lrMultiplier = 1.0; ///< LrAdjustment's multiplier: the manual changes so far
  /// The loss each completed epoch gave the schedule's onEpochEnd (replayed on resume, so that
  /// reduce-on-plateau continues with the same state).
  std::vector<double> epochLosses;
};

/// One file holding the model's parameters and buffers, the optimizer's state (momentum
/// buffers, Adam moments, per-group options) and the position.
class Checkpoint {
public:
  /// Writes through FILE.part and a rename, so that a crash keeps the previous checkpoint.
  /// Throws InputError naming the file when it cannot be written.
  static void save(const std::filesystem::path& file, ModelImpl& model, OptimizerKind kind,
                   const torch::optim::Optimizer& optimizer, const CheckpointPosition& position);

  /// Loads a checkpoint into the model and the optimizer (its per-parameter state and every
  /// group's options). Throws InputError naming the file
  /// when it is missing, not an LR Scope checkpoint, or written for another model (parameter
  /// shapes) or another optimizer; the model may be partly overwritten then.
  [[nodiscard]] static CheckpointPosition load(const std::filesystem::path& file, ModelImpl& model,
                                               OptimizerKind kind,
                                               torch::optim::Optimizer& optimizer);
};

} // namespace lrscope::engine::detail
