// Drives the plots offscreen: runs overlaid once each, range markers dragged with the mouse
// (without panning), programmatic ranges, live appends.
#include "legend_names.h"
#include "plots/crosshair.h"
#include "plots/log_ticker.h"
#include "plots/loss_step_plot.h"
#include "plots/lr_curve_plot.h"
#include "plots/lr_step_plot.h"
#include "plots/range_marker.h"
#include "qcustomplot_include.h"

#include "lrscope/engine/loss_smoother.h"
#include "lrscope/engine/lr_ladder.h"

#include <QSignalSpy>
#include <QtTest>

#include <cmath>

namespace lrscope::ui {
namespace {

constexpr int kSteps = 100;

/// The reference curve of DESIGN.md, shifted up by offset, with validation every 10 steps when
/// asked.
PlottedRun syntheticRun(int64_t id, double offset, bool validation = false) {
  PlottedRun run;
  run.id = id;
  run.label = QStringLiteral("#%1 synthetic").arg(id);
  run.color = runColor(static_cast<int>(id));
  const std::vector<double> lrs =
      engine::LrLadder(1e-7, 10.0, kSteps, engine::LadderMode::Exponential).values();
  std::vector<double> raw;
  for (int i = 0; i < kSteps; ++i) {
    const double x = std::log10(lrs[static_cast<std::size_t>(i)]);
    raw.push_back(offset + 2.3 - 2.0 / (1.0 + std::exp(-2.0 * (x + 3.0))) +
                  std::exp(3.0 * (x + 0.5)) + 0.03 * std::sin(1.7 * i));
  }
  const std::vector<double> smoothed = engine::LossSmoother::smooth(raw, 0.98);
  for (int i = 0; i < kSteps; ++i) {
    engine::StepRecord step;
    step.step = i;
    step.groupLrs = {lrs[static_cast<std::size_t>(i)]};
    step.loss = raw[static_cast<std::size_t>(i)];
    step.smoothedLoss = smoothed[static_cast<std::size_t>(i)];
    if (validation && i % 10 == 0) {
      step.validationLoss = step.smoothedLoss + 0.05;
      step.validationAccuracy = 0.5;
    }
    run.steps.push_back(step);
  }
  return run;
}

std::vector<double> recordedLrs(const PlottedRun& run) {
  std::vector<double> lrs;
  for (const engine::StepRecord& step : run.steps)
    lrs.push_back(step.groupLrs.front());
  return lrs;
}

QCPGraph* graphNamed(QCustomPlot* plot, const QString& name) {
  for (int i = 0; i < plot->graphCount(); ++i)
    if (plot->graph(i)->name() == name)
      return plot->graph(i);
  return nullptr;
}

using test::legendNames;

/// A pixel position on the plot at this lr, halfway down the axis rect.
QPoint pixelAt(QCustomPlot* plot, double lr) {
  return QPoint(qRound(plot->xAxis->coordToPixel(lr)), plot->axisRect()->center().y());
}

/// Presses at from, moves there to to in a few steps, releases at to.
void drag(QCustomPlot* plot, QPoint from, QPoint to) {
  QTest::mousePress(plot, Qt::LeftButton, Qt::NoModifier, from);
  for (int k = 1; k <= 4; ++k)
    QTest::mouseMove(plot, from + (to - from) * k / 4);
  QTest::mouseRelease(plot, Qt::LeftButton, Qt::NoModifier, to);
}

} // namespace

class PlotsTest : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void overlaysEachRunOnce() {
    LrCurvePlot plot;
    plot.resize(900, 600);
    std::vector<PlottedRun> runs = {syntheticRun(0, 0.0), syntheticRun(1, 0.2),
                                    syntheticRun(2, 0.4)};
    runs[1].range = storage::RangeBounds{1e-4, 1e-2};
    plot.setRuns(runs);
    QCustomPlot* qcp = plot.customPlot();

