#pragma once

namespace lrscope::ui {

/// `lrscope --ui-bench [--json]`: times the desktop app against issue 4's targets (a live range
/// test streaming into the window, replots of 20 runs x 10,000 steps, the window with 1,000
/// runs) and prints a table with PASS or MISS beside each target, or JSON. Makes its own
/// QApplication (offscreen without a display), temp settings and temp databases, removed
/// afterwards. Returns 0 once measured (a MISS included), 1 on an error, 2 for a bad option.
[[nodiscard]] int runUiBench(int argc, char** argv);

} // namespace lrscope::ui
