#pragma once

#include "lrscope/engine/data_source.h"
#include "lrscope/engine/lazy_image_folder.h"
#include "lrscope/engine/sampling.h"
#include "lrscope/engine/tensor_dataset.h"

#include <memory>
#include <string>
#include <vector>

namespace lrscope::engine::detail {

/// The tensors a run trains and evaluates on, normalized alike.
struct PreparedData {
  std::unique_ptr<TensorDataset> train;      ///< the sample drawn from the training part
  std::unique_ptr<TensorDataset> validation; ///< null when no validation split is held out
  std::unique_ptr<TensorDataset> test;       ///< null unless asked for and the source has one
  std::vector<std::string> warnings;         ///< one per size that had to be adjusted
};

/// Draws the stratified sample and validation split from splits.train (a sample count larger
/// than what is not held out shrinks to that, with a warning; the source's own validation
/// split, whole, where it has one and validation is asked for), normalizes them and, when
/// withTest, the test split with the sample's statistics, standardizes regression targets
/// with the sample's mean and spread (so that LRs do not depend on the target's units), and
/// copies them into tensors. Throws InputError for labels of a single class or sizes that ask
/// for more examples than there are.
/// With `images`, splits are its labels() and only the drawn examples are decoded (withTest
/// must be false: its test split is not listed).
[[nodiscard]] PreparedData prepareData(const DataSplits& splits, const DataSpec& dataSpec,
                                       const SampleSpec& sample, int64_t batchSize, bool withTest,
                                       const LazyImageFolder* images = nullptr);

} // namespace lrscope::engine::detail
