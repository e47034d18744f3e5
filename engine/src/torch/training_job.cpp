#include "lrscope/engine/training_job.h"
#include "lrscope/engine/lr_limits.h"

#include "batch_iterator.h"
#include "checkpoint.h"
#include "error_text.h"
#include "evaluation.h"
#include "model_impl.h"
#include "objective.h"
#include "optimizer_impl.h"
#include "prepared_data.h"
#include "tensor_dataset_impl.h"
#include "training_data.h"

#include "lrscope/engine/input_error.h"
#include "lrscope/engine/loss_smoother.h"
#include "lrscope/engine/model.h"
#include "lrscope/engine/number_text.h"
#include "lrscope/engine/optimizer.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <limits>
#include <tuple>

namespace lrscope::engine {
namespace {

using Clock = std::chrono::steady_clock;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kSmoothingBeta = 0.98; // as the range test's default

double secondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

/// The shuffling seed of one epoch: a function of the run's seed and the epoch alone, so that
/// a resumed run sees the same batches as one that never stopped (splitmix64's finalizer).
uint64_t epochSeed(uint64_t seed, int epoch) {
  uint64_t z = seed + 0x9e3779b97f4a7c15ULL * (static_cast<uint64_t>(epoch) + 1);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/// "lr 0.1", or "lrs 0.01, 0.1" when the groups differ.
std::string lrText(const std::vector<double>& lrs) {
  bool same = true;
  for (const double lr : lrs)
    same = same && lr == lrs.front();
  if (same)
    return "lr " + numberText(lrs.front());
  std::string text = "lrs ";
  for (std::size_t g = 0; g < lrs.size(); ++g)
    text += (g > 0 ? ", " : "") + numberText(lrs[g]);
  return text;
}

std::vector<double> groupFactors(const TrainConfig& config, const Model& model) {
  const std::vector<std::string> groups = model.layerGroupNames();
  if (config.groupLrFactors.empty() && config.groupLrSpread.size() == 2)
    return geometricGroupFactors(config.groupLrSpread[0], config.groupLrSpread[1],
                                 static_cast<int>(groups.size()));
  if (config.groupLrFactors.empty())
    return std::vector<double>(groups.size(), 1.0);
  if (config.groupLrFactors.size() != groups.size()) {
    std::string names;
    for (const std::string& name : groups)
      names += (names.empty() ? "" : ", ") + name;
    const std::size_t given = config.groupLrFactors.size();
    throw InputError("the model has " + std::to_string(groups.size()) + " layer group" +
                     (groups.size() == 1 ? "" : "s") + " (" + names + ") but " +
                     std::to_string(given) + " LR factor" + (given == 1 ? " was" : "s were") +
                     " given");
  }
  return config.groupLrFactors;
}

void requireCheckpointFolder(const std::filesystem::path& checkpoint) {
  const std::filesystem::path folder = checkpoint.parent_path();
  std::error_code ec;
  if (!checkpoint.empty() && !folder.empty() && !std::filesystem::is_directory(folder, ec))
    throw InputError("checkpoint folder " + folder.string() + " does not exist");
}

/// The training loop of one run, from the first epoch not done yet to config.epochs.
class TrainingRun {
public:
  TrainingRun(const TrainConfig& config, Model& model, Optimizer& optimizer,
              const detail::PreparedData& data, LrSchedule& schedule, std::vector<double> factors,
              int stepsPerEpoch, bool cycleMomentum, TrainingObserver* observer,
              const std::atomic<bool>* stop, LiveLrControl* live)
      : m_config(config), m_model(model.impl()), m_optimizer(optimizer),
        m_torchOptimizer(optimizer.impl().torchOptimizer()), m_train(data.train->impl()),
        m_validation(data.validation ? &data.validation->impl() : nullptr),
        m_test(data.test ? &data.test->impl() : nullptr), m_schedule(schedule),
        m_factors(std::move(factors)), m_lrs(m_factors.size(), 0.0), m_stepsPerEpoch(stepsPerEpoch),
        m_cycleMomentum(cycleMomentum), m_observer(observer), m_stop(stop), m_live(live),
        m_smoother(kSmoothingBeta) {
    m_record.groupLrs.resize(m_lrs.size());
  }

  /// Continues from `start` (all zero for a fresh run); fills the report's status, message,
  /// epochs, steps and checkpoint. Exceptions (an observer's, libtorch's) propagate.
  void run(const detail::CheckpointPosition& start, TrainingReport& report) {
    m_report = &report;
    m_step = start.steps;
    m_epochLosses = start.epochLosses;
    for (std::size_t e = 0; e < m_epochLosses.size(); ++e)
      (void)m_schedule.onEpochEnd(static_cast<int>(e), m_epochLosses[e]);
    if (start.lrMultiplier != 1.0)
      (void)m_adjustment.apply({m_step, LrChange::Kind::Scale, start.lrMultiplier},
                               m_schedule.lr(m_step));
    while (m_nextEvent < m_config.lrEvents.size() && m_config.lrEvents[m_nextEvent].step < m_step)
      ++m_nextEvent; // already in the checkpoint's multiplier

    m_start = Clock::now();
    for (int epoch = start.epochs; epoch < m_config.epochs; ++epoch)
      if (!trainEpoch(epoch))
        return;
    end(RunStatus::Completed, "completed " + std::to_string(m_config.epochs) + " epochs (" +
                                  std::to_string(m_step) + " steps)");
  }

  [[nodiscard]] int step() const { return m_step; }

private:
  /// One epoch's steps, evaluation, schedule update and checkpoint; false when the run ended.
  bool trainEpoch(int epoch) {
    detail::BatchIterator batches(m_train, m_config.batchSize, epochSeed(m_config.seed, epoch));
    double lossSum = 0.0;
    int64_t correct = 0;
    int64_t seen = 0;
    m_model.setTraining(true);
    for (int i = 0; i < m_stepsPerEpoch; ++i, ++m_step) {
      if (stopRequested())
        return end(RunStatus::Cancelled, "cancelled before step " + std::to_string(m_step) +
                                             " (epoch " + std::to_string(epoch + 1) + ")");
      applyLrChanges();
      setLearningRates();
      const detail::Batch batch = batches.next();
      const StepOutcome outcome = trainStep(batch);
      publishStep(outcome);
      if (!std::isfinite(outcome.loss))
        return end(RunStatus::Diverged, "loss is " + numberText(outcome.loss) + " at step " +
                                            std::to_string(m_step) + " (epoch " +
                                            std::to_string(epoch + 1) + ", " + lrText(m_lrs) + ")");
      lossSum += outcome.loss;
      correct += outcome.correct;
      seen += outcome.examples;
    }
    if (stopRequested())
      return end(RunStatus::Cancelled,
                 "cancelled before the evaluation of epoch " + std::to_string(epoch + 1));
    return finishEpoch(epoch, lossSum / m_stepsPerEpoch,
                       m_train.task == TaskKind::Classification
                           ? static_cast<double>(correct) / static_cast<double>(seen)
                           : kNaN);
  }

  struct StepOutcome {
    double loss = 0.0;
    int64_t correct = 0;
    int64_t examples = 0;
  };

  /// Forward, backward and the optimizer's step; a non-finite loss skips the update.
  StepOutcome trainStep(const detail::Batch& batch) {
    m_torchOptimizer.zero_grad();
    const torch::Tensor outputs = m_model.forward(batch.inputs);
    const torch::Tensor loss = detail::lossOf(outputs, batch.targets, m_train.task);
    const double value = loss.item<double>();
    const int64_t examples = batch.inputs.size(0);
    if (!std::isfinite(value))
      return {value, 0, examples};
    loss.backward();
    m_torchOptimizer.step();
    return {value, detail::correctCount(outputs, batch.targets, m_train.task), examples};
  }

  void publishStep(const StepOutcome& outcome) {
    m_record.step = m_step;
    // What the optimizer's groups hold, read back (same size every step: no allocation).
    const auto& groups = m_torchOptimizer.param_groups();
    for (std::size_t g = 0; g < groups.size(); ++g)
      m_record.groupLrs[g] = groups[g].options().get_lr();
    m_record.loss = outcome.loss;
    m_record.smoothedLoss = std::isfinite(outcome.loss) ? m_smoother.add(outcome.loss) : kNaN;
    m_record.batchAccuracy =
        m_train.task == TaskKind::Classification
            ? static_cast<double>(outcome.correct) / static_cast<double>(outcome.examples)
            : kNaN;
    m_record.wallSeconds = secondsSince(m_start);
    ++m_report->steps;
    if (m_observer)
      m_observer->onStep(m_record);
  }

  /// The changes held back at the last step, the config's due at this step, then the live
  /// ones, in that order; each applied one is an event.
  void applyLrChanges() {
    const auto& events = m_config.lrEvents;
    const bool anyDue =
        !m_deferred.empty() || (m_nextEvent < events.size() && events[m_nextEvent].step <= m_step);
    std::vector<LrChange> live = m_live ? m_live->take() : std::vector<LrChange>{};
    if (!anyDue && live.empty())
      return;
    std::vector<LrChange> due;
    due.swap(m_deferred);
    while (m_nextEvent < events.size() && events[m_nextEvent].step <= m_step)
      due.push_back(events[m_nextEvent++]);
    due.insert(due.end(), live.begin(), live.end());
    for (const LrChange& change : due)
      applyLrChange(change);
  }

  /// A Set at a step where the schedule's LR is 0 (warm-up, a cosine or cyclical low) has no
  /// ratio to keep: it waits for the first step where the LR is positive (as do the changes
  /// after it, to keep their order).
  void applyLrChange(const LrChange& change) {
    const double scheduleLr = m_schedule.lr(m_step);
    if (!m_deferred.empty() || (change.kind == LrChange::Kind::Set && !(scheduleLr > 0.0))) {
      m_deferred.push_back(change);
      return;
    }
    const double multiplier = m_adjustment.apply({m_step, change.kind, change.value}, scheduleLr);
    event("lr_change", {{"kind", change.kind == LrChange::Kind::Set ? "set" : "scale"},
                        {"value", change.value},
                        {"lr", scheduleLr * multiplier}});
  }

  /// Writes the step's LR (and momentum) into every parameter group. Straight into libtorch's
  /// options rather than Optimizer::setLearningRates: schedules may reach an LR of 0 (warm-up,
  /// cosine's floor), which that refuses. An LR that LR changes have scaled past what float32
  /// holds ends the run with that reason (libtorch's would be "cannot be converted").
  void setLearningRates() {
    const double lr = m_schedule.lr(m_step) * m_adjustment.multiplier();
    auto& groups = m_torchOptimizer.param_groups();
    for (std::size_t g = 0; g < groups.size(); ++g) {
      m_lrs[g] = lr * m_factors[g];
      if (!(m_lrs[g] <= kLargestLr))
        requireUsableLr("the learning rate (the schedule's, with the LR changes so far)", m_lrs[g]);
      groups[g].options().set_lr(m_lrs[g]);
    }
    if (m_cycleMomentum)
      if (const std::optional<double> momentum = m_schedule.momentum(m_step))
        m_optimizer.setMomentum(*momentum);
  }

  /// Evaluation, the epoch's record, the schedule's plateau check and the checkpoint.
  bool finishEpoch(int epoch, double trainLoss, double trainAccuracy) {
    EpochRecord record;
    record.epoch = epoch;
    record.trainLoss = trainLoss;
    record.trainAccuracy = trainAccuracy;
    const detail::Evaluation validation = evaluate(m_validation);
    const detail::Evaluation test = evaluate(m_test);
    record.validationLoss = validation.loss;
    record.validationAccuracy = validation.accuracy;
    record.testLoss = test.loss;
    record.testAccuracy = test.accuracy;
    record.groupLrs = m_record.groupLrs;
    record.wallSeconds = secondsSince(m_start);
    m_report->epochs.push_back(record);
    if (m_observer)
      m_observer->onEpoch(record);
    // The last step's loss was finite, but its update may still have broken the weights.
    for (const auto& [name, eval, set] :
         {std::tuple{"validation", &validation, m_validation}, std::tuple{"test", &test, m_test}})
      if (set && !std::isfinite(eval->loss))
        return end(RunStatus::Diverged, std::string(name) + " loss is " + numberText(eval->loss) +
                                            " after epoch " + std::to_string(epoch + 1) +
                                            " (step " + std::to_string(m_step - 1) + ", " +
                                            lrText(m_lrs) + ")");

    const double epochLoss = m_validation ? validation.loss : trainLoss;
    m_epochLosses.push_back(epochLoss);
    if (m_schedule.onEpochEnd(epoch, epochLoss))
      event("plateau", {{"lr", m_schedule.lr(m_step) * m_adjustment.multiplier()}});
    if (!m_config.checkpoint.empty()) {
      detail::Checkpoint::save(
          m_config.checkpoint, m_model, m_config.optimizer.kind, m_torchOptimizer,
          {epoch + 1, m_step, m_stepsPerEpoch, m_adjustment.multiplier(), m_epochLosses});
      m_report->checkpoint = m_config.checkpoint;
      event("checkpoint", {{"path", m_config.checkpoint.string()}, {"epoch", epoch}});
    }
    return true;
  }

  [[nodiscard]] detail::Evaluation evaluate(const detail::TensorDatasetImpl* data) const {
    return data ? detail::evaluate(m_model, *data) : detail::Evaluation{kNaN, kNaN};
  }

  void event(const std::string& kind, const nlohmann::json& payload) {
    if (m_observer)
      m_observer->onEvent(m_step, kind, payload.dump());
  }

  [[nodiscard]] bool stopRequested() const {
    return m_stop && m_stop->load(std::memory_order_relaxed);
  }

  /// Sets the report's status and message; false, so that callers can return it.
  bool end(RunStatus status, const std::string& message) {
    m_report->status = status;
    m_report->message = message;
    return false;
  }

  const TrainConfig& m_config;
  detail::ModelImpl& m_model;
  Optimizer& m_optimizer;
  torch::optim::Optimizer& m_torchOptimizer;
  const detail::TensorDatasetImpl& m_train;
  const detail::TensorDatasetImpl* m_validation;
  const detail::TensorDatasetImpl* m_test;
  LrSchedule& m_schedule;
  std::vector<double> m_factors;
  std::vector<double> m_lrs; ///< this step's LR of every group
  int m_stepsPerEpoch;
  bool m_cycleMomentum;
  TrainingObserver* m_observer;
  const std::atomic<bool>* m_stop;
  LiveLrControl* m_live;
  LossSmoother m_smoother;
  LrAdjustment m_adjustment;
  std::size_t m_nextEvent = 0;
  std::vector<LrChange> m_deferred; ///< changes waiting for a positive schedule LR
  std::vector<double> m_epochLosses;
  StepRecord m_record;
  TrainingReport* m_report = nullptr;
  Clock::time_point m_start;
  int m_step = 0;
};

} // namespace

TrainingReport runTrainingJob(const TrainConfig& config, TrainingObserver* observer,
                              const std::atomic<bool>* stop, LiveLrControl* live) {
  config.validate();
  requireCheckpointFolder(config.checkpoint);
  const detail::TrainingData data = detail::loadTrainingData(config);
  return detail::runTrainingOnData(config, data, observer, stop, live);
}

namespace detail {

TrainingData loadTrainingData(const TrainConfig& config) {
  const auto loadStart = Clock::now();
  TrainingData loaded;
  const DataSplits splits = loadData(config.data);
  SampleSpec sample = config.sample;
  sample.seed = config.seed;
  loaded.prepared = prepareData(splits, config.data, sample, config.batchSize, true);
  loaded.datasetName = splits.train.name;
  loaded.classNames = splits.train.classNames;
  loaded.loadSeconds = secondsSince(loadStart);
  return loaded;
}

TrainingReport runTrainingOnData(const TrainConfig& config, const TrainingData& loaded,
                                 TrainingObserver* observer, const std::atomic<bool>* stop,
                                 LiveLrControl* live) {
  config.validate();
  requireCheckpointFolder(config.checkpoint);
  const PreparedData& data = loaded.prepared;
  TrainingReport report;
  report.config = config;
  report.datasetName = loaded.datasetName;
  report.classNames = loaded.classNames;
  report.warnings = data.warnings;
  report.trainSize = data.train->size();
  report.validationSize = data.validation ? data.validation->size() : 0;
  report.testSize = data.test ? data.test->size() : 0;
  report.loadSeconds = loaded.loadSeconds;

  const std::unique_ptr<Model> model = Model::create(config.model, data.train->exampleShape(),
                                                     data.train->outputSize(), config.seed);
  report.modelName = model->name();
  report.parameterCount = model->parameterCount();
  report.layerGroups = model->layerGroupNames();
  std::vector<double> factors = groupFactors(config, *model);
  const std::unique_ptr<Optimizer> optimizer =
      Optimizer::create(config.optimizer, *model, config.schedule.maxLr);

  const int64_t batch = std::min<int64_t>(config.batchSize, report.trainSize);
  const int stepsPerEpoch = static_cast<int>(report.trainSize / batch);
  const int totalSteps = stepsPerEpoch * config.epochs;
  const std::unique_ptr<LrSchedule> schedule =
      LrSchedule::create(config.schedule, totalSteps, stepsPerEpoch);

  detail::CheckpointPosition start;
  start.stepsPerEpoch = stepsPerEpoch;
  if (!config.resumeFrom.empty()) {
    start = detail::Checkpoint::load(config.resumeFrom, model->impl(), config.optimizer.kind,
                                     optimizer->impl().torchOptimizer());
    const std::string where = "checkpoint " + config.resumeFrom.string();
    if (start.stepsPerEpoch != stepsPerEpoch || start.steps != start.epochs * stepsPerEpoch)
      throw InputError(where + " was written with " + std::to_string(start.stepsPerEpoch) +
                       " steps per epoch, this config makes " + std::to_string(stepsPerEpoch) +
                       " (resume with the same data, sample and batch size)");
    if (start.epochs >= config.epochs)
      throw InputError(where + " already holds " + std::to_string(start.epochs) +
                       " epochs; ask for more than that to continue");
    report.resumedEpochs = start.epochs;
  }

  const bool cyclesMomentum = schedule->momentum(start.steps).has_value();
  const bool momentumFrozen = config.optimizer.kind == OptimizerKind::RmsProp &&
                              config.optimizer.effectiveMomentum() == 0.0;
  if (cyclesMomentum && momentumFrozen)
    report.warnings.push_back("rmsprop without momentum: the schedule's momentum cycling is "
                              "skipped (give it a momentum > 0 to cycle it)");
  for (const LrChange& change : config.lrEvents)
    if (change.step >= totalSteps) {
      report.warnings.push_back("LR events at step " + std::to_string(change.step) +
                                " and later come after the last step (" +
                                std::to_string(totalSteps - 1) + "): never applied");
      break;
    }

  TrainingRun run(config, *model, *optimizer, data, *schedule, std::move(factors), stepsPerEpoch,
                  cyclesMomentum && !momentumFrozen, observer, stop, live);
  const auto trainStart = Clock::now();
  try {
    run.run(start, report);
  } catch (const std::exception& error) {
    report.status = RunStatus::Failed;
    report.message =
        "failed at step " + std::to_string(run.step()) + ": " + detail::errorText(error);
  } catch (...) {
    report.status = RunStatus::Failed;
    report.message = "failed at step " + std::to_string(run.step()) + ": unknown error";
  }
  report.trainSeconds = secondsSince(trainStart);
  return report;
}

} // namespace detail
} // namespace lrscope::engine
