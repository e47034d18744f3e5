// Drives the run queue with real (tiny) range tests on a synthetic CSV, stored in a temporary
// database: batching, cancel, queueing, rejection and shutdown, as the desktop app uses them.
#include "worker/run_queue.h"

#include "lrscope/storage/run_database.h"

#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTextStream>
#include <QThread>
#include <QtTest>

#include <memory>
#include <random>

namespace lrscope::ui {
namespace {

/// 300 rows of two Gaussian blobs (x1, x2) with the class in column y.
QString writeTwoClassCsv(const QTemporaryDir& dir) {
  const QString path = dir.filePath("blobs.csv");
  QFile file(path);
  if (!file.open(QIODevice::WriteOnly | QIODevice::Text))
    return {};
  QTextStream out(&file);
  out << "x1,x2,y\n";
  std::mt19937 rng(7);
  std::normal_distribution<double> noise(0.0, 1.0);
  for (int i = 0; i < 300; ++i) {
    const int label = i % 2;
    const double centre = label == 0 ? -1.0 : 1.0;
    out << centre + noise(rng) << "," << centre + noise(rng) << "," << label << "\n";
  }
  return path;
}

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
    m_csv = writeTwoClassCsv(*m_dir);
    QVERIFY(!m_csv.isEmpty());
  }

  void runsARangeTestAndStoresEveryStepInBatches() {
    RunQueue queue(m_database);
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
    QCOMPARE(preparing.at(0).at(0).toInt(), ticket);
    QCOMPARE(started.count(), 1);
    QCOMPARE(started.at(0).at(0).toInt(), ticket);
    const qint64 runId = started.at(0).at(1).toLongLong();
    QCOMPARE(started.at(0).at(2).toInt(), 200);
    QCOMPARE(started.at(0).at(3).toString(), QString("blobs"));
    QCOMPARE(finished.at(0).at(0).toLongLong(), runId);
    const QString status = finished.at(0).at(1).toString();
    QVERIFY2(status == "completed" || status == "diverged", qPrintable(status));
    QVERIFY(!finished.at(0).at(2).toString().isEmpty());

    storage::RunDatabase db(m_database);
    const std::size_t stored = db.loadSteps(runId).size();
    QVERIFY(received.inOrder);
    QCOMPARE(static_cast<std::size_t>(received.steps), stored);
    if (status == "completed")
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
    QCOMPARE(QString::fromStdString(details.summary.status), status);
    QCOMPARE(details.suggestions.size(), std::size_t{6});
  }

  void cancelStopsWithinAStepAndStoresTheRun() {
    RunQueue queue(m_database);
    Received received;
    received.watch(queue);
    QSignalSpy started(&queue, &RunQueue::runStarted);
    QSignalSpy finished(&queue, &RunQueue::runFinished);

    queue.enqueue(request(longConfig(m_csv), "long"));
    QTRY_VERIFY_WITH_TIMEOUT(received.steps >= 50, 30000);
    QCOMPARE(started.count(), 1);
    const qint64 runId = started.at(0).at(1).toLongLong();
    // Let it run a while, part of it with the UI thread busy: the batches wait in the event
    // queue, none is lost, and they still come at most ~30 a second.
    QElapsedTimer running;
    running.start();
    const int batchesBefore = received.batches;
    QTest::qWait(500);
    QThread::msleep(300); // a UI thread that does not look at its events
    QTest::qWait(200);
    const double seconds = running.elapsed() / 1000.0;
    const int batches = received.batches - batchesBefore;
    qInfo("%d batches in %.2f s (%.1f a second); %d steps so far", batches, seconds,
          batches / seconds, received.steps);
    QVERIFY2(batches <= 2 + 31 * seconds, qPrintable(QString::number(batches)));
    QCOMPARE(received.lastTotal, 100000);
    QVERIFY(received.lastRemaining > 0.0);
    QVERIFY(received.lastElapsed > 0.0);

    QElapsedTimer timer;
    timer.start();
    queue.cancelCurrent();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 3000);
    qInfo("cancelled after %d steps; runFinished %lld ms after cancelCurrent", received.steps,
          static_cast<long long>(timer.elapsed()));
    QCOMPARE(finished.at(0).at(0).toLongLong(), runId);
    QCOMPARE(finished.at(0).at(1).toString(), QString("cancelled"));

