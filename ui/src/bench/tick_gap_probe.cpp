#include "bench/tick_gap_probe.h"

#include <algorithm>

namespace lrscope::ui {

TickGapProbe::TickGapProbe(int intervalMs, QObject* parent) : QObject(parent) {
  m_timer.setTimerType(Qt::PreciseTimer);
  m_timer.setInterval(intervalMs);
  connect(&m_timer, &QTimer::timeout, this,
          [this] { m_ticks.push_back(static_cast<double>(m_clock.nsecsElapsed()) * 1e-6); });
}

void TickGapProbe::start() {
  m_ticks.clear();
  m_ticks.reserve(1 << 16);
  m_clock.start();
  m_ticks.push_back(0.0);
  m_timer.start();
}

void TickGapProbe::stop() {
  m_timer.stop();
}

double TickGapProbe::now() const {
  return static_cast<double>(m_clock.nsecsElapsed()) * 1e-6;
}

std::vector<double> TickGapProbe::gapsEndingIn(double from, double to) const {
  std::vector<double> gaps;
  for (std::size_t i = 1; i < m_ticks.size(); ++i)
    if (m_ticks[i] >= from && m_ticks[i] < to)
      gaps.push_back(m_ticks[i] - m_ticks[i - 1]);
  return gaps;
}

double TickGapProbe::gapAround(double at) const {
  const auto later = std::upper_bound(m_ticks.begin(), m_ticks.end(), at);
  if (later == m_ticks.begin() || later == m_ticks.end())
    return 0.0;
  return *later - *(later - 1);
}

double TickGapProbe::tickBefore(double at) const {
  const auto later = std::upper_bound(m_ticks.begin(), m_ticks.end(), at);
  return later == m_ticks.begin() ? 0.0 : *(later - 1);
}

} // namespace lrscope::ui
