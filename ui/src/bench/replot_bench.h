#pragma once

#include "bench/bench_figure.h"

#include <functional>

namespace lrscope::storage {
class BenchFolder;
}

namespace lrscope::ui {

/// Issue 4, figure 2 at the plot level: each of the three plots shown alone with 20 runs of
/// 10,000 steps (setRuns), then replotted with an immediate refresh; a replot must take under
/// 30 ms.
[[nodiscard]] BenchSection measurePlotReplots(const std::function<void(const QString&)>& progress);

/// Issue 4, figure 2 through the window: a database of 20 runs of 10,000 steps, all 20
/// selected in the shown MainWindow (loaded downsampled, set on the three plots), then each plot
/// tab shown and replotted. Throws std::runtime_error when the database or window fails.
[[nodiscard]] BenchSection
measureWindowReplots(storage::BenchFolder& folder,
                     const std::function<void(const QString&)>& progress);

} // namespace lrscope::ui
