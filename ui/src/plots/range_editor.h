#pragma once

#include "lrscope/storage/run_database.h"

#include <QColor>
#include <QObject>
#include <QSharedPointer>

#include <optional>

class QCustomPlot;
class QCPItemRect;
class QCPItemText;
class QCPLayer;
class QCPGraph;
class QCPRange;

namespace lrscope::ui {

class RangeMarker;

/// The picked range of one curve on a log-x plot: a shaded band between two draggable
/// markers. Lower stays below upper by at least 1% of the curve's span in log space; both stay
/// inside the span of recorded learning rates and, with snapping on, land on one of them.
class RangeEditor : public QObject {
  Q_OBJECT
public:
  /// Items are created in plot (which owns them) on the given layers; hidden until setRange.
  RangeEditor(QCustomPlot* plot, QCPLayer* bandLayer, QCPLayer* markerLayer);

  /// The curve whose keys are the recorded learning rates (shared with its graph, so it sees
  /// live points); nullptr when there is none.
  void setCurve(QCPGraph* curve);
  void setColor(const QColor& color);
  /// Shows the band at range, or hides it (nullopt). Emits nothing.
  void setRange(std::optional<storage::RangeBounds> range);
  [[nodiscard]] std::optional<storage::RangeBounds> range() const;
  void setSnapToCurve(bool snap) { m_snap = snap; }
  [[nodiscard]] bool snapToCurve() const { return m_snap; }

  [[nodiscard]] RangeMarker* lowerMarker() const { return m_lower; }
  [[nodiscard]] RangeMarker* upperMarker() const { return m_upper; }

  /// Fraction of the curve's span (in log space) that separates lower and upper at least.
  static constexpr double kMinGapFraction = 0.01;

Q_SIGNALS:
  /// While a marker is dragged, after every move.
  void rangeDragging(double lower, double upper);
  /// Once per drag, on release, when the range changed.
  void rangeEdited(double lower, double upper);

private:
  enum class Side { Lower, Upper };
  [[nodiscard]] double constrain(Side side, double requested) const;
  [[nodiscard]] QCPRange span() const;
  void onDragged();
  void onReleased();
  void updateBand();

  QCustomPlot* m_plot;
  RangeMarker* m_lower;
  RangeMarker* m_upper;
  QCPItemRect* m_band;
  QCPItemText* m_label;
  QCPGraph* m_curve = nullptr;
  std::optional<storage::RangeBounds> m_committed; ///< the range before the current drag
  bool m_snap = true;
};

} // namespace lrscope::ui
