#include "plots/lr_curve_plot.h"

#include "number_format.h"
#include "plots/log_ticker.h"
#include "plots/loss_range.h"
#include "plots/range_editor.h"
#include "plots/range_marker.h"
#include "plots/suggestion_markers.h"
#include "qcustomplot_include.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace lrscope::ui {
namespace {

const QColor kKeyColor(97, 97, 97);
/// Raw losses are faint on purpose; their key line must still be seen.
const QColor kRawKeyColor(97, 97, 97, 130);
constexpr int kRawAlpha = 70; ///< ~27% opaque
constexpr int kBandFillAlpha = 55;
constexpr int kBandEdgeAlpha = 110;
/// The view while there is nothing to show: the default ladder of a range test.
const QCPRange kDefaultLrs(1e-7, 10.0);
const QCPRange kDefaultLosses(0.0, 2.5);
/// Height of one run's range strip (axis rect ratio) when several runs are compared.
constexpr double kStripHeight = 0.02;

QColor faded(QColor color) {
  color.setAlpha(kRawAlpha);
  return color;
}

/// The curve's lr of a step (the swept group's in a per-group test), or NaN when it has none
/// (the step is skipped).
double stepLr(const engine::StepRecord& step) {
  return step.curveLr() > 0 ? step.curveLr() : std::numeric_limits<double>::quiet_NaN();
}

/// Which kinds of curves a run has: a bit each for raw loss, validation loss and accuracy.
int kinds(bool hasRaw, const QCPGraph* validationLoss, const QCPGraph* validationAccuracy) {
  return (hasRaw ? 1 : 0) | (validationLoss->data()->isEmpty() ? 0 : 2) |
         (validationAccuracy->data()->isEmpty() ? 0 : 4);
}

QPen validationLossPen(const QColor& color, double width = 1.5) {
  return QPen(color, width, Qt::DashLine);
}

QPen validationAccuracyPen(const QColor& color) {
  return QPen(color, 1.2, Qt::DotLine);
}

} // namespace

struct LrCurvePlot::Graphs {
  QCPGraph* bandLow = nullptr;  ///< a repeated test's band: its lower edge, or null
  QCPGraph* bandHigh = nullptr; ///< its upper edge, filled down to bandLow
  QCPGraph* raw = nullptr;
  QCPGraph* smoothed = nullptr;
  QCPGraph* validationLoss = nullptr;
  QCPGraph* validationAccuracy = nullptr;
  bool hasRaw = false;
  bool thin = false;                ///< PlottedRun::thin
  std::optional<QCPRange> lrSpan;   ///< positive lrs recorded
  std::optional<QCPRange> lossView; ///< see interestingLossRange
};

LrCurvePlot::LrCurvePlot(QWidget* parent)
    : RunPlot(tr("No curve yet.\n\n"
                 "File > Open curve… loads one recorded by LR Scope or another tool\n"
                 "(CSV with lr and loss columns, or pytorch-lr-finder's JSON history).\n\n"
                 "From a terminal: lrscope find --save-curve curve.csv"),
              parent),
      m_range(nullptr), m_suggestions(nullptr) {
  QCustomPlot* plot = customPlot();
  plot->setAutoAddPlottableToLegend(false);
  LogTicker::install(plot->xAxis);
  plot->xAxis->setLabel(tr("learning rate"));
  plot->yAxis->setLabel(tr("loss"));
  plot->yAxis2->setLabel(tr("validation accuracy"));
  plot->yAxis2->setRange(0.0, 1.0);
  plot->yAxis2->setVisible(false);
  plot->xAxis->setRange(kDefaultLrs);
  plot->yAxis->setRange(kDefaultLosses);

  m_suggestions = new SuggestionMarkers(plot, markerLayer());
  m_range = new RangeEditor(plot, bandLayer(), markerLayer());
  connect(m_suggestions, &SuggestionMarkers::clicked, this, &LrCurvePlot::suggestionClicked);
  connect(m_range, &RangeEditor::rangeDragging, this, &LrCurvePlot::rangeDragging);
  connect(m_range, &RangeEditor::rangeEdited, this, [this](double lower, double upper) {
    if (runCount() == 1)
      run(0).range = storage::RangeBounds{lower, upper};
    Q_EMIT rangeEdited(lower, upper);
  });
}

LrCurvePlot::~LrCurvePlot() = default;

