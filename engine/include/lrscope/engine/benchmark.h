#pragma once

#include "lrscope/engine/dataset.h"
#include "lrscope/engine/model_spec.h"
#include "lrscope/engine/run_record.h"

#include <memory>
#include <optional>
#include <string>

namespace lrscope::engine {

/// Where the stored measurement of a benchmark writes: one new run per round (e.g. a
/// storage::RunWriter on a fresh run of a database). Called on the benchmark's thread.
class BenchmarkStore {
public:
  virtual ~BenchmarkStore() = default;
  /// Starts the round's run; the observer stays valid until finishRound.
  virtual RunObserver& startRound() = 0;
  /// Commits what is pending and records how the round ended; may throw.
  virtual void finishRound(const RangeTestResult& result, double seconds) = 0;
};

struct BenchmarkOptions {
  int iterations = 200;
  int batchSize = 64;
  int repeats = 3; ///< alternating rounds of all measurements; the median round is reported
  uint64_t seed = 1;
  /// When set, a third measurement in the same rounds: the range test with the store's
  /// observer attached, startRound and finishRound inside the timed section. Borrowed.
  BenchmarkStore* store = nullptr;
};

struct BenchmarkResult {
  std::string model;
  /// A whole range-test step: LR update, shuffled batch, forward, backward, optimizer step,
  /// loss and accuracy read back, smoothing, divergence check, record.
  double rangeTestMsPerIter = 0.0;
  /// Forward, backward and optimizer step on one batch tensor that is already in memory.
  double bareStepMsPerIter = 0.0;
  /// The range test with the store attached (options.store set): starting the run, every
  /// step handed to the observer, the final commit.
  std::optional<double> storedRangeTestMsPerIter;
  /// Of that, the time spent in the store's own calls (startRound, onStep, finishRound): the
  /// direct cost of storing, which the machine's noise blurs less than the ratio.
  std::optional<double> storeMsPerIter;
  /// Stored over plain range test time, paired within each round; the median round.
  std::optional<double> storedRatio;
};

/// Measures one model on an already normalized sample, alternating the measurements so that
/// all see the same machine state (the plain and the stored range test swap places every
/// round). SGD with momentum 0.9; the range test's ladder runs from 1e-5 to 1e-2 so that no
/// round diverges and stops early. Throws InputError when a round does not complete.
/// The floor of a training step, ready to be timed in short bursts between the steps of
/// another measurement (so that both see the same machine): forward, backward and optimizer
/// step on one batch of `batchSize` examples of `sample` already in memory, plain SGD.
class BareStepTimer {
public:
  BareStepTimer(const ModelSpec& model, const Dataset& sample, int batchSize, uint64_t seed = 1);
  ~BareStepTimer();
  BareStepTimer(const BareStepTimer&) = delete;
  BareStepTimer& operator=(const BareStepTimer&) = delete;

  /// Runs `steps` bare steps; returns the ms per step.
  [[nodiscard]] double run(int steps);

private:
  struct State;
  std::unique_ptr<State> m_state;
};

[[nodiscard]] BenchmarkResult benchmarkModel(const ModelSpec& model, const Dataset& sample,
                                             const BenchmarkOptions& options);

} // namespace lrscope::engine
