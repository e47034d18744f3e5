// Drives the run queue with real (tiny) range tests on a synthetic CSV, stored in a temporary
// database: batching, cancel, queueing, rejection and shutdown, as the desktop app uses them.
#include "queue_signals.h"
#include "worker/run_queue.h"

#include "lrscope/storage/run_database.h"

#include "two_class_csv.h"

#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTextStream>
#include <QThread>
#include <QtTest>

#include <atomic>
#include <chrono>
#include <cmath>
#include <map>
#include <memory>
#include <random>

namespace lrscope::ui {
namespace {

using test::writeTwoClassCsv;

/// How long a test waits for a run to end after it was cancelled or shut down: a cancel takes
/// effect within a step, so only a hang comes near it, however loaded the machine.
constexpr int kEndsWithinMs = 60000;

/// The batches' clock in the tests of batching: it moves a millisecond each time the batcher
/// reads it, which is once a step and once a flush, so the batching is counted in steps and no
/// longer depends on how fast this machine takes them. Shared with the worker thread.
class SteppedClock {
public:
  static constexpr std::chrono::milliseconds kTick{1};

  [[nodiscard]] StepBatcher::Clock clock() const {
    return [state = m_state] {
      ++state->reads;
      const int64_t ticks = state->frozen ? state->ticks.load() : ++state->ticks;
      return std::chrono::steady_clock::time_point{} + ticks * kTick;
    };
  }
  /// From now on it shows the same time: only a batch already due goes out before the final one.
  void freeze() { m_state->frozen = true; }
  /// How many times the batcher read it so far.
  [[nodiscard]] int64_t reads() const { return m_state->reads.load(); }
  /// The time it shows, from 0.
  [[nodiscard]] double seconds() const {
    return std::chrono::duration<double>(m_state->ticks.load() * kTick).count();
  }

private:
  struct State {
    std::atomic<int64_t> reads{0};
    std::atomic<int64_t> ticks{0};
    std::atomic<bool> frozen{false};
  };
  std::shared_ptr<State> m_state = std::make_shared<State>();
};

engine::FindConfig smallConfig(const QString& csv, int iterations) {
  engine::FindConfig config;
  config.data = {csv.toStdString(), "y", engine::TaskKind::Classification};
  config.model.name = "logreg";
  config.sample = {300, 0.0, 0, 1}; // the whole file; no validation split
  config.rangeTest.iterations = iterations;
  config.rangeTest.batchSize = 32;
  return config;
}

/// A test that runs until it is cancelled: a low end LR never diverges.
engine::FindConfig longConfig(const QString& csv) {
  engine::FindConfig config = smallConfig(csv, 100000);
  config.rangeTest.startLr = 1e-6;
  config.rangeTest.endLr = 1e-4;
  return config;
}

/// A training run on the blobs: of the 240 rows beside the test split, 140 examples in batches
/// of 32 (4 steps an epoch), 100 held out for validation.
TrainingRequest training(int epochs) {
  TrainingRequest r;
  r.config.model.name = "logreg";
  r.config.sample = {140, 0.0, 100, 1};
  r.config.schedule = engine::scheduleFromRange(engine::ScheduleKind::OneCycle, 1e-3, 1e-1);
  r.config.epochs = epochs;
  r.config.batchSize = 32;
  r.title = "training";
  return r;
}

RangeTestRequest request(engine::FindConfig config, const QString& title) {
  RangeTestRequest r;
  r.config = std::move(config);
  r.title = title;
  return r;
}

/// What arrived through stepsArrived and progress, checked for order as it comes.
struct Received {
  int batches = 0;
  int steps = 0;
  bool inOrder = true; ///< every run's steps arrive 0, 1, 2, ... without a gap
  qint64 lastRunId = 0;
  int progressSignals = 0;
  int lastDone = 0;
  int lastTotal = 0;
  double lastElapsed = 0.0;
  double lastRemaining = -1.0;

