#pragma once

// One-line texts of the exceptions the worker catches, for rejections and failed runs.
#include <QString>

namespace lrscope::ui {

/// The first line of an exception's text (libtorch appends a backtrace to its messages).
[[nodiscard]] QString firstLine(const char* text);

/// The one-line text of the exception being handled; call it inside a catch block only.
[[nodiscard]] QString currentExceptionText();

} // namespace lrscope::ui