void LrCurvePlot::showCurve(const engine::LrCurve& curve,
                            const std::vector<engine::Suggestion>& suggestions,
                            const engine::LrRangeResult& range) {
  PlottedRun run;
  const bool hasRaw = curve.rawLosses.size() == curve.lrs.size();
  run.label = hasRaw ? tr("smoothed loss") : tr("loss");
  run.color = runColor(0);
  run.steps.reserve(curve.lrs.size());
  for (std::size_t i = 0; i < curve.lrs.size() && i < curve.losses.size(); ++i) {
    engine::StepRecord step;
    step.step = static_cast<int>(i);
    step.groupLrs = {curve.lrs[i]};
    step.smoothedLoss = curve.losses[i];
    step.loss = hasRaw ? curve.rawLosses[i] : std::numeric_limits<double>::quiet_NaN();
    run.steps.push_back(std::move(step));
  }
  run.suggestions = suggestions;
  if (range.range)
    run.range = storage::RangeBounds{range.range->lower, range.range->upper};
  setRuns({run});
}

void LrCurvePlot::setRange(std::optional<storage::RangeBounds> range) {
  if (runCount() != 1)
    return;
  run(0).range = range;
  m_range->setRange(range);
  customPlot()->replot(QCustomPlot::rpQueuedReplot);
}

std::optional<storage::RangeBounds> LrCurvePlot::range() const {
  return m_range->range();
}

void LrCurvePlot::setSnapToCurve(bool snap) {
  m_range->setSnapToCurve(snap);
}

bool LrCurvePlot::snapToCurve() const {
  return m_range->snapToCurve();
}

void LrCurvePlot::setSuggestionsVisible(bool visible) {
  m_suggestions->setVisible(visible);
  customPlot()->replot(QCustomPlot::rpQueuedReplot);
}

bool LrCurvePlot::suggestionsVisible() const {
  return m_suggestions->isVisible();
}

void LrCurvePlot::highlightSuggestion(const QString& rule) {
  m_suggestions->highlight(rule);
  customPlot()->replot(QCustomPlot::rpQueuedReplot);
}

int LrCurvePlot::suggestionMarkerCount() const {
  return m_suggestions->count();
}

int LrCurvePlot::bandCount() const {
  return static_cast<int>(std::count_if(m_graphs.begin(), m_graphs.end(),
                                        [](const Graphs& g) { return g.bandHigh != nullptr; }));
}

QCPGraph* LrCurvePlot::bandEdge(int index, bool upper) const {
  const Graphs& graphs = m_graphs.at(static_cast<std::size_t>(index));
  return upper ? graphs.bandHigh : graphs.bandLow;
}

int LrCurvePlot::whiskerCount() const {
  return m_suggestions->whiskerCount();
}

void LrCurvePlot::layoutLabels() {
  m_suggestions->layoutLabels();
}

SuggestionMarkers* LrCurvePlot::suggestionMarkers() const {
  return m_suggestions;
}

RangeMarker* LrCurvePlot::lowerMarker() const {
  return m_range->lowerMarker();
}

RangeMarker* LrCurvePlot::upperMarker() const {
  return m_range->upperMarker();
}

void LrCurvePlot::addBandGraphs(const PlottedRun& plotted, Graphs& graphs) {
  QCustomPlot* plot = customPlot();
  QVector<double> lrs, lows, highs;
  for (const engine::BandPoint& point : plotted.band) {
    if (!(point.lr > 0) || !std::isfinite(point.low) || !std::isfinite(point.high))
      continue;
    lrs.append(point.lr);
    lows.append(point.low);
    highs.append(point.high);
  }
  if (lrs.isEmpty())
    return;
  QColor edge = plotted.color;
  edge.setAlpha(kBandEdgeAlpha);
  QColor fill = plotted.color;
  fill.setAlpha(kBandFillAlpha);
  graphs.bandLow = plot->addGraph();
  graphs.bandHigh = plot->addGraph();
  for (QCPGraph* graph : {graphs.bandLow, graphs.bandHigh}) {
    graph->setLayer(bandLayer());
    graph->setPen(QPen(edge, 1));
    graph->setSelectable(QCP::stNone);
  }
  graphs.bandLow->setName(tr("%1 (10th percentile)").arg(plotted.label));
  graphs.bandHigh->setName(tr("%1 (90th percentile)").arg(plotted.label));
  graphs.bandLow->setData(lrs, lows, true);
  graphs.bandHigh->setData(lrs, highs, true);
  graphs.bandHigh->setBrush(fill);
  graphs.bandHigh->setChannelFillGraph(graphs.bandLow);
}

