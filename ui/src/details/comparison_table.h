#pragma once

#include "lrscope/engine/run_record.h"
#include "lrscope/storage/run_database.h"

#include <QColor>
#include <QString>
#include <QTableWidget>

#include <vector>

namespace lrscope::ui {

/// A run as a comparison shows it: its details, its colour in the plots and, for a training
/// run, its epochs so far.
struct ComparedRun {
  storage::RunDetails details;
  QColor color;
  std::vector<engine::EpochRecord> epochs;
};

/// The details panel's table of compared runs, a row each, named in its plot colour: for range
/// tests and the other kinds with a range, the picked range and where it came from; for training
/// runs their peak LR, schedule, epochs, final test accuracy and wall time. Only the columns of
/// the kinds compared show, and the status only when some run did not complete (the run's
/// tooltip always names its kind and status). Clicking a header sorts by that column's values.
class ComparisonTable : public QTableWidget {
  Q_OBJECT
public:
  explicit ComparisonTable(QWidget* parent = nullptr);

  void showRuns(const std::vector<ComparedRun>& runs);

  /// The text under the header named `column` ("test acc.") in the row of run `runId`; empty
  /// when the column is hidden or the run not shown.
  [[nodiscard]] QString cellText(int64_t runId, const QString& column) const;
  /// The headers of the columns shown, left to right.
  [[nodiscard]] QStringList shownColumns() const;
  /// A column's header without the sort mark ("test acc." for "test acc. ▾").
  [[nodiscard]] QString headerText(int column) const;

private:
  void enableSorting();
  /// Marks the sorted column's header with an arrow, the others with none.
  void markSortedColumn(int sorted, Qt::SortOrder order);
};

} // namespace lrscope::ui
