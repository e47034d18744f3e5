#pragma once

#include <QObject>
#include <QString>

#include <functional>

class QCustomPlot;
class QCPItemStraightLine;
class QCPItemText;
class QMouseEvent;

namespace lrscope::ui {

/// Thin vertical and horizontal lines through the pointer and a readout of the coordinates
/// beside it ("lr 3.2e-03, loss 0.412"), hidden when the pointer leaves the axis rect. Drawn on
/// the plot's buffered "overlay" layer, so following the pointer repaints only that layer. The
/// items ignore the mouse: clicks and drags reach what lies under them.
class Crosshair : public QObject {
  Q_OBJECT
public:
  /// Text for a position in the coordinates of the plot's xAxis and yAxis.
  using Formatter = std::function<QString(double key, double value)>;

  /// Owned by plot (its QObject child); lives as long as it.
  Crosshair(QCustomPlot* plot, Formatter formatter);

  void setEnabled(bool enabled);
  [[nodiscard]] bool isShown() const;
  [[nodiscard]] QString text() const;
  void hide();

protected:
  bool eventFilter(QObject* watched, QEvent* event) override;

private:
  void follow(QMouseEvent* event);
  void setShown(bool shown);

  QCustomPlot* m_plot;
  Formatter m_formatter;
  QCPItemStraightLine* m_vertical;
  QCPItemStraightLine* m_horizontal;
  QCPItemText* m_label;
  bool m_enabled = true;
};

} // namespace lrscope::ui
