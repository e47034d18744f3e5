// Training runs in the desktop app: the loss-trend verdicts on hand-made sequences, a short
// real training launched through "Train with this range" from a stored range test on a tiny
// synthetic CSV, and a live LR change that comes back as a stored event and a plot marker.
#include "main_window.h"
#include "number_format.h"
#include "queue_signals.h"

#include "details/comparison_table.h"
#include "details/run_details_panel.h"
#include "details/training_details.h"
#include "dialogs/train_dialog.h"
#include "plots/epoch_plot.h"
#include "plots/step_plots.h"
#include "qcustomplot_include.h"
#include "training/live_lr_panel.h"
#include "training/loss_trend.h"
#include "training/trend_watch.h"
#include "worker/run_queue.h"

#include "lrscope/engine/find_config.h"
#include "lrscope/storage/run_database.h"

#include "temporary_settings.h"
#include "two_class_csv.h"

#include <QApplication>
#include <QComboBox>
#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTextStream>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <cmath>
#include <functional>
#include <random>

namespace lrscope::ui {
namespace {

using test::writeTwoClassCsv;

engine::FindConfig blobsConfig(const QString& csv) {
  engine::FindConfig config;
  config.data = {csv.toStdString(), "y", engine::TaskKind::Classification};
  config.model.name = "logreg";
  config.sample = {140, 0.0, 100, 1}; // of the 240 rows left beside the test split
  config.rangeTest.batchSize = 32;
  return config;
}

/// A training on the CSV at a constant LR that runs until it is cancelled.
engine::TrainConfig endlessTraining(const QString& csv) {
  engine::TrainConfig config;
  const engine::FindConfig base = blobsConfig(csv);
  config.data = base.data;
  config.model = base.model;
  config.sample = base.sample;
  config.schedule = engine::scheduleFromRange(engine::ScheduleKind::Constant, 1e-3, 1e-2);
  config.epochs = 100000;
  config.batchSize = 32;
  return config;
}

/// A finished range test on the CSV, stored as the worker would, with a picked range.
int64_t storeRangeTest(storage::RunDatabase& db, const engine::FindConfig& config) {
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
  db.saveSuggestions(id, {}, engine::LrRange{3e-3, 3e-1, "lrscope-range", 1});
  return id;
}

engine::EpochRecord epoch(int index, double train, double validation) {
  engine::EpochRecord record;
  record.epoch = index;
  record.trainLoss = train;
  record.validationLoss = validation;
  return record;
}

/// A finished one-cycle training run of 3 epochs peaking at `peak`, stored as the worker would:
/// losses falling, test accuracy 69% + shift, 74% + shift, 79% + shift; 6.5 s.
int64_t storeTraining(storage::RunDatabase& db, double peak, double accuracyShift) {
  engine::TrainConfig config;
  config.schedule = engine::scheduleFromRange(engine::ScheduleKind::OneCycle, peak / 100, peak);
  config.epochs = 3;
  storage::NewRun run;
  run.kind = engine::RunKind::Training;
  run.configJson = engine::toJson(config).dump();
  run.dataset = "fashion-mnist";
  run.model = "mlp";
  const int64_t id = db.createRun(run);
  for (int e = 0; e < 3; ++e) {
    engine::EpochRecord record = epoch(e, 1.0 - 0.2 * e, 1.1 - 0.2 * e);
    record.trainAccuracy = 0.72 + 0.05 * e + accuracyShift;
    record.validationAccuracy = 0.7 + 0.05 * e + accuracyShift;
    record.testLoss = 1.2 - 0.2 * e;
    record.testAccuracy = 0.69 + 0.05 * e + accuracyShift;
    record.groupLrs = {peak / (e + 1)};
    record.wallSeconds = 2.0 * (e + 1);
    db.appendEpoch(id, record);
  }
  db.setCheckpoint(id, "/models/run.pt");
  db.finishRun(id, engine::RunStatus::Completed, "completed 3 epochs", 6.5);
  return id;
}

/// A cell of the comparison table, or kNotShown when its column is hidden or its run missing.
const QString kNotShown = QStringLiteral("(not shown)");
QString cell(const ComparisonTable* table, int64_t runId, const char* column) {
  return table->cellText(runId, column).value_or(kNotShown);
}

QStringList headerTexts(const QTableWidget* table) {
  QStringList texts;
  for (int c = 0; c < table->columnCount(); ++c)
    texts.append(table->horizontalHeaderItem(c)->text());
  return texts;
}

/// Clicks the header of the column whose header reads `column` (with or without a sort mark).
void clickHeader(QTableWidget* table, const QString& column) {
  QHeaderView* header = table->horizontalHeader();
  for (int c = 0; c < table->columnCount(); ++c) {
    if (!headerTexts(table)[c].startsWith(column) || table->isColumnHidden(c))
      continue;
    const QPoint at(header->sectionViewportPosition(c) + header->sectionSize(c) / 2,
                    header->height() / 2);
    QTest::mouseClick(header->viewport(), Qt::LeftButton, Qt::NoModifier, at);
    return;
  }
  QFAIL(qPrintable(QString("no column %1").arg(column)));
}

/// n smoothed losses falling (rate < 0), rising (> 0) or flat, by `rate` in ln per step.
std::vector<double> losses(int n, double rate) {
  std::vector<double> values;
  for (int i = 0; i < n; ++i)
    values.push_back(std::exp(rate * i));
  return values;
}

} // namespace

class TrainingTest : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void initTestCase() {
    QVERIFY(m_dir.isValid());
    test::keepSettingsIn(m_dir.filePath("settings"));
    m_csv = writeTwoClassCsv(m_dir.path());
    QVERIFY(!m_csv.isEmpty());
  }

