#include "data/image_resize.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace lrscope::engine {

namespace {

/// The source samples one output sample of an axis is made of: weights of the samples from
/// `first` on.
struct AxisTaps {
  int first = 0;
  std::vector<float> weights;
};

/// Area averaging: output i covers [i * in / out, (i + 1) * in / out) of the source; in units
/// of 1 / out that is [i * in, (i + 1) * in), and source sample j covers [j * out, (j + 1) * out),
/// so the overlaps are exact integers (below 2^52: out < in <= 2^26).
AxisTaps shrinkTaps(int64_t in, int64_t out, int64_t i) {
  const int64_t start = i * in;
  const int64_t end = start + in;
  AxisTaps taps;
  taps.first = static_cast<int>(start / out);
  const int64_t last = (end - 1) / out;
  for (int64_t j = taps.first; j <= last; ++j) {
    const int64_t overlap = std::min(end, (j + 1) * out) - std::max(start, j * out);
    taps.weights.push_back(static_cast<float>(static_cast<double>(overlap) / in));
  }
  return taps;
}

/// Bilinear with half-pixel centres: x = (i + 0.5) * in / out - 0.5, clamped to [0, in - 1].
AxisTaps growTaps(int64_t in, int64_t out, int64_t i) {
  const double x = std::clamp(
      (static_cast<double>(i) + 0.5) * static_cast<double>(in) / static_cast<double>(out) - 0.5,
      0.0, static_cast<double>(in - 1));
  AxisTaps taps;
  taps.first = static_cast<int>(std::floor(x));
  const double fraction = x - taps.first;
  taps.weights.push_back(static_cast<float>(1.0 - fraction));
  if (taps.first + 1 < in && fraction > 0) {
    taps.weights.push_back(static_cast<float>(fraction));
  }
  return taps;
}

/// The taps of outputs offset .. offset + count - 1 of an axis scaled from `in` to `out`.
std::vector<AxisTaps> axisTaps(int in, int64_t out, int64_t offset, int count) {
  std::vector<AxisTaps> taps(static_cast<std::size_t>(count));
  for (int k = 0; k < count; ++k) {
    const int64_t i = offset + k;
    if (out < in) {
      taps[k] = shrinkTaps(in, out, i);
    } else if (out > in) {
      taps[k] = growTaps(in, out, i);
    } else {
      taps[k] = AxisTaps{static_cast<int>(i), {1.0F}};
    }
  }
  return taps;
}

uint8_t toByte(float value) {
  return static_cast<uint8_t>(std::clamp(value, 0.0F, 255.0F) + 0.5F);
}

} // namespace

ImagePixels convertChannels(ImagePixels image, int channels) {
  if (image.channels == channels) {
    return image;
  }
  const std::size_t pixels = std::size_t(image.height) * image.width;
  std::vector<uint8_t> values(pixels * channels);
  for (std::size_t p = 0; p < pixels; ++p) {
    if (channels == 1) {
      const uint8_t* rgb = &image.values[p * 3];
      values[p] = static_cast<uint8_t>(
          (19595U * rgb[0] + 38470U * rgb[1] + 7471U * rgb[2] + 0x8000U) >> 16);
    } else {
      std::fill_n(&values[p * 3], 3, image.values[p]);
    }
  }
  image.channels = channels;
  image.values = std::move(values);
  return image;
}

ScaledSize coverSize(int height, int width, ImageSize target) {
  const int64_t h = height;
  const int64_t w = width;
  const int64_t th = target.height;
  const int64_t tw = target.width;
  if (th * w >= tw * h) { // the height fits exactly, the width is at least the target's
    return {th, std::max(tw, (2 * w * th + h) / (2 * h))};
  }
  return {std::max(th, (2 * h * tw + w) / (2 * w)), tw};
}

ImagePixels resizeToCover(const ImagePixels& image, ImageSize target) {
  const ScaledSize scaled = coverSize(image.height, image.width, target);
  const std::vector<AxisTaps> rows =
      axisTaps(image.height, scaled.height, (scaled.height - target.height) / 2, target.height);
  const std::vector<AxisTaps> columns =
      axisTaps(image.width, scaled.width, (scaled.width - target.width) / 2, target.width);
  const int c = image.channels;

  // Horizontally first, on the source rows the kept output rows need.
  const int firstRow = rows.front().first;
  const int lastRow = rows.back().first + static_cast<int>(rows.back().weights.size()) - 1;
  const std::size_t tmpRow = std::size_t(target.width) * c;
  std::vector<float> tmp((lastRow - firstRow + 1) * tmpRow, 0.0F);
  for (int row = firstRow; row <= lastRow; ++row) {
    const uint8_t* source = &image.values[std::size_t(row) * image.width * c];
    float* out = &tmp[(row - firstRow) * tmpRow];
    for (int x = 0; x < target.width; ++x) {
      const AxisTaps& taps = columns[x];
      for (std::size_t k = 0; k < taps.weights.size(); ++k) {
        const uint8_t* pixel = source + (std::size_t(taps.first) + k) * c;
        for (int channel = 0; channel < c; ++channel) {
          out[x * c + channel] += taps.weights[k] * pixel[channel];
        }
      }
    }
  }

  ImagePixels result;
  result.height = target.height;
  result.width = target.width;
  result.channels = c;
  result.values.resize(std::size_t(target.height) * tmpRow);
  std::vector<float> sum(tmpRow);
  for (int y = 0; y < target.height; ++y) {
    std::fill(sum.begin(), sum.end(), 0.0F);
    const AxisTaps& taps = rows[y];
    for (std::size_t k = 0; k < taps.weights.size(); ++k) {
      const float* in = &tmp[(taps.first + k - firstRow) * tmpRow];
      for (std::size_t i = 0; i < tmpRow; ++i) {
        sum[i] += taps.weights[k] * in[i];
      }
    }
    std::transform(sum.begin(), sum.end(), result.values.begin() + y * tmpRow, toByte);
  }
  return result;
}

} // namespace lrscope::engine
