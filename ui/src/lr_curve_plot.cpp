#include "lr_curve_plot.h"

#include "qcustomplot_include.h"
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace lrscope::ui {
namespace {

const QColor kRawColor(120, 144, 156, 110);
const QColor kSmoothColor(25, 118, 210);
const QColor kRangeColor(76, 175, 80);

QVector<double> toVector(const std::vector<double>& values) {
  return QVector<double>(values.begin(), values.end());
}

} // namespace

LrCurvePlot::LrCurvePlot(QWidget* parent) : QWidget(parent), m_plot(new QCustomPlot(this)) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(m_plot);
  m_plot->xAxis->setScaleType(QCPAxis::stLogarithmic);
  m_plot->xAxis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
  m_plot->xAxis->setNumberFormat("eb");
  m_plot->xAxis->setNumberPrecision(0);
  m_plot->xAxis->setLabel("learning rate");
  m_plot->yAxis->setLabel("loss");
  m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
  m_plot->legend->setVisible(true);
  m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);
  showEmptyState();
}

void LrCurvePlot::clear() {
  m_plot->clearGraphs();
  m_plot->clearItems();
}

void LrCurvePlot::showEmptyState() {
  clear();
  m_plot->legend->setVisible(false);
  m_plot->xAxis->setRange(1e-7, 10);
  m_plot->yAxis->setRange(0, 2.5);
  auto* hint = new QCPItemText(m_plot);
  hint->position->setType(QCPItemPosition::ptAxisRectRatio);
  hint->position->setCoords(0.5, 0.5);
  hint->setText(tr("No curve yet.\n\n"
                   "File > Open curve… loads one recorded by LR Scope or another tool\n"
                   "(CSV with lr and loss columns, or pytorch-lr-finder's JSON history).\n\n"
                   "From a terminal: lrscope find --save-curve curve.csv"));
  hint->setColor(QColor(97, 97, 97));
  m_plot->replot();
}

void LrCurvePlot::showCurve(const engine::LrCurve& curve,
                            const std::vector<engine::Suggestion>& suggestions,
                            const engine::LrRangeResult& range) {
  clear();
  m_plot->legend->setVisible(true);
  const QVector<double> lrs = toVector(curve.lrs);
  if (!curve.rawLosses.empty()) {
    QCPGraph* raw = m_plot->addGraph();
    raw->setName(tr("raw loss"));
    raw->setPen(QPen(kRawColor, 1));
    raw->setData(lrs, toVector(curve.rawLosses), true);
  }
  QCPGraph* smooth = m_plot->addGraph();
  smooth->setName(curve.rawLosses.empty() ? tr("loss") : tr("smoothed loss"));
  smooth->setPen(QPen(kSmoothColor, 2));
  smooth->setData(lrs, toVector(curve.losses), true);

  // Y range: from the lowest finite loss (raw ones too, up to the smoothed minimum) up to the
  // highest one before that minimum, plus a margin, so that the blow-up at the end of a diverged
  // test does not flatten the curve.
  std::size_t lowest = curve.losses.size();
  for (std::size_t i = 0; i < curve.losses.size(); ++i)
    if (std::isfinite(curve.losses[i]) &&
        (lowest == curve.losses.size() || curve.losses[i] < curve.losses[lowest]))
      lowest = i;
  if (lowest < curve.losses.size()) {
    double high = curve.losses[lowest];
    for (std::size_t i = 0; i <= lowest; ++i)
      if (std::isfinite(curve.losses[i]))
        high = std::max(high, curve.losses[i]);
    double low = curve.losses[lowest];
    for (std::size_t i = 0; i < std::min(lowest + 1, curve.rawLosses.size()); ++i)
      if (std::isfinite(curve.rawLosses[i]))
        low = std::min(low, curve.rawLosses[i]);
    const double pad = std::max(0.25 * (high - low), 1e-6);
    m_plot->yAxis->setRange(low - pad, high + pad);
  }
  if (!curve.lrs.empty())
    m_plot->xAxis->setRange(curve.lrs.front(), curve.lrs.back());

  if (range.range) {
    auto* band = new QCPItemRect(m_plot);
    band->topLeft->setTypeY(QCPItemPosition::ptAxisRectRatio);
    band->bottomRight->setTypeY(QCPItemPosition::ptAxisRectRatio);
    band->topLeft->setCoords(range.range->lower, 0);
    band->bottomRight->setCoords(range.range->upper, 1);
    band->setPen(QPen(kRangeColor, 1.5));
    QColor fill = kRangeColor;
    fill.setAlpha(40);
    band->setBrush(fill);
    auto* label = new QCPItemText(m_plot);
    label->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
    label->position->setCoords(std::sqrt(range.range->lower * range.range->upper), 0.03);
    label->setPositionAlignment(Qt::AlignTop | Qt::AlignHCenter);
    label->setText(
        tr("range %1 .. %2").arg(range.range->lower, 0, 'e', 1).arg(range.range->upper, 0, 'e', 1));
    label->setColor(kRangeColor.darker(140));
  }

  int row = 0;
  for (const engine::Suggestion& s : suggestions) {
    auto* marker = new QCPItemStraightLine(m_plot);
    marker->point1->setCoords(s.lr, 0);
    marker->point2->setCoords(s.lr, 1);
    QPen pen(QColor(230, 81, 0, 150), 1, Qt::DashLine);
    marker->setPen(pen);
    auto* label = new QCPItemText(m_plot);
    label->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
    label->position->setCoords(s.lr, 0.10 + 0.06 * row++);
    label->setPositionAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    label->setText(QString::fromStdString(s.rule));
    label->setColor(QColor(191, 54, 12));
    label->setPadding(QMargins(3, 0, 0, 0));
  }
  m_plot->replot();
}

} // namespace lrscope::ui
