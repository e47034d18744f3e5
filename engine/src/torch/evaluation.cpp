#include "evaluation.h"

#include "objective.h"

#include <limits>

namespace lrscope::engine::detail {

Evaluation evaluate(ModelImpl& model, const TensorDatasetImpl& data) {
  // 256 examples at a time: a CNN's activations for 1024 were ~100 MB, allocated and
  // page-faulted afresh per chunk (2.7 s vs 1.9 s for 15,000 examples).
  constexpr int64_t kChunk = 256;
  const bool wasTraining = model.isTraining();
  model.setTraining(false);
  torch::NoGradGuard noGrad;
  const int64_t n = data.features.size(0);
  double lossSum = 0.0;
  int64_t correct = 0;
  for (int64_t start = 0; start < n; start += kChunk) {
    const int64_t size = std::min(kChunk, n - start);
    const torch::Tensor outputs = model.forward(data.features.narrow(0, start, size));
    const torch::Tensor targets = data.targets.narrow(0, start, size);
    lossSum += lossOf(outputs, targets, data.task).item<double>() * static_cast<double>(size);
    correct += correctCount(outputs, targets, data.task);
  }
  model.setTraining(wasTraining);
  const double count = static_cast<double>(n);
  return {lossSum / count, data.task == TaskKind::Classification
                               ? static_cast<double>(correct) / count
                               : std::numeric_limits<double>::quiet_NaN()};
}

} // namespace lrscope::engine::detail