  void watch(RunQueue& queue) {
    QObject::connect(&queue, &RunQueue::stepsArrived, &queue,
                     [this](qint64 runId, const std::vector<engine::StepRecord>& batch) {
                       if (runId != lastRunId) {
                         lastRunId = runId;
                         steps = 0;
                       }
                       for (const engine::StepRecord& record : batch)
                         inOrder = inOrder && record.step == steps++;
                       ++batches;
                     });
    QObject::connect(&queue, &RunQueue::progress, &queue,
                     [this](qint64, int done, int total, double elapsed, double remaining) {
                       ++progressSignals;
                       lastDone = done;
                       lastTotal = total;
                       lastElapsed = elapsed;
                       lastRemaining = remaining;
                     });
  }
};

} // namespace

class RunQueueTest : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void init() {
    m_dir = std::make_unique<QTemporaryDir>(); // a fresh database for every test
    QVERIFY(m_dir->isValid());
    m_database = std::filesystem::path(m_dir->filePath("runs.db").toStdString());
    m_csv = writeTwoClassCsv(m_dir->path());
    QVERIFY(!m_csv.isEmpty());
  }

  void runsARangeTestAndStoresEveryStepInBatches() {
    const SteppedClock clock;
    RunQueue queue(m_database, nullptr, clock.clock());
    Received received;
    received.watch(queue);
    QSignalSpy preparing(&queue, &RunQueue::runPreparing);
    QSignalSpy started(&queue, &RunQueue::runStarted);
    QSignalSpy finished(&queue, &RunQueue::runFinished);
    QSignalSpy idle(&queue, &RunQueue::idle);

    const int ticket = queue.enqueue(request(smallConfig(m_csv, 200), "blobs"));
    QVERIFY(ticket > 0);
    QVERIFY(queue.isBusy());
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
    QTRY_COMPARE(idle.count(), 1);
    QVERIFY(!queue.isBusy());

    QCOMPARE(preparing.count(), 1);
    QCOMPARE(ticketOf(preparing.at(0)), ticket);
    QCOMPARE(started.count(), 1);
    QCOMPARE(ticketOf(started.at(0)), ticket);
    const qint64 runId = startedRunId(started.at(0));
    QCOMPARE(startedTotalSteps(started.at(0)), 200);
    QCOMPARE(startedTitle(started.at(0)), QString("blobs"));
    QCOMPARE(finishedRunId(finished.at(0)), runId);
    const engine::StoredStatus status = finishedStatus(finished.at(0));
    QVERIFY2(status == engine::StoredStatus::Completed || status == engine::StoredStatus::Diverged,
             engine::toString(status).data());
    QVERIFY(!finishedMessage(finished.at(0)).isEmpty());

    storage::RunDatabase db(m_database);
    const std::size_t stored = db.loadSteps(runId).size();
    QVERIFY(received.inOrder);
    QCOMPARE(static_cast<std::size_t>(received.steps), stored);
    if (status == engine::StoredStatus::Completed)
      QCOMPARE(stored, std::size_t{200});
    // Coalesced: a handful of signals for 200 steps, never one per step.
    qInfo("%d steps arrived in %d stepsArrived signals", received.steps, received.batches);
    QVERIFY2(
        received.batches * 4 <= received.steps,
        qPrintable(QString("%1 batches for %2 steps").arg(received.batches).arg(received.steps)));
    QCOMPARE(received.progressSignals, received.batches);
    QCOMPARE(received.lastDone, received.steps);
    QCOMPARE(received.lastTotal, 200);
    QCOMPARE(received.lastRemaining, 0.0);
    QVERIFY(received.lastElapsed > 0.0);

    const storage::RunDetails details = db.loadRun(runId);
    QVERIFY(details.summary.status == status);
    QCOMPARE(details.suggestions.size(), std::size_t{6});
  }

