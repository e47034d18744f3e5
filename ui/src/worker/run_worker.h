#pragma once

#include "lrscope/engine/run_record.h"
#include "worker/exception_text.h"
#include "worker/range_test_request.h"
#include "worker/run_rejection.h"
#include "worker/step_batch.h"
#include "worker/step_batcher.h"
#include "worker/stored_end.h"
#include "worker/sweep_progress.h"
#include "worker/sweep_request.h"
#include "worker/training_request.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <filesystem>
#include <memory>
#include <vector>

namespace lrscope::ui {

/// Runs range tests, training runs and sweeps on the thread it lives on (RunQueue's worker thread),
/// one at a time, and stores each one in the database through a connection it opens on that thread.
/// Never touches a widget; everything it has to say leaves through its signals, and every exception
/// of a job ends as a failed run or a rejection, never beyond run().
class RunWorker : public QObject {
  Q_OBJECT
public:
  /// Batches of steps and progress go out at most once per this interval (~30 Hz).
  static constexpr int kBatchIntervalMs = 33;

  /// batchClock times the step batches (StepBatcher's clock: steady_clock when empty).
  explicit RunWorker(std::filesystem::path database, StepBatcher::Clock batchClock = {});

  /// Runs one request to its end; blocks this thread meanwhile. stop is polled every step.
  /// Emits preparing, then either rejected (no step was taken) or started, batches and
  /// finished; only rejected when stop was set before it began.
  void run(int ticket, const RangeTestRequest& request,
           const std::shared_ptr<const std::atomic<bool>>& stop);
  /// The same for a training run; live carries the LR changes asked for while it trains.
  /// Its totalSteps is epochs x steps per epoch: known before the first step when the
  /// sample is a count, otherwise 0 until the first epoch ends.
  void runTraining(int ticket, const TrainingRequest& request,
                   const std::shared_ptr<const std::atomic<bool>>& stop,
                   const std::shared_ptr<engine::LiveLrControl>& live);
  /// The same for a sweep (run_worker_sweep.cpp), stored through storage::StoredSweep. Its run
  /// id is the sweep's; steps are not streamed (they are stored), only progress over all
  /// learning rates together (totalSteps: the planned epochs x steps per epoch), each learning
  /// rate's epochs (epochArrived) and eliminations (eventArrived "eliminated") under that
  /// learning rate's run id, and sweepProgress.
  void runSweep(int ticket, const SweepRequest& request,
                const std::shared_ptr<const std::atomic<bool>>& stop);
  /// The same for a per-group range test (run_worker_group.cpp; run() sends a request with
  /// perLayerGroup here), stored through storage::StoredGroupRangeTest. Its run id is the
  /// parent's; steps are not streamed (they are stored), only progress over all its tests.
  void runGroupRangeTest(int ticket, const RangeTestRequest& request,
                         const std::shared_ptr<const std::atomic<bool>>& stop);
  /// The same for a repeated range test (run_worker_repeats.cpp; run() sends a request with
  /// repeats here), stored through storage::StoredRepeatedRangeTest. Its run id is the parent's;
  /// each repeat's steps stream under its child run's id (stepsArrived, from the repeat's own
  /// thread when they run side by side), progress over all repeats together under the parent's.
  void runRepeatedRangeTest(int ticket, const RangeTestRequest& request,
                            const std::shared_ptr<const std::atomic<bool>>& stop);

Q_SIGNALS:
  void preparing(int ticket, QString title);
  void started(int ticket, qint64 runId, int totalSteps, QString title);
  void stepsArrived(qint64 runId, std::vector<lrscope::engine::StepRecord> batch);
  void progress(qint64 runId, int stepsDone, int totalSteps, double elapsedSeconds,
                double remainingSeconds);
  void finished(int ticket, qint64 runId, lrscope::engine::StoredStatus status, QString message);
  void rejected(int ticket, lrscope::ui::RunRejection why, QString message);
  void epochArrived(qint64 runId, lrscope::engine::EpochRecord record);
  void eventArrived(qint64 runId, int step, QString kind, QString payloadJson);
  void sweepProgress(lrscope::ui::SweepProgress progress);

private:
  /// How every job starts: rejected as cancelled when `stop` is already set (a shutdown between
  /// the queue and this thread); otherwise preparing, then `open()`, which validates the config
  /// and starts the stored run (a std::unique_ptr), so that a config that does not validate never
  /// becomes a run. Rejected as refused, with its message, when that throws. Null when the job
  /// must not run.
  template <typename Open>
  auto openJob(int ticket, const QString& title,
               const std::shared_ptr<const std::atomic<bool>>& stop, Open open)
      -> decltype(open()) {
    if (stop && stop->load()) {
      Q_EMIT rejected(ticket, RunRejection::CancelledBeforeStart,
                      QStringLiteral("cancelled before it started"));
      return nullptr;
    }
    Q_EMIT preparing(ticket, title);
    try {
      return open();
    } catch (...) {
      Q_EMIT rejected(ticket, RunRejection::Refused, currentExceptionText());
      return nullptr;
    }
  }
  /// Tells the window how a job ended: finished when any step ran, else rejected.
  void reportEnd(int ticket, qint64 runId, bool anyStep, const StoredEnd& end);

  std::filesystem::path m_database;
  StepBatcher::Clock m_batchClock;
};

} // namespace lrscope::ui
