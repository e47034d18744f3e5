// Drives the real main window offscreen: a range test launched through the dialog on
// Fashion-MNIST, a marker dragged and undone, three runs compared, a running test cancelled.
#include "app_icon.h"
#include "main_window.h"
#include "number_format.h"
#include "queue_signals.h"

#include "browser/run_browser.h"
#include "plots/lr_curve_plot.h"
#include "plots/range_marker.h"
#include "qcustomplot_include.h"
#include "temporary_settings.h"
#include "worker/run_queue.h"

#include "lrscope/engine/lr_ladder.h"
#include "lrscope/engine/rule_records.h"
#include "lrscope/storage/run_database.h"
#include "lrscope/storage/suggestions_again.h"

#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTreeView>
#include <QUndoStack>
#include <QtTest>

#include <cmath>
#include <functional>

namespace lrscope::ui {
namespace {

/// A stored, finished range test with a textbook curve whose minimum moves with `shift`.
int64_t storeRun(storage::RunDatabase& db, double shift) {
  storage::NewRun run;
  run.dataset = "fashion-mnist";
  run.model = "mlp";
  const int64_t id = db.createRun(run);
  const std::vector<double> lrs =
      engine::LrLadder(1e-7, 10.0, 200, engine::LadderMode::Exponential).values();
  std::vector<engine::StepRecord> steps;
  for (std::size_t i = 0; i < lrs.size(); ++i) {
    const double x = std::log10(lrs[i]) - shift;
    engine::StepRecord step;
    step.step = static_cast<int>(i);
    step.groupLrs = {lrs[i]};
    step.loss = 2.3 - 2.0 / (1.0 + std::exp(-2.0 * (x + 3.0))) + std::exp(3.0 * (x + 0.5));
    step.smoothedLoss = step.loss;
    step.batchAccuracy = 0.5;
    steps.push_back(step);
  }
  db.appendSteps(id, steps);
  db.finishRun(id, engine::RunStatus::Completed, "done", 1.0);
  db.saveSuggestions(id, {{"valley", 1, 5e-4, 1.0, 120}},
                     engine::LrRange{1e-4 * std::pow(10.0, shift), 1e-2 * std::pow(10.0, shift),
                                     "lrscope-range", 1});
  return id;
}

/// Fills and starts the modal New range test dialog once it is open.
void startDialogWith(const std::function<void(QDialog*)>& fill) {
  QTimer::singleShot(0, [fill] {
    QTRY_VERIFY(QApplication::activeModalWidget() != nullptr);
    auto* dialog = qobject_cast<QDialog*>(QApplication::activeModalWidget());
    QVERIFY(dialog != nullptr);
    fill(dialog);
    QTest::mouseClick(dialog->findChild<QPushButton*>("startButton"), Qt::LeftButton);
  });
}

void setText(QDialog* dialog, const char* name, const QString& text) {
  auto* field = dialog->findChild<QLineEdit*>(name);
  QVERIFY2(field != nullptr, name);
  field->setText(text);
}

} // namespace

class MainWindowTest : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void initTestCase() {
    QVERIFY(m_dir.isValid());
    test::keepSettingsIn(m_dir.filePath("settings"));
  }

  void theAppIconIsTheDesktopEntrysSvgAtEverySize() {
    const QIcon icon = appIcon();
    QVERIFY(!icon.isNull());
    QVERIFY(icon.availableSizes().contains(QSize(48, 48)));
    const QImage image = icon.pixmap(48, 48).toImage();
    // The tile's corners are transparent, its middle is drawn.
    QCOMPARE(qAlpha(image.pixel(0, 0)), 0);
    QCOMPARE(qAlpha(image.pixel(24, 24)), 255);
  }

