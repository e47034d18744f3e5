#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace lrscope::engine {

/// A loss-vs-learning-rate curve: what every suggestion rule reads. losses are the smoothed
/// losses of a range test (or the losses of an imported curve, as recorded); rawLosses, when
/// known, are the per-step losses before smoothing (same length as lrs), else empty.
struct LrCurve {
  std::vector<double> lrs;
  std::vector<double> losses;
  std::vector<double> rawLosses;
};

/// One rule's pick on a curve.
struct Suggestion {
  std::string rule;
  int version = 1;
  double lr = 0.0;
  double loss = 0.0;
  std::size_t index = 0; ///< position in the curve
};

} // namespace lrscope::engine
