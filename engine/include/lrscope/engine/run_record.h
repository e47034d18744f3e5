#pragma once

#include "lrscope/engine/lr_curve.h"

#include <optional>
#include <string>
#include <vector>

namespace lrscope::engine {

/// How a run ended. Running is only seen while it is in progress.
enum class RunStatus { Running, Completed, Diverged, Cancelled, Failed };

[[nodiscard]] std::string toString(RunStatus status);

/// What a range test records at one optimizer step.
struct StepRecord {
  int step = 0;
  std::vector<double> groupLrs; ///< LR of every parameter group at this step
  /// The group whose LR the loss is plotted and analysed against: 0, except in a per-group
  /// range test, where it is the group that follows the ladder.
  std::size_t curveGroup = 0;
  double loss = 0.0; ///< raw loss, averaged over accumulated micro-batches
  double smoothedLoss = 0.0;
  double batchAccuracy = 0.0; ///< fraction correct; NaN for regression
  double wallSeconds = 0.0;   ///< since the start of the test
  std::optional<double> validationLoss;
  std::optional<double> validationAccuracy;

  /// The LR of curveGroup (the LR of the curve); 0 when no LR was recorded.
  [[nodiscard]] double curveLr() const {
    return curveGroup < groupLrs.size() ? groupLrs[curveGroup] : 0.0;
  }
};

/// The metrics of one finished epoch. Accuracies are fractions; NaN for regression (whose
/// losses are mean squared errors).
struct EpochRecord {
  int epoch = 0; ///< 0-based
  double trainLoss = 0.0;
  double trainAccuracy = 0.0;
  double validationLoss = 0.0;
  double validationAccuracy = 0.0;
  double testLoss = 0.0;
  double testAccuracy = 0.0;
  std::vector<double> groupLrs; ///< at the epoch's last step
  double wallSeconds = 0.0;     ///< since the start of training
};

/// Receives a run's progress. Called on the thread that runs the job; an exception thrown
/// from it ends the run with status Failed (the model is still restored).
class RunObserver {
public:
  virtual ~RunObserver() = default;
  virtual void onStep(const StepRecord& record) = 0;
};

/// Passes every step to each of several observers (null ones are skipped), in order.
class ObserverFanOut : public RunObserver {
public:
  explicit ObserverFanOut(std::vector<RunObserver*> observers);
  void onStep(const StepRecord& record) override;

private:
  std::vector<RunObserver*> m_observers;
};

struct RangeTestResult {
  RunStatus status = RunStatus::Running;
  /// Why the run ended, in one line (e.g. "smoothed loss 9.1 > 4 x best 2.2 at lr 3.2").
  std::string message;
  std::vector<StepRecord> steps;

  /// The curve's LR (StepRecord::curveLr), smoothed and raw losses: what the rules read.
  [[nodiscard]] LrCurve curve() const;
};

} // namespace lrscope::engine
