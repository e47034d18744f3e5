#include "plots/epoch_plot.h"

#include "number_format.h"
#include "plots/loss_range.h"
#include "qcustomplot_include.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace lrscope::ui {
namespace {

QString noTrainingRunHint() {
  return EpochPlot::tr("No training run selected.\n\nA training run's loss and accuracy appear "
                       "here, epoch by epoch.\nTrain with a picked range: Run > Train with this "
                       "range… (Ctrl+T).");
}

/// One figure of an epoch record, drawn as a line over the epochs.
struct Metric {
  const char* name;
  double engine::EpochRecord::*field;
  bool accuracy; ///< on the right axis
  Qt::PenStyle style;
};

using engine::EpochRecord;
constexpr std::array<Metric, 6> kMetrics{{
    {QT_TRANSLATE_NOOP("lrscope::ui::EpochPlot", "train loss"), &EpochRecord::trainLoss, false,
     Qt::SolidLine},
    {QT_TRANSLATE_NOOP("lrscope::ui::EpochPlot", "validation loss"), &EpochRecord::validationLoss,
     false, Qt::DashLine},
    {QT_TRANSLATE_NOOP("lrscope::ui::EpochPlot", "test loss"), &EpochRecord::testLoss, false,
     Qt::DotLine},
    {QT_TRANSLATE_NOOP("lrscope::ui::EpochPlot", "train accuracy"), &EpochRecord::trainAccuracy,
     true, Qt::SolidLine},
    {QT_TRANSLATE_NOOP("lrscope::ui::EpochPlot", "validation accuracy"),
     &EpochRecord::validationAccuracy, true, Qt::DashLine},
    {QT_TRANSLATE_NOOP("lrscope::ui::EpochPlot", "test accuracy"), &EpochRecord::testAccuracy, true,
     Qt::DotLine},
}};
constexpr std::size_t kTrainLoss = 0;
constexpr std::size_t kValidationLoss = 1;
constexpr std::size_t kValidationAccuracy = 4;
constexpr std::size_t kTestAccuracy = 5;

const QColor kKeyColor(97, 97, 97);
const QColor kOrange(0xf28e2b);
const QColor kBlue(0x4e79a7);

QString metricName(const Metric& metric) {
  const QString name = EpochPlot::tr(metric.name);
  return metric.accuracy ? EpochPlot::tr("%1 (right axis)").arg(name) : name;
}

QPen metricPen(const Metric& metric, const QColor& color) {
  return QPen(color, metric.style == Qt::SolidLine ? 2.0 : 1.5, metric.style);
}

QCPScatterStyle::ScatterShape metricShape(const Metric& metric) {
  return metric.accuracy ? QCPScatterStyle::ssTriangle : QCPScatterStyle::ssCircle;
}

/// The accuracies' colour beside losses drawn in `lossColor`: one that stands apart from it.
QColor accuracyColor(const QColor& lossColor) {
  return lossColor == kOrange ? kBlue : kOrange;
}

/// The finite values of these lines.
std::vector<double> valuesOf(const std::vector<const QCPGraph*>& lines) {
  std::vector<double> values;
  for (const QCPGraph* line : lines)
    for (const QCPGraphData& point : *line->data())
      if (std::isfinite(point.value))
        values.push_back(point.value);
  return values;
}

/// The losses drawn without one that blew up, with a margin.
QCPRange lossRange(const std::vector<double>& values) {
  const auto span = typicalLossSpan(values);
  if (!span)
    return QCPRange(0.0, 1.0);
  const auto [low, high] = *span;
  const double margin = std::max({0.08 * (high - low), 0.05 * std::abs(high), 1e-6});
  return QCPRange(std::max(0.0, low - margin), high + margin);
}

/// The accuracies drawn, with a margin, within 0..1.
QCPRange accuracyRange(const std::vector<double>& values) {
  if (values.empty())
    return QCPRange(0.0, 1.0);
  const auto [low, high] = std::minmax_element(values.begin(), values.end());
  const double margin = std::max(0.1 * (*high - *low), 0.01);
  return QCPRange(std::max(0.0, *low - margin), std::min(1.0, *high + margin));
}

} // namespace

