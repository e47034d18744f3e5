#include "lrscope/engine/tensor_dataset.h"

#include "tensor_dataset_impl.h"

#include "lrscope/engine/input_error.h"

namespace lrscope::engine {

TensorDataset::TensorDataset(const Dataset& data)
    : m_impl(std::make_unique<detail::TensorDatasetImpl>()) {
  const int64_t n = data.size();
  if (n == 0)
    throw InputError("data set \"" + data.name + "\" has no examples");
  std::vector<int64_t> shape{n};
  shape.insert(shape.end(), data.exampleShape.begin(), data.exampleShape.end());
  m_impl->task = data.task;
  m_impl->exampleShape = data.exampleShape;
  m_impl->outputSize = data.outputSize();
  // from_blob borrows; clone() makes the tensor own its copy.
  m_impl->features =
      torch::from_blob(const_cast<float*>(data.features.data()), shape, torch::kFloat32).clone();
  if (data.task == TaskKind::Classification) {
    m_impl->targets =
        torch::from_blob(const_cast<int64_t*>(data.labels.data()), {n}, torch::kInt64).clone();
  } else {
    m_impl->targets =
        torch::from_blob(const_cast<float*>(data.targets.data()), {n, 1}, torch::kFloat32).clone();
  }
}

TensorDataset::~TensorDataset() = default;

int64_t TensorDataset::size() const {
  return m_impl->features.size(0);
}
TaskKind TensorDataset::task() const {
  return m_impl->task;
}
const std::vector<int64_t>& TensorDataset::exampleShape() const {
  return m_impl->exampleShape;
}
int64_t TensorDataset::outputSize() const {
  return m_impl->outputSize;
}

} // namespace lrscope::engine
