#pragma once

#include "model_impl.h"

#include <torch/torch.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace lrscope::engine::detail {

/// A deep copy of everything a training step changes: parameters, their gradients, buffers,
/// the train/eval mode, the optimizer's state and options, and libtorch's global RNG state.
/// restore() puts it all back bit for bit.
class TrainingStateSnapshot {
public:
  /// Borrows both, which must outlive the snapshot.
  TrainingStateSnapshot(ModelImpl& model, torch::optim::Optimizer& optimizer);

  void restore();

private:
  ModelImpl& m_model;
  torch::optim::Optimizer& m_optimizer;
  std::vector<torch::Tensor> m_parameters;
  std::vector<torch::Tensor> m_gradients; ///< undefined where a parameter had none
  std::vector<torch::Tensor> m_buffers;
  bool m_training;
  /// Deep copies of the optimizer's per-parameter state, keyed as torch keys it.
  std::map<std::string, std::unique_ptr<torch::optim::OptimizerParamState>> m_optimizerState;
  std::vector<std::unique_ptr<torch::optim::OptimizerOptions>> m_groupOptions;
  torch::Tensor m_rngState;
};

} // namespace lrscope::engine::detail
