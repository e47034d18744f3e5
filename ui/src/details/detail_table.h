#pragma once

// The look of the read-only tables in the details panels.
class QString;
class QTableWidget;
class QTableWidgetItem;

namespace lrscope::ui {

/// Columns sized to their contents with `stretchColumn` taking the rest, no row numbers, read
/// only, whole rows selected, no wrapping, compact rows.
void styleDetailTable(QTableWidget* table, int stretchColumn);

/// A cell of such a table: right-aligned (numbers) unless alignRight is false.
[[nodiscard]] QTableWidgetItem* detailCell(const QString& text, bool alignRight = true);

/// Makes the table exactly as tall as its rows, up to `mostRows` of them (more scroll), so that
/// no empty rows show below them.
void fitDetailTableHeight(QTableWidget* table, int mostRows);

} // namespace lrscope::ui
