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

  struct Replot {
    double startMs = 0.0; ///< since the last reset
    double ms = 0.0;      ///< how long it took
  };

  /// Forgets what was measured so far and starts the clock of Replot::startMs.
  void reset();
  /// The replots since the last reset, in order.
  [[nodiscard]] const std::vector<Replot>& replots() const { return m_replots; }
  /// The durations (ms) of the replots that started in [fromMs, toMs).
  [[nodiscard]] std::vector<double> replotMs(double fromMs = 0.0, double toMs = 1e300) const;

private:
  QElapsedTimer m_since;
  double m_startMs = 0.0; ///< of the replot under way
  std::vector<Replot> m_replots;
};

} // namespace lrscope::ui
