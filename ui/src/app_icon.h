#pragma once

#include <QIcon>

namespace lrscope::ui {

/// The application's icon (resources/desktop/lrscope.svg, compiled in), drawn at the sizes
/// window managers and task bars ask for: the same picture the desktop's menu shows.
[[nodiscard]] QIcon appIcon();

} // namespace lrscope::ui
