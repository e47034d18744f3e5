#pragma once

#include "lrscope/engine/sampling.h"
#include "lrscope/engine/training_job.h"

#include <cstdint>
#include <filesystem>
#include <string>

// Where the training commands (train, sweep) start from when given --from-run.
namespace lrscope::cli {

/// What a stored range test (or training run) passes on to a training or a sweep.
struct FromRun {
  /// Data, model, optimizer and seed (the range test's; a training run's whole config), with
  /// TrainConfig's default sample and the run's validation size; computed on the CPU unless
  /// --device says otherwise, wherever the run computed.
  engine::TrainConfig config;
  /// The sample the run itself trained on (a range test's representative sample).
  engine::SampleSpec runSample;
  /// Its picked range (a manual pick, else the automatic one). For a per-group range test, the
  /// whole-model test's, and config.groupLrFactors scales each group by engine::groupLrFactors
  /// of the groups' own upper bounds.
  double lower = 0.0;
  double upper = 0.0;
};

/// Throws InputError when the run (or one group of a per-group test) has no picked range or is
/// not a range test, a per-group range test or a training run; StorageError when there is no
/// such run.
[[nodiscard]] FromRun fromStoredRun(const std::filesystem::path& database, int64_t runId);

} // namespace lrscope::cli
