#include "lrscope/engine/device.h"

#include "lrscope/engine/input_error.h"
#include "lrscope/engine/number_text.h"

namespace lrscope::engine {

std::string toString(const Device& device) {
  if (device.isCpu())
    return "cpu";
  return device.index ? "cuda:" + std::to_string(*device.index) : "cuda";
}

Device parseDevice(const std::string& text) {
  if (text == "cpu")
    return {};
  if (text == "cuda")
    return {Device::Kind::Cuda, std::nullopt};
  const std::string prefix = "cuda:";
  if (text.rfind(prefix, 0) == 0)
    if (const std::optional<int> index = wholeNumber(text.substr(prefix.size())))
      return {Device::Kind::Cuda, index};
  throw InputError("--device " + text +
                   ": expected cpu, cuda or cuda:N (N the GPU's number, "
                   "from 0)");
}

} // namespace lrscope::engine
