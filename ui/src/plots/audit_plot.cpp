#include "plots/audit_plot.h"

#include "number_format.h"
#include "plots/crosshair.h"
#include "plots/log_ticker.h"
#include "plots/plot_export.h"
#include "plots/plotted_run.h"
#include "qcustomplot_include.h"

#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace lrscope::ui {
namespace {

const QColor kBest(46, 125, 50);
const QColor kSuggested(230, 81, 0);
const QColor kSeedDot(158, 158, 158);
const QColor kRange(76, 175, 80, 45);
const QColor kLabel(97, 97, 97);
/// A third of a decade of room on either side of the outermost LRs.
const double kLrPad = std::pow(10.0, 0.33);

QString axisTitle(engine::AuditMetric metric) {
  return metric == engine::AuditMetric::TestLoss ? QObject::tr("test loss (lower is better)")
                                                 : QObject::tr("test accuracy (%)");
}

QString noAuditHint() {
  return QObject::tr("No audit selected.\n\nlrscope audit trains the range test's suggestion and a "
                     "grid of peak LRs;\nits test metric against the peak LR appears here.");
}

/// The metric of the y axis and readout: accuracy in percent, loss as it is.
double auditAxisValue(engine::AuditMetric metric, double value) {
  return metric == engine::AuditMetric::TestLoss ? value : 100.0 * value;
}

} // namespace

AuditPlot::AuditPlot(QWidget* parent) : QWidget(parent), m_plot(new QCustomPlot(this)) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(m_plot);
  m_plot->setAutoAddPlottableToLegend(false);
  m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
  m_plot->axisRect()->setRangeZoomFactor(0.85);
  m_plot->xAxis->setLabel(tr("peak learning rate (one-cycle)"));
  LogTicker::install(m_plot->xAxis);
  m_plot->xAxis->setRange(1e-4, 1.0);
  m_plot->legend->setBrush(QColor(255, 255, 255, 215));
  m_plot->legend->setBorderPen(QPen(QColor(189, 189, 189)));
  QFont legendFont = font();
  legendFont.setPointSizeF(legendFont.pointSizeF() * 0.9);
  m_plot->legend->setFont(legendFont);

  auto* hint = new QCPItemText(m_plot);
  hint->position->setType(QCPItemPosition::ptAxisRectRatio);
  hint->position->setCoords(0.5, 0.5);
  hint->setText(noAuditHint());
  hint->setColor(kLabel);
  hint->setSelectable(false);
  m_hint = hint;
  m_crosshair =
      new Crosshair(m_plot, [this](double key, double value) { return readout(key, value); });
  new PlotExportMenu(m_plot, [this] { m_crosshair->hide(); });
  connect(m_plot, &QCustomPlot::mouseDoubleClick, this, [this] {
    m_plot->xAxis->setRange(m_fitLrs);
    m_plot->yAxis->setRange(m_fitValues);
    m_plot->replot();
  });
  clear();
}

AuditPlot::~AuditPlot() = default;

int AuditPlot::gridPointCount() const {
  return m_means != nullptr ? m_means->dataCount() : 0;
}

int AuditPlot::errorBarCount() const {
  int count = 0;
  for (const QCPErrorBars* bars : m_errorBars)
    count += bars->dataCount();
  return count;
}

void AuditPlot::removeAll() {
  for (QCPErrorBars* bars : m_errorBars)
    m_plot->removePlottable(bars);
  m_errorBars.clear();
  for (QCPGraph* graph : m_graphs)
    m_plot->removeGraph(graph);
  m_graphs.clear();
  m_means = nullptr;
  for (QCPAbstractItem* item : m_items)
    m_plot->removeItem(item);
  m_items.clear();
  m_plot->legend->clearItems();
  m_missingMarks = 0;
  m_suggestedLr.reset();
  m_bestLr.reset();
  m_rangeShown = false;
}

void AuditPlot::clear() {
  removeAll();
  static_cast<QCPItemText*>(m_hint)->setText(noAuditHint());
  m_hint->setVisible(true);
  m_plot->legend->setVisible(false);
  m_plot->yAxis->setLabel(QString());
  m_fitValues = QCPRange(0.0, 100.0);
  m_plot->yAxis->setRange(m_fitValues);
  m_plot->replot();
}

