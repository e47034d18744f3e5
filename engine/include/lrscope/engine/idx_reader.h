#pragma once

#include "lrscope/engine/dataset.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace lrscope::engine {

/// One IDX array of unsigned bytes (type code 0x08), as used by MNIST and Fashion-MNIST.
struct IdxArray {
  std::vector<int64_t> dims;
  std::vector<uint8_t> values;
};

/// Reads an IDX file, gzip-compressed or raw (detected from the content, not the name).
/// Throws InputError naming the file on a bad magic number, an unsupported type, or a
/// truncated body.
[[nodiscard]] IdxArray readIdxFile(const std::filesystem::path& file);

/// Reads the four IDX files of an MNIST-style folder (train-images-idx3-ubyte, train-labels-
/// idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte, each optionally with .gz).
/// Images become {1, rows, cols} examples. classNames may be empty, then classes are "0".."9".
[[nodiscard]] DataSplits readIdxFolder(const std::filesystem::path& folder, const std::string& name,
                                       const std::vector<std::string>& classNames = {});

/// True when the folder holds at least the training image file of an IDX data set.
[[nodiscard]] bool looksLikeIdxFolder(const std::filesystem::path& folder);

} // namespace lrscope::engine
