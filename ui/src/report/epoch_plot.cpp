// The per-epoch plot of a report's training run: loss and accuracy.
#include "report/epoch_plot.h"

#include "report/report_figure.h"

#include "qcustomplot_include.h"

#include <algorithm>
#include <cmath>
#include <functional>

namespace lrscope::ui {
namespace {

using Metric = std::function<double(const engine::EpochRecord&)>;

/// Adds a graph of one metric per epoch (1-based); none when the metric was never recorded.
QCPGraph* addMetric(QCustomPlot* plot, QCPAxis* valueAxis,
                    const std::vector<engine::EpochRecord>& epochs, const Metric& metric,
                    const QString& name, const QPen& pen) {
  QVector<double> keys, values;
  for (const engine::EpochRecord& epoch : epochs) {
    const double value = metric(epoch);
    if (!std::isfinite(value))
      continue;
    keys.append(epoch.epoch + 1);
    values.append(value);
  }
  if (keys.isEmpty())
    return nullptr;
  QCPGraph* graph = plot->addGraph(plot->xAxis, valueAxis);
  graph->setData(keys, values, true);
  graph->setName(name);
  graph->setPen(pen);
  graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, pen.color(), 5));
  graph->addToLegend();
  return graph;
}

/// From the lowest loss up, leaving a blow-up above the view.
QCPRange lossRange(const QCustomPlot& plot, QCPAxis* axis) {
  std::vector<double> values;
  for (int i = 0; i < plot.graphCount(); ++i) {
    if (plot.graph(i)->valueAxis() != axis)
      continue;
    for (const QCPGraphData& point : *plot.graph(i)->data())
      if (std::isfinite(point.value))
        values.push_back(point.value);
  }
  if (values.empty())
    return QCPRange(0.0, 1.0);
  std::sort(values.begin(), values.end());
  const double low = values.front();
  double high = values.back();
  const double typical = values[values.size() * 9 / 10];
  if (high > 3.0 * typical && typical > low)
    high = typical * 1.5;
  const double margin = std::max(0.05 * (high - low), 1e-6);
  return QCPRange(std::max(0.0, low - margin), high + margin);
}

void styleAxes(QCustomPlot* plot, int lastEpoch) {
  QSharedPointer<QCPAxisTickerFixed> ticker(new QCPAxisTickerFixed);
  ticker->setTickStep(1.0);
  ticker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
  plot->xAxis->setTicker(ticker);
  plot->xAxis->setSubTicks(false); // epochs are whole
  plot->xAxis->setLabel(QObject::tr("epoch"));
  plot->xAxis->setRange(0.5, std::max(1, lastEpoch) + 0.5);
  plot->legend->setVisible(true);
  plot->legend->setBrush(QColor(255, 255, 255, 215));
  plot->legend->setBorderPen(QPen(QColor(189, 189, 189)));
  plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
}

int lastEpoch(const std::vector<EpochSeries>& series) {
  int last = 0;
  for (const EpochSeries& s : series)
    for (const engine::EpochRecord& epoch : s.epochs)
      last = std::max(last, epoch.epoch + 1);
  return last;
}

void fillTrainingPlot(QCustomPlot* plot, const EpochSeries& series) {
  const QColor lossColor = series.color.isValid() ? series.color : QColor(0x4e79a7);
  const QColor accuracyColor = lossColor == QColor(0xf28e2b) ? QColor(0x4e79a7) : QColor(0xf28e2b);
  const auto& e = series.epochs;
  using R = engine::EpochRecord;
  addMetric(
      plot, plot->yAxis, e, [](const R& r) { return r.trainLoss; }, QObject::tr("train loss"),
      QPen(lossColor, 2));
  addMetric(
      plot, plot->yAxis, e, [](const R& r) { return r.validationLoss; },
      QObject::tr("validation loss"), QPen(lossColor, 1.5, Qt::DashLine));
  addMetric(
      plot, plot->yAxis, e, [](const R& r) { return r.testLoss; }, QObject::tr("test loss"),
      QPen(lossColor, 1.5, Qt::DotLine));
  const QString right = QObject::tr(" (right axis)");
  const bool accuracy =
      addMetric(
          plot, plot->yAxis2, e, [](const R& r) { return r.trainAccuracy; },
          QObject::tr("train accuracy") + right, QPen(accuracyColor, 2)) != nullptr;
  addMetric(
      plot, plot->yAxis2, e, [](const R& r) { return r.validationAccuracy; },
      QObject::tr("validation accuracy") + right, QPen(accuracyColor, 1.5, Qt::DashLine));
  addMetric(
      plot, plot->yAxis2, e, [](const R& r) { return r.testAccuracy; },
      QObject::tr("test accuracy") + right, QPen(accuracyColor, 1.5, Qt::DotLine));
  plot->yAxis->setLabel(QObject::tr("loss"));
  plot->yAxis2->setVisible(accuracy);
  plot->yAxis2->setLabel(QObject::tr("accuracy"));
  plot->yAxis2->setRange(0.0, 1.0);
}

} // namespace

std::unique_ptr<QCustomPlot> newEpochPlot(const ReportFigure& figure) {
  auto plot = std::make_unique<QCustomPlot>();
  plot->setAutoAddPlottableToLegend(false);
  QFont legendFont = plot->font();
  legendFont.setPointSizeF(legendFont.pointSizeF() * 0.9);
  plot->legend->setFont(legendFont);
  if (!figure.series.empty())
    fillTrainingPlot(plot.get(), figure.series.front());
  styleAxes(plot.get(), lastEpoch(figure.series));
  plot->yAxis->setRange(lossRange(*plot, plot->yAxis));
  return plot;
}

} // namespace lrscope::ui
