#pragma once

#include "lrscope/engine/lr_ladder.h"

#include <cstdint>
#include <optional>

namespace lrscope::engine {

/// Settings of an LR range test (DESIGN.md). Defaults follow fastai's lr_find.
struct RangeTestOptions {
  double startLr = 1e-7;
  double endLr = 10.0;
  int iterations = 100; ///< optimizer steps; at least 5
  LadderMode mode = LadderMode::Exponential;
  double beta = 0.98;         ///< smoothing
  double divergeFactor = 4.0; ///< stop when smoothed > factor x best smoothed
  int batchSize = 64;
  int accumulationSteps = 1; ///< micro-batches per optimizer step
  int validateEvery = 0;     ///< validate every k steps; 0 = never
  uint64_t seed = 1;
  /// Per-group range test: only this layer group follows the ladder; empty (the default): all.
  std::optional<int> sweptGroup;
  /// LR of the other groups in a per-group test. 0: the per-group job finds one (see
  /// runGroupRangeTestJob); a single test with sweptGroup set then uses startLr.
  double otherGroupsLr = 0.0;

  [[nodiscard]] double otherGroupsLrOrStart() const {
    return otherGroupsLr > 0.0 ? otherGroupsLr : startLr;
  }

  /// Throws InputError naming the field that is out of range.
  void validate() const;
};

} // namespace lrscope::engine
