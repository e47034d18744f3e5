#pragma once

#include "lrscope/engine/range_test_options.h"
#include "lrscope/engine/run_record.h"

#include <atomic>

namespace lrscope::engine {

class Model;
class Optimizer;
class TensorDataset;

/// The LR range test (Smith 2015) as DESIGN.md defines it. The model's parameters and
/// buffers, the optimizer's state and LRs, and libtorch's global RNG state are snapshotted
/// before the test and restored on every exit path: afterwards they are bit-identical.
class RangeTest {
public:
  /// Throws InputError for invalid options.
  explicit RangeTest(const RangeTestOptions& options);

  /// Runs the test. Throws InputError when options.sweptGroup is not one of the model's layer
  /// groups. Otherwise never throws for a failure inside the run: the result's status says
  /// Failed and its message why. `validation` may be null (no validation steps). `observer`
  /// may be null. `stop` may be null; it is polled before every step.
  [[nodiscard]] RangeTestResult run(Model& model, Optimizer& optimizer, const TensorDataset& train,
                                    const TensorDataset* validation, RunObserver* observer,
                                    const std::atomic<bool>* stop) const;

private:
  RangeTestOptions m_options;
};

} // namespace lrscope::engine
