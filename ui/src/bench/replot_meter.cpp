#include "bench/replot_meter.h"

#include "qcustomplot_include.h"

namespace lrscope::ui {

ReplotMeter::ReplotMeter(const QList<QCustomPlot*>& plots, QObject* parent) : QObject(parent) {
  for (QCustomPlot* plot : plots) {
    // A replot never nests inside another (QCustomPlot refuses), so one clock serves all.
    connect(plot, &QCustomPlot::beforeReplot, this, [this] { m_clock.start(); });
    connect(plot, &QCustomPlot::afterReplot, this,
            [this] { m_ms.push_back(static_cast<double>(m_clock.nsecsElapsed()) * 1e-6); });
  }
}

} // namespace lrscope::ui
