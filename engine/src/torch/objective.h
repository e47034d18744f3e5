#pragma once

#include "lrscope/engine/dataset.h"

#include <torch/torch.h>

namespace lrscope::engine::detail {

/// Cross-entropy for classification, mean squared error for regression.
[[nodiscard]] torch::Tensor lossOf(const torch::Tensor& outputs, const torch::Tensor& targets,
                                   TaskKind task);

/// Number of correct predictions in a batch (classification); 0 for regression.
[[nodiscard]] int64_t correctCount(const torch::Tensor& outputs, const torch::Tensor& targets,
                                   TaskKind task);

} // namespace lrscope::engine::detail
