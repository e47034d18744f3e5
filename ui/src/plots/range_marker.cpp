#include "plots/range_marker.h"

namespace lrscope::ui {

RangeMarker::RangeMarker(QCustomPlot* plot) : QCPItemStraightLine(plot) {
  point1->setTypeY(QCPItemPosition::ptAxisRectRatio);
  point2->setTypeY(QCPItemPosition::ptAxisRectRatio);
  point1->setCoords(1.0, 0.0);
  point2->setCoords(1.0, 1.0);
  setSelectable(false);
}

double RangeMarker::key() const {
  return point1->key();
}

void RangeMarker::setKey(double key) {
  point1->setCoords(key, 0.0);
  point2->setCoords(key, 1.0);
}

void RangeMarker::setConstraint(Constraint constraint) {
  m_constraint = std::move(constraint);
}

void RangeMarker::mousePressEvent(QMouseEvent* event, const QVariant& details) {
  Q_UNUSED(details)
  const QPointF pos = event->position();
  // QCustomPlot offers the press to every layerable within its selection tolerance (8 px) and
  // to straight lines even outside the axis rect; take only close presses inside it.
  if (event->button() != Qt::LeftButton || !clipRect().contains(pos.toPoint()) ||
      selectTest(pos, false) > kGrabPixels) {
    event->ignore();
    return;
  }
  event->accept();
  m_dragging = true;
  m_grabOffset = pos.x() - point1->pixelPosition().x();
}

void RangeMarker::mouseMoveEvent(QMouseEvent* event, const QPointF& startPos) {
  Q_UNUSED(startPos)
  if (!m_dragging)
    return;
  moveTo(event->position().x() - m_grabOffset);
  Q_EMIT dragged(key());
  mParentPlot->replot(QCustomPlot::rpQueuedReplot);
}

void RangeMarker::mouseReleaseEvent(QMouseEvent* event, const QPointF& startPos) {
  Q_UNUSED(startPos)
  if (!m_dragging)
    return;
  m_dragging = false;
  // A release away from the last move still counts where it happens.
  const double before = key();
  moveTo(event->position().x() - m_grabOffset);
  if (key() != before)
    Q_EMIT dragged(key());
  Q_EMIT released(key());
  mParentPlot->replot(QCustomPlot::rpQueuedReplot);
}

void RangeMarker::moveTo(double pixelX) {
  double requested = point1->keyAxis()->pixelToCoord(pixelX);
  if (m_constraint)
    requested = m_constraint(requested);
  setKey(requested);
}

} // namespace lrscope::ui
