#pragma once

#include "lrscope/engine/run_kind.h"
#include "lrscope/engine/run_record.h"
#include "lrscope/engine/stored_status.h"
#include "worker/run_rejection.h"
#include "worker/step_batch.h"
#include "worker/sweep_progress.h"
#include "worker/training_request.h"

#include <QObject>
#include <QString>

#include <optional>
#include <vector>

namespace lrscope::ui {

class RunQueue;

/// What the run in flight has streamed so far, whatever its kind: its ticket, kind and run id,
/// every step as it arrived (so that showing it never leaves a gap between what the database
/// has committed and what the signals delivered), a training run's epochs and the step each
/// ended at, and a racing sweep's progress. Qt Core only: the window and the presenters read
/// it, tests feed it without widgets. Lives on the UI thread.
///
/// Its signals come after its state is updated; finished() and rejected() come before it is
/// cleared, so that their handlers still see everything the run streamed.
class LiveRun : public QObject {
  Q_OBJECT
public:
  explicit LiveRun(QObject* parent = nullptr);

  /// Takes its input from the queue's signals (a queue replaced later: call again).
  void follow(const RunQueue& queue);

  /// True from runPreparing until the run finished or was rejected.
  [[nodiscard]] bool isActive() const { return m_ticket != 0; }
  [[nodiscard]] int ticket() const { return m_ticket; }
  [[nodiscard]] engine::RunKind kind() const { return m_kind; }
  /// The run id once the first step was taken; nullopt before, and when nothing runs.
  [[nodiscard]] std::optional<qint64> runId() const { return m_runId; }
  /// True when runId is this live run's id (a sweep: the sweep's own id).
  [[nodiscard]] bool is(qint64 runId) const { return m_runId && *m_runId == runId; }
  [[nodiscard]] const std::vector<engine::StepRecord>& steps() const { return m_steps; }
  /// The steps of the live run's child runs (a repeated range test's repeats), each as it
  /// streamed, in the order they started.
  struct ChildSteps {
    qint64 runId = 0;
    std::vector<engine::StepRecord> steps;
  };
  [[nodiscard]] const std::vector<ChildSteps>& childSteps() const { return m_childSteps; }
  /// The steps of runId as streamed: the live run's or a child's; null when it is neither.
  [[nodiscard]] const std::vector<engine::StepRecord>* streamedSteps(qint64 runId) const;
  /// A training run's epochs so far.
  [[nodiscard]] const std::vector<engine::EpochRecord>& epochs() const { return m_epochs; }
  /// How many steps had arrived when each epoch ended (an epoch's steps arrive before it).
  [[nodiscard]] const std::vector<std::size_t>& epochEnds() const { return m_epochEnds; }
  /// A racing sweep's last progress; nullopt before its first and for other kinds.
  [[nodiscard]] const std::optional<SweepProgress>& sweepProgress() const {
    return m_sweepProgress;
  }

  // What the queue says, in its order (public so that tests can feed it directly).
  void preparing(int ticket, engine::RunKind kind, const QString& title);
  void started(int ticket, engine::RunKind kind, qint64 runId, int totalSteps,
               const QString& title);
  void addSteps(qint64 runId, const std::vector<engine::StepRecord>& batch);
  void addEpoch(qint64 runId, const engine::EpochRecord& record);
  void addEvent(qint64 runId, int step, const QString& kind, const QString& payloadJson);
  void updateSweep(const SweepProgress& progress);
  void finish(int ticket, engine::RunKind kind, qint64 runId, engine::StoredStatus status,
              const QString& message);
  void reject(int ticket, engine::RunKind kind, RunRejection why, const QString& message);

Q_SIGNALS:
  void runPreparing(int ticket, lrscope::engine::RunKind kind, QString title);
  void runStarted(int ticket, lrscope::engine::RunKind kind, qint64 runId, int totalSteps,
                  QString title);
  /// Steps of the live run or of one of its child runs, after steps() or childSteps() holds
  /// them.
  void stepsAdded(qint64 runId, std::vector<lrscope::engine::StepRecord> batch);
  /// An epoch of the live training run or of a racing sweep's learning rate (its own run id).
  void epochAdded(qint64 runId, lrscope::engine::EpochRecord record);
  /// An event of the live training run or of a racing sweep's learning rate.
  void eventAdded(qint64 runId, int step, QString kind, QString payloadJson);
  void sweepUpdated(lrscope::ui::SweepProgress progress);
  void runFinished(int ticket, lrscope::engine::RunKind kind, qint64 runId,
                   lrscope::engine::StoredStatus status, QString message);
  void runRejected(int ticket, lrscope::engine::RunKind kind, lrscope::ui::RunRejection why,
                   QString message);

private:
  void clear();

  int m_ticket = 0;
  engine::RunKind m_kind = engine::RunKind::Unknown;
  std::optional<qint64> m_runId;
  std::vector<engine::StepRecord> m_steps;
  std::vector<ChildSteps> m_childSteps;
  std::vector<engine::EpochRecord> m_epochs;
  std::vector<std::size_t> m_epochEnds;
  std::optional<SweepProgress> m_sweepProgress;
};

} // namespace lrscope::ui
