#include "lrscope/engine/normalization.h"

#include "lrscope/engine/input_error.h"

#include <cmath>
#include <stdexcept>
#include <string>

namespace lrscope::engine {

namespace {

/// A spread this small next to the mean is rounding noise of a constant channel.
constexpr double kRelativeZeroSpread = 1e-9;

/// Channels (first dimension) and values per channel per example. {C, H, W} images give C
/// channels of H * W values; {columns} tables give one channel per column, of one value.
std::pair<int64_t, int64_t> channelLayout(const Dataset& data) {
  if (data.exampleShape.empty() || data.exampleSize() <= 0) {
    throw std::invalid_argument("Normalization: data set \"" + data.name +
                                "\" has no example shape");
  }
  const int64_t channels = data.exampleShape.front();
  return {channels, data.exampleSize() / channels};
}

} // namespace

Normalization Normalization::compute(const Dataset& data) {
  const auto [channels, perChannel] = channelLayout(data);
  const int64_t count = data.size();
  if (count == 0) {
    throw InputError("data set \"" + data.name +
                     "\" is empty; normalization needs at least one example");
  }
  const int64_t exampleSize = channels * perChannel;
  const auto valuesPerChannel = static_cast<double>(count * perChannel);

  Normalization result;
  for (int64_t c = 0; c < channels; ++c) {
    double sum = 0.0;
    for (int64_t i = 0; i < count; ++i) {
      const float* values = data.features.data() + i * exampleSize + c * perChannel;
      for (int64_t k = 0; k < perChannel; ++k) {
        sum += values[k];
      }
    }
    const double mean = sum / valuesPerChannel;
    double squares = 0.0;
    for (int64_t i = 0; i < count; ++i) {
      const float* values = data.features.data() + i * exampleSize + c * perChannel;
      for (int64_t k = 0; k < perChannel; ++k) {
        const double deviation = values[k] - mean;
        squares += deviation * deviation;
      }
    }
    double stddev = std::sqrt(squares / valuesPerChannel);
    if (!(stddev > kRelativeZeroSpread * std::abs(mean)) || !std::isfinite(stddev)) {
      stddev = 1.0;
    }
    result.mean.push_back(static_cast<float>(mean));
    result.stddev.push_back(static_cast<float>(stddev));
  }
  return result;
}

void Normalization::apply(Dataset& data) const {
  const auto [channels, perChannel] = channelLayout(data);
  if (static_cast<std::size_t>(channels) != mean.size() || mean.size() != stddev.size()) {
    throw std::invalid_argument("Normalization: computed for " + std::to_string(mean.size()) +
                                " channels, but data set \"" + data.name + "\" has " +
                                std::to_string(channels));
  }
  const int64_t count = data.size();
  const int64_t exampleSize = channels * perChannel;
  for (int64_t c = 0; c < channels; ++c) {
    const double channelMean = mean[static_cast<std::size_t>(c)];
    const double scale = 1.0 / stddev[static_cast<std::size_t>(c)];
    for (int64_t i = 0; i < count; ++i) {
      float* values = data.features.data() + i * exampleSize + c * perChannel;
      for (int64_t k = 0; k < perChannel; ++k) {
        values[k] = static_cast<float>((values[k] - channelMean) * scale);
      }
    }
  }
}

} // namespace lrscope::engine
