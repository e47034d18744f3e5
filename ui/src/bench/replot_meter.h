#pragma once

#include <QElapsedTimer>
#include <QList>
#include <QObject>

#include <vector>

class QCustomPlot;

namespace lrscope::ui {

/// Counts and times the replots of some plots (beforeReplot to afterReplot: laying out and
/// drawing the layers into their buffers, plus the widget's repaint when it is immediate).
/// Lives on, and must be used from, the UI thread; the plots must outlive it.
class ReplotMeter : public QObject {
  Q_OBJECT
public:
  explicit ReplotMeter(const QList<QCustomPlot*>& plots, QObject* parent = nullptr);

  /// Forgets what was measured so far.
  void reset() { m_ms.clear(); }
  /// Milliseconds of each replot since the last reset, in order.
  [[nodiscard]] const std::vector<double>& replotMs() const { return m_ms; }

private:
  QElapsedTimer m_clock;
  std::vector<double> m_ms;
};

} // namespace lrscope::ui