  void runsARangeTestOnFashionMnistLaunchedThroughTheDialog() {
    MainWindow window;
    QVERIFY(window.openDatabase(m_dir.filePath("launch.db")));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QSignalSpy finished(window.runQueue(), &RunQueue::runFinished);
    startDialogWith([](QDialog* dialog) {
      auto* kind = dialog->findChild<QComboBox*>("dataKind");
      kind->setCurrentIndex(kind->findData("fashion-mnist"));
      auto* model = dialog->findChild<QComboBox*>("model");
      model->setCurrentIndex(model->findText("logreg"));
      setText(dialog, "sampleSize", "2000");
      dialog->findChild<QSpinBox*>("iterations")->setValue(150);
      setText(dialog, "seed", "3");
    });
    window.newRangeTest();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
    const qint64 runId = finishedRunId(finished.first());
    const engine::StoredStatus status = finishedStatus(finished.first());
    QVERIFY2(status == engine::StoredStatus::Completed || status == engine::StoredStatus::Diverged,
             engine::toString(status).data());

    const storage::RunDetails run = window.database()->loadRun(runId);
    QCOMPARE(QString::fromStdString(run.summary.model), QString("logreg"));
    QVERIFY(run.summary.steps > 50);
    QCOMPARE(run.suggestions.size(), std::size_t{6});
    QVERIFY(run.range.has_value());
    // The finished run is shown: its curve and its range on the plot.
    auto* plot = window.findChild<LrCurvePlot*>();
    QCOMPARE(plot->runCount(), 1);
    QVERIFY(plot->range().has_value());
    QVERIFY(std::abs(plot->range()->lower / run.range->lower - 1.0) < 1e-9);
    // The data set's classes are stored with the run and shown in its details.
    QCOMPARE(run.classNames.size(), std::size_t{10});
    QCOMPARE(QString::fromStdString(run.classNames.front()), QString("T-shirt/top"));
    const QString shown = window.findChild<QLabel*>("runStatus")->text();
    QVERIFY2(shown.contains("10 classes: T-shirt/top, Trouser, Pullover"), qPrintable(shown));
  }

  void draggingAMarkerStoresAManualRangeThatUndoRestores() {
    MainWindow window;
    QVERIFY(window.openDatabase(m_dir.filePath("drag.db")));
    const int64_t id = storeRun(*window.database(), 0.0);
    window.resize(1400, 860);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.selectRuns({id});
    auto* plot = window.findChild<LrCurvePlot*>();
    QCustomPlot* custom = plot->customPlot();
    custom->replot();
    const double y = custom->yAxis->coordToPixel(
        (custom->yAxis->range().lower + custom->yAxis->range().upper) / 2.0);
    const QPoint from(static_cast<int>(custom->xAxis->coordToPixel(1e-2)), static_cast<int>(y));
    const QPoint to(static_cast<int>(custom->xAxis->coordToPixel(3e-2)), static_cast<int>(y));
    QTest::mousePress(custom, Qt::LeftButton, Qt::NoModifier, from);
    QTest::mouseMove(custom, (from + to) / 2);
    QTest::mouseMove(custom, to);
    QTest::mouseRelease(custom, Qt::LeftButton, Qt::NoModifier, to);

    std::optional<storage::StoredRange> range = window.database()->loadRun(id).range;
    QVERIFY(range.has_value());
    QCOMPARE(QString::fromStdString(range->source), QString("manual"));
    QCOMPARE(range->lower, 1e-4);
    QVERIFY2(range->upper > 2.5e-2 && range->upper < 3.5e-2,
             qPrintable(QString::number(range->upper)));

    window.undoStack()->undo();
    range = window.database()->loadRun(id).range;
    QCOMPARE(QString::fromStdString(range->source), QString("auto"));
    QCOMPARE(range->upper, 1e-2);
    QCOMPARE(plot->range()->upper, 1e-2);
    window.undoStack()->redo();
    QCOMPARE(QString::fromStdString(window.database()->loadRun(id).range->source),
             QString("manual"));
  }

