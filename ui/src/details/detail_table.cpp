#include "details/detail_table.h"

#include <QFontMetrics>
#include <QHeaderView>
#include <QTableWidget>

namespace lrscope::ui {

void styleDetailTable(QTableWidget* table, int stretchColumn) {
  table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  table->horizontalHeader()->setSectionResizeMode(stretchColumn, QHeaderView::Stretch);
  table->verticalHeader()->setVisible(false);
  table->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table->setSelectionBehavior(QAbstractItemView::SelectRows);
  table->setWordWrap(false);
  table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 6);
}

} // namespace lrscope::ui