struct EpochPlot::Graphs {
  std::array<QCPGraph*, kMetrics.size()> lines{};
  int lastEpoch = -1; ///< the last epoch drawn, 0-based
  int plannedEpochs = 0;
};

EpochPlot::EpochPlot(QWidget* parent) : RunPlot(noTrainingRunHint(), parent) {
  QCustomPlot* plot = customPlot();
  plot->xAxis->setLabel(tr("epoch"));
  plot->yAxis->setLabel(tr("loss"));
  plot->yAxis2->setLabel(tr("accuracy"));
  plot->yAxis2->setRange(0.0, 1.0);
  plot->yAxis2->setVisible(false);
  plot->xAxis->setRange(0.5, 5.5);
  plot->yAxis->setRange(0.0, 1.0);
  // Whole epochs only.
  auto ticker = QSharedPointer<QCPAxisTickerFixed>::create();
  ticker->setTickStep(1.0);
  ticker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
  plot->xAxis->setTicker(ticker);
  plot->xAxis->setSubTicks(false);
  // Dragging and zooming move the accuracies with the losses.
  plot->axisRect()->setRangeDragAxes({plot->xAxis}, {plot->yAxis, plot->yAxis2});
  plot->axisRect()->setRangeZoomAxes({plot->xAxis}, {plot->yAxis, plot->yAxis2});
}

EpochPlot::~EpochPlot() = default;

void EpochPlot::appendEpoch(int64_t runId, const engine::EpochRecord& record) {
  const int index = runIndex(runId);
  if (index < 0)
    return;
  Graphs& graphs = m_graphs[static_cast<std::size_t>(index)];
  if (record.epoch <= graphs.lastEpoch)
    return;
  const bool hadEpochs = anyEpochs();
  bool newMetric = false;
  for (std::size_t m = 0; m < kMetrics.size(); ++m) {
    const double value = record.*kMetrics[m].field;
    if (!std::isfinite(value))
      continue;
    newMetric = newMetric || graphs.lines[m]->data()->isEmpty();
    graphs.lines[m]->addData(record.epoch + 1, value);
  }
  graphs.lastEpoch = record.epoch;
  if (newMetric)
    styleLines(); // its legend entry, perhaps the right axis
  if (!hadEpochs)
    updateEmptyState();
  followData();
}

const QCPGraph* EpochPlot::metricLine(int index, const QString& metric) const {
  if (index < 0 || index >= static_cast<int>(m_graphs.size()))
    return nullptr;
  for (std::size_t m = 0; m < kMetrics.size(); ++m) {
    const QCPGraph* line = m_graphs[static_cast<std::size_t>(index)].lines[m];
    if (metric == QLatin1String(kMetrics[m].name))
      return line->visible() && !line->data()->isEmpty() ? line : nullptr;
  }
  return nullptr;
}

int EpochPlot::epochCount(int index) const {
  return index < 0 || index >= static_cast<int>(m_graphs.size())
             ? 0
             : m_graphs[static_cast<std::size_t>(index)].lastEpoch + 1;
}

void EpochPlot::addRunGraphs(const PlottedRun& run) {
  QCustomPlot* plot = customPlot();
  Graphs graphs;
  graphs.plannedEpochs = run.plannedEpochs;
  for (std::size_t m = 0; m < kMetrics.size(); ++m) {
    QCPGraph* line = plot->addGraph(plot->xAxis, kMetrics[m].accuracy ? plot->yAxis2 : plot->yAxis);
    if (run.epochs)
      for (const engine::EpochRecord& epoch : *run.epochs)
        if (std::isfinite(epoch.*kMetrics[m].field))
          line->addData(epoch.epoch + 1, epoch.*kMetrics[m].field);
    graphs.lines[m] = line;
  }
  if (run.epochs && !run.epochs->empty())
    graphs.lastEpoch = run.epochs->back().epoch;
  m_graphs.push_back(graphs);
}

void EpochPlot::appendRunSteps(int, const std::vector<engine::StepRecord>&) {
  // Epochs come through appendEpoch.
}

