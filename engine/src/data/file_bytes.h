#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace lrscope::engine {

/// How large a format's content is, as its header declares it. `declaredSize` sees the bytes
/// read so far and returns the whole content's size in bytes once the header is complete
/// (nullopt before); it throws InputError when the header is not valid.
struct SizeFromHeader {
  std::string format; ///< named in the error, e.g. "IDX"
  std::function<std::optional<std::uint64_t>(const uint8_t* bytes, std::size_t size)> declaredSize;
};

/// The whole content of a file, decompressed when it is gzip data (detected from the content;
/// a raw file is returned as is). Throws InputError naming the file when it is missing, cannot
/// be opened, or holds damaged or cut-short gzip data. With `header`, gzip data that inflates
/// beyond the size its header declares is refused as soon as it does (a gzip "bomb" of a few
/// megabytes would inflate to gigabytes), after reading at most twice the declared size.
[[nodiscard]] std::vector<uint8_t> readFileBytes(const std::filesystem::path& file,
                                                 const SizeFromHeader* header = nullptr);

} // namespace lrscope::engine
