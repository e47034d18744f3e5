#include "batch_iterator.h"

#include <algorithm>
#include <cstring>

namespace lrscope::engine::detail {
namespace {

torch::Tensor emptyBatchLike(const torch::Tensor& all, int64_t batchSize) {
  std::vector<int64_t> shape = all.sizes().vec();
  shape[0] = batchSize;
  return torch::empty(shape, all.options());
}

int64_t rowBytesOf(const torch::Tensor& all) {
  return static_cast<int64_t>(all.element_size()) * (all.numel() / all.size(0));
}

/// Copies rows `order[0..n)` of a contiguous [N, ...] tensor into the contiguous `out`.
void gatherRows(const torch::Tensor& from, const int64_t* order, int64_t n, torch::Tensor& out) {
  const int64_t rowBytes = rowBytesOf(from);
  const auto* source = static_cast<const char*>(from.data_ptr());
  auto* target = static_cast<char*>(out.data_ptr());
  for (int64_t i = 0; i < n; ++i)
    std::memcpy(target + i * rowBytes, source + order[i] * rowBytes,
                static_cast<std::size_t>(rowBytes));
}

} // namespace

BatchIterator::BatchIterator(const TensorDatasetImpl& data, int64_t batchSize, uint64_t seed)
    : m_data(data), m_batchSize(std::min(batchSize, data.features.size(0))),
      m_generator(at::make_generator<at::CPUGeneratorImpl>(seed)),
      m_batch{emptyBatchLike(data.features, m_batchSize),
              emptyBatchLike(data.targets, m_batchSize)} {
  reshuffle();
}

void BatchIterator::reshuffle() {
  m_order =
      torch::randperm(m_data.features.size(0), m_generator, torch::TensorOptions(torch::kInt64));
  m_position = 0;
}

Batch BatchIterator::next() {
  const int64_t* rows = m_order.data_ptr<int64_t>() + m_position;
  gatherRows(m_data.features, rows, m_batchSize, m_batch.inputs);
  gatherRows(m_data.targets, rows, m_batchSize, m_batch.targets);
  m_position += m_batchSize;
  if (m_position + m_batchSize > m_order.size(0))
    reshuffle();
  return m_batch;
}

} // namespace lrscope::engine::detail
