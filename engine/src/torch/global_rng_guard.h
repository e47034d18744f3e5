#pragma once

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <mutex>

namespace lrscope::engine::detail {

/// The lock held by LR Scope's code that seeds libtorch's global CPU generator, or sets its state,
/// for the whole of what it does: building a model (seed, then draw the weights) and a range
/// test's snapshot (save the state, later put it back). Repeats run side by side, so without it
/// one repeat's restore could land between another's seed and its draws and change its weights.
[[nodiscard]] inline std::mutex& globalRngLock() {
  static std::mutex lock;
  return lock;
}

/// Saves libtorch's global CPU generator state on construction and puts it back on
/// destruction, so that code in between can reseed or draw without a visible effect; holds
/// globalRngLock() meanwhile.
class GlobalRngGuard {
public:
  GlobalRngGuard() : m_lock(globalRngLock()), m_generator(at::detail::getDefaultCPUGenerator()) {
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
  std::lock_guard<std::mutex> m_lock;
  at::Generator m_generator;
  torch::Tensor m_state;
};

} // namespace lrscope::engine::detail
