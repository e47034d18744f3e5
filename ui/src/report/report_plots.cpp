// Draws report figures with the app's plot classes, offscreen, into any QPainter.
#include "report/report_plots.h"

#include "plots/audit_plot.h"
#include "plots/epoch_plot.h"
#include "plots/loss_step_plot.h"
#include "plots/lr_curve_plot.h"
#include "plots/lr_step_plot.h"
#include "plots/plot_export.h"
#include "plots/sweep_epoch_plot.h"
#include "report/report_figure.h"

#include "qcustomplot_include.h"

#include <memory>

namespace lrscope::ui {
namespace {

/// The widget that draws a figure, and its QCustomPlot.
struct FigureWidget {
  std::unique_ptr<QWidget> owner;
  QCustomPlot* plot = nullptr;
};

template <typename Plot> FigureWidget runPlot(const ReportFigure& figure) {
  auto widget = std::make_unique<Plot>();
  widget->setRuns(figure.runs);
  QCustomPlot* plot = widget->customPlot();
  return {std::move(widget), plot};
}

FigureWidget sweepPlot(const storage::SweepSummary& sweep) {
  auto widget = std::make_unique<SweepEpochPlot>();
  widget->setSweep(sweep);
  QCustomPlot* plot = widget->customPlot();
  return {std::move(widget), plot};
}

FigureWidget auditPlot(const storage::AuditRun& audit) {
  auto widget = std::make_unique<AuditPlot>();
  widget->setAudit(audit.record, audit.summary);
  QCustomPlot* plot = widget->customPlot();
  return {std::move(widget), plot};
}

FigureWidget buildFigure(const ReportFigure& figure) {
  switch (figure.kind) {
  case ReportFigure::Kind::LossVsLr:
    return runPlot<LrCurvePlot>(figure);
  case ReportFigure::Kind::LossVsStep:
    return runPlot<LossStepPlot>(figure);
  case ReportFigure::Kind::LrVsStep:
    return runPlot<LrStepPlot>(figure);
  case ReportFigure::Kind::SweepValidation:
    if (figure.sweep)
      return sweepPlot(*figure.sweep);
    break;
  case ReportFigure::Kind::Audit:
    if (figure.audit)
      return auditPlot(*figure.audit);
    break;
  case ReportFigure::Kind::EpochMetrics:
    return runPlot<EpochPlot>(figure);
  }
  // A sweep or audit figure without its sweep or audit: an empty frame.
  auto plot = std::make_unique<QCustomPlot>();
  QCustomPlot* raw = plot.get();
  return {std::move(plot), raw};
}

/// On paper the legend goes below the plot, in rows, where it hides neither the curves nor the
/// suggestion labels along the top (the window keeps it inside, where it can be moved away).
void moveLegendBelow(QCustomPlot* plot) {
  QCPLegend* legend = plot->legend;
  if (!legend->visible() || legend->itemCount() == 0)
    return;
  if (!plot->axisRect()->insetLayout()->take(legend))
    return;
  plot->plotLayout()->addElement(1, 0, legend);
  plot->plotLayout()->setRowStretchFactor(1, 0.001);
  plot->plotLayout()->setRowSpacing(0);
  legend->setWrap(3); // before the order, which rearranges the items already in
  legend->setFillOrder(QCPLayoutGrid::foColumnsFirst, true);
  legend->setBorderPen(Qt::NoPen);
  legend->setBrush(Qt::NoBrush);
  legend->setMargins(QMargins(4, 0, 4, 2));
  legend->setColumnSpacing(16);
}

/// The figure's plot, laid out at `size` and ready to draw.
FigureWidget laidOut(const ReportFigure& figure, const QSize& size) {
  FigureWidget widget = buildFigure(figure);
  moveLegendBelow(widget.plot);
  // The widget is never shown: give the plot its size directly. The first replot lays the plot
  // out at that size, the second places what is laid out from it (suggestion labels).
  widget.plot->setViewport(QRect(QPoint(0, 0), size));
  widget.plot->replot();
  widget.plot->replot();
  return widget;
}

} // namespace

void paintFigure(const ReportFigure& figure, QCPPainter& painter, const QSize& size) {
  const FigureWidget widget = laidOut(figure, size);
  painter.save();
  painter.setMode(QCPPainter::pmVectorized);
  painter.setMode(QCPPainter::pmNoCaching);
  widget.plot->toPainter(&painter, size.width(), size.height());
  painter.restore();
}

QByteArray figureSvg(const ReportFigure& figure, const QSize& size, int dpi) {
  const FigureWidget widget = laidOut(figure, size);
  return plotSvg(*widget.plot, size, dpi, figure.caption);
}

} // namespace lrscope::ui
