#include "prepared_data.h"

#include "lrscope/engine/input_error.h"
#include "lrscope/engine/normalization.h"

#include <cmath>
#include <initializer_list>
#include <tuple>

namespace lrscope::engine::detail {
namespace {

void requireLearnableLabels(const Dataset& train, const DataSpec& spec) {
  if (train.task == TaskKind::Classification && train.numClasses() < 2)
    throw InputError(spec.source + ": the labels" +
                     (spec.labelColumn.empty() ? "" : " in column \"" + spec.labelColumn + "\"") +
                     " hold a single class; a classifier needs at least 2 (for a numeric target "
                     "use --task regression)");
}

/// Standardizes the targets of every set with the sample's mean and spread.
void standardizeTargets(const Dataset& sample, std::initializer_list<Dataset*> sets) {
  double sum = 0.0;
  double squares = 0.0;
  for (const float t : sample.targets) {
    sum += t;
    squares += static_cast<double>(t) * t;
  }
  const double n = static_cast<double>(sample.targets.size());
  const double mean = sum / n;
  const double spread = std::sqrt(std::max(0.0, squares / n - mean * mean));
  const double scale = spread > 0.0 ? 1.0 / spread : 1.0;
  for (Dataset* data : sets)
    for (float& t : data->targets)
      t = static_cast<float>((t - mean) * scale);
}

} // namespace

PreparedData prepareData(const DataSplits& splits, const DataSpec& dataSpec,
                         const SampleSpec& sample, int64_t batchSize, bool withTest,
                         const LazyImageFolder* images) {
  const Dataset& train = splits.train;
  requireLearnableLabels(train, dataSpec);
  PreparedData prepared;
  prepared.warnings = splits.warnings;
  SampleSpec spec = sample;
  // A source with a validation split of its own gives it whole wherever validation is asked for;
  // none is held out of the training part then.
  const bool ownValidation = splits.validation.size() > 0 && spec.validationCount > 0;
  if (ownValidation)
    spec.validationCount = 0;
  const int64_t available = train.size() - spec.validationCount;
  if (spec.fraction == 0.0 && spec.count > available && available > 0) {
    prepared.warnings.push_back("the data set has " + std::to_string(train.size()) +
                                " examples; the sample uses all " + std::to_string(available) +
                                " not held out for validation");
    spec.count = available;
  }
  SampleSplit split;
  try {
    split = drawSample(train, spec);
  } catch (const InputError& error) {
    throw InputError(std::string(error.what()) + " (set --sample and --validation)");
  }
  // The sample is copied out of splits.train (which the caller keeps), then once more into
  // tensors; each copy is freed as soon as the next exists.
  Dataset trainPart;
  Dataset validation;
  if (images) { // splits hold labels only: the drawn examples are decoded now
    std::tie(trainPart, validation) = images->decodeTrain(split.sample, split.validation);
    if (ownValidation)
      validation = images->decodeValidation(trainPart.exampleShape);
  } else {
    trainPart = train.subset(split.sample);
    validation = ownValidation ? splits.validation : train.subset(split.validation);
  }
  Dataset test = withTest ? splits.test : Dataset{};
  const Normalization normalization = Normalization::compute(trainPart);
  normalization.apply(trainPart);
  for (Dataset* data : {&validation, &test})
    if (data->size() > 0)
      normalization.apply(*data);
  if (train.task == TaskKind::Regression)
    standardizeTargets(trainPart, {&trainPart, &validation, &test});
  if (batchSize > trainPart.size())
    prepared.warnings.push_back("batch size " + std::to_string(batchSize) +
                                " is larger than the sample: every batch is the whole sample of " +
                                std::to_string(trainPart.size()));
  prepared.train = std::make_unique<TensorDataset>(trainPart);
  if (validation.size() > 0)
    prepared.validation = std::make_unique<TensorDataset>(validation);
  if (test.size() > 0)
    prepared.test = std::make_unique<TensorDataset>(test);
  return prepared;
}

} // namespace lrscope::engine::detail
