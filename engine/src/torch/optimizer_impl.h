#pragma once

#include <torch/torch.h>

#include <memory>

namespace lrscope::engine::detail {

class OptimizerImpl {
public:
  explicit OptimizerImpl(std::unique_ptr<torch::optim::Optimizer> optimizer)
      : m_optimizer(std::move(optimizer)) {}

  [[nodiscard]] torch::optim::Optimizer& torchOptimizer() const { return *m_optimizer; }

private:
  std::unique_ptr<torch::optim::Optimizer> m_optimizer;
};

} // namespace lrscope::engine::detail
