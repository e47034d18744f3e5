#pragma once

#include "model_impl.h"
#include "tensor_dataset_impl.h"

namespace lrscope::engine::detail {

struct Evaluation {
  double loss = 0.0;
  double accuracy = 0.0; ///< NaN for regression
};

/// Mean loss and accuracy of the model over a whole data set, in eval mode and without
/// gradients; the model's train/eval mode is put back afterwards.
[[nodiscard]] Evaluation evaluate(ModelImpl& model, const TensorDatasetImpl& data);

} // namespace lrscope::engine::detail
