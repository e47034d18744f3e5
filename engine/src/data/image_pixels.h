#pragma once

#include <cstdint>
#include <vector>

namespace lrscope::engine {

/// A decoded image: 8-bit samples, rows top to bottom, each pixel's channels together (gray, or
/// R, G, B).
struct ImagePixels {
  int height = 0;
  int width = 0;
  int channels = 0;            ///< 1 or 3
  std::vector<uint8_t> values; ///< height * width * channels

  [[nodiscard]] uint8_t at(int row, int column, int channel) const {
    return values[(static_cast<std::size_t>(row) * width + column) * channels + channel];
  }
};

} // namespace lrscope::engine
