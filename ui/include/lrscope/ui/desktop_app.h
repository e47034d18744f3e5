#pragma once

namespace lrscope::ui {

/// Runs the desktop app (creates the QApplication); returns the exit code.
/// Options: --curve FILE opens a recorded curve; --screenshot FILE saves the window as PNG once
/// it is drawn, then exits.
[[nodiscard]] int runDesktopApp(int argc, char** argv);

} // namespace lrscope::ui
