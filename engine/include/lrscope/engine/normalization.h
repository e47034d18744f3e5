#pragma once

#include "lrscope/engine/dataset.h"

#include <vector>

namespace lrscope::engine {

/// Per-channel (images) or per-column (tables) mean and standard deviation.
struct Normalization {
  std::vector<float> mean;
  std::vector<float> stddev;

  /// Statistics of the given data set (the sample, so that no test data leaks in). A channel
  /// with zero spread gets stddev 1.
  [[nodiscard]] static Normalization compute(const Dataset& data);
  /// Rewrites data.features in place as (x - mean) / stddev.
  void apply(Dataset& data) const;
};

} // namespace lrscope::engine
