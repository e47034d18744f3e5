#include "details/detail_table.h"

#include <QFontMetrics>
#include <QHeaderView>
#include <QTableWidget>
#include <QTableWidgetItem>

#include <algorithm>

namespace lrscope::ui {

QTableWidgetItem* detailCell(const QString& text, bool alignRight) {
  auto* item = new QTableWidgetItem(text);
  if (alignRight)
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
  return item;
}

void styleDetailTable(QTableWidget* table, int stretchColumn) {
  table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  table->horizontalHeader()->setSectionResizeMode(stretchColumn, QHeaderView::Stretch);
  table->verticalHeader()->setVisible(false);
  table->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table->setSelectionBehavior(QAbstractItemView::SelectRows);
  table->setWordWrap(false);
  table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 6);
}

void fitDetailTableHeight(QTableWidget* table, int mostRows) {
  const int rows = std::min(table->rowCount(), mostRows);
  const int height = table->horizontalHeader()->sizeHint().height() +
                     rows * table->verticalHeader()->defaultSectionSize() + 2 * table->frameWidth();
  table->setMinimumHeight(height);
  table->setMaximumHeight(height);
}

} // namespace lrscope::ui
