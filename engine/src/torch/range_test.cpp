#include "lrscope/engine/range_test.h"

#include "batch_iterator.h"
#include "error_text.h"
#include "evaluation.h"
#include "model_impl.h"
#include "objective.h"
#include "optimizer_impl.h"
#include "tensor_dataset_impl.h"
#include "training_state_snapshot.h"

#include "lrscope/engine/input_error.h"
#include "lrscope/engine/loss_smoother.h"
#include "lrscope/engine/model.h"
#include "lrscope/engine/optimizer.h"
#include "lrscope/engine/tensor_dataset.h"

#include <chrono>
#include <cmath>
#include <limits>
#include <sstream>

namespace lrscope::engine {
namespace {

std::string formatNumber(double value) {
  std::ostringstream out;
  out.precision(3);
  out << value;
  return out.str();
}

class RangeTestRun {
public:
  RangeTestRun(const RangeTestOptions& options, Model& model, Optimizer& optimizer,
               const TensorDataset& train, const TensorDataset* validation, RunObserver* observer,
               const std::atomic<bool>* stop)
      : m_options(options), m_model(model.impl()), m_optimizer(optimizer),
        m_torchOptimizer(optimizer.impl().torchOptimizer()), m_train(train.impl()),
        m_validation(validation ? &validation->impl() : nullptr), m_observer(observer),
        m_stop(stop), m_ladder(options.startLr, options.endLr, options.iterations, options.mode),
        m_smoother(options.beta), m_batches(m_train, options.batchSize, options.seed) {}

  /// Runs the steps; fills result.status, result.message and result.steps.
  void run(RangeTestResult& result) {
    result.steps.reserve(static_cast<std::size_t>(m_options.iterations));
    const auto start = std::chrono::steady_clock::now();
    double best = std::numeric_limits<double>::infinity();
    m_model.setTraining(true);
    for (int step = 0; step < m_options.iterations; ++step) {
      if (m_stop && m_stop->load(std::memory_order_relaxed)) {
        result.status = RunStatus::Cancelled;
        result.message = "cancelled before step " + std::to_string(step);
        return;
      }
      StepRecord record = trainStep(step);
      record.wallSeconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      const bool finite = std::isfinite(record.loss);
      record.smoothedLoss =
          finite ? m_smoother.add(record.loss) : std::numeric_limits<double>::quiet_NaN();
      if (finite)
        best = std::min(best, record.smoothedLoss);
      if (finite && m_validation && m_options.validateEvery > 0 &&
          (step % m_options.validateEvery == 0 || step == m_options.iterations - 1)) {
        const detail::Evaluation eval = detail::evaluate(m_model, *m_validation);
        record.validationLoss = eval.loss;
        record.validationAccuracy = eval.accuracy;
      }
      const bool blewUp = finite && record.smoothedLoss > m_options.divergeFactor * best;
      result.steps.push_back(std::move(record));
      if (m_observer)
        m_observer->onStep(result.steps.back());
      if (!finite || blewUp) {
        result.status = RunStatus::Diverged;
        result.message = divergenceMessage(result.steps.back(), best);
        return;
      }
    }
    result.status = RunStatus::Completed;
    result.message = "completed " + std::to_string(m_options.iterations) + " steps";
  }

private:
  std::string divergenceMessage(const StepRecord& last, double best) const {
    const std::string where =
        " at step " + std::to_string(last.step) + " (lr " + formatNumber(last.curveLr()) + ")";
    if (!std::isfinite(last.loss))
      return "loss is " + formatNumber(last.loss) + where;
    return "smoothed loss " + formatNumber(last.smoothedLoss) + " > " +
           formatNumber(m_options.divergeFactor) + " x best " + formatNumber(best) + where;
  }

