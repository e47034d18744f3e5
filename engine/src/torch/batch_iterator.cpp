#include "batch_iterator.h"

#include <algorithm>

namespace lrscope::engine::detail {

BatchIterator::BatchIterator(const TensorDatasetImpl& data, int64_t batchSize, uint64_t seed)
    : m_data(data), m_batchSize(std::min(batchSize, data.features.size(0))),
      m_generator(at::make_generator<at::CPUGeneratorImpl>(seed)) {
  reshuffle();
}

void BatchIterator::reshuffle() {
  const torch::Tensor order =
      torch::randperm(m_data.features.size(0), m_generator, torch::TensorOptions(torch::kInt64));
  m_inputs = m_data.features.index_select(0, order);
  m_targets = m_data.targets.index_select(0, order);
  m_position = 0;
}

Batch BatchIterator::next() {
  if (m_position + m_batchSize > m_inputs.size(0))
    reshuffle();
  Batch batch{m_inputs.narrow(0, m_position, m_batchSize),
              m_targets.narrow(0, m_position, m_batchSize)};
  m_position += m_batchSize;
  return batch;
}

} // namespace lrscope::engine::detail