    storage::RunDatabase db(m_database);
    QCOMPARE(QString::fromStdString(db.loadRun(runId).summary.status), QString("cancelled"));
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
    QCOMPARE(started.at(0).at(0).toInt(), first);
    QCOMPARE(started.at(1).at(0).toInt(), second);
    QCOMPARE(started.at(1).at(3).toString(), QString("second"));
    QCOMPARE(finished.count(), 2);
    QCOMPARE(finished.at(0).at(0), started.at(0).at(1)); // the same run ids, in order
    QCOMPARE(finished.at(1).at(0), started.at(1).at(1));
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
    QCOMPARE(rejected.at(0).at(0).toInt(), badFile);
    const QString fileMessage = rejected.at(0).at(1).toString();
    QVERIFY2(fileMessage.contains("missing.csv"), qPrintable(fileMessage));
    QVERIFY(!fileMessage.contains('\n'));
    QCOMPARE(rejected.at(1).at(0).toInt(), badField);
    const QString fieldMessage = rejected.at(1).at(1).toString();
    QVERIFY2(!fieldMessage.isEmpty() && !fieldMessage.contains('\n'), qPrintable(fieldMessage));
    QCOMPARE(started.count(), 1);
    QCOMPARE(started.at(0).at(0).toInt(), good);
    QCOMPARE(finished.count(), 1);

    // Like `lrscope find`: the missing file is recorded as a failed run; a config that does
    // not validate never becomes a run.
    storage::RunDatabase db(m_database);
    storage::RunFilter failedOnly;
    failedOnly.status = "failed";
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
    QCOMPARE(rejected.at(0).at(0).toInt(), waiting);
    QCOMPARE(rejected.at(0).at(1).toString(), QString("cancelled before it started"));
    QTRY_COMPARE_WITH_TIMEOUT(idle.count(), 1, 3000);
    QCOMPARE(finished.count(), 1);
    QCOMPARE(finished.at(0).at(1).toString(), QString("cancelled"));
  }

  void shutdownDuringARunStoresItCancelled() {
    auto queue = std::make_unique<RunQueue>(m_database);
    Received received;
    received.watch(*queue);
    QSignalSpy started(queue.get(), &RunQueue::runStarted);
    queue->enqueue(request(longConfig(m_csv), "closing"));
    queue->enqueue(request(smallConfig(m_csv, 100), "never"));
    QTRY_VERIFY_WITH_TIMEOUT(received.steps >= 10, 30000);
    const qint64 runId = started.at(0).at(1).toLongLong();

    QElapsedTimer timer;
    timer.start();
    queue->shutdown(); // blocks until the run is stored
    qInfo("shutdown returned after %lld ms", static_cast<long long>(timer.elapsed()));
    QVERIFY(timer.elapsed() < 3000);
    {
      storage::RunDatabase db(m_database);
      const storage::RunDetails details = db.loadRun(runId);
      QCOMPARE(QString::fromStdString(details.summary.status), QString("cancelled"));
      QVERIFY(details.summary.steps > 0);
      QCOMPARE(db.listRuns().size(), std::size_t{1}); // the waiting one never ran
    }
    QSignalSpy rejected(queue.get(), &RunQueue::runRejected);
    const int late = queue->enqueue(request(smallConfig(m_csv, 100), "late"));
    QTRY_COMPARE(rejected.count(), 1);
    QCOMPARE(rejected.at(0).at(0).toInt(), late);
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