void AuditPlot::setAudit(const engine::AuditRecord& record, const engine::AuditSummary& summary) {
  removeAll();
  m_metric = summary.metric;
  m_plot->yAxis->setLabel(axisTitle(m_metric));
  // Where the legend hides the least: accuracy against LR is a hill whose low-LR side stays
  // high (the bottom left is empty); loss is a valley (the top middle is).
  m_plot->axisRect()->insetLayout()->setInsetAlignment(0, m_metric == engine::AuditMetric::TestLoss
                                                              ? Qt::AlignTop | Qt::AlignHCenter
                                                              : Qt::AlignBottom | Qt::AlignLeft);
  addRange(record);
  addGrid(summary);
  addSuggestion(summary);
  const bool anything = !m_graphs.empty() || m_rangeShown;
  m_hint->setVisible(!anything);
  if (!anything)
    static_cast<QCPItemText*>(m_hint)->setText(
        tr("This audit has no grid point yet:\nits first range test found no range, or it "
           "stopped before it."));
  m_plot->legend->setVisible(m_plot->legend->itemCount() > 0);
  fitView(record, summary);
  m_plot->replot();
}

void AuditPlot::addRange(const engine::AuditRecord& record) {
  std::vector<double> lowers;
  std::vector<double> uppers;
  for (const engine::AuditRangeTest& test : record.rangeTests) {
    lowers.push_back(test.lower);
    uppers.push_back(test.upper);
  }
  const double lower = engine::geometricMean(lowers);
  const double upper = engine::geometricMean(uppers);
  if (!(lower < upper))
    return;
  auto* band = new QCPItemRect(m_plot);
  band->setLayer(QStringLiteral("grid"));
  band->topLeft->setTypeX(QCPItemPosition::ptPlotCoords);
  band->topLeft->setTypeY(QCPItemPosition::ptAxisRectRatio);
  band->bottomRight->setTypeX(QCPItemPosition::ptPlotCoords);
  band->bottomRight->setTypeY(QCPItemPosition::ptAxisRectRatio);
  band->topLeft->setCoords(lower, 0.0);
  band->bottomRight->setCoords(upper, 1.0);
  band->setPen(Qt::NoPen);
  band->setBrush(kRange);
  band->setSelectable(false);
  m_items.push_back(band);
  // A legend entry for the band: an empty graph drawn as a thick line of its colour.
  QCPGraph* key = m_plot->addGraph();
  key->setPen(QPen(QColor(kRange.red(), kRange.green(), kRange.blue(), 110), 8));
  key->setName(record.rangeTests.size() > 1 ? tr("range tests' range") : tr("range test's range"));
  key->addToLegend();
  m_graphs.push_back(key);
  m_rangeShown = true;
}

void AuditPlot::addGrid(const engine::AuditSummary& summary) {
  if (summary.grid.empty())
    return;
  QCPGraph* means = m_plot->addGraph();
  m_graphs.push_back(means);
  m_means = means;
  const QColor color = runColor(0);
  means->setPen(QPen(color, 1.5));
  means->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, QPen(color), color, 8));
  means->setName(summary.seeds > 1 ? tr("grid: mean ± std, %1 seeds").arg(summary.seeds)
                                   : tr("grid"));
  means->addToLegend();
  QCPGraph* seeds = nullptr;
  if (summary.seeds > 1) {
    seeds = m_plot->addGraph();
    seeds->setLineStyle(QCPGraph::lsNone);
    seeds->setScatterStyle(
        QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(kSeedDot, 1.0), Qt::NoBrush, 5));
    seeds->setName(tr("each seed"));
    seeds->addToLegend();
    m_graphs.push_back(seeds);
  }
  QVector<double> errors;
  for (const engine::AuditPoint& point : summary.grid) {
    if (!std::isfinite(point.mean)) {
      auto* mark = new QCPItemText(m_plot);
      mark->position->setTypeX(QCPItemPosition::ptPlotCoords);
      mark->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
      mark->position->setCoords(point.maxLr, 0.03);
      mark->setPositionAlignment(Qt::AlignHCenter | Qt::AlignTop);
      mark->setColor(kLabel);
      mark->setText(tr("✕\nno value"));
      mark->setSelectable(false);
      m_items.push_back(mark);
      ++m_missingMarks;
      continue;
    }
    means->addData(point.maxLr, auditAxisValue(summary.metric, point.mean));
    errors.push_back(auditAxisValue(summary.metric, point.std));
    if (seeds != nullptr)
      for (const double value : point.values)
        if (std::isfinite(value))
          seeds->addData(point.maxLr, auditAxisValue(summary.metric, value));
  }
  if (summary.seeds > 1 && !errors.isEmpty()) {
    auto* bars = new QCPErrorBars(m_plot->xAxis, m_plot->yAxis);
    bars->setDataPlottable(means);
    bars->setData(errors);
    bars->setPen(QPen(color, 1.2));
    m_errorBars.push_back(bars);
  }
  if (summary.best) {
    const engine::AuditPoint& best = summary.grid[*summary.best];
    QCPGraph* star = m_plot->addGraph();
    star->setLineStyle(QCPGraph::lsNone);
    star->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssStar, QPen(kBest, 2.5), kBest, 18));
    star->addData(best.maxLr, auditAxisValue(summary.metric, best.mean));
    star->setName(tr("best of the grid (%1)").arg(lrShortText(best.maxLr)));
    star->addToLegend();
    m_graphs.push_back(star);
    m_bestLr = best.maxLr;
  }
}

