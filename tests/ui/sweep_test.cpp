// Sweeps in the desktop app: the Sweep dialog's fields and checks, when "Sweep around this range"
// is offered, a real sweep of 4 learning rates on a tiny synthetic CSV driven through the action
// (stored as a sweep with a run per learning rate and its eliminations, drawn with the eliminated
// lines greyed, the best named in the details), and a cancelled sweep.
#include "main_window.h"
#include "queue_signals.h"

#include "details/run_details_panel.h"
#include "details/sweep_details.h"
#include "dialogs/sweep_dialog.h"
#include "plots/sweep_epoch_plot.h"
#include "plots/sweep_loss_plot.h"
#include "plots/sweep_style.h"
#include "plots/sweep_view.h"
#include "worker/run_queue.h"

#include "lrscope/engine/find_config.h"
#include "lrscope/engine/sweep_job.h"
#include "lrscope/storage/run_database.h"
#include "lrscope/storage/sweep_summary.h"

#include "temporary_settings.h"
#include "two_class_csv.h"

#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <cmath>

namespace lrscope::ui {
namespace {

using test::writeTwoClassCsv;

/// Logistic regression on the blobs: 200 examples to train on (6 steps of 32 an epoch), 100
/// held out to rank the learning rates by.
engine::FindConfig blobsConfig(const QString& csv) {
  engine::FindConfig config;
  config.data = {csv.toStdString(), "y", engine::TaskKind::Classification};
  config.model.name = "logreg";
  config.sample = {200, 0.0, 100, 1};
  config.rangeTest.batchSize = 32;
  return config;
}

/// A finished range test on the CSV, stored as the worker would; with a picked range of
/// 3e-3 .. 3e-1 unless withRange is false.
int64_t storeRangeTest(storage::RunDatabase& db, const engine::FindConfig& config,
                       bool withRange = true) {
  storage::NewRun run;
  run.kind = engine::RunKind::RangeTest;
  run.configJson = engine::toJson(config).dump();
  run.dataset = config.data.source;
  run.model = config.model.name;
  const int64_t id = db.createRun(run);
  std::vector<engine::StepRecord> steps;
  for (int i = 0; i < 50; ++i) {
    engine::StepRecord step;
    step.step = i;
    step.groupLrs = {1e-5 * std::pow(10.0, i / 10.0)};
    step.loss = step.smoothedLoss = 0.7 - 0.005 * i;
    steps.push_back(step);
  }
  db.appendSteps(id, steps);
  db.finishRun(id, engine::RunStatus::Completed, "done", 1.0);
  if (withRange)
    db.saveSuggestions(id, {}, engine::LrRange{3e-3, 3e-1, "lrscope-range", 1});
  return id;
}

int countEvents(const storage::RunDatabase& db, int64_t runId, const std::string& kind) {
  int count = 0;
  for (const storage::RunEvent& event : db.loadEvents(runId))
    count += event.kind == kind ? 1 : 0;
  return count;
}

} // namespace

class SweepTest : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void initTestCase() {
    QVERIFY(m_dir.isValid());
    test::keepSettingsIn(m_dir.filePath("settings"));
    m_csv = writeTwoClassCsv(m_dir.path());
    QVERIFY(!m_csv.isEmpty());
  }

