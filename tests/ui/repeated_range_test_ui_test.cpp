// Repeated range tests in the desktop app: real repeated tests (a tiny MLP on a synthetic CSV,
// 3 repeats) stored as the command line stores them. Selecting the parent draws the median
// curve with the band and each rule's whisker, puts the range markers at the median range and
// fills the details' verdict and tables; a repeat alone is a plain range test; two parents
// compared overlay their bands; Train and Sweep start from the picked range; the report shows
// band, verdict and spread table; and the same test started from the window runs on the
// worker, each repeat streaming under its own run id.
#include "main_window.h"
#include "queue_signals.h"

#include "details/repeat_details.h"
#include "details/run_details_panel.h"
#include "dialogs/train_dialog.h"
#include "plots/lr_curve_plot.h"
#include "plots/suggestion_markers.h"
#include "report/report_content.h"
#include "report/report_document.h"
#include "worker/run_queue.h"

#include "lrscope/engine/find_config.h"
#include "lrscope/engine/repeated_range_test_job.h"
#include "lrscope/storage/repeated_range_test_summary.h"
#include "lrscope/storage/run_database.h"
#include "lrscope/storage/stored_repeated_range_test.h"

#include "temporary_settings.h"
#include "two_class_csv.h"

#include <QLabel>
#include <QSettings>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

#include "qcustomplot_include.h"

#include <cmath>
#include <set>

namespace lrscope::ui {
namespace {

bool near(double a, double b) {
  return std::abs(a - b) <= 1e-9 * std::abs(b);
}

} // namespace

class RepeatedRangeTestUiTest : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void initTestCase() {
    QVERIFY(m_dir.isValid());
    test::keepSettingsIn(m_dir.filePath("settings"));
    m_csv = test::writeTwoClassCsv(m_dir.path());
    QVERIFY(!m_csv.isEmpty());
    m_db = m_dir.filePath("repeats.db");
    m_first = storeRepeatedTest(1);
    m_second = storeRepeatedTest(100);
  }

  void parentShowsTheMedianCurveWithBandWhiskersAndTheMedianRange() {
    const storage::RepeatedRangeTestSummary stored = load(m_first);
    const engine::RepeatSummary& summary = stored.summary;
    QVERIFY2(summary.upper && summary.lower, "the tiny test should find a range on each repeat");

    MainWindow window;
    QVERIFY2(window.openDatabase(m_db), qPrintable(window.errorString()));
    window.selectRuns({m_first});
    auto* plot = window.findChild<LrCurvePlot*>();
    QCOMPARE(plot->runCount(), 1);
    QCOMPARE(plot->bandCount(), 1);
    // The band's edges hold the stored band, each point around the median drawn as the curve.
    const QCPGraph* low = plot->bandEdge(0, false);
    const QCPGraph* high = plot->bandEdge(0, true);
    QCOMPARE(low->dataCount(), static_cast<int>(summary.band.size()));
    QCOMPARE(high->dataCount(), static_cast<int>(summary.band.size()));
    for (int i = 0; i < low->dataCount(); ++i) {
      const engine::BandPoint& point = summary.band[static_cast<std::size_t>(i)];
      QVERIFY(near(low->data()->at(i)->key, point.lr));
      QVERIFY(low->data()->at(i)->value <= point.median + 1e-12);
      QVERIFY(high->data()->at(i)->value >= point.median - 1e-12);
    }
    QCOMPARE(high->channelFillGraph(), low);
    // One marker per rule at its median, a whisker from its lowest to its highest repeat.
    QCOMPARE(plot->suggestionMarkerCount(), static_cast<int>(summary.rules.size()));
    int spread = 0;
    for (const engine::RuleSpread& rule : summary.rules)
      spread += rule.spread.count > 1 ? 1 : 0;
    QVERIFY(spread > 0);
    QCOMPARE(plot->whiskerCount(), spread);
    window.grab(); // lays out and draws: the whiskers get their place under the labels
    const SuggestionMarkers* markers = plot->suggestionMarkers();
    for (int i = 0; i < markers->count(); ++i) {
      const QCPItemLine* whisker = markers->whisker(i);
      if (whisker == nullptr)
        continue;
      const engine::RuleSpread& rule = summary.rules[static_cast<std::size_t>(i)];
      QVERIFY(near(whisker->start->coords().x(), rule.spread.min));
      QVERIFY(near(whisker->end->coords().x(), rule.spread.max));
    }
    // The range markers start at the median range.
    QVERIFY(plot->range().has_value());
    QVERIFY(near(plot->range()->lower, summary.lower->median));
    QVERIFY(near(plot->range()->upper, summary.upper->median));

    auto* details = window.findChild<RunDetailsPanel*>();
    RepeatDetails* repeats = details->repeatDetails();
    QVERIFY(repeats->isVisibleTo(details));
    QVERIFY(!details->suggestionTable()->isVisibleTo(details));
    QVERIFY(repeats->verdict().startsWith(summary.stable ? "<b>Stable</b>" : "<b>Unstable</b>"));
    QTableWidget* spreads = repeats->spreadTable();
    QCOMPARE(spreads->rowCount(), 2 + static_cast<int>(summary.rules.size()));
    QCOMPARE(spreads->item(1, 0)->text(), QString("range upper"));
    QVERIFY(near(spreads->item(1, 1)->data(Qt::UserRole).toDouble(), summary.upper->median));
    QCOMPARE(spreads->item(1, 4)->text(), QString::number(summary.upper->spreadDecades, 'f', 2));
    const QTableWidget* table = repeats->repeatTable();
    QCOMPARE(table->rowCount(), 3);
    for (int row = 0; row < 3; ++row) {
      QCOMPARE(table->item(row, 1)->text(), QString::number(1 + row)); // seeds 1, 2, 3
      QVERIFY(table->item(row, 3)->text().contains(" .. "));
    }

    // A click on a rule's row moves the nearer range marker to its median, as a suggestion.
    QSignalSpy activated(details, &RunDetailsPanel::suggestionActivated);
    Q_EMIT spreads->cellClicked(2, 0);
    QCOMPARE(activated.count(), 1);
    QVERIFY(near(activated.first().at(0).toDouble(), summary.rules.front().spread.median));
  }