  void eachSuggestionShowsItsRecordInTheAuditMatrixForTheRunsOptimizer() {
    MainWindow window;
    QVERIFY(window.openDatabase(m_dir.filePath("records.db")));
    const int64_t id = storeRun(*window.database(), 0.0);
    // A range test of Adam: its config names the optimizer, its range is version 3's.
    const int64_t adam = [&] {
      storage::NewRun run;
      run.configJson = R"({"optimizer": {"kind": "adam"}})";
      run.dataset = "fashion-mnist";
      run.model = "mlp";
      const int64_t created = window.database()->createRun(run);
      window.database()->finishRun(created, engine::RunStatus::Completed, "done", 1.0);
      window.database()->saveSuggestions(created, {{"valley", 1, 5e-4, 1.0, 120}},
                                         engine::LrRange{1e-4, 1e-2, "lrscope-range", 3});
      return created;
    }();
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.selectRuns({adam});
    auto* table = window.findChild<QTableWidget*>("suggestionTable");
    QCOMPARE(table->rowCount(), 1);
    const std::optional<engine::RuleRecord> valley = engine::shippedRuleRecord("valley", 1, "adam");
    QVERIFY(valley.has_value());
    QCOMPARE(table->item(0, 3)->text(),
             QString("%1 of %2").arg(valley->withinOneStd).arg(valley->cells));
    QCOMPARE(table->horizontalHeaderItem(3)->text(), QString("record (adam)"));
    const std::optional<engine::RuleRecord> range =
        engine::shippedRuleRecord("lrscope-range", 3, "adam");
    QVERIFY(range.has_value());
    auto* source = window.findChild<QLabel*>("rangeSource");
    QVERIFY(source != nullptr);
    QVERIFY2(source->text().contains(
                 QString("%1 of %2 cells with adam").arg(range->withinOneStd).arg(range->cells)),
             qPrintable(source->text()));
    // A run whose config names no optimizer (imported, or older) shows no record.
    window.selectRuns({id});
    QCOMPARE(table->item(0, 3)->text(), missingText());
  }

  void theRangeIsFoundAgainWithTheChosenRuleVersionAndUndoneToWhatWasStored() {
    MainWindow window;
    QVERIFY(window.openDatabase(m_dir.filePath("rule.db")));
    storage::RunDatabase& db = *window.database();
    const int64_t id = storeRun(db, 0.0); // range 1e-4 .. 1e-2 of version 1, one suggestion
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.selectRuns({id});
    auto* rule = window.findChild<QComboBox*>("rangeRule");
    auto* table = window.findChild<QTableWidget*>("suggestionTable");
    auto* source = window.findChild<QLabel*>("rangeSource");
    QVERIFY(rule != nullptr && rule->isVisibleTo(&window) && rule->isEnabled());
    QCOMPARE(rule->currentIndex(), -1); // version 1 is no longer offered
    QCOMPARE(rule->itemText(0), QString("lrscope-range v3 (default)"));
    QCOMPARE(table->rowCount(), 1);

    const auto found = [&](int version) {
      return *storage::findSuggestionsAgain(db, id, version, storage::FindAgainFor::Comparing)
                  .range.range;
    };
    const engine::LrRange v2 = found(2);
    const engine::LrRange v3 = found(3);
    QVERIFY(v3.upper < v2.upper);
    const auto choose = [&](int version) {
      rule->setCurrentIndex(rule->findData(version));
      Q_EMIT rule->activated(rule->currentIndex());
    };
    choose(2);
    std::optional<storage::StoredRange> stored = db.loadRun(id).range;
    QCOMPARE(stored->rule, std::string("lrscope-range v2"));
    QCOMPARE(stored->upper, v2.upper);
    QCOMPARE(window.findChild<LrCurvePlot*>()->range()->upper, v2.upper);
    QVERIFY2(source->text().contains("lrscope-range v2"), qPrintable(source->text()));
    QCOMPARE(table->rowCount(), static_cast<int>(db.loadRun(id).suggestions.size()));
    QVERIFY(table->rowCount() > 1); // every rule, found on the recorded curve
    choose(3);
    QCOMPARE(db.loadRun(id).range->upper, v3.upper);
    QCOMPARE(window.undoStack()->count(), 2);

    window.undoStack()->undo(); // back to version 2
    QCOMPARE(db.loadRun(id).range->rule, std::string("lrscope-range v2"));
    QCOMPARE(rule->currentData().toInt(), 2);
    window.undoStack()->undo(); // back to what was stored: version 1, one suggestion
    stored = db.loadRun(id).range;
    QCOMPARE(stored->rule, std::string("lrscope-range v1"));
    QCOMPARE(stored->lower, 1e-4);
    QCOMPARE(stored->upper, 1e-2);
    QCOMPARE(db.loadRun(id).suggestions.size(), std::size_t{1});
    QCOMPARE(table->rowCount(), 1);
    QCOMPARE(rule->currentIndex(), -1);
    window.undoStack()->redo();
    QCOMPARE(db.loadRun(id).range->upper, v2.upper);
  }

