#include "plots/run_plot.h"

#include "plots/crosshair.h"
#include "plots/plot_export.h"
#include "qcustomplot_include.h"

#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <optional>

namespace lrscope::ui {
namespace {

const QString kBandLayer = QStringLiteral("bands");
const QString kMarkerLayer = QStringLiteral("markers");

} // namespace

RunPlot::RunPlot(const QString& hint, QWidget* parent)
    : QWidget(parent), m_plot(new QCustomPlot(this)), m_hint(nullptr), m_crosshair(nullptr) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(m_plot);
  // Bands under the curves, markers over them; the crosshair uses the buffered overlay layer.
  m_plot->addLayer(kBandLayer, m_plot->layer(QStringLiteral("grid")), QCustomPlot::limAbove);
  m_plot->addLayer(kMarkerLayer, m_plot->layer(QStringLiteral("main")), QCustomPlot::limAbove);

  m_plot->setAutoAddPlottableToLegend(false);
  m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
  // Polylines in one call instead of segment by segment (joins slightly less exact), and no
  // antialiasing while the user drags or zooms: long curves stay fluid (lrscope --ui-bench).
  m_plot->setPlottingHint(QCP::phFastPolylines, true);
  m_plot->setNoAntialiasingOnDrag(true);
  m_plot->axisRect()->setRangeZoomFactor(0.85);
  m_plot->legend->setVisible(false);
  m_plot->legend->setBrush(QColor(255, 255, 255, 215));
  m_plot->legend->setBorderPen(QPen(QColor(189, 189, 189)));
  m_plot->legend->setIconSize(24, 10);
  QFont legendFont = font();
  legendFont.setPointSizeF(legendFont.pointSizeF() * 0.9);
  m_plot->legend->setFont(legendFont);
  m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);

  m_hint = new QCPItemText(m_plot);
  m_hint->position->setType(QCPItemPosition::ptAxisRectRatio);
  m_hint->position->setCoords(0.5, 0.5);
  m_hint->setText(hint);
  m_hint->setColor(QColor(97, 97, 97));
  m_hint->setSelectable(false);
  m_hint->setClipToAxisRect(false);             // a long hint may use the axes' margins too
  m_hint->setBrush(QColor(255, 255, 255, 235)); // over the grid, readable
  m_hint->setPadding(QMargins(14, 10, 14, 10));

  m_crosshair =
      new Crosshair(m_plot, [this](double key, double value) { return readout(key, value); });
  // Right click: export the current view (the crosshair is not part of it).
  new PlotExportMenu(m_plot, [this] { hideCrosshair(); });

  for (QCPAxis* axis : {m_plot->xAxis, m_plot->yAxis})
    connect(axis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this, &RunPlot::pinView);
  connect(m_plot, &QCustomPlot::mouseDoubleClick, this, &RunPlot::resetView);
  // After the layout, where the axis rect has its size for this replot: labels laid out from an
  // older size sat off the plot, and the legend then dodged where they were no more.
  connect(m_plot, &QCustomPlot::afterLayout, this, &RunPlot::arrangeOverlays);
  updateEmptyState();
}

RunPlot::~RunPlot() = default;

int RunPlot::runIndex(int64_t runId) const {
  for (std::size_t i = 0; i < m_runs.size(); ++i)
    if (m_runs[i].id == runId)
      return static_cast<int>(i);
  return -1;
}

void RunPlot::setRuns(const std::vector<PlottedRun>& runs) {
  removeRunGraphs();
  m_runs.clear();
  m_steps = 0;
  m_dense = false;
  for (const PlottedRun& plotted : runs) {
    PlottedRun info = plotted;
    info.steps.clear(); // the graphs hold the data
    info.epochs.reset();
    if (!info.color.isValid())
      info.color = runColor(runCount());
    m_runs.push_back(std::move(info));
    if (plotted.color.isValid()) {
      addRunGraphs(plotted);
    } else {
      PlottedRun withColor = plotted;
      withColor.color = m_runs.back().color;
      addRunGraphs(withColor);
    }
    countSteps(plotted.steps.size());
  }
  runsChanged();
  updateEmptyState();
  resetView();
}

void RunPlot::beginLiveRun(const PlottedRun& plotted) {
  const int existing = runIndex(plotted.id);
  if (existing >= 0) {
    if (!plotted.steps.empty())
      appendSteps(plotted.id, plotted.steps);
    return;
  }
  if (m_runs.empty())
    m_viewPinned = false;
  PlottedRun info = plotted;
  info.steps.clear(); // the graphs hold the data
  info.epochs.reset();
  if (!info.color.isValid())
    info.color = runColor(runCount());
  m_runs.push_back(std::move(info));
  PlottedRun withColor = plotted;
  withColor.color = m_runs.back().color;
  addRunGraphs(withColor);
  countSteps(plotted.steps.size());
  runsChanged();
  updateEmptyState();
  followData();
}

