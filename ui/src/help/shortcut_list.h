#pragma once

// Help > Keyboard shortcuts: every shortcut the window has, read from its actions, so the list
// is never out of date.

#include <QString>

#include <vector>

class QDialog;
class QWidget;

namespace lrscope::ui {

struct ShortcutRow {
  QString keys;   ///< as the platform writes them, e.g. "Ctrl+Shift+W"
  QString action; ///< "Run > Sweep around this range…"; a window action: its text alone
};

/// The shortcuts of the menus of `window`'s menu bar (submenus included) and of the actions
/// added to the window itself, each once, in menu order.
[[nodiscard]] std::vector<ShortcutRow> shortcutRows(const QWidget& window);

/// A dialog listing shortcutRows(window) in a table (object name "shortcutTable").
[[nodiscard]] QDialog* newShortcutDialog(QWidget& window);

} // namespace lrscope::ui
