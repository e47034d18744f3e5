#include "plots/loss_step_plot.h"

#include "number_format.h"
#include "plots/loss_range.h"
#include "qcustomplot_include.h"

#include <cmath>

namespace lrscope::ui {
namespace {

const QColor kKeyColor(97, 97, 97);
/// Raw losses are faint on purpose; their key line must still be seen.
const QColor kRawKeyColor(97, 97, 97, 130);
/// The view while there is nothing to show.
const QCPRange kDefaultSteps(0, 100);
const QCPRange kDefaultLosses(0.0, 2.5);
constexpr int kRawAlpha = 70; ///< ~27% opaque

QColor faded(QColor color) {
  color.setAlpha(kRawAlpha);
  return color;
}

QPen validationLossPen(const QColor& color, double width = 1.5) {
  return QPen(color, width, Qt::DashLine);
}

} // namespace

struct LossStepPlot::Graphs {
  QCPGraph* raw = nullptr;
  QCPGraph* smoothed = nullptr;
  QCPGraph* validationLoss = nullptr;
  std::optional<QCPRange> stepSpan;
  std::optional<QCPRange> lossView; ///< see interestingLossRange
};

LossStepPlot::LossStepPlot(QWidget* parent)
    : RunPlot(tr("No run yet.\n\nThe loss of each step appears here while a run records it."),
              parent) {
  QCustomPlot* plot = customPlot();
  plot->setAutoAddPlottableToLegend(false);
  plot->xAxis->setLabel(tr("step"));
  plot->yAxis->setLabel(tr("loss"));
  plot->xAxis->setRange(kDefaultSteps);
  plot->yAxis->setRange(kDefaultLosses);
}

LossStepPlot::~LossStepPlot() = default;

void LossStepPlot::addRunGraphs(const PlottedRun& plotted) {
  QCustomPlot* plot = customPlot();
  Graphs graphs;
  graphs.raw = plot->addGraph();
  graphs.raw->setName(tr("%1 (raw)").arg(plotted.label));
  graphs.raw->setPen(QPen(faded(plotted.color), 1));
  graphs.smoothed = plot->addGraph();
  graphs.smoothed->setName(plotted.label);
  graphs.smoothed->setPen(QPen(plotted.color, lineWidth(2.0)));
  graphs.validationLoss = plot->addGraph();
  graphs.validationLoss->setName(tr("%1 (validation loss)").arg(plotted.label));
  graphs.validationLoss->setPen(validationLossPen(plotted.color, lineWidth(1.5)));
  graphs.validationLoss->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 5));
  m_graphs.push_back(graphs);
  m_adding = true;
  appendRunSteps(static_cast<int>(m_graphs.size()) - 1, plotted.steps);
  m_adding = false;
}

void LossStepPlot::appendRunSteps(int index, const std::vector<engine::StepRecord>& batch) {
  Graphs& graphs = m_graphs.at(static_cast<std::size_t>(index));
  const bool hadValidation = !graphs.validationLoss->data()->isEmpty();
  QVector<double> steps, raw, smoothed, validationSteps, validationLosses;
  steps.reserve(static_cast<int>(batch.size()));
  raw.reserve(static_cast<int>(batch.size()));
  smoothed.reserve(static_cast<int>(batch.size()));
  for (const engine::StepRecord& step : batch) {
    steps.append(step.step);
    raw.append(step.loss);
    smoothed.append(step.smoothedLoss);
    if (step.validationLoss) {
      validationSteps.append(step.step);
      validationLosses.append(*step.validationLoss);
    }
  }
  graphs.raw->addData(steps, raw, true);
  graphs.smoothed->addData(steps, smoothed, true);
  if (!validationSteps.isEmpty())
    graphs.validationLoss->addData(validationSteps, validationLosses, true);
  // What fitView needs, kept per run so that an append to one run does not rescan the others.
  bool found = false;
  const QCPRange span = graphs.smoothed->data()->keyRange(found);
  graphs.stepSpan = found ? std::optional<QCPRange>(span) : std::nullopt;
  graphs.lossView = interestingLossRange(*graphs.smoothed->data(), *graphs.raw->data(),
                                         graphs.validationLoss->data().data());
  if (!hadValidation && !validationSteps.isEmpty() && !m_adding)
    runsChanged();
}

void LossStepPlot::removeRunGraphs() {
  QCustomPlot* plot = customPlot();
  for (const Graphs& graphs : m_graphs)
    for (QCPGraph* graph : {graphs.raw, graphs.smoothed, graphs.validationLoss})
      plot->removeGraph(graph);
  m_graphs.clear();
}

void LossStepPlot::fitView() {
  QCustomPlot* plot = customPlot();
  std::optional<QCPRange> steps;
  std::optional<QCPRange> losses;
  for (const Graphs& graphs : m_graphs) {
    expandRange(steps, graphs.stepSpan);
    expandRange(losses, graphs.lossView);
  }
  plot->xAxis->setRange(steps ? QCPRange(steps->lower, std::max(steps->upper, steps->lower + 1))
                              : kDefaultSteps);
  plot->yAxis->setRange(losses.value_or(kDefaultLosses));
}

void LossStepPlot::runsChanged() {
  std::vector<QCPGraph*> named;
  bool anyRaw = false;
  bool anyValidation = false;
  for (const Graphs& graphs : m_graphs) {
    named.push_back(graphs.smoothed);
    anyRaw = anyRaw || !graphs.raw->data()->isEmpty();
    anyValidation = anyValidation || !graphs.validationLoss->data()->isEmpty();
  }
  std::vector<KeyEntry> key;
  if (anyRaw)
    key.push_back({tr("raw loss"), QPen(kRawKeyColor, 1), 0});
  if (anyValidation)
    key.push_back({tr("validation loss"), validationLossPen(kKeyColor), QCPScatterStyle::ssCircle});
  rebuildLegend(named, key);
}

void LossStepPlot::applyLineWidths() {
  for (const Graphs& graphs : m_graphs)
    styleLossGraphs(graphs.raw, graphs.smoothed, graphs.validationLoss);
}

QString LossStepPlot::readout(double key, double value) const {
  return tr("step %1, loss %2").arg(qRound(key)).arg(lossShortText(value));
}

} // namespace lrscope::ui