    QCOMPARE(plot.runCount(), 3);
    for (const PlottedRun& run : runs) {
      QCPGraph* smoothed = graphNamed(qcp, run.label);
      QVERIFY2(smoothed != nullptr, qPrintable(run.label));
      QCOMPARE(smoothed->dataCount(), kSteps);
      QCOMPARE(smoothed->pen().color(), run.color);
    }
    // Each run named once, then one key line for the faded raw losses.
    QCOMPARE(legendNames(qcp),
             QStringList({runs[0].label, runs[1].label, runs[2].label, QString("raw loss")}));
    QVERIFY(qcp->legend->visible());
    QVERIFY(!qcp->yAxis2->visible()); // no run has validation accuracy
    // Several runs: no draggable markers, no suggestions.
    QVERIFY(!plot.lowerMarker()->visible());
    QVERIFY(!plot.range().has_value());
    // The x axis spans the curves; the blow-up at the end stays above the view.
    QCOMPARE(qcp->xAxis->range().lower, 1e-7);
    QCOMPARE(qcp->xAxis->range().upper, 10.0);
    QVERIFY(qcp->yAxis->range().upper < runs[2].steps.back().smoothedLoss);
    QVERIFY(qcp->yAxis->range().upper > runs[2].steps.front().smoothedLoss);

    // Validation data brings the right axis and its key line.
    plot.setRuns({syntheticRun(0, 0.0, true), syntheticRun(1, 0.2)});
    QCOMPARE(plot.runCount(), 2);
    QVERIFY(qcp->yAxis2->visible());
    QVERIFY(legendNames(qcp).contains("validation loss"));
    QCOMPARE(graphNamed(qcp, "#0 synthetic (validation loss)")->dataCount(), kSteps / 10);

    plot.clear();
    QCOMPARE(plot.runCount(), 0);
    QVERIFY(!qcp->legend->visible());
  }

  void aCurveLowestAtItsStartShowsItsRise() {
    // A range test from a trained checkpoint: the loss only rises, then blows up.
    PlottedRun run = syntheticRun(0, 0.0);
    for (int i = 0; i < kSteps; ++i) {
      engine::StepRecord& step = run.steps[static_cast<std::size_t>(i)];
      step.loss = step.smoothedLoss = 0.2 + 0.002 * i + (i > 90 ? 5.0 : 0.0);
    }
    LrCurvePlot plot;
    plot.resize(900, 600);
    plot.setRuns({run});
    const QCPRange view = plot.customPlot()->yAxis->range();
    QVERIFY2(view.lower < 0.2 && view.upper > 0.38 && view.upper < 1.0,
             qPrintable(QString("%1 .. %2").arg(view.lower).arg(view.upper)));
  }

  void dragsTheUpperMarkerWithoutPanning() {
    LrCurvePlot plot;
    plot.resize(900, 600);
    plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    PlottedRun run = syntheticRun(0, 0.0);
    run.range = storage::RangeBounds{1e-4, 1e-2};
    plot.setRuns({run});
    QCustomPlot* qcp = plot.customPlot();
    qcp->replot();
    QVERIFY(plot.upperMarker()->visible());

    QSignalSpy edited(&plot, &LrCurvePlot::rangeEdited);
    QSignalSpy dragging(&plot, &LrCurvePlot::rangeDragging);
    const QCPRange xBefore = qcp->xAxis->range();
    const QCPRange yBefore = qcp->yAxis->range();
    // Halfway: the marker and the band follow, nothing is saved yet.
    const QPoint from = pixelAt(qcp, 1e-2);
    const QPoint to = pixelAt(qcp, 3e-2);
    QTest::mousePress(qcp, Qt::LeftButton, Qt::NoModifier, from);
    QTest::mouseMove(qcp, (from + to) / 2);
    QCOMPARE(dragging.count(), 1);
    QVERIFY(dragging.at(0).at(1).toDouble() > 1.1e-2);
    QCOMPARE(plot.upperMarker()->key(), dragging.at(0).at(1).toDouble());
    QCOMPARE(edited.count(), 0);
    QTest::mouseMove(qcp, to);
    QTest::mouseRelease(qcp, Qt::LeftButton, Qt::NoModifier, to);

    QCOMPARE(edited.count(), 1);
    QVERIFY(dragging.count() >= 1);
    const double lower = edited.at(0).at(0).toDouble();
    const double upper = edited.at(0).at(1).toDouble();
    QCOMPARE(lower, 1e-4);
    // Snapped onto a recorded lr within one ladder step (a factor of 1.2) of the pointer.
    const std::vector<double> lrs = recordedLrs(run);
    QVERIFY(std::find(lrs.begin(), lrs.end(), upper) != lrs.end());
    QVERIFY2(std::abs(std::log(upper / 3e-2)) < std::log(1.21), qPrintable(QString::number(upper)));
    QCOMPARE(plot.range()->upper, upper);
    QCOMPARE(plot.upperMarker()->key(), upper);
    // The axes did not pan.
    QCOMPARE(qcp->xAxis->range().lower, xBefore.lower);
    QCOMPARE(qcp->xAxis->range().upper, xBefore.upper);
    QCOMPARE(qcp->yAxis->range().lower, yBefore.lower);

    // The same gesture on empty space does pan (so the check above can fail).
    const QPoint empty = pixelAt(qcp, 1e-6);
    drag(qcp, empty, empty + QPoint(120, 0));
    QVERIFY(qcp->xAxis->range().lower < xBefore.lower);
    QCOMPARE(edited.count(), 1);
  }

