#pragma once

#include <optional>
#include <string>
#include <vector>

namespace lrscope::engine {

/// Where a run computes: its model, its batches and its optimizer state. Debian's libtorch offers
/// only the CPU; a libtorch built with CUDA offers its GPUs too (docs/reference.md, "On a GPU").
struct Device {
  enum class Kind { Cpu, Cuda };
  Kind kind = Kind::Cpu;
  std::optional<int> index; ///< cuda:N; none: CUDA's current device

  [[nodiscard]] bool isCpu() const { return kind == Kind::Cpu; }
  bool operator==(const Device& other) const { return kind == other.kind && index == other.index; }
  bool operator!=(const Device& other) const { return !(*this == other); }
};

/// "cpu", "cuda" or "cuda:N".
[[nodiscard]] std::string toString(const Device& device);

/// Parses "cpu", "cuda" or "cuda:N" (N a whole number); throws InputError naming the text.
[[nodiscard]] Device parseDevice(const std::string& text);

/// The devices this libtorch and this machine offer: "cpu", then cuda:0 to cuda:(n-1).
[[nodiscard]] std::vector<Device> availableDevices();

/// Throws InputError in one line when the device is not on offer: a libtorch without CUDA
/// (pointing to "On a GPU" in docs/reference.md), or a GPU number this machine lacks.
void requireAvailable(const Device& device);

} // namespace lrscope::engine
