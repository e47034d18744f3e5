#include "lrscope/engine/range_test_job.h"

#include "prepared_data.h"

#include "lrscope/engine/model.h"
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
  SampleSpec sample = config.sample;
  sample.seed = config.rangeTest.seed;
  if (config.rangeTest.validateEvery == 0)
    sample.validationCount = 0;
  else if (sample.validationCount == 0)
    report.warnings.push_back("--val-every is set but --validation is 0: no validation");
  const detail::PreparedData data =
      detail::prepareData(splits, config.data, sample, config.rangeTest.batchSize, false);
  report.warnings.insert(report.warnings.end(), data.warnings.begin(), data.warnings.end());
  report.sampleSize = data.train->size();
  report.validationSize = data.validation ? data.validation->size() : 0;
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
                      .run(*model, *optimizer, *data.train, data.validation.get(), observer, stop);
  report.testSeconds = secondsSince(testStart);

  const LrCurve curve = report.result.curve();
  report.suggestions = suggestAll(curve);
  report.range = LrRangeRule::apply(curve);
  if (!report.range.range)
    report.range.reason = earlyEndReason(report.result, report.range.reason);
  return report;
}

} // namespace lrscope::engine
