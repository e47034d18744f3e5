#include "lrscope/engine/device.h"

#include "torch_device.h"

#include "lrscope/engine/input_error.h"

#include <torch/torch.h>

namespace lrscope::engine {

std::vector<Device> availableDevices() {
  static const std::vector<Device> devices = [] { // asked once: CUDA's probe starts its driver
    std::vector<Device> found{Device{}};
    if (torch::cuda::is_available())
      for (int i = 0; i < static_cast<int>(torch::cuda::device_count()); ++i)
        found.push_back({Device::Kind::Cuda, i});
    return found;
  }();
  return devices;
}

void requireAvailable(const Device& device) {
  if (device.isCpu())
    return;
  const std::string flag = "--device " + toString(device) + ": ";
  const int count = static_cast<int>(availableDevices().size()) - 1;
  if (count == 0)
    throw InputError(flag + "this LR Scope's libtorch has no CUDA (Debian's is built for the CPU "
                            "only); see \"On a GPU\" in docs/reference.md to build LR Scope "
                            "against a libtorch with CUDA");
  if (device.index && *device.index >= count)
    throw InputError(flag + "this machine has " + std::to_string(count) + " CUDA device" +
                     (count == 1 ? "" : "s") + ", cuda:0 to cuda:" + std::to_string(count - 1));
}

namespace detail {

torch::Device torchDevice(const Device& device) {
  if (device.isCpu())
    return torch::kCPU;
  return device.index ? torch::Device(torch::kCUDA, static_cast<c10::DeviceIndex>(*device.index))
                      : torch::Device(torch::kCUDA);
}

} // namespace detail
} // namespace lrscope::engine