  void trendVerdicts_data() {
    QTest::addColumn<std::vector<engine::EpochRecord>>("epochs");
    QTest::addColumn<std::vector<double>>("steps");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("startsWith");

    QTest::newRow("nothing yet") << std::vector<engine::EpochRecord>{} << std::vector<double>{}
                                 << int(TrendKind::TooEarly) << "Too early";
    QTest::newRow("falling") << std::vector<engine::EpochRecord>{} << losses(300, -0.001)
                             << int(TrendKind::Improving) << "Improving";
    QTest::newRow("rising") << std::vector<engine::EpochRecord>{epoch(0, 1.0, 1.0)}
                            << losses(300, 0.001) << int(TrendKind::Rising)
                            << "The training loss is rising";
    QTest::newRow("nan") << std::vector<engine::EpochRecord>{}
                         << std::vector<double>{1.0, 0.9, std::nan("")} << int(TrendKind::Rising)
                         << "The training loss is rising";
    QTest::newRow("flat for 3 epochs")
        << std::vector<engine::EpochRecord>{epoch(0, 2.0, 2.0), epoch(1, 1.000, 1.1),
                                            epoch(2, 0.996, 1.09), epoch(3, 0.993, 1.08)}
        << losses(300, 0.0) << int(TrendKind::Flat) << "The loss has been flat for 3 epochs";
    QTest::newRow("flat for only 2 epochs")
        << std::vector<engine::EpochRecord>{epoch(0, 2.0, 2.0), epoch(1, 1.5, 1.6),
                                            epoch(2, 1.498, 1.59)}
        << losses(300, -0.0001) << int(TrendKind::Improving) << "Improving";
    QTest::newRow("overfitting") << std::vector<engine::EpochRecord>{epoch(0, 1.0, 0.9),
                                                                     epoch(1, 0.8, 0.95),
                                                                     epoch(2, 0.6, 1.0)}
                                 << losses(300, -0.0005) << int(TrendKind::Overfitting)
                                 << "Validation loss is rising while training loss falls";
    QTest::newRow("validation up once only")
        << std::vector<engine::EpochRecord>{epoch(0, 1.0, 0.9), epoch(1, 0.8, 0.85),
                                            epoch(2, 0.6, 0.87)}
        << losses(300, -0.0005) << int(TrendKind::Improving) << "Improving";
  }

