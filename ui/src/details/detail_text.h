#pragma once

// How the details panels write learning rates and durations.
#include <QString>

namespace lrscope::ui {

/// "3.162e-04": four significant digits, the way the range fields show them.
[[nodiscard]] QString rangeLrText(double lr);

/// "4.21 s", "12.3 s", "3 min 5 s".
[[nodiscard]] QString runDurationText(double seconds);

} // namespace lrscope::ui
