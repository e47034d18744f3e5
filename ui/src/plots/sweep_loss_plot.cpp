#include "plots/sweep_loss_plot.h"

#include "number_format.h"
#include "plots/log_ticker.h"
#include "plots/loss_range.h"
#include "plots/sweep_style.h"
#include "qcustomplot_include.h"

#include <algorithm>
#include <cmath>

namespace lrscope::ui {
namespace {

const QCPRange kDefaultLrs(1e-4, 1.0);
const QCPRange kDefaultLosses(0.0, 2.5);
const QColor kTrendColor(189, 189, 189);
const QColor kLabelColor(97, 97, 97);

QCPScatterStyle pointStyle(const SweepCandidateStyle& style) {
  if (style.best)
    return QCPScatterStyle(QCPScatterStyle::ssStar, QPen(style.color, 2.5), style.color, 16);
  if (style.greyed)
    return QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(sweepGrey(), 1.5), Qt::white, 8);
  return QCPScatterStyle(QCPScatterStyle::ssDisc, QPen(style.color), style.color, 9);
}

} // namespace

SweepLossPlot::SweepLossPlot(QWidget* parent)
    : SweepPlot(tr("No sweep selected.\n\nThe final validation loss of every learning rate\n"
                   "appears here once it has trained an epoch."),
                parent) {
  QCustomPlot* plot = customPlot();
  plot->xAxis->setLabel(tr("learning rate"));
  plot->yAxis->setLabel(tr("final validation loss"));
  LogTicker::install(plot->xAxis);
  // Loss against LR is a valley: the top middle is where the legend hides nothing.
  plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignHCenter);
  plot->xAxis->setRange(kDefaultLrs);
  plot->yAxis->setRange(kDefaultLosses);
}

SweepLossPlot::~SweepLossPlot() = default;

QString SweepLossPlot::candidateLabel(const storage::SweepCandidateRun& candidate) const {
  return sweepLrText(candidate.lr);
}

bool SweepLossPlot::drawsAnything() const {
  return !m_points.empty();
}

int SweepLossPlot::pointCount() const {
  return static_cast<int>(std::count_if(m_points.begin(), m_points.end(),
                                        [](QCPGraph* g) { return !g->data()->isEmpty(); }));
}

std::optional<double> SweepLossPlot::bestLr() const {
  if (!m_sweep.best || m_points.empty())
    return std::nullopt;
  return m_sweep.candidates[*m_sweep.best].lr;
}

void SweepLossPlot::addRunGraphs(const PlottedRun& plotted) {
  const auto index = static_cast<std::size_t>(runCount() - 1);
  const storage::SweepCandidateRun& c = m_sweep.candidates.at(index);
  const SweepCandidateStyle style = sweepCandidateStyle(c, static_cast<int>(index));
  QCPGraph* point = customPlot()->addGraph();
  point->setName(plotted.label);
  point->setLineStyle(QCPGraph::lsNone);
  point->setScatterStyle(pointStyle(style));
  const double loss = c.finalValidationLoss();
  if (std::isfinite(loss))
    point->addData(c.lr, loss);
  m_points.push_back(point);
}

void SweepLossPlot::removeRunGraphs() {
  QCustomPlot* plot = customPlot();
  for (QCPGraph* point : m_points)
    plot->removeGraph(point);
  m_points.clear();
  if (m_trend != nullptr)
    plot->removeGraph(m_trend);
  m_trend = nullptr;
  for (QCPAbstractItem* item : m_items)
    plot->removeItem(item);
  m_items.clear();
  m_divergedMarks = 0;
}

void SweepLossPlot::fitView() {
  QCustomPlot* plot = customPlot();
  std::optional<QCPRange> losses;
  if (const auto span = lossSpan())
    losses = QCPRange(span->first, span->second);
  if (m_sweep.lowerLr > 0.0 && m_sweep.upperLr > m_sweep.lowerLr) {
    // A third of a decade of room on either side for the markers and labels.
    const double pad = std::pow(10.0, 0.33);
    plot->xAxis->setRange(m_sweep.lowerLr / pad, m_sweep.upperLr * pad);
  } else {
    plot->xAxis->setRange(kDefaultLrs);
  }
  if (losses) {
    const double margin = std::max({0.12 * losses->size(), 0.05 * std::abs(losses->upper), 1e-3});
    // Room above for the diverged marks, below for the rung labels.
    plot->yAxis->setRange(losses->lower - 2.5 * margin, losses->upper + 2.5 * margin);
  } else {
    plot->yAxis->setRange(kDefaultLosses);
  }
}