  void theLowerMarkerStopsShortOfTheUpper() {
    LrCurvePlot plot;
    plot.resize(900, 600);
    plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    PlottedRun run = syntheticRun(0, 0.0);
    run.range = storage::RangeBounds{1e-4, 1e-2};
    plot.setRuns({run});
    QCustomPlot* qcp = plot.customPlot();
    qcp->replot();

    QSignalSpy edited(&plot, &LrCurvePlot::rangeEdited);
    QSignalSpy dragging(&plot, &LrCurvePlot::rangeDragging);
    drag(qcp, pixelAt(qcp, 1e-4), pixelAt(qcp, 1.0));

    QCOMPARE(edited.count(), 1);
    const double lower = edited.at(0).at(0).toDouble();
    const double upper = edited.at(0).at(1).toDouble();
    QCOMPARE(upper, 1e-2);
    QVERIFY2(lower < upper, qPrintable(QString::number(lower)));
    // At least 1% of the 8 decades apart, and not stuck where it started.
    QVERIFY(std::log10(upper / lower) >= 0.08 - 1e-9);
    QVERIFY(lower > 1e-3);
    for (const QList<QVariant>& moved : dragging)
      QVERIFY(moved.at(0).toDouble() < moved.at(1).toDouble());

    // Dragged below the curve's first lr, it stops at it.
    drag(qcp, pixelAt(qcp, lower), QPoint(qcp->axisRect()->left() + 2, pixelAt(qcp, lower).y()));
    QCOMPARE(edited.count(), 2);
    QCOMPARE(plot.range()->lower, 1e-7);

    // A press beside the marker (more than a few pixels) is a pan, not a drag.
    const QPoint beside = pixelAt(qcp, plot.upperMarker()->key()) + QPoint(12, 0);
    const double xLower = qcp->xAxis->range().lower;
    drag(qcp, beside, beside + QPoint(60, 0));
    QCOMPARE(plot.range()->upper, 1e-2);
    QVERIFY(qcp->xAxis->range().lower != xLower);
    QCOMPARE(edited.count(), 2);
  }

  void setRangeDoesNotEmit() {
    LrCurvePlot plot;
    plot.setRuns({syntheticRun(0, 0.0)});
    QVERIFY(!plot.range().has_value());
    QVERIFY(!plot.lowerMarker()->visible());
    QSignalSpy edited(&plot, &LrCurvePlot::rangeEdited);
    QSignalSpy dragging(&plot, &LrCurvePlot::rangeDragging);

    plot.setRange(storage::RangeBounds{2e-4, 5e-3});
    QVERIFY(plot.range().has_value());
    QCOMPARE(plot.range()->lower, 2e-4);
    QCOMPARE(plot.range()->upper, 5e-3);
    QCOMPARE(plot.lowerMarker()->key(), 2e-4);
    QVERIFY(plot.upperMarker()->visible());
    plot.setRange(std::nullopt);
    QVERIFY(!plot.range().has_value());
    QVERIFY(!plot.upperMarker()->visible());
    QCOMPARE(edited.count(), 0);
    QCOMPARE(dragging.count(), 0);
  }

