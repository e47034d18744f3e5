#pragma once

#include <cstdint>
#include <filesystem>
#include <vector>

namespace lrscope::engine {

/// The whole content of a file, decompressed when it is gzip data (detected from the content;
/// a raw file is returned as is). Throws InputError naming the file when it is missing, cannot
/// be opened, or holds damaged or cut-short gzip data.
[[nodiscard]] std::vector<uint8_t> readFileBytes(const std::filesystem::path& file);

} // namespace lrscope::engine
