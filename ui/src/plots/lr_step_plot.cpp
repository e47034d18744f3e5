#include "plots/lr_step_plot.h"

#include "number_format.h"
#include "plots/log_ticker.h"
#include "qcustomplot_include.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <array>
#include <cmath>

namespace lrscope::ui {
namespace {

const QColor kKeyColor(97, 97, 97);
/// The view while there is nothing to show.
const QCPRange kDefaultSteps(0, 100);
const QCPRange kDefaultLrs(1e-7, 10.0);
/// Pen styles of parameter groups 0, 1, 2...; they repeat after the last.
constexpr std::array<Qt::PenStyle, 5> kGroupStyles = {Qt::SolidLine, Qt::DashLine, Qt::DotLine,
                                                      Qt::DashDotLine, Qt::DashDotDotLine};

QPen groupPen(const QColor& color, std::size_t group, double width) {
  return QPen(color, width, kGroupStyles[group % kGroupStyles.size()]);
}

double groupWidth(std::size_t group) {
  return group == 0 ? 1.8 : 1.4;
}

/// A few words for an event marker: its kind and, when the payload has one, the new lr.
QString eventText(const storage::RunEvent& event) {
  QString text = QString::fromStdString(event.kind);
  const QJsonDocument payload =
      QJsonDocument::fromJson(QByteArray::fromStdString(event.payloadJson));
  const QJsonValue lr = payload.object().value(QStringLiteral("lr"));
  if (lr.isDouble())
    text += QStringLiteral(" → ") + LogTicker::label(lr.toDouble());
  return text;
}

} // namespace

struct LrStepPlot::Graphs {
  std::vector<QCPGraph*> groups; ///< one per parameter group
  std::optional<QCPRange> steps;
  std::optional<QCPRange> lrs; ///< positive lrs of all groups
};

LrStepPlot::LrStepPlot(QWidget* parent)
    : RunPlot(tr("No run yet.\n\nThe learning rate of each parameter group appears here\n"
                 "while a run records it."),
              parent) {
  QCustomPlot* plot = customPlot();
  plot->setAutoAddPlottableToLegend(false);
  plot->xAxis->setLabel(tr("step"));
  plot->yAxis->setLabel(tr("learning rate"));
  LogTicker::install(plot->yAxis);
  plot->xAxis->setRange(kDefaultSteps);
  plot->yAxis->setRange(kDefaultLrs);
}

LrStepPlot::~LrStepPlot() = default;

void LrStepPlot::addEvent(int64_t runId, const storage::RunEvent& event) {
  const int index = runIndex(runId);
  if (index < 0)
    return;
  run(index).events.push_back(event);
  addEventMarker(index, event);
  customPlot()->replot(QCustomPlot::rpQueuedReplot);
}

void LrStepPlot::addRunGraphs(const PlottedRun& plotted) {
  m_graphs.emplace_back();
  const int index = static_cast<int>(m_graphs.size()) - 1;
  addGroupGraph(index); // group 0 names the run in the legend, even before its first step
  m_adding = true;
  appendRunSteps(index, plotted.steps);
  m_adding = false;
  for (const storage::RunEvent& event : plotted.events)
    addEventMarker(index, event);
}

QCPGraph* LrStepPlot::addGroupGraph(int index) {
  std::vector<QCPGraph*>& groups = m_graphs.at(static_cast<std::size_t>(index)).groups;
  const PlottedRun& info = run(index);
  QCPGraph* graph = customPlot()->addGraph();
  graph->setName(groups.empty() ? info.label
                                : tr("%1 (group %2)").arg(info.label).arg(groups.size()));
  graph->setPen(groupPen(info.color, groups.size(), lineWidth(groupWidth(groups.size()))));
  groups.push_back(graph);
  return graph;
}

void LrStepPlot::appendRunSteps(int index, const std::vector<engine::StepRecord>& batch) {
  Graphs& graphs = m_graphs.at(static_cast<std::size_t>(index));
  std::vector<QCPGraph*>& groups = graphs.groups;
  const std::size_t groupsBefore = groups.size();
  std::size_t groupCount = 0;
  for (const engine::StepRecord& step : batch)
    groupCount = std::max(groupCount, step.groupLrs.size());
  while (groups.size() < groupCount)
    addGroupGraph(index);
  for (std::size_t g = 0; g < groupCount; ++g) {
    QVector<double> steps, lrs;
    steps.reserve(static_cast<int>(batch.size()));
    lrs.reserve(static_cast<int>(batch.size()));
    for (const engine::StepRecord& step : batch)
      if (g < step.groupLrs.size() && step.groupLrs[g] > 0) {
        steps.append(step.step);
        lrs.append(step.groupLrs[g]);
      }
    groups[g]->addData(steps, lrs, true);
  }
  // What fitView needs, kept per run so that an append to one run does not rescan the others.
  for (const QCPGraph* graph : groups) {
    bool found = false;
    const QCPRange keys = graph->data()->keyRange(found);
    if (found)
      graphs.steps = graphs.steps ? QCPRange(std::min(graphs.steps->lower, keys.lower),
                                             std::max(graphs.steps->upper, keys.upper))
                                  : keys;
    const QCPRange values = graph->data()->valueRange(found, QCP::sdPositive);
    if (found)
      graphs.lrs = graphs.lrs ? QCPRange(std::min(graphs.lrs->lower, values.lower),
                                         std::max(graphs.lrs->upper, values.upper))
                              : values;
  }
  if (groups.size() != groupsBefore && !m_adding)
    runsChanged();
}

void LrStepPlot::removeRunGraphs() {
  QCustomPlot* plot = customPlot();
  for (const Graphs& graphs : m_graphs)
    for (QCPGraph* graph : graphs.groups)
      plot->removeGraph(graph);
  m_graphs.clear();
  for (QCPAbstractItem* item : m_eventItems)
    plot->removeItem(item);
  m_eventItems.clear();
}

void LrStepPlot::fitView() {
  QCustomPlot* plot = customPlot();
  std::optional<QCPRange> steps;
  std::optional<QCPRange> lrs;
  for (const Graphs& graphs : m_graphs) {
    if (graphs.steps) {
      if (steps)
        steps->expand(*graphs.steps);
      else
        steps = graphs.steps;
    }
    if (graphs.lrs) {
      if (lrs)
        lrs->expand(*graphs.lrs);
      else
        lrs = graphs.lrs;
    }
  }
  plot->xAxis->setRange(steps ? QCPRange(steps->lower, std::max(steps->upper, steps->lower + 1))
                              : kDefaultSteps);
  // A margin of a fifth of a decade, more when the lr is constant.
  const double margin = lrs && lrs->upper > lrs->lower ? 1.6 : 3.0;
  plot->yAxis->setRange(lrs ? QCPRange(lrs->lower / margin, lrs->upper * margin) : kDefaultLrs);
}

void LrStepPlot::runsChanged() {
  std::vector<QCPGraph*> named;
  std::size_t mostGroups = 0;
  for (const Graphs& graphs : m_graphs) {
    named.push_back(graphs.groups.front());
    mostGroups = std::max(mostGroups, graphs.groups.size());
  }
  std::vector<KeyEntry> key;
  if (mostGroups > 1)
    for (std::size_t g = 0; g < std::min(mostGroups, kGroupStyles.size()); ++g)
      key.push_back({tr("group %1").arg(g), groupPen(kKeyColor, g, groupWidth(g)), 0});
  rebuildLegend(named, key);
}

void LrStepPlot::addEventMarker(int index, const storage::RunEvent& event) {
  QCustomPlot* plot = customPlot();
  const QColor color = run(index).color;
  auto* line = new QCPItemStraightLine(plot);
  line->setLayer(markerLayer());
  line->setSelectable(false);
  line->point1->setTypeY(QCPItemPosition::ptAxisRectRatio);
  line->point2->setTypeY(QCPItemPosition::ptAxisRectRatio);
  line->point1->setCoords(static_cast<double>(event.step), 0.0);
  line->point2->setCoords(static_cast<double>(event.step), 1.0);
  line->setPen(QPen(color.darker(120), 1, Qt::DashLine));
  // Along the line, reading upwards from the bottom, so that close events stay apart.
  auto* label = new QCPItemText(plot);
  label->setLayer(markerLayer());
  label->setSelectable(false);
  label->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
  label->position->setCoords(static_cast<double>(event.step), 0.98);
  label->setRotation(-90);
  label->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
  label->setText(eventText(event));
  label->setColor(color.darker(150));
  label->setPadding(QMargins(2, 0, 2, 2));
  m_eventItems.push_back(line);
  m_eventItems.push_back(label);
}

void LrStepPlot::applyLineWidths() {
  for (const Graphs& graphs : m_graphs)
    for (std::size_t g = 0; g < graphs.groups.size(); ++g) {
      QPen pen = graphs.groups[g]->pen();
      pen.setWidthF(lineWidth(groupWidth(g)));
      graphs.groups[g]->setPen(pen);
    }
}

QString LrStepPlot::readout(double key, double value) const {
  return tr("step %1, lr %2").arg(qRound(key)).arg(lrText(value, 2));
}

} // namespace lrscope::ui
