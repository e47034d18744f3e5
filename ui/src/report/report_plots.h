#pragma once

// Draws the report's figures offscreen and as vectors: the loss-vs-LR, step and sweep plots
// with the app's own plot classes (ui/src/plots), so that they look like the window; a training
// run's per-epoch plot, which the window has no class for, with report/epoch_plot.

#include <QByteArray>
#include <QSize>

class QCPPainter;

namespace lrscope::ui {

struct ReportFigure;

/// Draws the figure into the rectangle (0, 0, size) of the painter, in the painter's device
/// units. The painter must be active; on a PDF or SVG device the plot stays vectors.
void paintFigure(const ReportFigure& figure, QCPPainter& painter, const QSize& size);

/// The figure as a standalone SVG document of size (in px at `dpi`) with a matching viewBox.
[[nodiscard]] QByteArray figureSvg(const ReportFigure& figure, const QSize& size, int dpi);

} // namespace lrscope::ui