void RunPlot::appendSteps(int64_t runId, const std::vector<engine::StepRecord>& batch) {
  int index = runIndex(runId);
  if (index < 0) {
    PlottedRun created;
    created.id = runId;
    created.label = QStringLiteral("#%1").arg(runId);
    created.color = runColor(runCount());
    beginLiveRun(created);
    index = runCount() - 1;
  }
  if (batch.empty())
    return;
  appendRunSteps(index, batch);
  countSteps(batch.size());
  followData();
}

void RunPlot::followData() {
  if (!m_viewPinned)
    fitViewQuietly();
  m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void RunPlot::clear() {
  removeRunGraphs();
  m_runs.clear();
  m_steps = 0;
  m_dense = false;
  runsChanged();
  updateEmptyState();
  resetView();
}

void RunPlot::resetView() {
  fitViewQuietly();
  m_viewPinned = false;
  m_plot->replot();
}

void RunPlot::hideCrosshair() {
  m_crosshair->hide();
}

void RunPlot::setHint(const QString& hint) {
  m_hint->setText(hint);
  // Several lines (steps to follow) read best left-aligned; one line centred.
  m_hint->setTextAlignment(hint.count('\n') > 3 ? Qt::AlignLeft : Qt::AlignHCenter);
  m_plot->replot(QCustomPlot::rpQueuedReplot);
}

QString RunPlot::hint() const {
  return m_hint->text();
}

void RunPlot::setLegendShown(bool shown) {
  m_legendShown = shown;
  updateEmptyState();
  m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void RunPlot::arrangeOverlays() {
  layoutLabels();
  placeLegend();
}

void RunPlot::placeLegend() {
  if (!m_plot->legend->visible())
    return;
  // The legend's rectangle at each corner and edge of the axis rect, and what it would hide
  // there: a label (a suggestion's name, the range) weighs as much as many pieces of a curve.
  const QRect area = m_plot->axisRect()->rect().adjusted(12, 12, -12, -12);
  const QSize size = m_plot->legend->minimumOuterSizeHint();
  const auto rectAt = [&](Qt::Alignment at) {
    int x = area.center().x() - size.width() / 2;
    if (at & Qt::AlignLeft)
      x = area.left();
    else if (at & Qt::AlignRight)
      x = area.right() - size.width();
    int y = area.center().y() - size.height() / 2;
    if (at & Qt::AlignTop)
      y = area.top();
    else if (at & Qt::AlignBottom)
      y = area.bottom() - size.height();
    return QRectF(QPoint(x, y), size);
  };
  std::vector<QRectF> labels;
  for (int i = 0; i < m_plot->itemCount(); ++i) {
    const auto* text = qobject_cast<QCPItemText*>(m_plot->item(i));
    if (text != nullptr && text != m_hint && text->visible())
      labels.emplace_back(text->topLeft->pixelPosition(), text->bottomRight->pixelPosition());
  }
  // The curves as polylines of ~4,000 pieces in all, shared out among them, each piece weighing
  // the points it stands for (enough to see where the curves run; 20 runs of 10,000 steps cost
  // ~1 ms); a piece crossing the legend counts even when no point lies under it (the few points
  // of a validation or epoch line).
  struct Piece {
    QLineF line;
    QRectF bounds;
    int weight;
  };
  int curves = 0;
  for (int g = 0; g < m_plot->graphCount(); ++g)
    curves += m_plot->graph(g)->visible() && m_plot->graph(g)->dataCount() > 0 ? 1 : 0;
  const int piecesPerCurve = std::max(50, 4000 / std::max(1, curves));
  std::vector<Piece> pieces;
  for (int g = 0; g < m_plot->graphCount(); ++g) {
    const QCPGraph* graph = m_plot->graph(g);
    const int points = graph->dataCount();
    if (!graph->visible() || points == 0)
      continue;
    const int stride = std::max(1, points / piecesPerCurve);
    std::optional<QPointF> previous;
    // Every stride-th point and the last one, the newest of a live curve.
    for (int p = 0;; p = std::min(p + stride, points - 1)) {
      const auto point = graph->data()->at(p);
      const QPointF pixel = graph->coordsToPixels(point->key, point->value);
      if (std::isfinite(pixel.x()) && std::isfinite(pixel.y())) {
        const QLineF line(previous.value_or(pixel), pixel);
        pieces.push_back({line, QRectF(line.p1(), line.p2()).normalized(), stride});
        previous = pixel;
      } else {
        previous.reset();
      }
      if (p == points - 1)
        break;
    }
  }
  const auto crosses = [](const QLineF& line, const QRectF& rect) {
    if (rect.contains(line.p1()) || rect.contains(line.p2()))
      return true;
    const QLineF edges[] = {{rect.topLeft(), rect.topRight()},
                            {rect.topRight(), rect.bottomRight()},
                            {rect.bottomRight(), rect.bottomLeft()},
                            {rect.bottomLeft(), rect.topLeft()}};
    return std::any_of(std::begin(edges), std::end(edges), [&](const QLineF& edge) {
      return line.intersects(edge, nullptr) == QLineF::BoundedIntersection;
    });
  };
  const auto cost = [&](const QRectF& rect) {
    int covered = 0;
    for (const QRectF& label : labels)
      if (rect.intersects(label))
        covered += 1000;
    for (const Piece& piece : pieces)
      if (piece.bounds.right() >= rect.left() && piece.bounds.left() <= rect.right() &&
          piece.bounds.bottom() >= rect.top() && piece.bounds.top() <= rect.bottom() &&
          crosses(piece.line, rect))
        covered += piece.weight;
    return covered;
  };
  QCPLayoutInset* inset = m_plot->axisRect()->insetLayout();
  const Qt::Alignment current = inset->insetAlignment(0);
  Qt::Alignment best = current;
  int bestCost = cost(rectAt(current));
  // A tie keeps the legend where it is; otherwise the first best of these, corners before the
  // middles of the edges.
  for (const Qt::Alignment at :
       {Qt::AlignTop | Qt::AlignRight, Qt::AlignTop | Qt::AlignLeft,
        Qt::AlignBottom | Qt::AlignRight, Qt::AlignBottom | Qt::AlignLeft,
        Qt::AlignVCenter | Qt::AlignRight, Qt::AlignVCenter | Qt::AlignLeft,
        Qt::AlignTop | Qt::AlignHCenter, Qt::AlignBottom | Qt::AlignHCenter}) {
    const int covered = cost(rectAt(at));
    if (covered < bestCost) { // a tie keeps the legend where it is
      best = at;
      bestCost = covered;
    }
  }
  if (best != current) {
    inset->setInsetAlignment(0, best);
    // The layout of this replot is done: move the legend and its items now.
    inset->updateLayout();
    m_plot->legend->update(QCPLayoutElement::upLayout);
  }
}

const PlottedRun& RunPlot::run(int index) const {
  return m_runs.at(static_cast<std::size_t>(index));
}

PlottedRun& RunPlot::run(int index) {
  return m_runs.at(static_cast<std::size_t>(index));
}

void RunPlot::rebuildLegend(const std::vector<QCPGraph*>& runGraphs,
                            const std::vector<KeyEntry>& key) {
  for (QCPGraph* graph : m_keyGraphs)
    m_plot->removeGraph(graph);
  m_keyGraphs.clear();
  m_plot->legend->clearItems();
  for (QCPGraph* graph : runGraphs)
    graph->addToLegend();
  for (const KeyEntry& entry : key) {
    // A graph without data draws nothing and is never hit; it only lends the legend its line.
    QCPGraph* graph = m_plot->addGraph();
    graph->setName(entry.name);
    graph->setPen(entry.pen);
    graph->setScatterStyle(
        QCPScatterStyle(static_cast<QCPScatterStyle::ScatterShape>(entry.scatterShape), 5));
    graph->addToLegend();
    m_keyGraphs.push_back(graph);
  }
}

QCPLayer* RunPlot::bandLayer() const {
  return m_plot->layer(kBandLayer);
}

QCPLayer* RunPlot::markerLayer() const {
  return m_plot->layer(kMarkerLayer);
}

void RunPlot::updateEmptyState() {
  const bool empty = showsHint();
  m_hint->setVisible(empty);
  m_plot->legend->setVisible(!empty && m_legendShown);
  m_crosshair->hide(); // its readout was for the curves that were there
  m_crosshair->setEnabled(!empty);
}

void RunPlot::fitViewQuietly() {
  m_fitting = true;
  fitView();
  m_fitting = false;
}

void RunPlot::countSteps(std::size_t added) {
  m_steps += static_cast<int64_t>(added);
  if (!m_dense && m_steps > kDenseSteps) {
    m_dense = true;
    applyLineWidths();
  }
}

void RunPlot::pinView() {
  if (!m_fitting && !showsHint()) // a wheel over the hint pins nothing
    m_viewPinned = true;
}

void RunPlot::styleLossGraphs(QCPGraph* raw, QCPGraph* smoothed, QCPGraph* validationLoss) const {
  QPen pen = smoothed->pen();
  pen.setWidthF(lineWidth(2.0));
  smoothed->setPen(pen);
  pen = validationLoss->pen();
  pen.setWidthF(lineWidth(1.5));
  pen.setStyle(isDense() ? Qt::SolidLine : Qt::DashLine);
  validationLoss->setPen(pen);
  validationLoss->setScatterStyle(
      QCPScatterStyle(isDense() ? QCPScatterStyle::ssNone : QCPScatterStyle::ssCircle, 5));
  raw->setAntialiased(!isDense());
}

} // namespace lrscope::ui
