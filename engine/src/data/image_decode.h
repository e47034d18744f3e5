#pragma once

#include "data/image_pixels.h"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

namespace lrscope::engine {

/// The most pixels an image may have (8192 x 8192): a few bytes of a file can declare
/// gigapixels, and no image LR Scope trains on comes near.
constexpr int64_t kMaxImagePixels = int64_t{1} << 26;

/// Decodes PNG or JPEG bytes (the format from the first bytes, not the name) to 8-bit pixels:
/// 1 channel for a gray file, 3 for a colour one (a palette counts as colour unless libpng
/// reports it gray); 16-bit samples are scaled to 8 bits and alpha is dropped. Throws
/// InputError "WHERE: reason" with the library's reason for damaged, cut-short or other data.
[[nodiscard]] ImagePixels decodeImageBytes(const uint8_t* bytes, std::size_t size,
                                           const std::string& where);

/// Reads the whole file and decodes it; throws InputError naming it. The caller remembers it as an
/// input (rememberInputFile).
[[nodiscard]] ImagePixels decodeImageFile(const std::filesystem::path& file);

} // namespace lrscope::engine