  void aRangePickedByHandStaysAndAnAuditsRangeTestKeepsItsRange() {
    MainWindow window;
    QVERIFY(window.openDatabase(m_dir.filePath("rule-kept.db")));
    storage::RunDatabase& db = *window.database();
    const int64_t id = storeRun(db, 0.0);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.selectRuns({id});
    auto* rule = window.findChild<QComboBox*>("rangeRule");
    const auto choose = [&](int version) {
      rule->setCurrentIndex(rule->findData(version));
      Q_EMIT rule->activated(rule->currentIndex());
    };
    const engine::LrRange v2 =
        *storage::findSuggestionsAgain(db, id, 2, storage::FindAgainFor::Comparing).range.range;

    // A range picked by hand stays picked; the label says what the rule found beside it.
    auto* upper = window.findChild<QLineEdit*>("rangeUpper");
    upper->setText("2e-2");
    QMetaObject::invokeMethod(upper, "editingFinished");
    choose(2);
    const std::optional<storage::StoredRange> stored = db.loadRun(id).range;
    QCOMPARE(QString::fromStdString(stored->source), QString("manual"));
    QCOMPARE(stored->upper, 2e-2);
    QCOMPARE(stored->automatic->upper, v2.upper);
    auto* source = window.findChild<QLabel*>("rangeSource");
    QVERIFY2(source->text().contains("picked by hand") &&
                 source->text().contains("automatic (lrscope-range v2): "),
             qPrintable(source->text()));

    // An audit's range test keeps the range its trainings were chosen by: refused with the
    // reason, nothing stored, the undo history as it was, the box back at the stored version.
    storage::NewRun audit;
    audit.kind = engine::RunKind::Audit;
    const int64_t auditId = db.createRun(audit);
    storage::NewRun child;
    child.parentRunId = auditId;
    const int64_t childId = db.createRun(child);
    db.appendSteps(childId, db.loadSteps(id));
    db.finishRun(childId, engine::RunStatus::Completed, "done", 1.0);
    db.saveSuggestions(childId, {}, engine::LrRange{1e-4, 1e-2, "lrscope-range", 3});
    window.undoStack()->undo(); // leaves a step to redo, which the refusal must keep
    window.selectRuns({childId});
    const int steps = window.undoStack()->count();
    const int index = window.undoStack()->index();
    QTimer::singleShot(0, [] {
      QTRY_VERIFY(QApplication::activeModalWidget() != nullptr);
      auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
      QVERIFY(box != nullptr);
      QVERIFY2(box->text().contains("range test of audit run") &&
                   box->text().contains("--range-rule 2"),
               qPrintable(box->text()));
      box->accept();
    });
    choose(2);
    QCOMPARE(db.loadRun(childId).range->rule, std::string("lrscope-range v3"));
    QCOMPARE(window.undoStack()->count(), steps);
    QCOMPARE(window.undoStack()->index(), index);
    QCOMPARE(rule->currentData().toInt(), 3);
  }