void SweepLossPlot::runsChanged() {
  QCustomPlot* plot = customPlot();
  if (m_trend != nullptr)
    plot->removeGraph(m_trend);
  m_trend = nullptr;
  if (!m_points.empty()) {
    m_trend = plot->addGraph();
    m_trend->setLayer(bandLayer());
    m_trend->setPen(QPen(kTrendColor, 1.5));
    for (const storage::SweepCandidateRun& c : m_sweep.candidates)
      if (std::isfinite(c.finalValidationLoss()))
        m_trend->addData(c.lr, c.finalValidationLoss());
  }
  std::vector<KeyEntry> key;
  bool anyGrey = false;
  bool anyRacing = false;
  bool anyDiverged = false;
  for (std::size_t i = 0; i < m_sweep.candidates.size() && !m_points.empty(); ++i) {
    const SweepCandidateStyle style =
        sweepCandidateStyle(m_sweep.candidates[i], static_cast<int>(i));
    anyGrey = anyGrey ||
              (style.greyed && m_sweep.candidates[i].status == engine::CandidateStatus::Eliminated);
    anyDiverged = anyDiverged || m_sweep.candidates[i].status == engine::CandidateStatus::Diverged;
    anyRacing = anyRacing || (!style.greyed && !style.best);
  }
  if (bestLr())
    key.push_back({tr("best (%1)").arg(sweepLrText(*bestLr())),
                   QPen(sweepCandidateStyle(m_sweep.candidates[*m_sweep.best],
                                            static_cast<int>(*m_sweep.best))
                            .color,
                        2.5),
                   QCPScatterStyle::ssStar});
  if (anyRacing)
    key.push_back({tr("racing or undecided"), QPen(runColor(0), 2), QCPScatterStyle::ssDisc});
  if (anyGrey)
    key.push_back(
        {tr("eliminated (rung reached)"), QPen(sweepGrey(), 1.5), QCPScatterStyle::ssCircle});
  if (anyDiverged)
    key.push_back({tr("diverged"), QPen(sweepGrey(), 1.5), QCPScatterStyle::ssCross});
  rebuildLegend({}, key);
  addLabels();
}

void SweepLossPlot::addLabels() {
  QCustomPlot* plot = customPlot();
  for (QCPAbstractItem* item : m_items)
    plot->removeItem(item);
  m_items.clear();
  m_divergedMarks = 0;
  const auto span = lossSpan();
  for (std::size_t i = 0; i < m_sweep.candidates.size() && !m_points.empty(); ++i) {
    const storage::SweepCandidateRun& c = m_sweep.candidates[i];
    const double loss = c.finalValidationLoss();
    auto* label = new QCPItemText(plot);
    label->setLayer(markerLayer());
    label->setSelectable(false);
    label->setColor(kLabelColor);
    if (std::isfinite(loss) && span && loss > span->second) {
      // Far above the others (see typicalLossSpan): named along the top instead of drawn.
      label->position->setTypeX(QCPItemPosition::ptPlotCoords);
      label->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
      label->position->setCoords(c.lr, 0.03);
      label->setPositionAlignment(Qt::AlignHCenter | Qt::AlignTop);
      label->setText(tr("↑ %1\nout r%2").arg(lossShortText(loss)).arg(c.rung));
    } else if (c.status == engine::CandidateStatus::Diverged || !std::isfinite(loss)) {
      if (c.status != engine::CandidateStatus::Diverged) { // not trained an epoch yet
        plot->removeItem(label);
        continue;
      }
      // No finite loss to plot: a cross along the top at its LR.
      label->position->setTypeX(QCPItemPosition::ptPlotCoords);
      label->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
      label->position->setCoords(c.lr, 0.03);
      label->setPositionAlignment(Qt::AlignHCenter | Qt::AlignTop);
      label->setText(tr("✕\ndiverged"));
      ++m_divergedMarks;
    } else if (c.status == engine::CandidateStatus::Best) {
      label->position->setCoords(c.lr, loss);
      label->setPositionAlignment(Qt::AlignHCenter | Qt::AlignTop);
      label->setPadding(QMargins(0, 12, 0, 0));
      label->setText(tr("best %1").arg(sweepLrText(c.lr)));
      QFont bold = label->font();
      bold.setBold(true);
      label->setFont(bold);
      label->setColor(sweepCandidateStyle(c, static_cast<int>(i)).color.darker(130));
    } else {
      label->position->setCoords(c.lr, loss);
      label->setPositionAlignment(Qt::AlignHCenter | Qt::AlignTop);
      label->setPadding(QMargins(0, 7, 0, 0));
      label->setText(c.status == engine::CandidateStatus::Eliminated ? tr("out r%1").arg(c.rung)
                                                                     : tr("r%1").arg(c.rung));
    }
    m_items.push_back(label);
  }
}

std::optional<std::pair<double, double>> SweepLossPlot::lossSpan() const {
  std::vector<double> losses;
  for (const storage::SweepCandidateRun& c : m_sweep.candidates)
    losses.push_back(c.finalValidationLoss());
  return typicalLossSpan(losses);
}

QString SweepLossPlot::readout(double key, double value) const {
  return tr("lr %1, final validation loss %2").arg(LogTicker::label(key), lossShortText(value));
}

} // namespace lrscope::ui
