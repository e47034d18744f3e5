#include "help/shortcut_list.h"

#include <QAction>
#include <QDialog>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QTableWidget>
#include <QVBoxLayout>

namespace lrscope::ui {
namespace {

QString plain(QString text) {
  return text.remove('&');
}

void addRows(const QString& prefix, const QList<QAction*>& actions, std::vector<ShortcutRow>& rows,
             QList<const QAction*>& seen) {
  for (const QAction* action : actions) {
    if (action->menu() != nullptr) {
      addRows(prefix + plain(action->text()) + QStringLiteral(" > "), action->menu()->actions(),
              rows, seen);
      continue;
    }
    if (action->isSeparator() || seen.contains(action))
      continue;
    QStringList keys;
    for (const QKeySequence& shortcut : action->shortcuts())
      keys << shortcut.toString(QKeySequence::NativeText);
    keys.removeDuplicates(); // Redo: Ctrl+Shift+Z, and the platform's Redo, often the same
    if (keys.isEmpty())
      continue;
    seen.append(action);
    rows.push_back({keys.join(QStringLiteral(", ")), prefix + plain(action->text())});
  }
}

} // namespace

std::vector<ShortcutRow> shortcutRows(const QWidget& window) {
  std::vector<ShortcutRow> rows;
  QList<const QAction*> seen;
  if (const auto* main = qobject_cast<const QMainWindow*>(&window))
    addRows(QString(), main->menuBar()->actions(), rows, seen);
  addRows(QString(), window.actions(), rows, seen);
  return rows;
}

QDialog* newShortcutDialog(QWidget& window) {
  auto* dialog = new QDialog(&window);
  dialog->setWindowTitle(QObject::tr("Keyboard shortcuts"));
  const std::vector<ShortcutRow> rows = shortcutRows(window);
  auto* table = new QTableWidget(static_cast<int>(rows.size()), 2, dialog);
  table->setObjectName("shortcutTable");
  table->setHorizontalHeaderLabels({QObject::tr("Keys"), QObject::tr("Does")});
  table->verticalHeader()->setVisible(false);
  table->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table->setSelectionMode(QAbstractItemView::NoSelection);
  for (int row = 0; row < static_cast<int>(rows.size()); ++row) {
    table->setItem(row, 0, new QTableWidgetItem(rows[static_cast<std::size_t>(row)].keys));
    table->setItem(row, 1, new QTableWidgetItem(rows[static_cast<std::size_t>(row)].action));
  }
  table->resizeColumnsToContents();
  table->horizontalHeader()->setStretchLastSection(true);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
  QObject::connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
  auto* layout = new QVBoxLayout(dialog);
  layout->addWidget(table);
  layout->addWidget(buttons);
  dialog->resize(560, 480);
  return dialog;
}

} // namespace lrscope::ui
