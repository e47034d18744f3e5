#include "plots/crosshair.h"

#include "qcustomplot_include.h"

#include <QMouseEvent>

namespace lrscope::ui {
namespace {

/// An item the mouse passes through: it never is the topmost layerable under the pointer, so
/// presses, clicks and drags go to the markers, plottables and axis rect beneath it.
template <class Item> class MouseTransparent : public Item {
public:
  using Item::Item;
  double selectTest(const QPointF&, bool, QVariant* = nullptr) const override { return -1; }
};

const QColor kLineColor(66, 66, 66, 110);
constexpr int kLabelOffset = 12; ///< pixels between the pointer and the readout

} // namespace

Crosshair::Crosshair(QCustomPlot* plot, Formatter formatter)
    : QObject(plot), m_plot(plot), m_formatter(std::move(formatter)),
      m_vertical(new MouseTransparent<QCPItemStraightLine>(plot)),
      m_horizontal(new MouseTransparent<QCPItemStraightLine>(plot)),
      m_label(new MouseTransparent<QCPItemText>(plot)) {
  const QPen pen(kLineColor, 1, Qt::DashLine);
  for (QCPItemStraightLine* line : {m_vertical, m_horizontal}) {
    line->setLayer(QStringLiteral("overlay"));
    line->setPen(pen);
    line->setSelectable(false);
    line->point1->setType(QCPItemPosition::ptAbsolute);
    line->point2->setType(QCPItemPosition::ptAbsolute);
  }
  m_label->setLayer(QStringLiteral("overlay"));
  m_label->setSelectable(false);
  m_label->position->setType(QCPItemPosition::ptAbsolute);
  m_label->setColor(QColor(33, 33, 33));
  m_label->setBrush(QColor(255, 255, 255, 225));
  m_label->setPen(QPen(QColor(189, 189, 189)));
  m_label->setPadding(QMargins(4, 2, 4, 2));
  setShown(false);
  plot->setMouseTracking(true);
  plot->installEventFilter(this);
  connect(plot, &QCustomPlot::mouseMove, this, &Crosshair::follow);
}

void Crosshair::setEnabled(bool enabled) {
  m_enabled = enabled;
  if (!enabled)
    hide();
}

bool Crosshair::isShown() const {
  return m_label->visible();
}

QString Crosshair::text() const {
  return m_label->text();
}

void Crosshair::hide() {
  if (!isShown())
    return;
  setShown(false);
  m_plot->layer(QStringLiteral("overlay"))->replot();
}

bool Crosshair::eventFilter(QObject* watched, QEvent* event) {
  if (watched == m_plot && event->type() == QEvent::Leave)
    hide();
  return QObject::eventFilter(watched, event);
}

void Crosshair::follow(QMouseEvent* event) {
  const QRect rect = m_plot->axisRect()->rect();
  const QPointF pos = event->position();
  if (!m_enabled || !rect.contains(pos.toPoint())) {
    hide();
    return;
  }
  m_vertical->point1->setCoords(pos.x(), rect.top());
  m_vertical->point2->setCoords(pos.x(), rect.bottom());
  m_horizontal->point1->setCoords(rect.left(), pos.y());
  m_horizontal->point2->setCoords(rect.right(), pos.y());
  m_label->setText(
      m_formatter(m_plot->xAxis->pixelToCoord(pos.x()), m_plot->yAxis->pixelToCoord(pos.y())));
  // Beside the pointer, on the side with room for it.
  const QFontMetrics metrics(m_label->font());
  const bool left =
      pos.x() + kLabelOffset + metrics.horizontalAdvance(m_label->text()) + 12 > rect.right();
  const bool below = pos.y() - kLabelOffset - metrics.height() - 6 < rect.top();
  m_label->setPositionAlignment((left ? Qt::AlignRight : Qt::AlignLeft) |
                                (below ? Qt::AlignTop : Qt::AlignBottom));
  m_label->position->setCoords(pos.x() + (left ? -kLabelOffset : kLabelOffset),
                               pos.y() + (below ? kLabelOffset : -kLabelOffset));
  setShown(true);
  m_plot->layer(QStringLiteral("overlay"))->replot();
}

void Crosshair::setShown(bool shown) {
  m_vertical->setVisible(shown);
  m_horizontal->setVisible(shown);
  m_label->setVisible(shown);
}

} // namespace lrscope::ui
