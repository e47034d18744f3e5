#pragma once

#include "tensor_dataset_impl.h"

#include <ATen/CPUGeneratorImpl.h>

#include <cstdint>

namespace lrscope::engine::detail {

struct Batch {
  torch::Tensor inputs;
  torch::Tensor targets;
};

/// Endless shuffled mini-batches. Each pass over the data shuffles it once with a private,
/// seeded generator (libtorch's global RNG is not touched) and copies it into shuffled order,
/// so that every batch is a contiguous view with no further copy. The last incomplete batch
/// of a pass is dropped, so every batch has the same size (the whole set if it is smaller).
class BatchIterator {
public:
  /// Borrows data, which must outlive the iterator.
  BatchIterator(const TensorDatasetImpl& data, int64_t batchSize, uint64_t seed);

  [[nodiscard]] Batch next();

private:
  void reshuffle();

  const TensorDatasetImpl& m_data;
  int64_t m_batchSize;
  at::Generator m_generator;
  torch::Tensor m_inputs;
  torch::Tensor m_targets;
  int64_t m_position = 0;
};

} // namespace lrscope::engine::detail
