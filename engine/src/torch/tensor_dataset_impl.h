#pragma once

#include "lrscope/engine/dataset.h"

#include <torch/torch.h>

namespace lrscope::engine::detail {

struct TensorDatasetImpl {
  TaskKind task = TaskKind::Classification;
  std::vector<int64_t> exampleShape;
  int64_t outputSize = 0;
  torch::Tensor features; ///< float32 [N, exampleShape...]
  torch::Tensor targets;  ///< int64 [N] class indices, or float32 [N, 1] regression targets
};

} // namespace lrscope::engine::detail
