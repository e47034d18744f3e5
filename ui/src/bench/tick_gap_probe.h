#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <cstdint>
#include <vector>

namespace lrscope::ui {

/// Measures how long the UI thread's event loop goes without turning: a timer ticks every few
/// ms on this thread and each tick is time-stamped; a long gap between two ticks is a stall.
/// Lives on, and must be used from, the UI thread.
class TickGapProbe : public QObject {
  Q_OBJECT
public:
  explicit TickGapProbe(int intervalMs, QObject* parent = nullptr);

  void start();
  void stop();
  /// Milliseconds since start() on the probe's clock, for marking events between ticks.
  [[nodiscard]] double now() const;
  /// The gaps (ms) between consecutive ticks that end in [from, to): what the event loop did
  /// just before `from` (in the same turn) counts, what it does at `to` does not.
  [[nodiscard]] std::vector<double> gapsEndingIn(double from, double to) const;
  /// The gap (ms) that contains `at`; 0 when no two ticks enclose it.
  [[nodiscard]] double gapAround(double at) const;
  /// The last tick (ms) at or before `at`; 0 for none.
  [[nodiscard]] double tickBefore(double at) const;
  [[nodiscard]] int intervalMs() const { return m_timer.interval(); }

private:
  QTimer m_timer;
  QElapsedTimer m_clock;
  std::vector<double> m_ticks; ///< ms since start()
};

} // namespace lrscope::ui
