#pragma once

#include "model_impl.h"

#include "lrscope/engine/model_spec.h"

#include <memory>

namespace lrscope::engine::detail {

/// Builds a built-in network by name for examples of exampleShape ({C, H, W} or {F}).
/// Throws InputError when the name is unknown or the shape does not suit the network.
[[nodiscard]] std::unique_ptr<ModelImpl>
makeBuiltInModel(const ModelSpec& spec, const std::vector<int64_t>& exampleShape, int64_t outputs);

} // namespace lrscope::engine::detail