  void runsRepeatsSideBySideEachStreamingUnderItsOwnRun() {
    RunQueue queue(m_database); // steady clock: repeats read it from their own threads
    QSignalSpy started(&queue, &RunQueue::runStarted);
    QSignalSpy finished(&queue, &RunQueue::runFinished);
    std::map<qint64, int> nextStep; // per repeat: its steps arrive 0, 1, 2, ... without a gap
    bool inOrder = true;
    int lastDone = 0;
    int lastTotal = 0;
    QObject::connect(&queue, &RunQueue::stepsArrived, &queue,
                     [&](qint64 runId, const std::vector<engine::StepRecord>& batch) {
                       for (const engine::StepRecord& record : batch)
                         inOrder = inOrder && record.step == nextStep[runId]++;
                     });
    QObject::connect(&queue, &RunQueue::progress, &queue,
                     [&](qint64, int done, int total, double, double) {
                       inOrder = inOrder && done >= lastDone;
                       lastDone = done;
                       lastTotal = total;
                     });
    RangeTestRequest repeated = request(smallConfig(m_csv, 60), "3 repeats");
    repeated.config.repeats.count = 3;
    repeated.jobs = 2;
    queue.enqueue(repeated);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
    QCOMPARE(started.count(), 1);
    QCOMPARE(startedTotalSteps(started.at(0)), 180);
    const qint64 parentId = startedRunId(started.at(0));
    QCOMPARE(finishedRunId(finished.at(0)), parentId);

    storage::RunDatabase db(m_database);
    QVERIFY(db.loadRun(parentId).summary.kind == engine::RunKind::RepeatedRangeTest);
    storage::RunFilter children;
    children.parentRunId = parentId;
    const std::vector<storage::RunSummary> repeats = db.listRuns(children);
    QCOMPARE(repeats.size(), std::size_t(3));
    QCOMPARE(nextStep.size(), std::size_t(3));
    int total = 0;
    for (const storage::RunSummary& repeat : repeats) {
      QVERIFY2(nextStep.count(repeat.id) == 1, "a repeat streamed under another id");
      QCOMPARE(static_cast<std::size_t>(nextStep[repeat.id]), db.loadSteps(repeat.id).size());
      total += nextStep[repeat.id];
    }
    QVERIFY(inOrder);
    QCOMPARE(lastDone, total);
    QCOMPARE(lastTotal, std::max(180, total));
  }

  void runsATrainingAndStoresItsEpochs() {
    RunQueue queue(m_database);
    Received received;
    received.watch(queue);
    QSignalSpy started(&queue, &RunQueue::runStarted);
    QSignalSpy epochs(&queue, &RunQueue::epochArrived);
    QSignalSpy finished(&queue, &RunQueue::runFinished);
    TrainingRequest r = training(4);
    r.config.data = {m_csv.toStdString(), "y", engine::TaskKind::Classification};
    queue.enqueue(std::move(r));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
    QVERIFY(finishedStatus(finished.first()) == engine::StoredStatus::Completed);
    QCOMPARE(startedTotalSteps(started.first()), 16); // 4 epochs x 4 steps
    QCOMPARE(epochs.count(), 4);
    QCOMPARE(epochs.at(3).at(1).value<engine::EpochRecord>().epoch, 3);
    QVERIFY(received.inOrder);
    QCOMPARE(received.steps, 16);
    QCOMPARE(received.lastDone, 16);
    QCOMPARE(received.lastTotal, 16);
    QVERIFY(!queue.isTraining());

    storage::RunDatabase db(m_database);
    const qint64 runId = finishedRunId(finished.first());
    QVERIFY(db.loadRun(runId).summary.kind == engine::RunKind::Training);
    QCOMPARE(db.loadEpochs(runId).size(), std::size_t{4});
    QCOMPARE(db.loadSteps(runId).size(), std::size_t{16});
  }

