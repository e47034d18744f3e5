#pragma once

#include "lrscope/engine/run_record.h"
#include "lrscope/storage/run_database.h"

#include <QColor>
#include <QString>
#include <QTableWidget>

#include <optional>
#include <vector>

namespace lrscope::ui {

/// A run as a comparison shows it: its details and its colour in the plots; for a training run
/// also its schedule's name, the epochs it was set to train and those finished so far.
struct ComparedRun {
  storage::RunDetails details;
  QColor color;
  QString schedule;      ///< "one-cycle"; empty when unknown or not a training run
  int plannedEpochs = 0; ///< 0: unknown
  std::vector<engine::EpochRecord> epochs;
};

/// The details panel's table of compared runs, a row each, named in its plot colour: for range
/// tests and the other kinds with a range, the picked range and where it came from; for training
/// runs their peak LR, schedule, epochs, final test accuracy and wall time, kept up to date while
/// one trains (addEpoch). Only the columns of the kinds compared show, and the status only when
/// some run did not complete (the run's tooltip always names its kind and status). Clicking a
/// header sorts the rows by that column, ascending then descending; cells without a value stay
/// last either way.
class ComparisonTable : public QTableWidget {
  Q_OBJECT
public:
  explicit ComparisonTable(QWidget* parent = nullptr);

  /// Shows these runs in this order.
  void showRuns(const std::vector<ComparedRun>& runs);
  /// Adds the epoch a compared training run just finished to its row; an epoch already shown,
  /// or a run not compared, is ignored.
  void addEpoch(int64_t runId, const engine::EpochRecord& record);

  /// The text under the header named `column` ("test acc.") in the row of run `runId`; none when
  /// that column is hidden or the run is not shown.
  [[nodiscard]] std::optional<QString> cellText(int64_t runId, const QString& column) const;
  /// The headers of the columns shown, left to right (without the sort mark).
  [[nodiscard]] QStringList shownColumns() const;
  /// The runs in the order of the rows.
  [[nodiscard]] std::vector<int64_t> rowRuns() const;

private:
  /// Sets the cells of a row from its run.
  void fillRow(int row, const ComparedRun& run);
  void sortRows(int column, Qt::SortOrder order);
  [[nodiscard]] int rowOf(int64_t runId) const;
  /// Marks the sorted column's header with an arrow (Qt's own indicator widens every header by
  /// its height, which the narrow details pane cannot spare), the others with none.
  void markSortedColumn();

  QStringList m_columns;           ///< the headers' names, without the sort mark
  std::vector<ComparedRun> m_runs; ///< as given
  int m_sortColumn = -1;           ///< -1: the rows as given
  Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
};

} // namespace lrscope::ui
