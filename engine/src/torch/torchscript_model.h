#pragma once

#include "model_impl.h"

#include <memory>
#include <string>

namespace lrscope::engine::detail {

/// Loads a user's TorchScript module (torch::jit::load). Layer groups are its top-level
/// submodules that hold parameters, in order, plus "other" for parameters held directly.
/// Throws InputError naming the file when it is not TorchScript.
[[nodiscard]] std::unique_ptr<ModelImpl> loadTorchScriptModel(const std::string& path);

} // namespace lrscope::engine::detail
