#pragma once

#include "lrscope/engine/run_kind.h"
#include "lrscope/engine/run_record.h"
#include "lrscope/engine/stored_status.h"
#include "worker/range_test_request.h"
#include "worker/run_rejection.h"
#include "worker/step_batch.h"
#include "worker/step_batcher.h"
#include "worker/sweep_progress.h"
#include "worker/sweep_request.h"
#include "worker/training_request.h"

#include <QObject>
#include <QString>
#include <QThread>

#include <atomic>
#include <deque>
#include <filesystem>
#include <memory>
#include <variant>
#include <vector>

namespace lrscope::ui {

class RunWorker;

/// Runs range tests, training runs and sweeps one after another on a worker thread and stores each
/// one in the database as it goes; the UI thread only receives signals. Lives on, and must be used
/// from, the UI thread; every signal is delivered there (queued), in the order the worker emitted
/// them.
///
/// Each ticket ends with exactly one of runFinished or runRejected; the signals about a ticket
/// carry it and the kind of run it asked for (a range test request with perLayerGroup is a
/// GroupRangeTest):
///   runPreparing(ticket) -> runStarted(ticket, runId) -> stepsArrived / progress ...
///     -> runFinished(ticket, runId)    once a step was taken;
///   runPreparing(ticket) -> runRejected(ticket, Refused)  when the config, data, model or
///     database is refused before the first step (a failed run is recorded when its row was
///     created); runRejected(ticket, CancelledBeforeStart) when it was cancelled while it loaded;
///   runRejected(ticket, CancelledBeforeStart)  for a waiting request that was cancelled
///     (cancelAll, shutdown): it never reaches the worker.
class RunQueue : public QObject {
  Q_OBJECT
public:
  /// Runs are stored in `database` (created when missing) through the worker's own connection.
  /// batchClock times the stepsArrived batches, on the worker thread (steady_clock when empty).
  explicit RunQueue(std::filesystem::path database, QObject* parent = nullptr,
                    StepBatcher::Clock batchClock = {});
  /// Calls shutdown().
  ~RunQueue() override;
  RunQueue(const RunQueue&) = delete;
  RunQueue& operator=(const RunQueue&) = delete;

  /// Starts the request now when nothing runs, otherwise queues it; returns its ticket (> 0).
  /// After shutdown() the request is rejected (runRejected, queued).
  int enqueue(RangeTestRequest request);
  /// The same for a training run, on the same queue; besides the signals of a range test it
  /// sends epochArrived and eventArrived. Stored through storage::StoredTraining.
  int enqueue(TrainingRequest request);
  /// The same for a sweep, stored through storage::StoredSweep. Its runStarted, progress and
  /// runFinished carry the sweep's run id, and progress counts the steps of all its learning
  /// rates; stepsArrived is not sent (the steps are stored). Each learning rate's epochs
  /// (epochArrived) and eliminations (eventArrived "eliminated") come under that learning
  /// rate's run id, and sweepProgress says which one trains. cancelCurrent stops it within a
  /// step: the sweep and the learning rates still racing are stored as cancelled.
  int enqueue(SweepRequest request);
  /// Asks the running training to change its LR before its next step (Set: to value; Scale:
  /// by value). The change comes back as an "lr_change" event. False, and nothing asked,
  /// when no training runs or the value is not positive and finite.
  bool changeLearningRate(engine::LrChange::Kind kind, double value);
  /// True while the running request is a training run.
  [[nodiscard]] bool isTraining() const { return m_currentLive != nullptr; }
  /// Asks the running test to stop: it ends `cancelled` within one step, its steps stored and
  /// the model restored. Waiting requests are kept.
  void cancelCurrent();
  /// Cancels the running test and drops every waiting request.
  void cancelAll();
  /// True from the start of a run until its runFinished / runRejected was emitted.
  [[nodiscard]] bool isBusy() const { return m_currentTicket != 0; }
  /// Requests waiting behind the running one.
  [[nodiscard]] int queuedCount() const { return static_cast<int>(m_waiting.size()); }
  /// For closing the app: cancels everything and blocks until the worker thread has ended,
  /// i.e. the running test is stored as `cancelled` and its model restored. Signals the worker
  /// emitted meanwhile are delivered once the event loop runs again (if this object is still
  /// alive); nothing runs afterwards. Idempotent.
  void shutdown();

Q_SIGNALS:
  /// The worker took the request and loads its data and model (no run id yet).
  void runPreparing(int ticket, lrscope::engine::RunKind kind, QString title);
  /// The first step was taken; the run is stored under runId.
  void runStarted(int ticket, lrscope::engine::RunKind kind, qint64 runId, int totalSteps,
                  QString title);
  /// Steps in order, in batches at most ~30 times a second, plus a final one: every step of
  /// the run arrives exactly once.
  void stepsArrived(qint64 runId, std::vector<lrscope::engine::StepRecord> batch);
  /// Sent with every batch. elapsedSeconds counts from runPreparing (loading included);
  /// remainingSeconds comes from the mean step time so far, 0 with the final batch.
  void progress(qint64 runId, int stepsDone, int totalSteps, double elapsedSeconds,
                double remainingSeconds);
  /// status as stored: completed, diverged, cancelled or failed; message says why, one line.
  void runFinished(int ticket, lrscope::engine::RunKind kind, qint64 runId,
                   lrscope::engine::StoredStatus status, QString message);
  /// A training run finished an epoch (after the steps of that epoch arrived).
  void epochArrived(qint64 runId, lrscope::engine::EpochRecord record);
  /// A training run recorded an event before `step`: "lr_change", "plateau", "checkpoint".
  void eventArrived(qint64 runId, int step, QString kind, QString payloadJson);
  /// A sweep's learning rate starts a rung, or finished an epoch (after its epochArrived).
  void sweepProgress(lrscope::ui::SweepProgress progress);
  /// The request ended without a step; message is one line, naming the file or the field.
  void runRejected(int ticket, lrscope::engine::RunKind kind, lrscope::ui::RunRejection why,
                   QString message);
  /// The number of waiting requests changed.
  void queueChanged(int queued);
  /// A run ended and nothing waits.
  void idle();

private:
  using Request = std::variant<RangeTestRequest, TrainingRequest, SweepRequest>;
  struct Waiting {
    int ticket = 0;
    Request request;
  };

  [[nodiscard]] static engine::RunKind kindOf(const Request& request);
  int add(Request request);
  void start(int ticket, Request request);
  /// The worker is done with ticket: the next waiting request starts, or idle() is emitted.
  void endCurrent(int ticket);

  QThread m_thread;
  RunWorker* m_worker = nullptr; ///< lives on m_thread; deleted when it finishes
  std::deque<Waiting> m_waiting;
  int m_nextTicket = 1;
  int m_currentTicket = 0; ///< 0 when nothing runs
  engine::RunKind m_currentKind = engine::RunKind::Unknown;
  std::shared_ptr<std::atomic<bool>> m_currentStop;
  std::shared_ptr<engine::LiveLrControl> m_currentLive; ///< while a training runs
  bool m_shutDown = false;
};

} // namespace lrscope::ui
