#include "lrscope/engine/range_test_job.h"

#include "checkpoint.h"
#include "optimizer_impl.h"
#include "range_test_setup.h"

#include "lrscope/engine/range_test.h"
#include "lrscope/engine/suggestion_rules.h"
#include "lrscope/engine/tensor_dataset.h"

#include <optional>

namespace lrscope::engine {
namespace detail {
namespace {

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

RangeTestSetup prepareRangeTest(const FindConfig& config, const DataSplits* loaded) {
  config.validate();
  RangeTestSetup setup;
  FindReport& report = setup.report;
  report.config = config;
  const auto loadStart = std::chrono::steady_clock::now();
  DataSplits ownSplits;
  // An image folder's range test decodes only its sample (a training decodes it all).
  const std::optional<LazyImageFolder> images =
      loaded ? std::nullopt : LazyImageFolder::open(config.data);
  if (!loaded && !images)
    ownSplits = loadData(config.data);
  const DataSplits& splits = loaded ? *loaded : images ? images->labels() : ownSplits;
  const Dataset& train = splits.train;
  SampleSpec sample = config.sample;
  sample.seed = config.effectiveSampleSeed();
  if (config.rangeTest.validateEvery == 0)
    sample.validationCount = 0;
  else if (sample.validationCount == 0)
    report.warnings.push_back("--val-every is set but --validation is 0: no validation");
  setup.data = prepareData(splits, config.data, sample, config.rangeTest.batchSize, false,
                           images ? &*images : nullptr);
  report.warnings.insert(report.warnings.end(), setup.data.warnings.begin(),
                         setup.data.warnings.end());
  report.sampleSize = setup.data.train->size();
  report.validationSize = setup.data.validation ? setup.data.validation->size() : 0;
  report.loadSeconds = secondsSince(loadStart);
  report.datasetName = train.name;
  report.classNames = train.classNames;
  report.trainSize = train.size();

  setup.model = Model::create(config.model, setup.data.train->exampleShape(), train.outputSize(),
                              config.rangeTest.seed);
  setup.optimizer = Optimizer::create(config.optimizer, *setup.model, config.rangeTest.startLr);
  if (!config.fromCheckpoint.empty()) // the test's snapshot then restores the checkpoint's state
    (void)Checkpoint::load(config.fromCheckpoint, setup.model->impl(), config.optimizer.kind,
                           setup.optimizer->impl().torchOptimizer());
  report.modelName = setup.model->name();
  report.parameterCount = setup.model->parameterCount();
  report.layerGroups = setup.model->layerGroupNames();
  return setup;
}

void runPreparedRangeTest(RangeTestSetup& setup, const FindConfig& config, FindReport& report,
                          RunObserver* observer, const std::atomic<bool>* stop) {
  if (stop && stop->load()) {
    report.result.status = RunStatus::Cancelled;
    report.result.message = "cancelled before the first step";
    report.range.reason = earlyEndReason(report.result, "");
    return;
  }
  const auto testStart = std::chrono::steady_clock::now();
  report.result = RangeTest(config.rangeTest)
                      .run(*setup.model, *setup.optimizer, *setup.data.train,
                           setup.data.validation.get(), observer, stop);
  report.testSeconds = secondsSince(testStart);

  const LrCurve curve = report.result.curve();
  report.suggestions = suggestAll(curve);
  report.range = LrRangeRule::apply(curve, config.rangeRuleVersion);
  if (!report.range.range)
    report.range.reason = earlyEndReason(report.result, report.range.reason);
}

} // namespace detail

FindReport runRangeTestJob(const FindConfig& config, RunObserver* observer,
                           const std::atomic<bool>* stop) {
  detail::RangeTestSetup setup = detail::prepareRangeTest(config);
  FindReport report = std::move(setup.report);
  detail::runPreparedRangeTest(setup, config, report, observer, stop);
  return report;
}

} // namespace lrscope::engine
