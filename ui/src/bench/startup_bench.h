#pragma once

#include "bench/bench_figure.h"

#include <functional>

namespace lrscope::storage {
class BenchFolder;
}

namespace lrscope::ui {

/// Issue 4, figure 3: the window appears within 1 s with a database of 1,000 runs. Builds
/// 1,000 runs x 1,000 steps, then times MainWindow's construction, openDatabase and show()
/// until the window is exposed and painted, in this process; best measured before any other
/// window was made, so that Qt's first-use costs (fonts, style) are in it as at a real start.
/// applicationMs: how long QApplication took to construct, reported beside it. Throws
/// std::runtime_error when the database or window fails.
[[nodiscard]] BenchSection measureStartup(storage::BenchFolder& folder, double applicationMs,
                                          const std::function<void(const QString&)>& progress);

} // namespace lrscope::ui
