#include "lrscope/engine/range_test_job.h"

#include "lrscope/engine/input_error.h"
#include "lrscope/engine/model.h"
#include "lrscope/engine/normalization.h"
#include "lrscope/engine/optimizer.h"
#include "lrscope/engine/range_test.h"
#include "lrscope/engine/suggestion_rules.h"
#include "lrscope/engine/tensor_dataset.h"

#include <chrono>
#include <cmath>

namespace lrscope::engine {
namespace {

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

struct PreparedData {
  std::unique_ptr<TensorDataset> sample;
  std::unique_ptr<TensorDataset> validation; ///< null when there is no validation split
};

void requireLearnableLabels(const Dataset& train, const DataSpec& spec) {
  if (train.task == TaskKind::Classification && train.numClasses() < 2)
    throw InputError(spec.source + ": the labels" +
                     (spec.labelColumn.empty() ? "" : " in column \"" + spec.labelColumn + "\"") +
                     " hold a single class; a classifier needs at least 2 (for a numeric target "
                     "use --task regression)");
}

/// Regression targets are standardized with the sample's mean and spread, like the features,
/// so that the suggested LRs do not depend on the target's units.
void standardizeTargets(Dataset& sample, Dataset& validation) {
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
  for (Dataset* data : {&sample, &validation})
    for (float& t : data->targets)
      t = static_cast<float>((t - mean) * scale);
}

/// Draws the sample and validation split, normalizes both with the sample's statistics and
/// copies them into tensors. Adds a warning to the report for every size it had to adjust.
PreparedData prepareData(const FindConfig& config, const Dataset& train, FindReport& report) {
  SampleSpec spec = config.sample;
  spec.seed = config.rangeTest.seed;
  if (config.rangeTest.validateEvery == 0)
    spec.validationCount = 0;
  else if (spec.validationCount == 0)
    report.warnings.push_back("--val-every is set but --validation is 0: no validation");
  const int64_t available = train.size() - spec.validationCount;
  if (spec.fraction == 0.0 && spec.count > available && available > 0) {
    report.warnings.push_back("the data set has " + std::to_string(train.size()) +
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
  Dataset sample = train.subset(split.sample);
  Dataset validation = train.subset(split.validation);
  const Normalization normalization = Normalization::compute(sample);
  normalization.apply(sample);
  if (validation.size() > 0)
    normalization.apply(validation);
  if (train.task == TaskKind::Regression)
    standardizeTargets(sample, validation);
  if (config.rangeTest.batchSize > sample.size())
    report.warnings.push_back("batch size " + std::to_string(config.rangeTest.batchSize) +
                              " is larger than the sample: every batch is the whole sample of " +
                              std::to_string(sample.size()));
  report.sampleSize = sample.size();
  report.validationSize = validation.size();
  return {std::make_unique<TensorDataset>(sample),
          validation.size() > 0 ? std::make_unique<TensorDataset>(validation) : nullptr};
}

/// Why a run that ended early gives no range, in terms of what to change.
std::string earlyEndReason(const RangeTestResult& result, const std::string& ruleReason) {
  const std::string steps = std::to_string(result.steps.size()) + " steps";
  switch (result.status) {
  case RunStatus::Diverged:
    return "the test diverged after " + steps + " (" + result.message +
           "); lower --end-lr or raise --iters so that more steps come before the blow-up";
  case RunStatus::Cancelled:
    return "the test was cancelled after " + steps + "; run it to the end";
  case RunStatus::Failed:
    return "the test failed after " + steps + ": " + result.message;
  default:
    return ruleReason;
  }
}

} // namespace

FindReport runRangeTestJob(const FindConfig& config, RunObserver* observer,
                           const std::atomic<bool>* stop) {
  config.validate();
  FindReport report;
  report.config = config;
  const auto loadStart = std::chrono::steady_clock::now();
  const DataSplits splits = loadData(config.data);
  const Dataset& train = splits.train;
  requireLearnableLabels(train, config.data);
  const PreparedData data = prepareData(config, train, report);
  report.loadSeconds = secondsSince(loadStart);
  report.datasetName = train.name;
  report.trainSize = train.size();

  const std::unique_ptr<Model> model =
      Model::create(config.model, train.exampleShape, train.outputSize(), config.rangeTest.seed);
  const std::unique_ptr<Optimizer> optimizer =
      Optimizer::create(config.optimizer, *model, config.rangeTest.startLr);
  report.modelName = model->name();
  report.parameterCount = model->parameterCount();
  report.layerGroups = model->layerGroupNames();

  if (stop && stop->load()) {
    report.result.status = RunStatus::Cancelled;
    report.result.message = "cancelled before the first step";
    report.range.reason = earlyEndReason(report.result, "");
    return report;
  }
  const auto testStart = std::chrono::steady_clock::now();
  report.result = RangeTest(config.rangeTest)
                      .run(*model, *optimizer, *data.sample, data.validation.get(), observer, stop);
  report.testSeconds = secondsSince(testStart);

  const LrCurve curve = report.result.curve();
  report.suggestions = suggestAll(curve);
  report.range = LrRangeRule::apply(curve);
  if (!report.range.range)
    report.range.reason = earlyEndReason(report.result, report.range.reason);
  return report;
}

} // namespace lrscope::engine
