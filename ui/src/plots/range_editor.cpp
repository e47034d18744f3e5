#include "plots/range_editor.h"

#include "plots/log_ticker.h"
#include "plots/range_marker.h"
#include "qcustomplot_include.h"

#include <algorithm>
#include <cmath>

namespace lrscope::ui {
namespace {

/// The smallest gap between lower and upper, as a factor, whatever the span.
constexpr double kMinGapFactor = 1.01;

} // namespace

RangeEditor::RangeEditor(QCustomPlot* plot, QCPLayer* bandLayer, QCPLayer* markerLayer)
    : QObject(plot), m_plot(plot), m_lower(new RangeMarker(plot)), m_upper(new RangeMarker(plot)),
      m_band(new QCPItemRect(plot)), m_label(new QCPItemText(plot)) {
  m_band->setLayer(bandLayer);
  m_band->setSelectable(false);
  m_band->topLeft->setTypeY(QCPItemPosition::ptAxisRectRatio);
  m_band->bottomRight->setTypeY(QCPItemPosition::ptAxisRectRatio);
  m_band->setPen(Qt::NoPen);
  m_label->setLayer(markerLayer);
  m_label->setSelectable(false);
  m_label->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
  m_label->setPositionAlignment(Qt::AlignBottom | Qt::AlignHCenter);
  m_label->setBrush(QColor(255, 255, 255, 200));
  m_label->setPadding(QMargins(3, 1, 3, 1));
  for (RangeMarker* marker : {m_lower, m_upper}) {
    marker->setLayer(markerLayer);
    connect(marker, &RangeMarker::dragged, this, &RangeEditor::onDragged);
    connect(marker, &RangeMarker::released, this, &RangeEditor::onReleased);
  }
  m_lower->setConstraint([this](double lr) { return constrain(Side::Lower, lr); });
  m_upper->setConstraint([this](double lr) { return constrain(Side::Upper, lr); });
  setColor(QColor(56, 142, 60));
  setRange(std::nullopt);
}

void RangeEditor::setCurve(QCPGraph* curve) {
  m_curve = curve;
}

void RangeEditor::setColor(const QColor& color) {
  for (RangeMarker* marker : {m_lower, m_upper}) {
    marker->setPen(QPen(color, 2));
    marker->setSelectedPen(QPen(color, 2));
  }
  QColor fill = color;
  fill.setAlpha(40);
  m_band->setBrush(fill);
  m_label->setColor(color.darker(150));
}

void RangeEditor::setRange(std::optional<storage::RangeBounds> range) {
  m_committed = range;
  const bool shown = range.has_value();
  for (QCPAbstractItem* item :
       std::initializer_list<QCPAbstractItem*>{m_lower, m_upper, m_band, m_label})
    item->setVisible(shown);
  if (shown) {
    m_lower->setKey(range->lower);
    m_upper->setKey(range->upper);
    updateBand();
  }
}

std::optional<storage::RangeBounds> RangeEditor::range() const {
  if (!m_lower->visible())
    return std::nullopt;
  return storage::RangeBounds{m_lower->key(), m_upper->key()};
}

QCPRange RangeEditor::span() const {
  bool found = false;
  QCPRange keys;
  if (m_curve != nullptr)
    keys = m_curve->data()->keyRange(found, QCP::sdPositive);
  if (!found) // no points yet: the axis is the limit
    keys = m_plot->xAxis->range();
  return keys;
}

double RangeEditor::constrain(Side side, double requested) const {
  const QCPRange keys = span();
  const double logGap =
      std::max(kMinGapFraction * std::log10(keys.upper / keys.lower), std::log10(kMinGapFactor));
  const double gap = std::pow(10.0, logGap);
  double lo = keys.lower;
  double hi = keys.upper;
  if (side == Side::Lower)
    hi = m_upper->key() / gap;
  else
    lo = m_lower->key() * gap;
  // Never crossing wins over staying inside the span.
  if (hi < lo)
    return side == Side::Lower ? hi : lo;
  double lr = std::clamp(std::isfinite(requested) ? requested : lo, lo, hi);
  if (m_snap && m_curve != nullptr && !m_curve->data()->isEmpty()) {
    // The recorded lr nearest in log space, among those the marker may take.
    const QCPGraphDataContainer& data = *m_curve->data();
    auto above = std::lower_bound(data.constBegin(), data.constEnd(), lr,
                                  [](const QCPGraphData& d, double key) { return d.key < key; });
    double best = lr;
    double bestDistance = INFINITY;
    for (auto it : {above - (above != data.constBegin() ? 1 : 0), above}) {
      if (it == data.constEnd() || it->key < lo || it->key > hi)
        continue;
      const double distance = std::abs(std::log(it->key / lr));
      if (distance < bestDistance) {
        best = it->key;
        bestDistance = distance;
      }
    }
    lr = best;
  }
  return lr;
}

void RangeEditor::onDragged() {
  updateBand();
  Q_EMIT rangeDragging(m_lower->key(), m_upper->key());
}

void RangeEditor::onReleased() {
  const storage::RangeBounds now{m_lower->key(), m_upper->key()};
  if (m_committed && m_committed->lower == now.lower && m_committed->upper == now.upper)
    return;
  m_committed = now;
  Q_EMIT rangeEdited(now.lower, now.upper);
}

void RangeEditor::updateBand() {
  const double lower = m_lower->key();
  const double upper = m_upper->key();
  m_band->topLeft->setCoords(lower, 0.0);
  m_band->bottomRight->setCoords(upper, 1.0);
  m_label->position->setCoords(std::sqrt(lower * upper), 0.985);
  m_label->setText(tr("range %1 .. %2").arg(LogTicker::label(lower), LogTicker::label(upper)));
}

} // namespace lrscope::ui