  void trendVerdicts() {
    QFETCH(std::vector<engine::EpochRecord>, epochs);
    QFETCH(std::vector<double>, steps);
    QFETCH(int, kind);
    QFETCH(QString, startsWith);
    const TrendVerdict verdict = assessTrend(epochs, steps);
    QCOMPARE(int(verdict.kind), kind);
    QVERIFY2(QString::fromStdString(verdict.message).startsWith(startsWith),
             verdict.message.c_str());
  }

  void trendSlopesAreLeastSquaresPerHundredSteps() {
    // ln-loss falls 0.002 a step: -0.2 per 100 steps, whatever the level.
    const TrendVerdict verdict = assessTrend(
        {epoch(0, 1.0, 1.0), epoch(1, 0.9, 0.8), epoch(2, 0.8, 0.6)}, losses(500, -0.002));
    QVERIFY(std::abs(verdict.trainSlopePer100Steps + 0.2) < 1e-9);
    QVERIFY(std::abs(verdict.validationSlopePerEpoch + 0.2) < 1e-9);
  }

  void trainDialogChecksEveryFieldAndPrefillsFromTheRun() {
    storage::RunDatabase db(m_dir.filePath("dialog.db").toStdString());
    const int64_t id = storeRangeTest(db, blobsConfig(m_csv));
    TrainDialog dialog;
    QVERIFY(dialog.setSourceRun(db.loadRun(id), m_dir.filePath("dialog.db")));
    QCOMPARE(dialog.findChild<QLineEdit*>("trainLower")->text(), QString("0.003"));
    QCOMPARE(dialog.findChild<QLineEdit*>("trainUpper")->text(), QString("0.3"));
    QCOMPARE(dialog.findChild<QLineEdit*>("checkpointPath")->text(),
             m_dir.filePath(QString("checkpoints/run-%1.pt").arg(id)));
    QCOMPARE(dialog.findChild<QComboBox*>("scheduleKind")->count(), 8);

    QString error;
    std::optional<engine::TrainConfig> config = dialog.validatedConfig(&error);
    QVERIFY2(config, qPrintable(error));
    QCOMPARE(config->model.name, std::string("logreg"));
    QCOMPARE(config->sample.count, int64_t{140});
    QCOMPARE(config->schedule.maxLr, 0.3);

    dialog.findChild<QLineEdit*>("trainLower")->setText("0.5"); // above upper
    QVERIFY(!dialog.validatedConfig(&error));
    QVERIFY2(error.contains("must not exceed"), qPrintable(error));
    dialog.findChild<QLineEdit*>("trainLower")->setText("abc");
    QVERIFY(!dialog.validatedConfig(&error));
    QVERIFY2(error.startsWith("Lower LR"), qPrintable(error));
    dialog.findChild<QLineEdit*>("trainLower")->setText("1e-3");
    auto* trainOn = dialog.findChild<QComboBox*>("trainOn");
    trainOn->setCurrentIndex(trainOn->findData("full"));
    dialog.findChild<QSpinBox*>("trainValidation")->setValue(0);
    config = dialog.validatedConfig(&error);
    QVERIFY2(config, qPrintable(error));
    QCOMPARE(config->sample.count, int64_t{0});
  }