void EpochPlot::removeRunGraphs() {
  for (const Graphs& graphs : m_graphs)
    for (QCPGraph* line : graphs.lines)
      customPlot()->removeGraph(line);
  m_graphs.clear();
}

void EpochPlot::fitView() {
  QCustomPlot* plot = customPlot();
  int epochs = 1;
  std::vector<const QCPGraph*> losses;
  std::vector<const QCPGraph*> accuracies;
  for (const Graphs& graphs : m_graphs) {
    epochs = std::max({epochs, graphs.lastEpoch + 1, graphs.plannedEpochs});
    for (std::size_t m = 0; m < kMetrics.size(); ++m)
      if (graphs.lines[m]->visible())
        (kMetrics[m].accuracy ? accuracies : losses).push_back(graphs.lines[m]);
  }
  plot->xAxis->setRange(0.5, epochs + 0.5);
  plot->yAxis->setRange(lossRange(valuesOf(losses)));
  plot->yAxis2->setRange(accuracyRange(valuesOf(accuracies)));
}

void EpochPlot::runsChanged() {
  styleLines();
  setHint(runCount() == 0
              ? noTrainingRunHint()
              : tr("No epoch has finished yet.\n\nEach epoch's losses and accuracy appear here "
                   "when it ends."));
}

bool EpochPlot::showsHint() const {
  return !anyEpochs();
}

QString EpochPlot::readout(double key, double value) const {
  const QCustomPlot* plot = customPlot();
  QString text = tr("epoch %1 · loss %2").arg(qRound(key)).arg(lossShortText(value));
  if (plot->yAxis2->visible()) {
    const double accuracy = plot->yAxis2->pixelToCoord(plot->yAxis->coordToPixel(value));
    text += tr(" · accuracy %1").arg(percentText(accuracy));
  }
  return text;
}

void EpochPlot::styleLines() {
  const bool overlay = m_graphs.size() > 1;
  std::vector<QCPGraph*> named;
  bool anyAccuracy = false;
  std::array<bool, kMetrics.size()> keyed{}; // the styles an overlay's key explains
  keyed[kTrainLoss] = keyed[kValidationLoss] = true;
  for (std::size_t i = 0; i < m_graphs.size(); ++i) {
    const QColor color = run(static_cast<int>(i)).color;
    // An overlay draws one accuracy per run: its test accuracy, or without a test split its
    // validation accuracy.
    const std::size_t accuracy =
        m_graphs[i].lines[kTestAccuracy]->data()->isEmpty() ? kValidationAccuracy : kTestAccuracy;
    for (std::size_t m = 0; m < kMetrics.size(); ++m) {
      QCPGraph* line = m_graphs[i].lines[m];
      const Metric& metric = kMetrics[m];
      const bool shown = !overlay || m == kTrainLoss || m == kValidationLoss || m == accuracy;
      line->setVisible(shown);
      line->setPen(metricPen(metric, overlay || !metric.accuracy ? color : accuracyColor(color)));
      line->setScatterStyle(QCPScatterStyle(metricShape(metric), 5));
      if (!shown || line->data()->isEmpty())
        continue;
      anyAccuracy = anyAccuracy || metric.accuracy;
      keyed[m] = true;
      if (!overlay) {
        line->setName(metricName(metric));
        named.push_back(line);
      }
    }
    if (overlay) { // the run's name on its train loss, a solid line in its colour
      m_graphs[i].lines[kTrainLoss]->setName(run(static_cast<int>(i)).label);
      named.push_back(m_graphs[i].lines[kTrainLoss]);
    }
  }
  std::vector<KeyEntry> key;
  if (overlay)
    for (std::size_t m = 0; m < kMetrics.size(); ++m)
      if (keyed[m])
        key.push_back(
            {metricName(kMetrics[m]), metricPen(kMetrics[m], kKeyColor), metricShape(kMetrics[m])});
  rebuildLegend(named, key);
  customPlot()->yAxis2->setVisible(anyAccuracy);
}

bool EpochPlot::anyEpochs() const {
  return std::any_of(m_graphs.begin(), m_graphs.end(),
                     [](const Graphs& graphs) { return graphs.lastEpoch >= 0; });
}

} // namespace lrscope::ui
