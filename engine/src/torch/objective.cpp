#include "objective.h"

namespace lrscope::engine::detail {

torch::Tensor lossOf(const torch::Tensor& outputs, const torch::Tensor& targets, TaskKind task) {
  if (task == TaskKind::Classification)
    return torch::nn::functional::cross_entropy(outputs, targets);
  return torch::mse_loss(outputs, targets);
}

int64_t correctCount(const torch::Tensor& outputs, const torch::Tensor& targets, TaskKind task) {
  if (task != TaskKind::Classification)
    return 0;
  torch::NoGradGuard noGrad;
  return outputs.argmax(1).eq(targets).sum().item<int64_t>();
}

} // namespace lrscope::engine::detail
