#pragma once

#include "lrscope/engine/dataset.h"
#include "lrscope/engine/model_spec.h"

#include <string>

namespace lrscope::engine {

struct BenchmarkOptions {
  int iterations = 200;
  int batchSize = 64;
  int repeats = 3; ///< alternating rounds of both measurements; the median round is reported
  uint64_t seed = 1;
};

struct BenchmarkResult {
  std::string model;
  /// A whole range-test step: LR update, shuffled batch, forward, backward, optimizer step,
  /// loss and accuracy read back, smoothing, divergence check, record.
  double rangeTestMsPerIter = 0.0;
  /// Forward, backward and optimizer step on one batch tensor that is already in memory.
  double bareStepMsPerIter = 0.0;
};

/// Measures one model on an already normalized sample, both ways, alternating so that both
/// see the same machine state. SGD with momentum 0.9; the range test's ladder runs from 1e-5
/// to 1e-2 so that no round diverges and stops early.
[[nodiscard]] BenchmarkResult benchmarkModel(const ModelSpec& model, const Dataset& sample,
                                             const BenchmarkOptions& options);

} // namespace lrscope::engine
