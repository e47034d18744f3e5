// The Loss vs epoch plot: a running training followed epoch by epoch, what it says while it
// waits, a regression without an accuracy axis, and a legend that finds the gap between lines.
#include "legend_names.h"
#include "plots/crosshair.h"
#include "plots/epoch_plot.h"
#include "qcustomplot_include.h"

#include <QtTest>

#include <cmath>

namespace lrscope::ui {
namespace {

using test::legendNames;

engine::EpochRecord trainingEpoch(int e, bool regression = false) {
  engine::EpochRecord record;
  record.epoch = e;
  record.trainLoss = 1.0 / (e + 1);
  record.validationLoss = record.trainLoss + 0.1;
  record.testLoss = record.trainLoss + 0.15;
  const double accuracy = regression ? std::nan("") : 0.6 + 0.05 * e;
  record.trainAccuracy = record.validationAccuracy = record.testAccuracy = accuracy;
  return record;
}

/// A training run of `planned` epochs with these finished: train loss 1/(e+1), validation loss
/// that much + 0.1, and accuracies 0.6 + 0.05 e unless it is a regression (NaN accuracies).
PlottedRun trainingRun(int64_t id, int finished, int planned, bool regression = false) {
  PlottedRun run;
  run.id = id;
  run.label = QStringLiteral("#%1 training").arg(id);
  run.color = runColor(static_cast<int>(id));
  run.plannedEpochs = planned;
  run.epochs.emplace();
  for (int e = 0; e < finished; ++e)
    run.epochs->push_back(trainingEpoch(e, regression));
  return run;
}

} // namespace

class EpochPlotTest : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void theEpochPlotFollowsARunningTrainingAndSaysWhatItWaitsFor() {
    EpochPlot plot;
    plot.resize(900, 600);
    QCOMPARE(plot.runCount(), 0);
    QVERIFY(plot.hint().startsWith("No training run selected"));
    QVERIFY(plot.hint().contains("Run > Train with this range"));

    // A run that has finished no epoch yet: the hint says so, and the view spans its plan.
    plot.setRuns({trainingRun(7, 0, 4)});
    QVERIFY2(plot.hint().startsWith("No epoch has finished yet"), qPrintable(plot.hint()));
    QVERIFY(!plot.customPlot()->legend->visible());
    QCOMPARE(plot.customPlot()->xAxis->range(), QCPRange(0.5, 4.5));
    QVERIFY(plot.metricLine(0, "train loss") == nullptr);

    plot.appendEpoch(7, trainingEpoch(0));
    plot.appendEpoch(7, trainingEpoch(0)); // read from the database before its signal: once
    plot.appendEpoch(8, trainingEpoch(1)); // a run not plotted: ignored
    plot.appendEpoch(7, trainingEpoch(1));
    QCOMPARE(plot.epochCount(0), 2);
    QCOMPARE(plot.metricLine(0, "train loss")->dataCount(), 2);
    QCOMPARE(plot.metricLine(0, "validation accuracy")->data()->at(1)->value, 0.65);
    QVERIFY(plot.customPlot()->legend->visible());
    QVERIFY(plot.customPlot()->yAxis2->visible());
    QCOMPARE(
        legendNames(plot.customPlot()),
        QStringList({"train loss", "validation loss", "test loss", "train accuracy (right axis)",
                     "validation accuracy (right axis)", "test accuracy (right axis)"}));
    // The losses fill the left axis: 0.5 .. 1.15 with a margin, not 0 .. 1.
    const QCPRange losses = plot.customPlot()->yAxis->range();
    QVERIFY(losses.lower > 0.4 && losses.lower < 0.5);
    QVERIFY(losses.upper > 1.15 && losses.upper < 1.25);

    // The crosshair reads the epoch, the loss and the accuracy at the pointer.
    plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    QCustomPlot* qcp = plot.customPlot();
    qcp->replot();
    const QPoint at(qRound(qcp->xAxis->coordToPixel(2.0)), qcp->axisRect()->center().y());
    QMouseEvent hover(QEvent::MouseMove, at, qcp->mapToGlobal(at), Qt::NoButton, Qt::NoButton,
                      Qt::NoModifier);
    QCoreApplication::sendEvent(qcp, &hover);
    QVERIFY2(plot.crosshair()->text().startsWith("epoch 2 · loss "),
             qPrintable(plot.crosshair()->text()));
    QVERIFY2(plot.crosshair()->text().contains("· accuracy "),
             qPrintable(plot.crosshair()->text()));
  }

  void theEpochPlotsLegendFindsTheGapBetweenItsLines() {
    // Losses falling from the top left, accuracies rising to the top right: every corner has a
    // line through it, and the few points of each line lie outside the legend wherever it goes.
    EpochPlot plot;
    plot.resize(900, 600);
    plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    plot.setRuns({trainingRun(1, 6, 6)});
    QCustomPlot* qcp = plot.customPlot();
    qcp->replot();
    qcp->replot(); // the first replot places the legend, the second lays it out there
    const QRectF legend = qcp->legend->outerRect();
    for (int g = 0; g < qcp->graphCount(); ++g) {
      const QCPGraph* graph = qcp->graph(g);
      for (int p = 1; p < graph->dataCount(); ++p) {
        const QLineF piece(
            graph->coordsToPixels(graph->data()->at(p - 1)->key, graph->data()->at(p - 1)->value),
            graph->coordsToPixels(graph->data()->at(p)->key, graph->data()->at(p)->value));
        bool crosses = legend.contains(piece.p1()) || legend.contains(piece.p2());
        for (const QLineF& edge : {QLineF(legend.topLeft(), legend.topRight()),
                                   QLineF(legend.topRight(), legend.bottomRight()),
                                   QLineF(legend.bottomRight(), legend.bottomLeft()),
                                   QLineF(legend.bottomLeft(), legend.topLeft())})
          crosses = crosses || piece.intersects(edge, nullptr) == QLineF::BoundedIntersection;
        QVERIFY2(!crosses, qPrintable(QString("%1, epoch %2 to %3 under the legend")
                                          .arg(graph->name())
                                          .arg(p)
                                          .arg(p + 1)));
      }
    }
  }

  void aRegressionsEpochPlotHasNoAccuracyAxis() {
    EpochPlot plot;
    plot.setRuns({trainingRun(1, 3, 3, true)});
    QVERIFY(!plot.customPlot()->yAxis2->visible());
    QVERIFY(plot.metricLine(0, "test accuracy") == nullptr);
    QCOMPARE(legendNames(plot.customPlot()),
             QStringList({"train loss", "validation loss", "test loss"}));
    // Overlaid with another regression: the key names no accuracy either.
    plot.setRuns({trainingRun(1, 3, 3, true), trainingRun(2, 2, 3, true)});
    QCOMPARE(legendNames(plot.customPlot()),
             QStringList({"#1 training", "#2 training", "train loss", "validation loss"}));
  }
};

} // namespace lrscope::ui

QTEST_MAIN(lrscope::ui::EpochPlotTest)
#include "epoch_plot_test.moc"