  void changesTheLrOfTheRunningTraining() {
    RunQueue queue(m_database);
    QVERIFY(!queue.changeLearningRate(engine::LrChange::Kind::Scale, 2.0)); // nothing runs
    Received received;
    received.watch(queue);
    QSignalSpy events(&queue, &RunQueue::eventArrived);
    QSignalSpy finished(&queue, &RunQueue::runFinished);
    TrainingRequest r = training(100000);
    r.config.data = {m_csv.toStdString(), "y", engine::TaskKind::Classification};
    r.config.schedule = engine::scheduleFromRange(engine::ScheduleKind::Constant, 1e-3, 1e-2);
    queue.enqueue(std::move(r));
    QTRY_VERIFY_WITH_TIMEOUT(received.steps >= 10, 60000);
    QVERIFY(queue.isTraining());
    QCOMPARE(received.lastTotal, 400000); // known before the first epoch: a counted sample
    QVERIFY(!queue.changeLearningRate(engine::LrChange::Kind::Set, -1.0));
    QVERIFY(queue.changeLearningRate(engine::LrChange::Kind::Set, 3e-4));
    QTRY_VERIFY_WITH_TIMEOUT(events.count() >= 1, 10000);
    QCOMPARE(events.first().at(2).toString(), QString("lr_change"));
    const int step = events.first().at(1).toInt();
    QTRY_VERIFY(received.steps > step + 1);
    queue.cancelCurrent();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kEndsWithinMs);
    QVERIFY(finishedStatus(finished.first()) == engine::StoredStatus::Cancelled);

