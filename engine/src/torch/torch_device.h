#pragma once

#include "lrscope/engine/device.h"

#include <torch/torch.h>

namespace lrscope::engine::detail {

/// libtorch's name for the device.
[[nodiscard]] torch::Device torchDevice(const Device& device);

} // namespace lrscope::engine::detail