  void dialogSpansHalfADecadeAroundTheRangeAndChecksEveryField() {
    storage::RunDatabase db(m_dir.filePath("dialog.db").toStdString());
    const int64_t id = storeRangeTest(db, blobsConfig(m_csv));
    SweepDialog dialog;
    QVERIFY2(dialog.setSourceRun(db.loadRun(id)), qPrintable(dialog.errorString()));
    auto* lower = dialog.findChild<QLineEdit*>("sweepLower");
    auto* upper = dialog.findChild<QLineEdit*>("sweepUpper");
    QCOMPARE(lower->text(), QString::number(3e-3 / std::sqrt(10.0), 'g', 4));
    QCOMPARE(upper->text(), QString::number(3e-1 * std::sqrt(10.0), 'g', 4));
    QCOMPARE(dialog.findChild<QSpinBox*>("sweepCandidates")->value(), 8);
    QCOMPARE(dialog.findChild<QSpinBox*>("sweepEpochsPerRung")->value(), 1);
    QCOMPARE(dialog.findChild<QLineEdit*>("sweepSample")->text(), QString("200"));
    QVERIFY(dialog.findChild<QLabel*>("sweepCost")->text().startsWith("3 rungs, 14 epochs"));
    QVERIFY(dialog.findChild<QLabel*>("sweepLrs")->text().contains("9.49e-4"));

    QString error;
    std::optional<engine::SweepConfig> config = dialog.validatedConfig(&error);
    QVERIFY2(config, qPrintable(error));
    QCOMPARE(config->training.model.name, std::string("logreg"));
    QCOMPARE(config->training.sample.count, int64_t{200});
    QCOMPARE(config->training.sample.validationCount, int64_t{100});
    QCOMPARE(config->training.batchSize, 32);
    QCOMPARE(config->candidates, 8);
    QVERIFY(std::abs(config->upperLr - 0.9487) < 1e-12);

    // Every bad field is refused in red under the form, the field outlined; nothing accepted.
    lower->setText("abc");
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    QVERIFY2(dialog.errorText().startsWith("Lowest LR must be a positive number"),
             qPrintable(dialog.errorText()));
    QVERIFY(lower->property("invalid").toBool());
    QVERIFY(dialog.findChild<QLabel*>("sweepError")->styleSheet().contains("#c62828"));
    lower->setText("2");
    QVERIFY(!dialog.validatedConfig(&error));
    QVERIFY2(error.contains("must be below the highest LR"), qPrintable(error));
    lower->setText("1e-3");
    upper->setText("-1");
    QVERIFY(!dialog.validatedConfig(&error));
    QVERIFY2(error.startsWith("Highest LR"), qPrintable(error));
    upper->setText("1");
    dialog.findChild<QLineEdit*>("sweepSample")->setText("lots");
    QVERIFY(!dialog.validatedConfig(&error));
    QVERIFY2(error.startsWith("Sample"), qPrintable(error));
    dialog.findChild<QLineEdit*>("sweepSample")->setText("10%");
    config = dialog.validatedConfig(&error);
    QVERIFY2(config, qPrintable(error));
    QCOMPARE(config->training.sample.fraction, 0.1);
    QCOMPARE(config->lowerLr, 1e-3);
    QVERIFY(dialog.errorText().isEmpty());
    QVERIFY(!lower->property("invalid").toBool());

    // A range test without a picked range has nothing to sweep around.
    SweepDialog noRange;
    QVERIFY(!noRange.setSourceRun(db.loadRun(storeRangeTest(db, blobsConfig(m_csv), false))));
    QVERIFY2(noRange.errorString().contains("no picked range"), qPrintable(noRange.errorString()));
  }

  void theActionIsOfferedForOneRangeTestWithARange() {
    MainWindow window;
    QVERIFY(window.openDatabase(m_dir.filePath("action.db")));
    const int64_t ranged = storeRangeTest(*window.database(), blobsConfig(m_csv));
    const int64_t bare = storeRangeTest(*window.database(), blobsConfig(m_csv), false);
    auto* action = window.findChild<QAction*>("sweepAroundRange");
    QVERIFY(action != nullptr);
    QVERIFY(!action->isEnabled()); // nothing selected
    window.selectRuns({ranged});
    QVERIFY(action->isEnabled());
    QVERIFY(window.findChild<QPushButton*>("sweepAroundRange")->isEnabled());
    window.selectRuns({bare});
    QVERIFY(!action->isEnabled());
    QVERIFY(!window.findChild<QPushButton*>("sweepAroundRange")->isEnabled());
    window.selectRuns({ranged, bare});
    QVERIFY(!action->isEnabled());
  }

  void sweepsThroughTheActionAndShowsTheRace() {
    MainWindow window;
    QVERIFY(window.openDatabase(m_dir.filePath("sweep.db")));
    storage::RunDatabase& db = *window.database();
    const int64_t source = storeRangeTest(db, blobsConfig(m_csv));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.selectRuns({source});
    QSignalSpy finished(window.runQueue(), &RunQueue::runFinished);
    QSignalSpy started(window.runQueue(), &RunQueue::runStarted);
    QSignalSpy epochs(window.runQueue(), &RunQueue::epochArrived);
    QSignalSpy progress(window.runQueue(), &RunQueue::sweepProgress);

    QTimer::singleShot(0, [] {
      QTRY_VERIFY(QApplication::activeModalWidget() != nullptr);
      auto* dialog = qobject_cast<SweepDialog*>(QApplication::activeModalWidget());
      QVERIFY(dialog != nullptr);
      dialog->findChild<QSpinBox*>("sweepCandidates")->setValue(4);
      dialog->findChild<QSpinBox*>("sweepEpochsPerRung")->setValue(1);
      QTest::mouseClick(dialog->findChild<QPushButton*>("startButton"), Qt::LeftButton);
    });
    window.findChild<QAction*>("sweepAroundRange")->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 120000);

    // Stored: the sweep, one training run per learning rate, every loser's elimination.
    const qint64 sweepId = finishedRunId(finished.first());
    QCOMPARE(startedRunId(started.first()), sweepId);
    QVERIFY(finishedStatus(finished.first()) == engine::StoredStatus::Completed);
    const storage::RunDetails sweepRun = db.loadRun(sweepId);
    QVERIFY(sweepRun.summary.kind == engine::RunKind::Sweep);
    QVERIFY(sweepRun.summary.status == engine::StoredStatus::Completed);
    storage::RunFilter children;
    children.parentRunId = sweepId;
    const std::vector<storage::RunSummary> runs = db.listRuns(children);
    QCOMPARE(runs.size(), std::size_t{4});
    int eliminations = 0;
    int storedEpochs = 0;
    for (const storage::RunSummary& run : runs) {
      QVERIFY(run.kind == engine::RunKind::Training);
      QVERIFY(run.status != engine::StoredStatus::Running);
      eliminations += countEvents(db, run.id, "eliminated");
      storedEpochs += static_cast<int>(db.loadEpochs(run.id).size());
    }
    QCOMPARE(eliminations, 3);              // 4 -> 2 -> 1
    QCOMPARE(epochs.count(), storedEpochs); // every epoch streamed, under its own run
    QVERIFY(progress.count() >= storedEpochs);
    QCOMPARE(QSettings().value("sweepDialog/candidates").toInt(), 4);

