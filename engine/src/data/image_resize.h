#pragma once

#include "data/image_pixels.h"
#include "lrscope/engine/image_folder.h"

#include <cstdint>

namespace lrscope::engine {

/// The image with `channels` (1 or 3) channels: gray to colour replicates, colour to gray is
/// PIL's convert("L"), (19595 R + 38470 G + 7471 B + 32768) >> 16.
[[nodiscard]] ImagePixels convertChannels(ImagePixels image, int channels);

/// The size (possibly beyond int, for a very long image) a height x width image is scaled to so
/// that it covers `target` keeping its aspect ratio (see image_folder.h).
struct ScaledSize {
  int64_t height = 0;
  int64_t width = 0;
};
[[nodiscard]] ScaledSize coverSize(int height, int width, ImageSize target);

/// The image scaled to cover `target` and centre-cropped to it, each sample rounded to 0..255:
/// area averaging along an axis that shrinks, bilinear along one that grows (image_folder.h).
[[nodiscard]] ImagePixels resizeToCover(const ImagePixels& image, ImageSize target);

} // namespace lrscope::engine