void LrCurvePlot::addRunGraphs(const PlottedRun& plotted) {
  QCustomPlot* plot = customPlot();
  Graphs graphs;
  graphs.thin = plotted.thin;
  addBandGraphs(plotted, graphs);
  graphs.raw = plot->addGraph();
  graphs.raw->setName(tr("%1 (raw)").arg(plotted.label));
  graphs.raw->setPen(QPen(faded(plotted.color), 1));
  graphs.raw->setVisible(!plotted.thin);
  graphs.smoothed = plot->addGraph();
  graphs.smoothed->setName(plotted.label);
  graphs.smoothed->setPen(QPen(plotted.color, plotted.thin ? 1.0 : lineWidth(2.0)));
  graphs.validationLoss = plot->addGraph();
  graphs.validationLoss->setName(tr("%1 (validation loss)").arg(plotted.label));
  graphs.validationLoss->setPen(validationLossPen(plotted.color, lineWidth(1.5)));
  graphs.validationLoss->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 5));
  graphs.validationAccuracy = plot->addGraph(plot->xAxis, plot->yAxis2);
  graphs.validationAccuracy->setName(tr("%1 (validation accuracy)").arg(plotted.label));
  graphs.validationAccuracy->setPen(validationAccuracyPen(plotted.color));
  graphs.validationAccuracy->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssTriangle, 5));
  m_graphs.push_back(graphs);
  m_adding = true; // the caller calls runsChanged once the run is in
  appendRunSteps(static_cast<int>(m_graphs.size()) - 1, plotted.steps);
  m_adding = false;
}

void LrCurvePlot::appendRunSteps(int index, const std::vector<engine::StepRecord>& batch) {
  Graphs& graphs = m_graphs.at(static_cast<std::size_t>(index));
  const int kindsBefore = kinds(graphs.hasRaw, graphs.validationLoss, graphs.validationAccuracy);
  QVector<double> lrs, raw, smoothed, validationLrs, validationLosses, accuracyLrs, accuracies;
  lrs.reserve(static_cast<int>(batch.size()));
  raw.reserve(static_cast<int>(batch.size()));
  smoothed.reserve(static_cast<int>(batch.size()));
  for (const engine::StepRecord& step : batch) {
    const double lr = stepLr(step);
    if (std::isnan(lr))
      continue;
    lrs.append(lr);
    raw.append(step.loss);
    smoothed.append(step.smoothedLoss);
    graphs.hasRaw = graphs.hasRaw || (std::isfinite(step.loss) && graphs.raw->visible());
    if (step.validationLoss) {
      validationLrs.append(lr);
      validationLosses.append(*step.validationLoss);
    }
    if (step.validationAccuracy) {
      accuracyLrs.append(lr);
      accuracies.append(*step.validationAccuracy);
    }
  }
  graphs.raw->addData(lrs, raw, true);
  graphs.smoothed->addData(lrs, smoothed, true);
  if (!validationLrs.isEmpty())
    graphs.validationLoss->addData(validationLrs, validationLosses, true);
  if (!accuracyLrs.isEmpty())
    graphs.validationAccuracy->addData(accuracyLrs, accuracies, true);
  // What fitView needs, kept per run so that an append to one run does not rescan the others.
  bool found = false;
  const QCPRange span = graphs.smoothed->data()->keyRange(found, QCP::sdPositive);
  graphs.lrSpan = found ? std::optional<QCPRange>(span) : std::nullopt;
  graphs.lossView = interestingLossRange(*graphs.smoothed->data(), *graphs.raw->data(),
                                         graphs.validationLoss->data().data());
  if (kinds(graphs.hasRaw, graphs.validationLoss, graphs.validationAccuracy) != kindsBefore &&
      !m_adding) // a new kind of curve: key it in the legend
    runsChanged();
}

void LrCurvePlot::removeRunGraphs() {
  QCustomPlot* plot = customPlot();
  for (const Graphs& graphs : m_graphs)
    for (QCPGraph* graph : {graphs.bandLow, graphs.bandHigh, graphs.raw, graphs.smoothed,
                            graphs.validationLoss, graphs.validationAccuracy})
      if (graph != nullptr)
        plot->removeGraph(graph);
  m_graphs.clear();
  for (QCPAbstractItem* item : m_strips)
    plot->removeItem(item);
  m_strips.clear();
}

void LrCurvePlot::fitView() {
  QCustomPlot* plot = customPlot();
  std::optional<QCPRange> lrs;
  std::optional<QCPRange> losses;
  for (const Graphs& graphs : m_graphs) {
    expandRange(lrs, graphs.lrSpan);
    expandRange(losses, graphs.lossView);
  }
  if (lrs && lrs->upper <= lrs->lower)
    *lrs = QCPRange(lrs->lower / 2, lrs->upper * 2);
  plot->xAxis->setRange(lrs.value_or(kDefaultLrs));
  plot->yAxis->setRange(losses.value_or(kDefaultLosses));
}

