#pragma once

#include "lrscope/engine/dataset.h"

#include <memory>

namespace lrscope::engine {

namespace detail {
struct TensorDatasetImpl;
}

/// A data set copied into libtorch tensors once (features float32, labels int64 or targets
/// float32), ready to be cut into batches without further copies.
class TensorDataset {
public:
  explicit TensorDataset(const Dataset& data);
  ~TensorDataset();
  TensorDataset(const TensorDataset&) = delete;
  TensorDataset& operator=(const TensorDataset&) = delete;

  [[nodiscard]] int64_t size() const;
  [[nodiscard]] TaskKind task() const;
  [[nodiscard]] const std::vector<int64_t>& exampleShape() const;
  [[nodiscard]] int64_t outputSize() const;

  [[nodiscard]] const detail::TensorDatasetImpl& impl() const { return *m_impl; }

private:
  std::unique_ptr<detail::TensorDatasetImpl> m_impl;
};

} // namespace lrscope::engine
