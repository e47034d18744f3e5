#pragma once

#include "lrscope/engine/dataset.h"

#include <filesystem>

namespace lrscope::engine {

/// Reads CIFAR-10's binary version from a folder: data_batch_1.bin .. data_batch_5.bin (those
/// present, at least one) as the training part and test_batch.bin (optional) as the test part.
/// Examples are {3, 32, 32}. Class names come from batches.meta.txt when present.
[[nodiscard]] DataSplits readCifar10Folder(const std::filesystem::path& folder);

/// True when the folder holds data_batch_1.bin.
[[nodiscard]] bool looksLikeCifar10Folder(const std::filesystem::path& folder);

} // namespace lrscope::engine
