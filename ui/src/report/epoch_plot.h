#pragma once

// The per-epoch plot of a report, which the app's window has no plot class for: a training
// run's loss and accuracy per epoch. (A sweep's is the app's SweepEpochPlot.)

#include <memory>

class QCustomPlot;

namespace lrscope::ui {

struct ReportFigure;

/// The plot of an EpochMetrics figure, its ranges set; owned by the caller.
[[nodiscard]] std::unique_ptr<QCustomPlot> newEpochPlot(const ReportFigure& figure);

} // namespace lrscope::ui
