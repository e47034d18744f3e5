#pragma once

#include "bench/bench_figure.h"

#include <functional>

namespace lrscope::storage {
class BenchFolder;
}

namespace lrscope::ui {

/// Issue 4, figure 1: while a range test streams 1,000 steps a second or more into the plots,
/// the UI thread never stalls more than 50 ms. Runs a real range test (logreg on Fashion-MNIST,
/// a low LR ladder that does not diverge) through the window's RunQueue while the shown window
/// follows it, and times the gaps between the ticks of a 2 ms timer on the UI thread. Throws
/// std::runtime_error when the run cannot be started or does not complete.
[[nodiscard]] BenchSection measureLiveRun(storage::BenchFolder& folder,
                                          const std::function<void(const QString&)>& progress);

} // namespace lrscope::ui
