#pragma once

// The method in five steps, as the empty window and Help > Getting started show it. Every menu
// entry it names is one the window has (a test checks them against the menu bar).

#include <QString>

#include <vector>

namespace lrscope::ui {

/// A menu entry as the text names it: "Run > New range test…".
struct MenuPath {
  QString menu;   ///< the menu's title without its '&', e.g. "Run"
  QString action; ///< the entry's text without its '&', e.g. "New range test…"
};

/// The menu entries gettingStartedText names, in order.
[[nodiscard]] std::vector<MenuPath> gettingStartedMenuPaths();

/// Plain text, one step a line.
[[nodiscard]] QString gettingStartedText();

} // namespace lrscope::ui
