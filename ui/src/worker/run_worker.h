#pragma once

#include "lrscope/engine/run_record.h"
#include "worker/range_test_request.h"
#include "worker/step_batch.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <filesystem>
#include <memory>
#include <vector>

namespace lrscope::ui {

/// Runs range tests on the thread it lives on (RunQueue's worker thread), one at a time, and
/// stores each one in the database through a connection it opens on that thread. Never
/// touches a widget; everything it has to say leaves through its signals, and every exception
/// of a job ends as a failed run or a rejection, never beyond run().
class RunWorker : public QObject {
  Q_OBJECT
public:
  /// Batches of steps and progress go out at most once per this interval (~30 Hz).
  static constexpr int kBatchIntervalMs = 33;

  explicit RunWorker(std::filesystem::path database);

  /// Runs one request to its end; blocks this thread meanwhile. stop is polled every step.
  /// Emits preparing, then either rejected (no step was taken) or started, batches and
  /// finished; only rejected when stop was set before it began.
  void run(int ticket, const RangeTestRequest& request,
           const std::shared_ptr<const std::atomic<bool>>& stop);

Q_SIGNALS:
  void preparing(int ticket, QString title);
  void started(int ticket, qint64 runId, int totalSteps, QString title);
  void stepsArrived(qint64 runId, std::vector<lrscope::engine::StepRecord> batch);
  void progress(qint64 runId, int stepsDone, int totalSteps, double elapsedSeconds,
                double remainingSeconds);
  void finished(int ticket, qint64 runId, QString status, QString message);
  void rejected(int ticket, QString message);

private:
  std::filesystem::path m_database;
};

} // namespace lrscope::ui