    const storage::SweepSummary summary = storage::loadSweepSummary(db, sweepId);
    QVERIFY(summary.best.has_value());
    const storage::SweepCandidateRun& best = summary.candidates[*summary.best];
    QCOMPARE(best.rung, 2);
    if (summary.lowestEliminated)
      QVERIFY(*summary.lowestEliminated < *summary.best);
    if (summary.highestEliminated)
      QVERIFY(*summary.highestEliminated > *summary.best);

    // The window followed the sweep: the sweep view replaces the plot tabs.
    QTRY_COMPARE(window.findChild<QStackedWidget*>("plotStack")->currentWidget(),
                 static_cast<QWidget*>(window.sweepView()));
    SweepEpochPlot* lines = window.sweepView()->epochPlot();
    QCOMPARE(lines->lineCount(), 4);
    int greyed = 0;
    for (const storage::SweepCandidateRun& c : summary.candidates) {
      greyed += lines->isGreyed(c.runId) ? 1 : 0;
      if (c.status == engine::CandidateStatus::Eliminated)
        QVERIFY2(lines->legendText(c.runId).contains("eliminated at rung"),
                 qPrintable(lines->legendText(c.runId)));
    }
    QCOMPARE(greyed, 3);
    QCOMPARE(lines->highlightedRun(), std::optional<int64_t>(best.runId));
    QVERIFY(!lines->isGreyed(best.runId));
    SweepLossPlot* finals = window.sweepView()->lossPlot();
    QCOMPARE(finals->pointCount() + finals->divergedCount(), 4);
    QCOMPARE(finals->bestLr(), std::optional<double>(best.lr));
    QVERIFY(window.sweepView()->headline().contains("best " + sweepLrText(best.lr)));

    // The details name the best LR and list every learning rate.
    auto* details = window.findChild<RunDetailsPanel*>()->sweepDetails();
    QVERIFY(details->isVisible());
    QVERIFY2(details->bestText().contains(sweepLrText(best.lr)), qPrintable(details->bestText()));
    QCOMPARE(details->candidateTable()->rowCount(), 4);
    QVERIFY(!window.findChild<QLineEdit*>("rangeLower")->isVisible());

    // Another kind of run brings the plot tabs back.
    window.selectRuns({source});
    QVERIFY(window.findChild<QStackedWidget*>("plotStack")->currentWidget() !=
            static_cast<QWidget*>(window.sweepView()));
  }

  void aCancelledSweepIsStoredCancelled() {
    MainWindow window;
    QVERIFY(window.openDatabase(m_dir.filePath("cancel.db")));
    engine::SweepConfig config;
    const engine::FindConfig base = blobsConfig(m_csv);
    config.training.data = base.data;
    config.training.model = base.model;
    config.training.sample = base.sample;
    config.training.batchSize = 32;
    config.lowerLr = 1e-3;
    config.upperLr = 1e-1;
    config.candidates = 4;
    config.epochsPerRung = 100000; // races until cancelled
    QSignalSpy epochs(window.runQueue(), &RunQueue::epochArrived);
    QSignalSpy finished(window.runQueue(), &RunQueue::runFinished);
    QVERIFY2(window.startSweep(config), qPrintable(window.errorString()));
    QTRY_VERIFY_WITH_TIMEOUT(epochs.count() >= 1, 60000);
    window.runQueue()->cancelCurrent();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
    QVERIFY(finishedStatus(finished.first()) == engine::StoredStatus::Cancelled);
    const qint64 sweepId = finishedRunId(finished.first());
    QVERIFY(window.database()->loadRun(sweepId).summary.status == engine::StoredStatus::Cancelled);
    storage::RunFilter children;
    children.parentRunId = sweepId;
    for (const storage::RunSummary& run : window.database()->listRuns(children))
      QVERIFY(run.status == engine::StoredStatus::Cancelled);

    // A config the engine refuses is not queued.
    config.candidates = 1;
    QVERIFY(!window.startSweep(config));
    QVERIFY2(window.errorString().contains("at least 2"), qPrintable(window.errorString()));
  }

private:
  QTemporaryDir m_dir;
  QString m_csv;
};

} // namespace lrscope::ui

QTEST_MAIN(lrscope::ui::SweepTest)
#include "sweep_test.moc"
