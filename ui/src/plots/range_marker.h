#pragma once

#include "qcustomplot_include.h"

#include <functional>

namespace lrscope::ui {

/// A vertical line at one key (x) that the user drags sideways. It takes the mouse press when
/// the press is within a few pixels of it, so dragging it moves the marker and not the axis
/// (QCustomPlot hands the press to the topmost layerable that accepts it, and the axis rect only
/// pans when it gets the press). Where it may go is the owner's business: a constraint maps a
/// requested key to an allowed one (clamping, snapping).
class RangeMarker : public QCPItemStraightLine {
  Q_OBJECT
public:
  /// Maps the key under the pointer to the key the marker moves to.
  using Constraint = std::function<double(double requested)>;

  /// Owned by plot, like every QCustomPlot item. Spans the axis rect from top to bottom.
  explicit RangeMarker(QCustomPlot* plot);

  [[nodiscard]] double key() const;
  /// Moves the marker without emitting anything.
  void setKey(double key);
  void setConstraint(Constraint constraint);
  [[nodiscard]] bool isDragging() const { return m_dragging; }

  /// Pixels from the line within which a press grabs it.
  static constexpr double kGrabPixels = 5.0;

Q_SIGNALS:
  /// While dragging, after every move; key is already constrained.
  void dragged(double key);
  /// Once, when the mouse button that grabbed the marker is released.
  void released(double key);

protected:
  void mousePressEvent(QMouseEvent* event, const QVariant& details) override;
  void mouseMoveEvent(QMouseEvent* event, const QPointF& startPos) override;
  void mouseReleaseEvent(QMouseEvent* event, const QPointF& startPos) override;

private:
  void moveTo(double pixelX);

  Constraint m_constraint;
  bool m_dragging = false;
  double m_grabOffset = 0.0; ///< pointer x minus line x at the press, in pixels
};

} // namespace lrscope::ui