  void showsAndHidesSuggestions() {
    LrCurvePlot plot;
    engine::LrCurve curve;
    const PlottedRun run = syntheticRun(0, 0.0);
    for (const engine::StepRecord& step : run.steps) {
      curve.lrs.push_back(step.groupLrs.front());
      curve.rawLosses.push_back(step.loss);
      curve.losses.push_back(step.smoothedLoss);
    }
    engine::LrRangeResult range;
    range.range = engine::LrRange{1e-4, 3e-3, "lrscope-range", 1};
    plot.showCurve(curve, {{"minimum", 1, 2.9e-2, 0.1, 80}, {"steep", 1, 4.0e-3, 0.5, 70}}, range);
    QCOMPARE(plot.runCount(), 1);
    QCOMPARE(plot.suggestionMarkerCount(), 2);
    QCOMPARE(plot.range()->upper, 3e-3);
    QVERIFY(plot.suggestionsVisible());
    plot.setSuggestionsVisible(false);
    QVERIFY(!plot.suggestionsVisible());
    int visibleLabels = 0;
    for (QCPAbstractItem* item : plot.customPlot()->findChildren<QCPAbstractItem*>())
      if (auto* text = qobject_cast<QCPItemText*>(item))
        visibleLabels += text->visible() && (text->text() == "minimum" || text->text() == "steep");
    QCOMPARE(visibleLabels, 0);

    // A second run: comparison mode, no suggestion markers.
    plot.beginLiveRun(syntheticRun(1, 0.1));
    QCOMPARE(plot.runCount(), 2);
    QCOMPARE(plot.suggestionMarkerCount(), 0);
    QVERIFY(!plot.range().has_value());
  }

  void theLegendCoversNoLabel() {
    // One run with its suggestions and range: the legend goes where it hides no label.
    LrCurvePlot plot;
    plot.resize(900, 600);
    plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    engine::LrCurve curve;
    for (const engine::StepRecord& step : syntheticRun(0, 0.0).steps) {
      curve.lrs.push_back(step.groupLrs.front());
      curve.rawLosses.push_back(step.loss);
      curve.losses.push_back(step.smoothedLoss);
    }
    engine::LrRangeResult range;
    range.range = engine::LrRange{1e-4, 3e-2, "lrscope-range", 3};
    plot.showCurve(curve,
                   {{"minimum", 1, 2.9e-2, 0.1, 80},
                    {"steep", 1, 4.0e-3, 0.5, 70},
                    {"valley", 1, 6.3e-4, 0.9, 60},
                    {"steepest_index", 1, 1.5e-2, 0.3, 75},
                    {"steepest_lr", 1, 1.1e-6, 2.3, 20}},
                   range);
    QCustomPlot* custom = plot.customPlot();
    custom->replot();
    custom->replot(); // the legend is placed on the layout of the replot before
    const QRect legend = custom->legend->outerRect();
    QVERIFY(custom->legend->visible());
    int labels = 0;
    for (QCPAbstractItem* item : custom->findChildren<QCPAbstractItem*>()) {
      const auto* text = qobject_cast<QCPItemText*>(item);
      if (text == nullptr || !text->visible())
        continue;
      ++labels;
      const QRectF box(text->topLeft->pixelPosition(), text->bottomRight->pixelPosition());
      QVERIFY2(!legend.intersects(box.toAlignedRect()), qPrintable(text->text()));
    }
    QVERIFY(labels >= 5);
  }

