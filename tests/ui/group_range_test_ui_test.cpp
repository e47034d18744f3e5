// Per-group range tests in the desktop app: a real per-group test (MLP with one hidden layer:
// two layer groups) on a tiny synthetic CSV, stored as the command line stores it; selecting
// its parent overlays the whole-model and group curves, labelled by group, and the details list
// each group's range and the LR to train it at, which follows a range picked by hand; the same
// test started from the window (the dialog's "Per layer group") runs on the worker.
#include "main_window.h"
#include "queue_signals.h"

#include "details/group_details.h"
#include "details/run_details_panel.h"
#include "plots/lr_curve_plot.h"
#include "worker/run_queue.h"

#include "lrscope/engine/find_config.h"
#include "lrscope/engine/group_range_test.h"
#include "lrscope/engine/group_range_test_job.h"
#include "lrscope/storage/run_database.h"
#include "lrscope/storage/stored_group_range_test.h"

#include "temporary_settings.h"
#include "two_class_csv.h"

#include <QSettings>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

#include "legend_names.h"
#include "qcustomplot_include.h"

#include <cmath>

namespace lrscope::ui {
namespace {

using test::legendNames;

/// The "train at" LRs of the details table, row by row (NaN for a row without one).
std::vector<double> trainAtLrs(const QTableWidget* table) {
  std::vector<double> lrs;
  for (int row = 0; row < table->rowCount(); ++row) {
    const QVariant lr = table->item(row, 2)->data(Qt::UserRole);
    lrs.push_back(lr.isValid() ? lr.toDouble() : std::nan(""));
  }
  return lrs;
}

} // namespace

class GroupRangeTestUiTest : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void initTestCase() {
    QVERIFY(m_dir.isValid());
    test::keepSettingsIn(m_dir.filePath("settings"));
    m_csv = test::writeTwoClassCsv(m_dir.path());
    QVERIFY(!m_csv.isEmpty());
  }

  void parentShowsOneCurvePerGroupAndTheirTrainAtLrs() {
    const engine::FindConfig config = tinyMlpConfig();
    const QString dbPath = m_dir.filePath("groups.db");
    int64_t parentId = 0;
    engine::GroupRangeTestReport report;
    {
      storage::StoredGroupRangeTest stored(dbPath.toStdString(), config);
      report = engine::runGroupRangeTestJob(config, &stored, nullptr);
      stored.complete(report, 1.0);
      parentId = stored.runId();
      QCOMPARE(stored.groupRunIds().size(), std::size_t(2));
    }
    const std::vector<double> expected = engine::suggestedGroupLrs(report);
    QVERIFY2(expected.size() == 2, "the tiny test should find a range for every group");

    MainWindow window;
    QVERIFY2(window.openDatabase(dbPath), qPrintable(window.errorString()));
    window.selectRuns({parentId});

    auto* plot = window.findChild<LrCurvePlot*>();
    QVERIFY(plot != nullptr);
    QCOMPARE(plot->runCount(), 3);
    const QStringList legend = legendNames(plot->customPlot());
    for (const QString& name : {QString("all groups"), QString("hidden1"), QString("head")})
      QVERIFY2(legend.contains(name), qPrintable(legend.join(" | ")));

    auto* details = window.findChild<RunDetailsPanel*>();
    QVERIFY(details != nullptr);
    QVERIFY(details->groupDetails()->isVisibleTo(details));
    QVERIFY(!details->suggestionTable()->isVisibleTo(details));
    const QTableWidget* table = details->groupDetails()->groupTable();
    QCOMPARE(table->rowCount(), 2);
    QCOMPARE(table->item(0, 0)->text(), QString("hidden1"));
    QCOMPARE(table->item(1, 0)->text(), QString("head"));
    std::vector<double> shown = trainAtLrs(table);
    for (std::size_t g = 0; g < 2; ++g)
      QVERIFY2(std::abs(shown[g] - expected[g]) <= 1e-12 * expected[g],
               qPrintable(QString("%1 vs %2").arg(shown[g]).arg(expected[g])));

    // A range picked by hand on the head's own test changes its suggestion (and the other's,
    // when the head's upper bound was the highest).
    storage::RunDatabase& db = *window.database();
    storage::RunFilter children;
    children.parentRunId = parentId;
    int64_t headRun = 0;
    for (const storage::RunSummary& run : db.listRuns(children))
      for (const std::string& tag : run.tags)
        if (tag == "group:head")
          headRun = run.id;
    QVERIFY(headRun > 0);
    const double wholeUpper = report.wholeModel->range.range->upper;
    const double hiddenUpper = report.groups[0].range.range->upper;
    const double newHeadUpper = hiddenUpper / 4.0;
    db.setManualRange(headRun, newHeadUpper / 10.0, newHeadUpper);
    window.selectRuns({parentId});
    shown = trainAtLrs(details->groupDetails()->groupTable());
    QVERIFY(std::abs(shown[0] - wholeUpper) <= 1e-12 * wholeUpper);
    QVERIFY(std::abs(shown[1] - wholeUpper / 4.0) <= 1e-12 * wholeUpper);
    QVERIFY(details->groupDetails()->groupTable()->item(1, 1)->text().contains("by hand"));
  }

  void perLayerGroupRequestRunsOneTestPerGroupOnTheWorker() {
    engine::FindConfig config = tinyMlpConfig();
    MainWindow window;
    QVERIFY2(window.openDatabase(m_dir.filePath("worker.db")), qPrintable(window.errorString()));
    QSignalSpy finished(window.runQueue(), &RunQueue::runFinished);
    QVERIFY2(window.startRangeTest(config, "default", true), qPrintable(window.errorString()));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
    const qint64 parentId = finishedRunId(finished.first());
    const storage::RunDetails parent = window.database()->loadRun(parentId);
    QVERIFY(parent.summary.kind == engine::RunKind::GroupRangeTest);
    storage::RunFilter children;
    children.parentRunId = parentId;
    QCOMPARE(window.database()->listRuns(children).size(), std::size_t(3));
    // The window follows the run it started and shows it as a per-group test once it ends.
    auto* plot = window.findChild<LrCurvePlot*>();
    QTRY_COMPARE(plot->runCount(), 3);
    QCOMPARE(window.findChild<RunDetailsPanel*>()->groupDetails()->groupTable()->rowCount(), 2);
  }

private:
  engine::FindConfig tinyMlpConfig() const { return test::tinyMlpConfig(m_csv); }

  QTemporaryDir m_dir;
  QString m_csv;
};

} // namespace lrscope::ui

QTEST_MAIN(lrscope::ui::GroupRangeTestUiTest)
#include "group_range_test_ui_test.moc"
