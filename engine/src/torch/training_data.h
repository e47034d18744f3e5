#pragma once

// A training run in two halves, loading and training, so that runs which train on the same data
// (the candidates of a sweep) load, sample and normalize it once.
#include "prepared_data.h"

#include "lrscope/engine/training_job.h"

#include <atomic>
#include <string>
#include <vector>

namespace lrscope::engine::detail {

/// A training config's data, loaded and prepared once.
struct TrainingData {
  PreparedData prepared; ///< sample, validation split and test split, normalized
  std::string datasetName;
  std::vector<std::string> classNames; ///< index = label; empty for regression
  double loadSeconds = 0.0;
};

/// Loads config.data and prepares it as runTrainingJob does (the sample drawn with config.seed,
/// the test split included). Throws InputError for a data set or sizes it refuses.
[[nodiscard]] TrainingData loadTrainingData(const TrainConfig& config);

/// runTrainingJob on data loaded by loadTrainingData for a config with the same data, sample,
/// seed and batch size; data is only read, so several runs may share it (one at a time).
/// Throws InputError for a bad config, model, group factor count or checkpoint.
[[nodiscard]] TrainingReport runTrainingOnData(const TrainConfig& config, const TrainingData& data,
                                               TrainingObserver* observer,
                                               const std::atomic<bool>* stop,
                                               LiveLrControl* live = nullptr);

} // namespace lrscope::engine::detail