  void appendsStepsToALiveRun() {
    LrCurvePlot lrPlot;
    LossStepPlot lossPlot;
    LrStepPlot lrStepPlot;
    const PlottedRun full = syntheticRun(7, 0.0, true);
    PlottedRun live = full;
    live.steps.clear();
    const std::vector<engine::StepRecord> first(full.steps.begin(), full.steps.begin() + 40);
    const std::vector<engine::StepRecord> rest(full.steps.begin() + 40, full.steps.end());
    for (RunPlot* plot : std::initializer_list<RunPlot*>{&lrPlot, &lossPlot, &lrStepPlot}) {
      plot->beginLiveRun(live);
      QCOMPARE(plot->runCount(), 1);
      QCPGraph* graph = graphNamed(plot->customPlot(), live.label);
      QVERIFY(graph != nullptr);
      QCOMPARE(graph->dataCount(), 0);
      plot->appendSteps(7, first);
      QCOMPARE(graph->dataCount(), 40);
      plot->appendSteps(7, rest);
      QCOMPARE(graph->dataCount(), kSteps);
      QCOMPARE(graph->data()->at(kSteps - 1)->value, plot == &lrStepPlot
                                                         ? full.steps.back().groupLrs.front()
                                                         : full.steps.back().smoothedLoss);
      // The view follows the data.
      QCOMPARE(plot->customPlot()->xAxis->range().upper,
               plot == &lrPlot ? 10.0 : double(kSteps - 1));
      // A run nobody announced is added with the next colour.
      plot->appendSteps(8, first);
      QCOMPARE(plot->runCount(), 2);
      QVERIFY(graphNamed(plot->customPlot(), "#8") != nullptr);
      QCOMPARE(graphNamed(plot->customPlot(), "#8")->pen().color(), runColor(1));
    }
    // Validation points arriving live bring the right axis.
    QVERIFY(lrPlot.customPlot()->yAxis2->visible());
    QVERIFY(legendNames(lossPlot.customPlot()).contains("validation loss"));
  }

  void zoomPinsTheViewAndDoubleClickResetsIt() {
    LossStepPlot plot;
    plot.resize(800, 500);
    plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    PlottedRun live = syntheticRun(1, 0.0);
    const std::vector<engine::StepRecord> first(live.steps.begin(), live.steps.begin() + 50);
    live.steps.clear();
    plot.beginLiveRun(live);
    plot.appendSteps(1, first);
    QCustomPlot* qcp = plot.customPlot();
    QVERIFY(!plot.isViewPinned());
    qcp->xAxis->setRange(10, 20); // as a wheel zoom would
    QVERIFY(plot.isViewPinned());
    plot.appendSteps(1, {syntheticRun(1, 0.0).steps[50]});
    QCOMPARE(qcp->xAxis->range().upper, 20.0); // pinned: stays
    qcp->replot();
    QTest::mouseDClick(qcp, Qt::LeftButton, Qt::NoModifier, qcp->axisRect()->center());
    QVERIFY(!plot.isViewPinned());
    QCOMPARE(qcp->xAxis->range().upper, 50.0);
  }

  void crosshairFollowsThePointer() {
    LrCurvePlot plot;
    plot.resize(900, 600);
    plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    plot.setRuns({syntheticRun(0, 0.0)});
    QCustomPlot* qcp = plot.customPlot();
    qcp->replot();
    QVERIFY(!plot.crosshair()->isShown());
    // QTest::mouseMove without a button moves the cursor, which offscreen delivers nowhere.
    const QPoint at = pixelAt(qcp, 3.2e-3);
    QMouseEvent hover(QEvent::MouseMove, at, qcp->mapToGlobal(at), Qt::NoButton, Qt::NoButton,
                      Qt::NoModifier);
    QCoreApplication::sendEvent(qcp, &hover);
    QVERIFY(plot.crosshair()->isShown());
    QVERIFY2(plot.crosshair()->text().startsWith("lr 3.2e-03, loss "),
             qPrintable(plot.crosshair()->text()));
    QEvent leave(QEvent::Leave);
    QCoreApplication::sendEvent(qcp, &leave);
    QVERIFY(!plot.crosshair()->isShown());
  }