  /// Every group follows the ladder, or in a per-group test only the swept one while the others
  /// stay at otherGroupsLr.
  void setLearningRates(double ladderLr) {
    if (!m_options.sweptGroup) {
      m_optimizer.setLearningRate(ladderLr);
      return;
    }
    std::vector<double> lrs(m_optimizer.learningRates().size(), m_options.otherGroupsLrOrStart());
    lrs.at(static_cast<std::size_t>(*m_options.sweptGroup)) = ladderLr;
    m_optimizer.setLearningRates(lrs);
  }

  StepRecord trainStep(int step) {
    setLearningRates(m_ladder.at(step));
    m_torchOptimizer.zero_grad();
    double lossSum = 0.0;
    int64_t correct = 0;
    int64_t seen = 0;
    const int micro = m_options.accumulationSteps;
    for (int i = 0; i < micro; ++i) {
      const detail::Batch batch = m_batches.next();
      const torch::Tensor outputs = m_model.forward(batch.inputs);
      const torch::Tensor loss = detail::lossOf(outputs, batch.targets, m_train.task);
      (micro == 1 ? loss : loss / micro).backward();
      lossSum += loss.item<double>();
      correct += detail::correctCount(outputs, batch.targets, m_train.task);
      seen += batch.inputs.size(0);
    }
    m_torchOptimizer.step();

    StepRecord record;
    record.step = step;
    record.groupLrs = m_optimizer.learningRates();
    record.curveGroup = static_cast<std::size_t>(m_options.sweptGroup.value_or(0));
    record.loss = lossSum / micro;
    record.batchAccuracy = m_train.task == TaskKind::Classification
                               ? static_cast<double>(correct) / static_cast<double>(seen)
                               : std::numeric_limits<double>::quiet_NaN();
    return record;
  }

  const RangeTestOptions& m_options;
  detail::ModelImpl& m_model;
  Optimizer& m_optimizer;
  torch::optim::Optimizer& m_torchOptimizer;
  const detail::TensorDatasetImpl& m_train;
  const detail::TensorDatasetImpl* m_validation;
  RunObserver* m_observer;
  const std::atomic<bool>* m_stop;
  LrLadder m_ladder;
  LossSmoother m_smoother;
  detail::BatchIterator m_batches;
};

} // namespace

RangeTest::RangeTest(const RangeTestOptions& options) : m_options(options) {
  options.validate();
}

RangeTestResult RangeTest::run(Model& model, Optimizer& optimizer, const TensorDataset& train,
                               const TensorDataset* validation, RunObserver* observer,
                               const std::atomic<bool>* stop) const {
  const std::vector<std::string> groups = model.layerGroupNames();
  if (m_options.sweptGroup && *m_options.sweptGroup >= static_cast<int>(groups.size())) {
    std::string names;
    for (std::size_t g = 0; g < groups.size(); ++g)
      names += (g == 0 ? "" : ", ") + std::to_string(g) + " " + groups[g];
    throw InputError("layer group " + std::to_string(*m_options.sweptGroup) + " does not exist: " +
                     model.name() + " has " + std::to_string(groups.size()) + " (" + names + ")");
  }
  RangeTestResult result;
  std::unique_ptr<detail::TrainingStateSnapshot> snapshot;
  try {
    snapshot = std::make_unique<detail::TrainingStateSnapshot>(model.impl(),
                                                               optimizer.impl().torchOptimizer());
    if (validation && validation->outputSize() != train.outputSize())
      throw InputError("validation data has a different number of outputs than training data");
    RangeTestRun(m_options, model, optimizer, train, validation, observer, stop).run(result);
  } catch (const std::exception& error) {
    result.status = RunStatus::Failed;
    result.message = detail::errorText(error);
  } catch (...) {
    result.status = RunStatus::Failed;
    result.message = "unknown error";
  }
  if (snapshot) {
    try {
      snapshot->restore();
    } catch (const std::exception& error) {
      result.status = RunStatus::Failed;
      result.message = "could not restore the model after the test: " + detail::errorText(error);
    }
  }
  return result;
}

} // namespace lrscope::engine
