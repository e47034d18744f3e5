#pragma once

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <cstdint>
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

/// The global CPU generator's state; hold globalRngLock() around a save and its restore.
[[nodiscard]] inline torch::Tensor globalRngState() {
  at::Generator generator = at::detail::getDefaultCPUGenerator();
  const std::lock_guard<std::mutex> lock(generator.mutex());
  return generator.get_state();
}

inline void setGlobalRngState(const torch::Tensor& state) {
  at::Generator generator = at::detail::getDefaultCPUGenerator();
  const std::lock_guard<std::mutex> lock(generator.mutex());
  generator.set_state(state);
}

/// Seeds the global CPU generator only (torch::manual_seed would reseed every GPU's too).
inline void seedGlobalRng(uint64_t seed) {
  at::Generator generator = at::detail::getDefaultCPUGenerator();
  const std::lock_guard<std::mutex> lock(generator.mutex());
  generator.set_current_seed(seed);
}

/// Saves libtorch's global CPU generator state on construction and puts it back on
/// destruction, so that code in between can reseed or draw without a visible effect; holds
/// globalRngLock() meanwhile.
class GlobalRngGuard {
public:
  GlobalRngGuard() : m_lock(globalRngLock()), m_state(globalRngState()) {}
  ~GlobalRngGuard() { setGlobalRngState(m_state); }
  GlobalRngGuard(const GlobalRngGuard&) = delete;
  GlobalRngGuard& operator=(const GlobalRngGuard&) = delete;

private:
  std::lock_guard<std::mutex> m_lock;
  torch::Tensor m_state;
};

} // namespace lrscope::engine::detail