  void marksGroupsAndEvents() {
    LrStepPlot plot;
    PlottedRun run = syntheticRun(3, 0.0);
    for (engine::StepRecord& step : run.steps)
      step.groupLrs.push_back(step.groupLrs.front() / 10);
    run.events.push_back({50, "lr_change", R"({"lr": 0.001})", ""});
    plot.setRuns({run, syntheticRun(4, 0.0)});
    QCustomPlot* qcp = plot.customPlot();
    QCOMPARE(plot.eventCount(), 1);
    QVERIFY(graphNamed(qcp, "#3 synthetic (group 1)") != nullptr);
    QCOMPARE(graphNamed(qcp, "#3 synthetic (group 1)")->dataCount(), kSteps);
    QCOMPARE(legendNames(qcp), QStringList({run.label, QString("#4 synthetic"), QString("group 0"),
                                            QString("group 1")}));
    QCOMPARE(qcp->yAxis->scaleType(), QCPAxis::stLogarithmic);
    QVERIFY(qcp->yAxis->range().lower < 1e-8); // group 1 starts at 1e-8
    bool labelled = false;
    for (QCPItemText* text : qcp->findChildren<QCPItemText*>())
      labelled = labelled || text->text() == QString::fromUtf8("lr_change → 1e-3");
    QVERIFY(labelled);
    plot.addEvent(3, {80, "lr_change", "{}", ""});
    QCOMPARE(plot.eventCount(), 2);
    plot.addEvent(99, {80, "lr_change", "{}", ""}); // not plotted: ignored
    QCOMPARE(plot.eventCount(), 2);
  }

  void logTicksReadWell() {
    QCOMPARE(LogTicker::label(1e-5), QString("1e-5"));
    QCOMPARE(LogTicker::label(2.5e-4), QString("2.5e-4"));
    QCOMPARE(LogTicker::label(0.1), QString("0.1"));
    QCOMPARE(LogTicker::label(10), QString("10"));
    LogTicker ticker;
    QVector<double> ticks, subTicks;
    QVector<QString> labels;
    ticker.generate(QCPRange(1e-7, 10), QLocale::c(), 'g', 2, ticks, &subTicks, &labels);
    QCOMPARE(ticks.size(), 9); // one per decade
    QCOMPARE(labels.front(), QString("1e-7"));
    // Zoomed in below a decade the axis keeps several labelled ticks.
    ticker.generate(QCPRange(2e-4, 9e-4), QLocale::c(), 'g', 2, ticks, &subTicks, &labels);
    QVERIFY(ticks.size() >= 3);
    QVERIFY(labels.contains("5e-4"));
  }

  void handlesTwentyLiveRunsOfTenThousandSteps() {
    LrCurvePlot plot;
    plot.resize(1200, 700);
    plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    constexpr int kRuns = 20;
    constexpr int kLong = 10000;
    constexpr int kBatch = 334; // 30 batches a run
    const std::vector<double> lrs =
        engine::LrLadder(1e-7, 10.0, kLong, engine::LadderMode::Exponential).values();
    for (int first = 0; first < kLong; first += kBatch) {
      for (int r = 0; r < kRuns; ++r) {
        std::vector<engine::StepRecord> batch;
        for (int i = first; i < std::min(first + kBatch, kLong); ++i) {
          engine::StepRecord step;
          step.step = i;
          step.groupLrs = {lrs[static_cast<std::size_t>(i)]};
          step.loss = 2.0 + 0.1 * r + 0.05 * std::sin(0.37 * i) - std::log10(lrs[i] / 1e-7) * 0.1;
          step.smoothedLoss = 2.0 + 0.1 * r - std::log10(lrs[i] / 1e-7) * 0.1;
          batch.push_back(step);
        }
        plot.appendSteps(r, batch);
      }
      plot.customPlot()->replot(); // what the queued replot does at the next event loop pass
    }
    QCOMPARE(plot.runCount(), kRuns);
    QCOMPARE(graphNamed(plot.customPlot(), "#19")->dataCount(), kLong);
    // How fast this is belongs to the UI benchmark (lrscope --ui-bench), not to a test.
  }
};

} // namespace lrscope::ui

QTEST_MAIN(lrscope::ui::PlotsTest)
#include "plots_test.moc"
