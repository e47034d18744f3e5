#pragma once

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <mutex>

namespace lrscope::engine::detail {

/// Saves libtorch's global CPU generator state on construction and puts it back on
/// destruction, so that code in between can reseed or draw without a visible effect.
class GlobalRngGuard {
public:
  GlobalRngGuard() : m_generator(at::detail::getDefaultCPUGenerator()) {
    std::lock_guard<std::mutex> lock(m_generator.mutex());
    m_state = m_generator.get_state();
  }
  ~GlobalRngGuard() {
    std::lock_guard<std::mutex> lock(m_generator.mutex());
    m_generator.set_state(m_state);
  }
  GlobalRngGuard(const GlobalRngGuard&) = delete;
  GlobalRngGuard& operator=(const GlobalRngGuard&) = delete;

private:
  at::Generator m_generator;
  torch::Tensor m_state;
};

} // namespace lrscope::engine::detail