    storage::RunDatabase db(m_database);
    const qint64 runId = finishedRunId(finished.first());
    const std::vector<storage::RunEvent> stored = db.loadEvents(runId);
    QCOMPARE(stored.size(), std::size_t{1});
    QCOMPARE(stored.front().step, int64_t{step});
    const std::vector<engine::StepRecord> steps = db.loadSteps(runId);
    const double after = steps.at(static_cast<std::size_t>(step)).groupLrs.front();
    QVERIFY2(std::abs(after / 3e-4 - 1.0) < 1e-9, qPrintable(QString::number(after)));
    QCOMPARE(steps.at(static_cast<std::size_t>(step) - 1).groupLrs.front(), 1e-2);
  }

  void cancelStopsWithinAStepAndStoresTheRun() {
    SteppedClock clock;
    RunQueue queue(m_database, nullptr, clock.clock());
    Received received;
    received.watch(queue);
    QSignalSpy started(&queue, &RunQueue::runStarted);
    QSignalSpy finished(&queue, &RunQueue::runFinished);

    queue.enqueue(request(longConfig(m_csv), "long"));
    QTRY_VERIFY_WITH_TIMEOUT(received.steps >= 50, 30000);
    QCOMPARE(started.count(), 1);
    const qint64 runId = startedRunId(started.at(0));
    // Let it run a while, part of it with the UI thread busy: the batches wait in the event
    // queue, none is lost, and they still come at most ~30 a second (checked once it ended).
    QTest::qWait(500);
    QThread::msleep(300); // a UI thread that does not look at its events
    QTest::qWait(200);
    QCOMPARE(received.lastTotal, 100000);
    QVERIFY(received.lastRemaining > 0.0);
    QVERIFY(received.lastElapsed > 0.0);

    // The clock stops, then a few more reads: at most one batch that was due by then goes out,
    // and the steps after it wait for the final batch, whichever step the cancel lands on.
    clock.freeze();
    const int64_t readsAtFreeze = clock.reads();
    QTRY_VERIFY_WITH_TIMEOUT(clock.reads() >= readsAtFreeze + 3, kEndsWithinMs);

    QElapsedTimer timer;
    timer.start();
    queue.cancelCurrent();
    const int64_t readsAtCancel = clock.reads();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kEndsWithinMs);
    qInfo("cancelled after %d steps; runFinished %lld ms after cancelCurrent", received.steps,
          static_cast<long long>(timer.elapsed()));
    // Within a step: after the stop flag the batcher read its clock at most for the step under
    // way and the batch it may close, and for the final flush.
    const int64_t readsAfterCancel = clock.reads() - readsAtCancel;
    QVERIFY2(readsAfterCancel <= 3, qPrintable(QString::number(readsAfterCancel)));
    // Every batch has arrived before runFinished: over the whole run, on the batches' clock, the
    // first step's batch, at most one per 33 ms interval and the final one.
    const double seconds = clock.seconds();
    qInfo("%d batches in %.2f s of the batches' clock (%.1f a second); %d steps", received.batches,
          seconds, received.batches / seconds, received.steps);
    QVERIFY2(received.batches <= 2 + 31 * seconds, qPrintable(QString::number(received.batches)));
    QCOMPARE(finishedRunId(finished.at(0)), runId);
    QVERIFY(finishedStatus(finished.at(0)) == engine::StoredStatus::Cancelled);

    storage::RunDatabase db(m_database);
    QVERIFY(db.loadRun(runId).summary.status == engine::StoredStatus::Cancelled);
    const std::size_t stored = db.loadSteps(runId).size();
    QVERIFY(received.inOrder);
    QCOMPARE(static_cast<std::size_t>(received.steps), stored);
    QVERIFY(stored < 100000);
    QCOMPARE(received.lastRemaining, 0.0);
  }

  void runsQueuedRequestsInOrder() {
    RunQueue queue(m_database);
    QSignalSpy started(&queue, &RunQueue::runStarted);
    QSignalSpy finished(&queue, &RunQueue::runFinished);
    QSignalSpy queueChanged(&queue, &RunQueue::queueChanged);
    QSignalSpy idle(&queue, &RunQueue::idle);

    const int first = queue.enqueue(request(smallConfig(m_csv, 100), "first"));
    const int second = queue.enqueue(request(smallConfig(m_csv, 120), "second"));
    QVERIFY(second != first);
    QCOMPARE(queue.queuedCount(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(idle.count(), 1, 60000);

    QCOMPARE(started.count(), 2);
    QCOMPARE(ticketOf(started.at(0)), first);
    QCOMPARE(ticketOf(started.at(1)), second);
    QCOMPARE(startedTitle(started.at(1)), QString("second"));
    QCOMPARE(finished.count(), 2);
    QCOMPARE(finishedRunId(finished.at(0)),
             startedRunId(started.at(0))); // the same run ids, in order
    QCOMPARE(finishedRunId(finished.at(1)), startedRunId(started.at(1)));
    QCOMPARE(queueChanged.count(), 2);
    QCOMPARE(queueChanged.at(0).at(0).toInt(), 1);
    QCOMPARE(queueChanged.at(1).at(0).toInt(), 0);
    QCOMPARE(queue.queuedCount(), 0);
    QVERIFY(!queue.isBusy());
    storage::RunDatabase db(m_database);
    QCOMPARE(db.listRuns().size(), std::size_t{2});
  }

  void rejectsABadRequestAndGoesOn() {
    RunQueue queue(m_database);
    QSignalSpy started(&queue, &RunQueue::runStarted);
    QSignalSpy finished(&queue, &RunQueue::runFinished);
    QSignalSpy rejected(&queue, &RunQueue::runRejected);
    QSignalSpy idle(&queue, &RunQueue::idle);

    const QString missing = m_dir->filePath("missing.csv");
    const int badFile = queue.enqueue(request(smallConfig(missing, 100), "missing"));
    engine::FindConfig tooShort = smallConfig(m_csv, 100);
    tooShort.rangeTest.iterations = 2;
    const int badField = queue.enqueue(request(tooShort, "too short"));
    const int good = queue.enqueue(request(smallConfig(m_csv, 100), "good"));
    QTRY_COMPARE_WITH_TIMEOUT(idle.count(), 1, 60000);

    QCOMPARE(rejected.count(), 2);
    QCOMPARE(ticketOf(rejected.at(0)), badFile);
    const QString fileMessage = rejectedMessage(rejected.at(0));
    QVERIFY2(fileMessage.contains("missing.csv"), qPrintable(fileMessage));
    QVERIFY(!fileMessage.contains('\n'));
    QCOMPARE(ticketOf(rejected.at(1)), badField);
    const QString fieldMessage = rejectedMessage(rejected.at(1));
    QVERIFY2(!fieldMessage.isEmpty() && !fieldMessage.contains('\n'), qPrintable(fieldMessage));
    QCOMPARE(started.count(), 1);
    QCOMPARE(ticketOf(started.at(0)), good);
    QCOMPARE(finished.count(), 1);

    // Like `lrscope find`: the missing file is recorded as a failed run; a config that does
    // not validate never becomes a run.
    storage::RunDatabase db(m_database);
    storage::RunFilter failedOnly;
    failedOnly.status = engine::StoredStatus::Failed;
    const auto failed = db.listRuns(failedOnly);
    QCOMPARE(failed.size(), std::size_t{1});
    QVERIFY(QString::fromStdString(db.loadRun(failed.front().id).message).contains("missing.csv"));
    QCOMPARE(db.listRuns().size(), std::size_t{2});
  }

  void cancelAllDropsWaitingRequests() {
    RunQueue queue(m_database);
    Received received;
    received.watch(queue);
    QSignalSpy finished(&queue, &RunQueue::runFinished);
    QSignalSpy rejected(&queue, &RunQueue::runRejected);
    QSignalSpy idle(&queue, &RunQueue::idle);

    queue.enqueue(request(longConfig(m_csv), "long"));
    const int waiting = queue.enqueue(request(smallConfig(m_csv, 100), "waiting"));
    QTRY_VERIFY_WITH_TIMEOUT(received.steps >= 10, 30000);
    queue.cancelAll();
    QCOMPARE(queue.queuedCount(), 0);
    QCOMPARE(rejected.count(), 1);
    QCOMPARE(ticketOf(rejected.at(0)), waiting);
    QCOMPARE(rejectedMessage(rejected.at(0)), QString("cancelled before it started"));
    QTRY_COMPARE_WITH_TIMEOUT(idle.count(), 1, kEndsWithinMs);
    QCOMPARE(finished.count(), 1);
    QVERIFY(finishedStatus(finished.at(0)) == engine::StoredStatus::Cancelled);
  }

  void shutdownDuringARunStoresItCancelled() {
    auto queue = std::make_unique<RunQueue>(m_database);
    Received received;
    received.watch(*queue);
    QSignalSpy started(queue.get(), &RunQueue::runStarted);
    queue->enqueue(request(longConfig(m_csv), "closing"));
    queue->enqueue(request(smallConfig(m_csv, 100), "never"));
    QTRY_VERIFY_WITH_TIMEOUT(received.steps >= 10, 30000);
    const qint64 runId = startedRunId(started.at(0));

    QElapsedTimer timer;
    timer.start();
    queue->shutdown(); // blocks until the run is stored
    qInfo("shutdown returned after %lld ms", static_cast<long long>(timer.elapsed()));
    QVERIFY(timer.elapsed() < kEndsWithinMs);
    {
      storage::RunDatabase db(m_database);
      const storage::RunDetails details = db.loadRun(runId);
      QVERIFY(details.summary.status == engine::StoredStatus::Cancelled);
      QVERIFY(details.summary.steps > 0);
      QCOMPARE(db.listRuns().size(), std::size_t{1}); // the waiting one never ran
    }
    QSignalSpy rejected(queue.get(), &RunQueue::runRejected);
    const int late = queue->enqueue(request(smallConfig(m_csv, 100), "late"));
    QTRY_COMPARE(rejected.count(), 1);
    QCOMPARE(ticketOf(rejected.at(0)), late);
    queue.reset(); // a second shutdown does nothing
  }

private:
  std::unique_ptr<QTemporaryDir> m_dir;
  std::filesystem::path m_database;
  QString m_csv;
};

} // namespace lrscope::ui

QTEST_GUILESS_MAIN(lrscope::ui::RunQueueTest)
#include "run_queue_test.moc"
