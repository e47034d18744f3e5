#pragma once

#include "lrscope/engine/dataset.h"

#include <cstdint>
#include <vector>

namespace lrscope::engine {

struct SampleSpec {
  /// Size of the representative sample: a count (> 0) or, when count is 0, a fraction in
  /// (0, 1] of the data set.
  int64_t count = 0;
  double fraction = 0.0;
  /// Size of the held-out validation split, drawn from the examples not in the sample.
  int64_t validationCount = 0;
  uint64_t seed = 1;
};

struct SampleSplit {
  std::vector<int64_t> sample;     ///< indices into the data set, shuffled
  std::vector<int64_t> validation; ///< disjoint from sample, shuffled
};

/// Draws a sample stratified by class (each class in proportion to its share, by largest
/// remainder), and a validation split stratified the same way from the rest. Regression data
/// is sampled uniformly. Deterministic for a given seed. Throws InputError when the sizes ask
/// for more examples than there are.
[[nodiscard]] SampleSplit drawSample(const Dataset& data, const SampleSpec& spec);

} // namespace lrscope::engine