  void trainsThroughTheDialogFromAStoredRangeTest() {
    MainWindow window;
    QVERIFY(window.openDatabase(m_dir.filePath("train.db")));
    const int64_t source = storeRangeTest(*window.database(), blobsConfig(m_csv));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.selectRuns({source});
    QSignalSpy finished(window.runQueue(), &RunQueue::runFinished);
    QSignalSpy epochs(window.runQueue(), &RunQueue::epochArrived);
    QSignalSpy started(window.runQueue(), &RunQueue::runStarted);

    QTimer::singleShot(0, [] {
      QTRY_VERIFY(QApplication::activeModalWidget() != nullptr);
      auto* dialog = qobject_cast<TrainDialog*>(QApplication::activeModalWidget());
      QVERIFY(dialog != nullptr);
      auto* kind = dialog->findChild<QComboBox*>("scheduleKind");
      kind->setCurrentIndex(kind->findData("cosine"));
      dialog->findChild<QSpinBox*>("trainEpochs")->setValue(3);
      dialog->findChild<QSpinBox*>("trainBatchSize")->setValue(32);
      QTest::mouseClick(dialog->findChild<QPushButton*>("startButton"), Qt::LeftButton);
    });
    QTest::mouseClick(window.findChild<QPushButton*>("trainWithRange"), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);

    const qint64 runId = finishedRunId(finished.first());
    QCOMPARE(startedTotalSteps(started.first()), 3 * (140 / 32)); // epochs x steps per epoch
    QVERIFY(finishedStatus(finished.first()) == engine::StoredStatus::Completed);
    QCOMPARE(epochs.count(), 3);
    const storage::RunDetails run = window.database()->loadRun(runId);
    QVERIFY(run.summary.kind == engine::RunKind::Training);
    QVERIFY(run.summary.status == engine::StoredStatus::Completed);
    QCOMPARE(run.summary.steps, int64_t{12});
    QCOMPARE(window.database()->loadEpochs(runId).size(), std::size_t{3});
    QVERIFY(QFileInfo::exists(m_dir.filePath(QString("checkpoints/run-%1.pt").arg(source))));
    QVERIFY(!window.database()->loadEvents(runId).empty()); // its checkpoints at least

    // Shown afterwards with the trend watch; the live LR panel is gone.
    auto* trend = window.findChild<TrendWatch*>();
    QTRY_VERIFY(trend->isVisible());
    QVERIFY(!trend->message().isEmpty());
    QVERIFY(!window.findChild<LiveLrPanel*>()->isVisible());
    QCOMPARE(QSettings().value("trainDialog/schedule").toString(), QString("cosine"));
  }

