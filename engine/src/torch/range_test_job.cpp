#include "lrscope/engine/range_test_job.h"

#include "lrscope/engine/model.h"
#include "lrscope/engine/normalization.h"
#include "lrscope/engine/optimizer.h"
#include "lrscope/engine/range_test.h"
#include "lrscope/engine/suggestion_rules.h"
#include "lrscope/engine/tensor_dataset.h"

#include <chrono>

namespace lrscope::engine {
namespace {

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
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
  SampleSpec sampleSpec = config.sample;
  sampleSpec.seed = config.rangeTest.seed;
  if (config.rangeTest.validateEvery == 0)
    sampleSpec.validationCount = 0;
  const int64_t available = train.size() - sampleSpec.validationCount;
  if (sampleSpec.fraction == 0.0 && sampleSpec.count > available && available > 0) {
    report.warnings.push_back("the data set has " + std::to_string(train.size()) +
                              " examples; the sample uses all " + std::to_string(available) +
                              " not held out for validation");
    sampleSpec.count = available;
  }
  const SampleSplit split = drawSample(train, sampleSpec);
  Dataset sample = train.subset(split.sample);
  Dataset validation = train.subset(split.validation);
  const Normalization normalization = Normalization::compute(sample);
  normalization.apply(sample);
  if (validation.size() > 0)
    normalization.apply(validation);
  const TensorDataset sampleTensors(sample);
  const std::unique_ptr<TensorDataset> validationTensors =
      validation.size() > 0 ? std::make_unique<TensorDataset>(validation) : nullptr;
  report.loadSeconds = secondsSince(loadStart);
  report.datasetName = train.name;
  report.trainSize = train.size();
  report.sampleSize = sample.size();
  report.validationSize = validation.size();

  const std::unique_ptr<Model> model =
      Model::create(config.model, train.exampleShape, train.outputSize(), config.rangeTest.seed);
  const std::unique_ptr<Optimizer> optimizer =
      Optimizer::create(config.optimizer, *model, config.rangeTest.startLr);
  report.modelName = model->name();
  report.parameterCount = model->parameterCount();
  report.layerGroups = model->layerGroupNames();

  const auto testStart = std::chrono::steady_clock::now();
  report.result =
      RangeTest(config.rangeTest)
          .run(*model, *optimizer, sampleTensors, validationTensors.get(), observer, stop);
  report.testSeconds = secondsSince(testStart);

  const LrCurve curve = report.result.curve();
  report.suggestions = suggestAll(curve);
  report.range = LrRangeRule::apply(curve);
  return report;
}

} // namespace lrscope::engine