  void aRepeatAloneIsAPlainRangeTest() {
    const storage::RepeatedRangeTestSummary stored = load(m_first);
    MainWindow window;
    QVERIFY2(window.openDatabase(m_db), qPrintable(window.errorString()));
    window.selectRuns({stored.repeats[1].details.summary.id});
    auto* plot = window.findChild<LrCurvePlot*>();
    QCOMPARE(plot->runCount(), 1);
    QCOMPARE(plot->bandCount(), 0);
    QCOMPARE(plot->whiskerCount(), 0);
    auto* details = window.findChild<RunDetailsPanel*>();
    QVERIFY(details->suggestionTable()->isVisibleTo(details));
    QVERIFY(!details->repeatDetails()->isVisibleTo(details));
  }

  void twoRepeatedTestsComparedOverlayTheirBands() {
    MainWindow window;
    QVERIFY2(window.openDatabase(m_db), qPrintable(window.errorString()));
    window.selectRuns({m_first, m_second});
    auto* plot = window.findChild<LrCurvePlot*>();
    QCOMPARE(plot->runCount(), 2);
    QCOMPARE(plot->bandCount(), 2);
    QCOMPARE(plot->whiskerCount(), 0); // suggestions belong to one run shown alone
  }

  void trainAndSweepStartFromThePickedRange() {
    const storage::RepeatedRangeTestSummary stored = load(m_first);
    MainWindow window;
    QVERIFY2(window.openDatabase(m_db), qPrintable(window.errorString()));
    window.selectRuns({m_first});
    QVERIFY(window.findChild<QAction*>("sweepAroundRange")->isEnabled());
    std::unique_ptr<QDialog> dialog(window.openDialog("train"));
    auto* train = qobject_cast<TrainDialog*>(dialog.get());
    QVERIFY(train != nullptr);
    QVERIFY2(train->findChild<QLabel*>("trainSource")->text().contains("repeated range test"),
             qPrintable(train->findChild<QLabel*>("trainSource")->text()));
    const std::optional<engine::TrainConfig> config = train->validatedConfig(nullptr);
    QVERIFY(config.has_value());
    // The picked range: the median range, or (after the click above) a bound moved to a rule.
    QVERIFY(stored.run.range.has_value());
    QVERIFY2(std::abs(config->schedule.maxLr - stored.run.range->upper) <=
                 1e-3 * stored.run.range->upper, // the fields hold four digits
             qPrintable(QString("peak %1, picked upper %2")
                            .arg(config->schedule.maxLr)
                            .arg(stored.run.range->upper)));
    dialog->close();
  }