  void aClickedSuggestionAndTypedBoundsPickTheRangeAndNotesAndTagsAreSaved() {
    MainWindow window;
    QVERIFY(window.openDatabase(m_dir.filePath("fields.db")));
    const int64_t id = storeRun(*window.database(), 0.0); // range 1e-4 .. 1e-2, valley 5e-4
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.selectRuns({id});

    // valley (5e-4) is nearer the lower bound than the upper one in log space: lower moves.
    auto* table = window.findChild<QTableWidget*>("suggestionTable");
    QCOMPARE(table->rowCount(), 1);
    QTest::mouseClick(table->viewport(), Qt::LeftButton, Qt::NoModifier,
                      table->visualItemRect(table->item(0, 1)).center());
    std::optional<storage::StoredRange> range = window.database()->loadRun(id).range;
    QCOMPARE(QString::fromStdString(range->source), QString("manual"));
    QCOMPARE(range->lower, 5e-4);
    QCOMPARE(range->upper, 1e-2);

    auto* lower = window.findChild<QLineEdit*>("rangeLower");
    auto* upper = window.findChild<QLineEdit*>("rangeUpper");
    upper->setText("2e-2");
    lower->setText("3e-4");
    QMetaObject::invokeMethod(lower, "editingFinished");
    range = window.database()->loadRun(id).range;
    QCOMPARE(range->lower, 3e-4);
    QCOMPARE(range->upper, 2e-2);
    QCOMPARE(window.findChild<LrCurvePlot*>()->range()->upper, 2e-2);
    lower->setText("3e-2"); // above the upper bound: refused with a message, nothing stored
    QMetaObject::invokeMethod(lower, "editingFinished");
    QVERIFY(window.findChild<QLabel*>("rangeError")->isVisibleTo(&window));
    QCOMPARE(window.database()->loadRun(id).range->lower, 3e-4);
    QCOMPARE(window.undoStack()->count(), 2);

    auto* tags = window.findChild<QLineEdit*>("runTags");
    tags->setText("baseline, keep");
    QMetaObject::invokeMethod(tags, "editingFinished");
    window.findChild<QPlainTextEdit*>("runNotes")->setPlainText("try warm-up");
    QTRY_COMPARE(QString::fromStdString(window.database()->loadRun(id).summary.notes),
                 QString("try warm-up"));
    QCOMPARE(window.database()->loadRun(id).summary.tags,
             (std::vector<std::string>{"baseline", "keep"}));
  }

  void selectingThreeRunsOverlaysThreeCurves() {
    MainWindow window;
    QVERIFY(window.openDatabase(m_dir.filePath("compare.db")));
    const QList<qint64> ids{storeRun(*window.database(), -1.0), storeRun(*window.database(), 0.0),
                            storeRun(*window.database(), 1.0)};
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.selectRuns(ids);
    auto* plot = window.findChild<LrCurvePlot*>();
    QCOMPARE(plot->runCount(), 3);
    // Keyboard: the Down key moves to a single run and the plot follows at once.
    QTreeView* tree = window.findChild<RunBrowser*>()->view();
    tree->setFocus();
    QTest::keyClick(tree, Qt::Key_Down);
    QCOMPARE(plot->runCount(), 1);
  }

