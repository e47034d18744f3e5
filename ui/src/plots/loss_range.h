#pragma once

#include "qcustomplot_include.h"

#include <optional>
#include <utility>
#include <vector>

namespace lrscope::ui {

/// The loss range worth looking at on a curve that may blow up at its end: from the lowest
/// loss (raw or validation ones too, up to the smoothed minimum) to the highest smoothed loss
/// before that minimum, plus a margin. The blow-up after the minimum is left above the view
/// instead of flattening the rest; a curve lowest at its start (nothing before the minimum) shows
/// its rise up to 4 x the lowest. Keys order the points (lr or step); NaN and Inf are skipped.
/// Empty when smoothed has no finite value. validation may be null.
[[nodiscard]] std::optional<QCPRange> interestingLossRange(const QCPGraphDataContainer& smoothed,
                                                           const QCPGraphDataContainer& raw,
                                                           const QCPGraphDataContainer* validation);

/// The losses worth a view: from the lowest to the highest that is at most 3 x their median, so
/// that one that blew up (a validation loss of 500 among losses near 1) does not flatten the
/// others. Non-finite values are skipped; nothing when none is finite.
[[nodiscard]] std::optional<std::pair<double, double>> typicalLossSpan(std::vector<double> losses);

/// Widens `into` to cover `range`; either may be empty.
void expandRange(std::optional<QCPRange>& into, const std::optional<QCPRange>& range);

} // namespace lrscope::ui