void AuditPlot::addSuggestion(const engine::AuditSummary& summary) {
  const engine::AuditPoint& suggested = summary.suggested;
  if (!(std::isfinite(suggested.maxLr) && suggested.maxLr > 0.0) || summary.seeds == 0)
    return;
  auto* line = new QCPItemStraightLine(m_plot);
  line->point1->setCoords(suggested.maxLr, 0.0);
  line->point2->setCoords(suggested.maxLr, 1.0);
  line->setPen(QPen(kSuggested, 1.5, Qt::DashLine));
  line->setSelectable(false);
  m_items.push_back(line);
  auto* label = new QCPItemText(m_plot);
  label->position->setTypeX(QCPItemPosition::ptPlotCoords);
  label->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
  label->position->setCoords(suggested.maxLr, 0.0);
  label->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
  label->setPadding(QMargins(4, 2, 0, 0));
  label->setColor(kSuggested.darker(120));
  label->setText(tr("suggested %1").arg(lrShortText(suggested.maxLr)));
  label->setSelectable(false);
  m_items.push_back(label);
  m_suggestedLr = suggested.maxLr;

  QCPGraph* point = m_plot->addGraph();
  point->setLineStyle(QCPGraph::lsNone);
  point->setScatterStyle(
      QCPScatterStyle(QCPScatterStyle::ssDiamond, QPen(kSuggested, 2.0), kSuggested, 12));
  point->setName(summary.seeds > 1 ? tr("suggested: mean ± std") : tr("suggested"));
  point->addToLegend();
  m_graphs.push_back(point);
  if (!std::isfinite(suggested.mean))
    return;
  point->addData(suggested.maxLr, auditAxisValue(summary.metric, suggested.mean));
  if (summary.seeds > 1) {
    auto* bars = new QCPErrorBars(m_plot->xAxis, m_plot->yAxis);
    bars->setDataPlottable(point);
    bars->setData(QVector<double>{auditAxisValue(summary.metric, suggested.std)});
    bars->setPen(QPen(kSuggested, 1.2));
    m_errorBars.push_back(bars);
  }
}

void AuditPlot::fitView(const engine::AuditRecord& record, const engine::AuditSummary& summary) {
  double lowLr = INFINITY;
  double highLr = 0.0;
  const auto widen = [&](double lr) {
    if (std::isfinite(lr) && lr > 0.0) {
      lowLr = std::min(lowLr, lr);
      highLr = std::max(highLr, lr);
    }
  };
  for (const double lr : record.gridLrs)
    widen(lr);
  widen(summary.suggested.maxLr);
  for (const engine::AuditRangeTest& test : record.rangeTests)
    widen(test.lower), widen(test.upper);
  m_fitLrs = highLr > 0.0 ? QCPRange(lowLr / kLrPad, highLr * kLrPad) : QCPRange(1e-4, 1.0);
  m_plot->xAxis->setRange(m_fitLrs);
  double low = INFINITY;
  double high = -INFINITY;
  const auto include = [&](double value, double spread) {
    if (std::isfinite(value)) {
      low = std::min(low, auditAxisValue(m_metric, value - spread));
      high = std::max(high, auditAxisValue(m_metric, value + spread));
    }
  };
  std::vector<engine::AuditPoint> points = summary.grid;
  points.push_back(summary.suggested);
  for (const engine::AuditPoint& point : points) {
    include(point.mean, point.std);
    for (const double value : point.values)
      include(value, 0.0);
  }
  if (!std::isfinite(low)) {
    m_fitValues =
        m_metric == engine::AuditMetric::TestLoss ? QCPRange(0.0, 2.5) : QCPRange(0.0, 100.0);
  } else {
    const double margin = std::max(0.12 * (high - low), 0.02 * std::abs(high) + 1e-3);
    // Room for the legend (below accuracies, above losses), the crosses and the suggestion's
    // label; never far below what the metric can be (0).
    m_fitValues =
        m_metric == engine::AuditMetric::TestLoss
            ? QCPRange(std::max(low - 1.5 * margin, std::min(low, 0.0)), high + 3.5 * margin)
            : QCPRange(std::max(low - 3.5 * margin, std::min(low, 0.0) - 2.0),
                       std::min(high + 1.5 * margin, 103.0));
  }
  m_plot->yAxis->setRange(m_fitValues);
}

QString AuditPlot::readout(double key, double value) const {
  return m_metric == engine::AuditMetric::TestLoss
             ? tr("peak lr %1, test loss %2").arg(LogTicker::label(key), lossShortText(value))
             : tr("peak lr %1, test accuracy %2%").arg(LogTicker::label(key)).arg(value, 0, 'f', 1);
}

} // namespace lrscope::ui
