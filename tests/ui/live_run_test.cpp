// LiveRun without widgets: what a running job streamed, fed signal by signal as RunQueue sends
// them.
#include "worker/live_run.h"

#include <QSignalSpy>
#include <QTest>

namespace lrscope::ui {
namespace {

std::vector<engine::StepRecord> steps(int first, int count) {
  std::vector<engine::StepRecord> batch(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i)
    batch[static_cast<std::size_t>(i)].step = first + i;
  return batch;
}

engine::EpochRecord epoch(int index) {
  engine::EpochRecord record;
  record.epoch = index;
  record.validationLoss = 1.0 / (index + 1);
  return record;
}

} // namespace

class LiveRunTest : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void keepsEveryStepOfTheLiveRunOnly() {
    LiveRun live;
    QSignalSpy added(&live, &LiveRun::stepsAdded);
    live.preparing(7, engine::RunKind::RangeTest, "mlp on blobs");
    QVERIFY(live.isActive());
    QVERIFY(!live.runId().has_value());
    live.started(7, engine::RunKind::RangeTest, 42, 10, "mlp on blobs");
    live.addSteps(42, steps(0, 4));
    live.addSteps(41, steps(0, 3)); // another run's: not ours
    live.addSteps(42, steps(4, 6));
    QCOMPARE(live.steps().size(), std::size_t(10));
    QCOMPARE(live.steps().back().step, 9);
    QCOMPARE(added.count(), 2);
    QVERIFY(live.is(42));
    QVERIFY(!live.is(41));
  }

  void aRepeatedTestsRepeatsAreKeptByTheirRunIds() {
    LiveRun live;
    QSignalSpy added(&live, &LiveRun::stepsAdded);
    live.preparing(3, engine::RunKind::RepeatedRangeTest, "3 repeats");
    live.addSteps(11, steps(0, 2)); // before the test started: nobody's
    QVERIFY(live.childSteps().empty());
    live.started(3, engine::RunKind::RepeatedRangeTest, 10, 30, "3 repeats");
    live.addSteps(12, steps(0, 4)); // the second repeat streamed first
    live.addSteps(11, steps(0, 3));
    live.addSteps(12, steps(4, 2));
    QCOMPARE(added.count(), 3);
    QCOMPARE(live.childSteps().size(), std::size_t(2));
    QCOMPARE(live.childSteps()[0].runId, qint64(12));
    QCOMPARE(live.childSteps()[0].steps.size(), std::size_t(6));
    QCOMPARE(live.childSteps()[1].runId, qint64(11));
    QVERIFY(live.steps().empty()); // the parent records no steps of its own
    QCOMPARE(live.streamedSteps(11)->size(), std::size_t(3));
    QVERIFY(live.streamedSteps(10) != nullptr);
    QVERIFY(live.streamedSteps(13) == nullptr);
    live.finish(3, engine::RunKind::RepeatedRangeTest, 10, engine::StoredStatus::Completed, "");
    QVERIFY(live.childSteps().empty());
  }

  void aTrainingRunsEpochsEndAtTheStepsReceived() {
    LiveRun live;
    live.preparing(1, engine::RunKind::Training, "training");
    live.started(1, engine::RunKind::Training, 5, 12, "training");
    live.addSteps(5, steps(0, 6));
    live.addEpoch(5, epoch(0));
    live.addSteps(5, steps(6, 6));
    live.addEpoch(5, epoch(1));
    QCOMPARE(live.epochs().size(), std::size_t(2));
    QCOMPARE(live.epochEnds(), (std::vector<std::size_t>{6, 12}));
  }

  void aSweepsLearningRatesReportButAreNotKept() {
    LiveRun live;
    QSignalSpy epochs(&live, &LiveRun::epochAdded);
    live.preparing(2, engine::RunKind::Sweep, "sweep");
    live.started(2, engine::RunKind::Sweep, 10, 100, "sweep");
    live.addEpoch(11, epoch(0)); // a learning rate's own run
    QCOMPARE(epochs.count(), 1);
    QVERIFY(live.epochs().empty());
    SweepProgress progress;
    progress.sweepRunId = 10;
    progress.rung = 2;
    live.updateSweep(progress);
    QVERIFY(live.sweepProgress().has_value());
    QCOMPARE(live.sweepProgress()->rung, 2);
  }

  void finishedStillSeesTheStepsThenEverythingIsCleared() {
    LiveRun live;
    live.preparing(3, engine::RunKind::RangeTest, "t");
    live.started(3, engine::RunKind::RangeTest, 8, 5, "t");
    live.addSteps(8, steps(0, 5));
    std::size_t seenAtFinish = 0;
    engine::RunKind kindAtFinish = engine::RunKind::Unknown;
    connect(&live, &LiveRun::runFinished, this,
            [&](int, engine::RunKind kind, qint64, engine::StoredStatus, const QString&) {
              seenAtFinish = live.steps().size();
              kindAtFinish = kind;
            });
    live.finish(3, engine::RunKind::RangeTest, 8, engine::StoredStatus::Completed, "done");
    QCOMPARE(seenAtFinish, std::size_t(5));
    QVERIFY(kindAtFinish == engine::RunKind::RangeTest);
    QVERIFY(!live.isActive());
    QVERIFY(live.steps().empty());
    QVERIFY(!live.is(8));
  }

  void aWaitingRequestRejectedLeavesTheLiveRunAlone() {
    LiveRun live;
    live.preparing(4, engine::RunKind::Training, "running");
    live.started(4, engine::RunKind::Training, 9, 5, "running");
    QSignalSpy rejected(&live, &LiveRun::runRejected);
    live.reject(5, engine::RunKind::Sweep, RunRejection::CancelledBeforeStart, "cancelled");
    QCOMPARE(rejected.count(), 1);
    QVERIFY(rejected.first().at(2).value<RunRejection>() == RunRejection::CancelledBeforeStart);
    QVERIFY(live.is(9));
    QVERIFY(live.kind() == engine::RunKind::Training);
    live.reject(4, engine::RunKind::Training, RunRejection::Refused, "no data");
    QVERIFY(!live.isActive());
  }
};

} // namespace lrscope::ui

QTEST_GUILESS_MAIN(lrscope::ui::LiveRunTest)
#include "live_run_test.moc"
