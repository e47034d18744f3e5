#include "plots/sweep_epoch_plot.h"

#include "number_format.h"
#include "plots/loss_range.h"
#include "plots/sweep_style.h"
#include "qcustomplot_include.h"

#include <algorithm>
#include <cmath>

namespace lrscope::ui {
namespace {

const QCPRange kDefaultEpochs(0.5, 3.5);
const QCPRange kDefaultLosses(0.0, 2.5);
const QColor kRungColor(189, 189, 189);

} // namespace

SweepEpochPlot::SweepEpochPlot(QWidget* parent)
    : SweepPlot(
          tr("No sweep selected.\n\nThe validation loss of every learning rate appears here,\n"
             "epoch by epoch, while a sweep races them."),
          parent) {
  QCustomPlot* plot = customPlot();
  plot->xAxis->setLabel(tr("epoch"));
  plot->yAxis->setLabel(tr("validation loss"));
  plot->xAxis->setRange(kDefaultEpochs);
  plot->yAxis->setRange(kDefaultLosses);
  // Whole epochs only.
  auto ticker = QSharedPointer<QCPAxisTickerFixed>::create();
  ticker->setTickStep(1.0);
  ticker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
  plot->xAxis->setTicker(ticker);
  // The legend names every learning rate with its fate: too long to sit over the lines, it goes
  // under the plot, full width.
  plot->plotLayout()->addElement(1, 0, plot->legend);
  plot->plotLayout()->setRowStretchFactor(1, 0.001);
  plot->legend->setMargins(QMargins(6, 3, 6, 3));
}

SweepEpochPlot::~SweepEpochPlot() = default;

QString SweepEpochPlot::candidateLabel(const storage::SweepCandidateRun& candidate) const {
  return tr("%1 · %2").arg(sweepLrText(candidate.lr), sweepOutcomeText(candidate));
}

bool SweepEpochPlot::drawsAnything() const {
  return !m_lines.empty();
}

bool SweepEpochPlot::isGreyed(int64_t candidateRunId) const {
  const int index = runIndex(candidateRunId);
  if (index < 0)
    return false;
  return sweepCandidateStyle(m_sweep.candidates[static_cast<std::size_t>(index)], index).greyed;
}

std::optional<int64_t> SweepEpochPlot::highlightedRun() const {
  if (!m_sweep.best || runCount() == 0)
    return std::nullopt;
  return m_sweep.candidates[*m_sweep.best].runId;
}

QString SweepEpochPlot::legendText(int64_t candidateRunId) const {
  const int index = runIndex(candidateRunId);
  return index < 0 ? QString() : m_lines[static_cast<std::size_t>(index)]->name();
}

void SweepEpochPlot::addRunGraphs(const PlottedRun& plotted) {
  const auto index = static_cast<std::size_t>(runCount() - 1);
  const storage::SweepCandidateRun& c = m_sweep.candidates.at(index);
  const SweepCandidateStyle style = sweepCandidateStyle(c, static_cast<int>(index));
  QCPGraph* line = customPlot()->addGraph();
  line->setName(plotted.label);
  line->setPen(style.pen);
  line->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, style.best ? 8 : 5));
  QVector<double> epochs;
  QVector<double> losses;
  for (const engine::EpochRecord& epoch : c.epochs) {
    epochs.append(epoch.epoch + 1);
    losses.append(epoch.validationLoss); // NaN leaves a gap
  }
  line->setData(epochs, losses, true);
  if (style.greyed)
    line->setLayer(bandLayer()); // under the racing and best lines
  m_lines.push_back(line);
}

void SweepEpochPlot::removeRunGraphs() {
  for (QCPGraph* line : m_lines)
    customPlot()->removeGraph(line);
  m_lines.clear();
  for (QCPAbstractItem* item : m_rungItems)
    customPlot()->removeItem(item);
  m_rungItems.clear();
}

void SweepEpochPlot::fitView() {
  QCustomPlot* plot = customPlot();
  int epochs = 0;
  std::vector<double> values;
  for (QCPGraph* line : m_lines) {
    bool found = false;
    const QCPRange keys = line->data()->keyRange(found);
    if (found)
      epochs = std::max(epochs, static_cast<int>(std::lround(keys.upper)));
    for (const QCPGraphData& point : *line->data())
      values.push_back(point.value);
  }
  std::optional<QCPRange> losses;
  if (const auto span = typicalLossSpan(values))
    losses = QCPRange(span->first, span->second);
  epochs = std::max(epochs, m_sweep.plannedRungs * m_sweep.epochsPerRung);
  plot->xAxis->setRange(epochs > 0 ? QCPRange(0.5, epochs + 0.5) : kDefaultEpochs);
  if (losses) {
    const double margin = std::max({0.08 * losses->size(), 0.02 * std::abs(losses->upper), 1e-3});
    // Room above the lines for the rung labels.
    plot->yAxis->setRange(losses->lower - margin, losses->upper + 2.5 * margin);
  } else {
    plot->yAxis->setRange(kDefaultLosses);
  }
}

void SweepEpochPlot::runsChanged() {
  rebuildLegend(m_lines, {});
  QCPLegend* legend = customPlot()->legend;
  for (std::size_t i = 0; i < m_lines.size() && i < m_sweep.candidates.size(); ++i) {
    auto* item = legend->itemWithPlottable(m_lines[i]);
    if (item == nullptr)
      continue;
    const SweepCandidateStyle style =
        sweepCandidateStyle(m_sweep.candidates[i], static_cast<int>(i));
    item->setTextColor(style.greyed ? QColor(117, 117, 117) : QColor(33, 33, 33));
    QFont font = legend->font();
    font.setBold(style.best);
    item->setFont(font);
  }
  markRungs();
}

void SweepEpochPlot::markRungs() {
  QCustomPlot* plot = customPlot();
  for (QCPAbstractItem* item : m_rungItems)
    plot->removeItem(item);
  m_rungItems.clear();
  if (m_lines.empty())
    return;
  const int rungs = std::max(m_sweep.plannedRungs, m_sweep.rungsRun);
  const double perRung = m_sweep.epochsPerRung;
  for (int rung = 1; rung <= rungs; ++rung) {
    if (rung > 1) {
      auto* boundary = new QCPItemStraightLine(plot);
      boundary->setLayer(bandLayer());
      boundary->setPen(QPen(kRungColor, 1, Qt::DotLine));
      boundary->point1->setCoords((rung - 1) * perRung + 0.5, 0.0);
      boundary->point2->setCoords((rung - 1) * perRung + 0.5, 1.0);
      boundary->setSelectable(false);
      m_rungItems.push_back(boundary);
    }
    auto* label = new QCPItemText(plot);
    label->setLayer(markerLayer());
    label->position->setTypeX(QCPItemPosition::ptPlotCoords);
    label->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
    label->position->setCoords((rung - 1) * perRung + 0.5 + perRung / 2.0, 0.02);
    label->setPositionAlignment(Qt::AlignHCenter | Qt::AlignTop);
    label->setText(tr("rung %1").arg(rung));
    label->setColor(QColor(117, 117, 117));
    label->setSelectable(false);
    m_rungItems.push_back(label);
  }
}

QString SweepEpochPlot::readout(double key, double value) const {
  return tr("epoch %1, validation loss %2").arg(qRound(key)).arg(lossShortText(value));
}

} // namespace lrscope::ui