  void cancellingARunningTestStoresItCancelled() {
    MainWindow window;
    QVERIFY(window.openDatabase(m_dir.filePath("cancel.db")));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QSignalSpy started(window.runQueue(), &RunQueue::runStarted);
    QSignalSpy arrived(window.runQueue(), &RunQueue::stepsArrived);
    QSignalSpy finished(window.runQueue(), &RunQueue::runFinished);
    startDialogWith([](QDialog* dialog) {
      auto* kind = dialog->findChild<QComboBox*>("dataKind");
      kind->setCurrentIndex(kind->findData("fashion-mnist"));
      auto* model = dialog->findChild<QComboBox*>("model");
      model->setCurrentIndex(model->findText("mlp"));
      setText(dialog, "sampleSize", "2000");
      dialog->findChild<QSpinBox*>("iterations")->setValue(200000);
      setText(dialog, "startLr", "1e-7");
      setText(dialog, "endLr", "1e-5");
    });
    window.newRangeTest();
    QTRY_VERIFY_WITH_TIMEOUT(arrived.count() >= 2, 60000);
    auto* cancel = window.findChild<QPushButton*>("cancelRun");
    QVERIFY(cancel->isVisible());
    QTest::mouseClick(cancel, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
    QVERIFY(finishedStatus(finished.first()) == engine::StoredStatus::Cancelled);
    const qint64 runId = startedRunId(started.first());
    const storage::RunDetails run = window.database()->loadRun(runId);
    QVERIFY(run.summary.status == engine::StoredStatus::Cancelled);
    QVERIFY(run.summary.steps > 0);
    QVERIFY(run.summary.steps < 200000);
  }

  void droppingADataFileOpensTheDialogWithIt() {
    MainWindow window;
    QVERIFY(window.openDatabase(m_dir.filePath("drop.db")));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const QString csv = m_dir.filePath("table.csv");
    QFile file(csv);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("a,b,label\n0.1,0.2,0\n0.3,0.1,1\n");
    file.close();

    auto* mime = new QMimeData;
    mime->setUrls({QUrl::fromLocalFile(csv)});
    QDragEnterEvent enter(QPoint(50, 50), Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(&window, &enter);
    QVERIFY(enter.isAccepted());
    QString shownPath;
    QTimer::singleShot(0, [&shownPath] {
      QTRY_VERIFY(QApplication::activeModalWidget() != nullptr);
      auto* dialog = qobject_cast<QDialog*>(QApplication::activeModalWidget());
      shownPath = dialog->findChild<QLineEdit*>("dataPath")->text();
      dialog->reject();
    });
    QDropEvent drop(QPointF(50, 50), Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(&window, &drop);
    QCOMPARE(shownPath, csv);
    delete mime;
  }

  void closingDuringARunAsksThenStoresItCancelled() {
    MainWindow window;
    QVERIFY(window.openDatabase(m_dir.filePath("close.db")));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    engine::FindConfig config;
    config.model.name = "logreg";
    config.sample.count = 2000;
    config.rangeTest.iterations = 500000;
    config.rangeTest.startLr = 1e-7;
    config.rangeTest.endLr = 1e-5;
    QSignalSpy started(window.runQueue(), &RunQueue::runStarted);
    QVERIFY2(window.startRangeTest(config), qPrintable(window.errorString()));
    QTRY_COMPARE_WITH_TIMEOUT(started.count(), 1, 60000);
    const qint64 runId = startedRunId(started.first());

    // First "No": the window stays and the run goes on.
    QTimer::singleShot(0, [] {
      QTRY_VERIFY(QApplication::activeModalWidget() != nullptr);
      auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
      box->button(QMessageBox::No)->click();
    });
    QVERIFY(!window.close());
    QVERIFY(window.runQueue()->isBusy());
    // Then "Yes": cancelled cleanly, stored, and the window closes.
    QTimer::singleShot(0, [] {
      QTRY_VERIFY(QApplication::activeModalWidget() != nullptr);
      auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
      box->button(QMessageBox::Yes)->click();
    });
    QVERIFY(window.close());
    const storage::RunDetails run = window.database()->loadRun(runId);
    QVERIFY(run.summary.status == engine::StoredStatus::Cancelled);
    QVERIFY(run.summary.steps > 0);
  }

private:
  QTemporaryDir m_dir;
};

} // namespace lrscope::ui

QTEST_MAIN(lrscope::ui::MainWindowTest)
#include "main_window_test.moc"
