#pragma once

// The per-epoch plots of a report, which the app's window has no plot class for: a training
// run's loss and accuracy per epoch, and a sweep's validation loss per epoch and LR.

#include <memory>

class QCustomPlot;

namespace lrscope::ui {

struct ReportFigure;

/// A plot of an EpochMetrics or SweepValidation figure, its ranges set; owned by the caller.
[[nodiscard]] std::unique_ptr<QCustomPlot> newEpochPlot(const ReportFigure& figure);

} // namespace lrscope::ui