void LrCurvePlot::runsChanged() {
  // Legend: each run once, then a grey key for the kinds of curves some run has.
  bool anyRaw = false;
  bool anyValidationLoss = false;
  bool anyAccuracy = false;
  bool anyBand = false;
  std::vector<QCPGraph*> named;
  for (const Graphs& graphs : m_graphs) {
    named.push_back(graphs.smoothed);
    anyBand = anyBand || graphs.bandHigh != nullptr;
    anyRaw = anyRaw || graphs.hasRaw;
    anyValidationLoss = anyValidationLoss || !graphs.validationLoss->data()->isEmpty();
    anyAccuracy = anyAccuracy || !graphs.validationAccuracy->data()->isEmpty();
  }
  std::vector<KeyEntry> key;
  if (anyBand)
    key.push_back({tr("median of the repeats, 10th–90th percentile shaded"),
                   QPen(QColor(97, 97, 97, kBandFillAlpha + 40), 8), 0});
  if (anyRaw)
    key.push_back({tr("raw loss"), QPen(kRawKeyColor, 1), 0});
  if (anyValidationLoss)
    key.push_back({tr("validation loss"), validationLossPen(kKeyColor), QCPScatterStyle::ssCircle});
  if (anyAccuracy)
    key.push_back({tr("validation accuracy (right axis)"), validationAccuracyPen(kKeyColor),
                   QCPScatterStyle::ssTriangle});
  rebuildLegend(named, key);
  customPlot()->yAxis2->setVisible(anyAccuracy);

  const bool single = runCount() == 1;
  m_suggestions->setSuggestions(single ? run(0).suggestions : std::vector<engine::Suggestion>{},
                                single ? run(0).spreads : std::vector<engine::RuleSpread>{});
  m_range->setCurve(single ? m_graphs.front().smoothed : nullptr);
  if (!lowerMarker()->isDragging() && !upperMarker()->isDragging()) // live points mid-drag
    m_range->setRange(single ? run(0).range : std::nullopt);
  updateRangeStrips();
}

void LrCurvePlot::updateRangeStrips() {
  QCustomPlot* plot = customPlot();
  for (QCPAbstractItem* item : m_strips)
    plot->removeItem(item);
  m_strips.clear();
  if (runCount() < 2)
    return;
  // One strip per run along the bottom, stacked, so that many ranges stay apart.
  const double height = std::min(kStripHeight, 0.3 / runCount());
  for (int i = 0; i < runCount(); ++i) {
    const std::optional<storage::RangeBounds>& range = run(i).range;
    if (!range)
      continue;
    auto* strip = new QCPItemRect(plot);
    strip->setLayer(bandLayer());
    strip->setSelectable(false);
    strip->topLeft->setTypeY(QCPItemPosition::ptAxisRectRatio);
    strip->bottomRight->setTypeY(QCPItemPosition::ptAxisRectRatio);
    strip->topLeft->setCoords(range->lower, 1.0 - (i + 1) * height);
    strip->bottomRight->setCoords(range->upper, 1.0 - i * height);
    QColor fill = run(i).color;
    fill.setAlpha(110);
    strip->setBrush(fill);
    strip->setPen(QPen(run(i).color, 1));
    strip->setClipToAxisRect(true);
    m_strips.push_back(strip);
  }
}

void LrCurvePlot::applyLineWidths() {
  for (const Graphs& graphs : m_graphs) {
    styleLossGraphs(graphs.raw, graphs.smoothed, graphs.validationLoss);
    if (graphs.thin) {
      QPen thinPen = graphs.smoothed->pen();
      thinPen.setWidthF(1.0);
      graphs.smoothed->setPen(thinPen);
    }
    QPen pen = graphs.validationAccuracy->pen();
    pen.setWidthF(lineWidth(1.2));
    pen.setStyle(isDense() ? Qt::SolidLine : Qt::DotLine);
    graphs.validationAccuracy->setPen(pen);
    graphs.validationAccuracy->setScatterStyle(
        QCPScatterStyle(isDense() ? QCPScatterStyle::ssNone : QCPScatterStyle::ssTriangle, 5));
  }
}

QString LrCurvePlot::readout(double key, double value) const {
  return tr("lr %1, loss %2").arg(lrText(key, 2), lossShortText(value));
}

} // namespace lrscope::ui
