#pragma once

// Data saved from Python as a dict of tensors: torch.save({"x": X, "y": y}, "data.pt"), read with
// libtorch's own pickle loader (lrscope_engine; no torch type in this header).
#include "lrscope/engine/dataset.h"

#include <filesystem>

namespace lrscope::engine {

/// Reads "x" (examples: N x features, N x H x W or N x C x H x W, any real or integer dtype) and
/// "y" (N class indices, an integer dtype, for classification; with `task` Regression, N
/// targets of any numeric dtype), and where present "x_val"/"y_val" (the validation split,
/// used in place of one held out) and "x_test"/"y_test" (the test split). Classes are named by
/// their index. Throws InputError naming the file and the key for a file that is not a dict of
/// tensors, a missing or unknown key, a tensor that is not numeric or holds NaN, float targets
/// without `task` Regression, and shapes that disagree.
[[nodiscard]] DataSplits readTensorFile(const std::filesystem::path& file, TaskKind task);

} // namespace lrscope::engine