  void theReportShowsTheBandTheVerdictAndTheSpreads() {
    storage::RunDatabase db(m_db.toStdString());
    const ReportContent content = gatherReport(db, {m_first});
    QCOMPARE(content.runs.front().parts.size(), std::size_t(3));
    QVERIFY(content.runs.front().repeatSummary.has_value());
    bool band = false;
    bool verdict = false;
    bool spreads = false;
    for (const ReportBlock& block : buildReportDocument(content)) {
      if (block.figure && !block.figure->runs.empty() && !block.figure->runs.front().band.empty())
        band = !block.figure->runs.front().spreads.empty();
      if (block.kind == ReportBlock::Kind::Subheading && block.text == "Verdict")
        verdict = true;
      if (block.kind == ReportBlock::Kind::Table && !block.table.rows.empty() &&
          block.table.rows[1].front() == "range upper")
        spreads = true;
    }
    QVERIFY(band);
    QVERIFY(verdict);
    QVERIFY(spreads);
  }

  void repeatsStartedFromTheWindowRunOnTheWorkerAndStreamEachRepeat() {
    engine::FindConfig config = tinyMlpConfig(7);
    config.repeats.count = 3;
    MainWindow window;
    QVERIFY2(window.openDatabase(m_dir.filePath("worker.db")), qPrintable(window.errorString()));
    QSignalSpy finished(window.runQueue(), &RunQueue::runFinished);
    QSignalSpy streamed(window.runQueue(), &RunQueue::stepsArrived);
    QVERIFY2(window.startRangeTest(config, "default"), qPrintable(window.errorString()));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
    const qint64 parentId = finishedRunId(finished.first());
    const storage::RunDetails parent = window.database()->loadRun(parentId);
    QVERIFY(parent.summary.kind == engine::RunKind::RepeatedRangeTest);
    QVERIFY(parent.summary.status == engine::StoredStatus::Completed);
    storage::RunFilter children;
    children.parentRunId = parentId;
    std::set<qint64> childIds;
    for (const storage::RunSummary& child : window.database()->listRuns(children))
      childIds.insert(child.id);
    QCOMPARE(childIds.size(), std::size_t(3));
    std::set<qint64> streamedIds;
    for (const QList<QVariant>& batch : streamed)
      streamedIds.insert(batch.at(0).toLongLong());
    QVERIFY(streamedIds == childIds); // every repeat streamed, under its own id, nothing else
    // The window followed the test and shows its band once it ended.
    auto* plot = window.findChild<LrCurvePlot*>();
    QTRY_COMPARE(plot->bandCount(), 1);
    QCOMPARE(window.findChild<RunDetailsPanel*>()->repeatDetails()->repeatTable()->rowCount(), 3);
  }

private:
  /// test::tinyMlpConfig with seed `seed`.
  engine::FindConfig tinyMlpConfig(uint64_t seed) const {
    engine::FindConfig config = test::tinyMlpConfig(m_csv);
    config.rangeTest.seed = seed;
    return config;
  }

  /// Runs and stores 3 repeats from `seed`, as `lrscope find --repeats 3` does; the parent's id.
  qint64 storeRepeatedTest(uint64_t seed) {
    engine::FindConfig config = tinyMlpConfig(seed);
    config.repeats.count = 3;
    storage::StoredRepeatedRangeTest stored(m_db.toStdString(), config);
    const engine::RepeatedRangeTestReport report =
        engine::runRepeatedRangeTestJob(config, 1, &stored, nullptr);
    stored.complete(report, 1.0);
    return stored.runId();
  }

  storage::RepeatedRangeTestSummary load(qint64 parentId) const {
    storage::RunDatabase db(m_db.toStdString());
    return storage::loadRepeatedRangeTest(db, parentId);
  }

  QTemporaryDir m_dir;
  QString m_csv;
  QString m_db;
  qint64 m_first = 0;
  qint64 m_second = 0;
};

} // namespace lrscope::ui

QTEST_MAIN(lrscope::ui::RepeatedRangeTestUiTest)
#include "repeated_range_test_ui_test.moc"
