#include "bench/replot_meter.h"

#include "qcustomplot_include.h"

namespace lrscope::ui {
namespace {

double msSince(const QElapsedTimer& clock) {
  return static_cast<double>(clock.nsecsElapsed()) * 1e-6;
}

} // namespace

ReplotMeter::ReplotMeter(const QList<QCustomPlot*>& plots, QObject* parent) : QObject(parent) {
  reset();
  for (QCustomPlot* plot : plots) {
    // A replot never runs inside another one, so one start time serves all the plots.
    connect(plot, &QCustomPlot::beforeReplot, this, [this] { m_startMs = msSince(m_since); });
    connect(plot, &QCustomPlot::afterReplot, this, [this] {
      m_replots.push_back({m_startMs, msSince(m_since) - m_startMs});
    });
  }
}

void ReplotMeter::reset() {
  m_replots.clear();
  m_since.start();
}

std::vector<double> ReplotMeter::replotMs(double fromMs, double toMs) const {
  std::vector<double> ms;
  for (const Replot& replot : m_replots)
    if (replot.startMs >= fromMs && replot.startMs < toMs)
      ms.push_back(replot.ms);
  return ms;
}

} // namespace lrscope::ui