  void aLiveLrChangeIsStoredAndMarked() {
    MainWindow window;
    QVERIFY(window.openDatabase(m_dir.filePath("live.db")));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(!window.runQueue()->changeLearningRate(engine::LrChange::Kind::Scale, 0.5));

    const engine::TrainConfig config = endlessTraining(m_csv);
    QSignalSpy started(window.runQueue(), &RunQueue::runStarted);
    QSignalSpy events(window.runQueue(), &RunQueue::eventArrived);
    QSignalSpy finished(window.runQueue(), &RunQueue::runFinished);
    QVERIFY2(window.startTraining(config), qPrintable(window.errorString()));
    QTRY_COMPARE_WITH_TIMEOUT(started.count(), 1, 60000);
    const qint64 runId = startedRunId(started.first());
    auto* panel = window.findChild<LiveLrPanel*>();
    QTRY_VERIFY(panel->isVisible());
    // The epoch plot follows the training epoch by epoch.
    auto* epochPlot = window.findChild<EpochPlot*>();
    QCOMPARE(epochPlot->runIndex(runId), 0);
    QTRY_VERIFY_WITH_TIMEOUT(epochPlot->epochCount(0) >= 2, 20000);
    QVERIFY(!epochPlot->metricLine(0, "validation loss")->data()->isEmpty());
    QVERIFY(epochPlot->customPlot()->legend->visible()); // the hint gave way to the lines
    auto* plot = window.findChild<LrStepPlot*>();
    const int markersBefore = plot->eventCount();

    QTest::mouseClick(panel->findChild<QPushButton*>("liveLrHalf"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(events.count() >= 1, 10000);
    QCOMPARE(events.first().at(2).toString(), QString("lr_change"));
    QTRY_VERIFY(plot->eventCount() > markersBefore);
    // A bad value is refused in the panel, never sent.
    panel->findChild<QLineEdit*>("liveLrValue")->setText("-1");
    QTest::mouseClick(panel->findChild<QPushButton*>("liveLrSet"), Qt::LeftButton);
    QVERIFY(panel->findChild<QLabel*>("liveLrMessage")->text().contains("positive"));

    window.runQueue()->cancelCurrent();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
    QVERIFY(finishedStatus(finished.first()) == engine::StoredStatus::Cancelled);
    const std::vector<storage::RunEvent> stored = window.database()->loadEvents(runId);
    QVERIFY(std::any_of(stored.begin(), stored.end(), [](const storage::RunEvent& event) {
      return event.kind == "lr_change" &&
             nlohmann::json::parse(event.payloadJson).value("value", 0.0) == 0.5;
    }));
    QVERIFY(!panel->isVisible());
  }

  void aTrainingRunsDetailsShowItsEpochs() {
    MainWindow window;
    QVERIFY(window.openDatabase(m_dir.filePath("details.db")));
    const int64_t id = storeTraining(*window.database(), 1e-1, 0.0);

    window.selectRuns({id});
    auto* details = window.findChild<RunDetailsPanel*>()->trainingDetails();
    QVERIFY(!details->isHidden());
    QVERIFY(!window.findChild<QLineEdit*>("rangeLower")->isVisibleTo(&window)); // no range here
    QTableWidget* table = details->epochTable();
    QCOMPARE(table->rowCount(), 3);
    QCOMPARE(table->item(0, 0)->text(), QString("1"));
    QCOMPARE(table->item(1, 1)->text(), QString("0.800"));   // train loss
    QCOMPARE(table->item(1, 2)->text(), QString("0.900"));   // validation loss
    QCOMPARE(table->item(1, 3)->text(), QString("75.0"));    // validation accuracy, %
    QCOMPARE(table->item(2, 4)->text(), QString("0.800"));   // test loss
    QCOMPARE(table->item(2, 5)->text(), QString("79.0"));    // test accuracy, %
    QCOMPARE(table->item(2, 6)->text(), QString("3.33e-2")); // LR at the epoch's end
    QCOMPARE(table->item(2, 7)->text(), QString("2.0"));     // seconds of the epoch
    QVERIFY2(details->summaryText().contains("Final test accuracy <b>79.0%</b>"),
             qPrintable(details->summaryText()));
    QVERIFY2(details->summaryText().contains("Wall time 6.50 s"),
             qPrintable(details->summaryText()));
    QVERIFY2(details->summaryText().contains("/models/run.pt"), qPrintable(details->summaryText()));
    QVERIFY2(details->scheduleText().startsWith("one-cycle"), qPrintable(details->scheduleText()));
  }

  void aTrainingRunOpensOnLossVsStepAndHasALossVsEpochPlot() {
    MainWindow window;
    QVERIFY(window.openDatabase(m_dir.filePath("epochs.db")));
    const int64_t rangeTest = storeRangeTest(*window.database(), blobsConfig(m_csv));
    const int64_t id = storeTraining(*window.database(), 1e-1, 0.0);
    auto* tabs = window.findChild<QTabWidget*>("plotTabs");
    auto* plot = window.findChild<EpochPlot*>();
    window.selectRuns({rangeTest});
    QCOMPARE(plot->runCount(), 0); // a range test has no epochs
    QVERIFY(plot->hint().startsWith("No training run selected"));
    QVERIFY(window.showPlotTab("epoch"));
    QCOMPARE(tabs->currentWidget(), static_cast<QWidget*>(plot));

    window.selectRuns({id});
    QCOMPARE(tabs->currentWidget(), static_cast<QWidget*>(window.findChild<LossStepPlot*>()));
    QCOMPARE(plot->runCount(), 1);
    QCOMPARE(plot->epochCount(0), 3);
    // Train, validation and test loss on the left axis; their accuracies on the right.
    for (const char* metric : {"train loss", "validation loss", "test loss"}) {
      const QCPGraph* line = plot->metricLine(0, metric);
      QVERIFY2(line != nullptr, metric);
      QCOMPARE(line->dataCount(), 3);
      QCOMPARE(line->valueAxis(), plot->customPlot()->yAxis);
    }
    const QCPGraph* testAccuracy = plot->metricLine(0, "test accuracy");
    QVERIFY(testAccuracy != nullptr);
    QCOMPARE(testAccuracy->valueAxis(), plot->customPlot()->yAxis2);
    QCOMPARE(testAccuracy->data()->at(2)->value, 0.79);
    QCOMPARE(plot->metricLine(0, "validation loss")->data()->at(1)->value, 0.9);
    QVERIFY(plot->customPlot()->yAxis2->visible());
    QCOMPARE(plot->customPlot()->legend->itemCount(), 6);
    QCOMPARE(plot->customPlot()->xAxis->range(), QCPRange(0.5, 3.5));
    // The accuracies fill their axis rather than hugging its top.
    QVERIFY(plot->customPlot()->yAxis2->range().lower > 0.5);
  }

  void comparingTrainingRunsShowsWhatMattersForThemAndOverlaysTheirEpochs() {
    MainWindow window;
    QVERIFY(window.openDatabase(m_dir.filePath("compare.db")));
    storage::RunDatabase& db = *window.database();
    const int64_t rangeTest = storeRangeTest(db, blobsConfig(m_csv));
    const int64_t low = storeTraining(db, 1e-2, 0.0);
    const int64_t high = storeTraining(db, 1e-1, 0.05);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.selectRuns({low, high});
    ComparisonTable* table = window.findChild<RunDetailsPanel*>()->comparisonTable();
    QVERIFY(table->isVisible());
    QCOMPARE(table->shownColumns(),
             QStringList({"run", "peak LR", "schedule", "epochs", "test acc.", "time"}));
    QCOMPARE(cell(table, low, "peak LR"), lrShortText(1e-2));
    QCOMPARE(cell(table, high, "peak LR"), lrShortText(1e-1));
    QCOMPARE(cell(table, high, "test acc."), QString("84.0%"));
    QCOMPARE(cell(table, low, "test acc."), QString("79.0%"));
    QCOMPARE(cell(table, low, "time"), QString("6.50 s"));
    QCOMPARE(cell(table, low, "schedule"), QString("one-cycle"));
    QCOMPARE(cell(table, low, "epochs"), QString("3"));
    QCOMPARE(cell(table, low, "lower"), kNotShown); // no range test compared
    // Rows as selected; clicking a header sorts ascending, clicking it again descending.
    QCOMPARE(table->rowRuns(), std::vector<int64_t>({low, high}));
    clickHeader(table, "test acc.");
    QCOMPARE(table->rowRuns(), std::vector<int64_t>({low, high}));
    clickHeader(table, "test acc.");
    QCOMPARE(table->rowRuns(), std::vector<int64_t>({high, low}));
    QVERIFY(headerTexts(table).contains("test acc. ▾"));

    // The epoch plot overlays them: train loss, validation loss and test accuracy each.
    auto* plot = window.findChild<EpochPlot*>();
    QCOMPARE(plot->runCount(), 2);
    for (int run = 0; run < 2; ++run) {
      QVERIFY(plot->metricLine(run, "train loss") != nullptr);
      QVERIFY(plot->metricLine(run, "validation loss") != nullptr);
      QVERIFY(plot->metricLine(run, "test accuracy") != nullptr);
      QVERIFY(plot->metricLine(run, "test loss") == nullptr);
      QVERIFY(plot->metricLine(run, "train accuracy") == nullptr);
    }
    QCOMPARE(plot->metricLine(1, "test accuracy")->pen().color(),
             plot->metricLine(1, "train loss")->pen().color());
    QVERIFY(plot->metricLine(0, "train loss")->pen().color() !=
            plot->metricLine(1, "train loss")->pen().color());
    // A legend entry per run, then the key of the three styles.
    QCOMPARE(plot->customPlot()->legend->itemCount(), 5);

    // With a range test among them, its range columns show too; it has no epochs to plot. Its
    // empty training cells stay last whichever way the column sorts.
    window.selectRuns({rangeTest, high});
    QCOMPARE(table->shownColumns(), QStringList({"run", "lower", "upper", "range", "peak LR",
                                                 "schedule", "epochs", "test acc.", "time"}));
    QCOMPARE(cell(table, rangeTest, "lower"), lrText(3e-3));
    QCOMPARE(cell(table, rangeTest, "test acc."), QString());
    QCOMPARE(cell(table, high, "lower"), QString());
    QCOMPARE(table->rowRuns(), std::vector<int64_t>({rangeTest, high}));
    clickHeader(table, "test acc.");
    QCOMPARE(table->rowRuns(), std::vector<int64_t>({high, rangeTest}));
    clickHeader(table, "test acc.");
    QCOMPARE(table->rowRuns(), std::vector<int64_t>({high, rangeTest}));
    QCOMPARE(plot->runCount(), 1);

    // A run that stopped early: the status shows, and how far it got.
    engine::TrainConfig config;
    config.epochs = 5;
    storage::NewRun stopped;
    stopped.kind = engine::RunKind::Training;
    stopped.configJson = engine::toJson(config).dump();
    stopped.model = "mlp";
    const int64_t diverged = db.createRun(stopped);
    db.appendEpoch(diverged, epoch(0, 2.0, 2.5));
    db.finishRun(diverged, engine::RunStatus::Diverged, "loss is nan", 1.0);
    window.selectRuns({low, diverged});
    QCOMPARE(table->shownColumns(),
             QStringList({"run", "status", "peak LR", "schedule", "epochs", "test acc.", "time"}));
    QCOMPARE(cell(table, diverged, "status"), QString("diverged"));
    QCOMPARE(cell(table, diverged, "epochs"), QString("1 of 5"));
  }

  void aComparedRunningTrainingsRowFollowsItsEpochs() {
    MainWindow window;
    QVERIFY(window.openDatabase(m_dir.filePath("compare-live.db")));
    const int64_t stored = storeTraining(*window.database(), 1e-1, 0.0);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const engine::TrainConfig config = endlessTraining(m_csv);
    QSignalSpy started(window.runQueue(), &RunQueue::runStarted);
    QSignalSpy finished(window.runQueue(), &RunQueue::runFinished);
    QVERIFY2(window.startTraining(config), qPrintable(window.errorString()));
    QTRY_COMPARE_WITH_TIMEOUT(started.count(), 1, 60000);
    const qint64 runId = startedRunId(started.first());
    window.selectRuns({stored, runId});
    ComparisonTable* table = window.findChild<RunDetailsPanel*>()->comparisonTable();
    QVERIFY(table->isVisible());
    QVERIFY(table->shownColumns().contains("status")); // one is still running
    QCOMPARE(cell(table, runId, "status"), QString("running"));
    const auto finishedEpochs = [&] {
      return cell(table, runId, "epochs").section(' ', 0, 0).toInt();
    };
    const int before = finishedEpochs();
    QTRY_VERIFY_WITH_TIMEOUT(finishedEpochs() >= before + 2, 20000);
    QVERIFY2(cell(table, runId, "epochs").endsWith(" of 100000"),
             qPrintable(cell(table, runId, "epochs")));
    QVERIFY2(cell(table, runId, "time").endsWith(" so far"),
             qPrintable(cell(table, runId, "time")));
    QVERIFY(cell(table, runId, "test acc.").endsWith("%"));
    // The overlay's epoch plot follows it too.
    auto* plot = window.findChild<EpochPlot*>();
    QCOMPARE(plot->runCount(), 2);
    QTRY_VERIFY(plot->epochCount(plot->runIndex(runId)) >= before + 2);
    window.runQueue()->cancelCurrent();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
  }

private:
  QTemporaryDir m_dir;
  QString m_csv;
};

} // namespace lrscope::ui

QTEST_MAIN(lrscope::ui::TrainingTest)
#include "training_test.moc"
