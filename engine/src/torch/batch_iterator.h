#pragma once

#include "tensor_dataset_impl.h"

#include <ATen/CPUGeneratorImpl.h>

#include <cstdint>

namespace lrscope::engine::detail {

struct Batch {
  torch::Tensor inputs;
  torch::Tensor targets;
};

/// Endless shuffled mini-batches. Each pass over the data draws a new order with a private,
/// seeded generator (libtorch's global RNG is not touched). The last incomplete batch of a
/// pass is dropped, so every batch has the same size (the whole set if it is smaller).
///
/// Rows are copied with memcpy into one pair of tensors that the iterator owns: no allocation
/// per batch and no copy of the whole set per pass. (Measured on the MLP: copying the whole
/// shuffled set once per pass cost ~0.1 ms a step; index_select per batch ~30 us; this ~28 us,
/// bound by reading 64 random rows; neither a prefetching thread nor software prefetch of the
/// next batch helped on 2 cores shared with OpenBLAS.)
class BatchIterator {
public:
  /// Borrows data, which must outlive the iterator.
  BatchIterator(const TensorDatasetImpl& data, int64_t batchSize, uint64_t seed);

  /// The next batch. Its tensors are refilled by the following call: finish a step's forward
  /// and backward pass with one batch before asking for the next.
  [[nodiscard]] Batch next();

private:
  void reshuffle();

  const TensorDatasetImpl& m_data;
  int64_t m_batchSize;
  at::Generator m_generator;
  torch::Tensor m_order;  ///< this pass's order of rows
  int64_t m_position = 0; ///< a whole batch always fits from here
  Batch m_batch;
};

} // namespace lrscope::engine::detail
