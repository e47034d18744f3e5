#pragma once

#include <QString>

namespace lrscope::ui {

/// The libtorch the worker's engine was built with, e.g. "1.13.0" (for the About box).
[[nodiscard]] QString libtorchVersion();

} // namespace lrscope::ui
