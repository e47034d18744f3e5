#pragma once

#include "lrscope/storage/run_database.h"

#include <QByteArray>
#include <QList>
#include <QWidget>

#include <optional>

class QLineEdit;
class QStandardItem;
class QStandardItemModel;
class QTreeView;

namespace lrscope::ui {

/// The experiments of a database and their runs (kind, status, data set, model, date, tags),
/// with a filter box and multi-select. Reads through the UI thread's connection.
class RunBrowser : public QWidget {
  Q_OBJECT
public:
  explicit RunBrowser(QWidget* parent = nullptr);

  /// Borrowed; null shows nothing. Reloads.
  void setDatabase(storage::RunDatabase* database);
  /// Reads the runs again, keeping the selection and the expanded experiments.
  void reload();

  [[nodiscard]] QList<qint64> selectedRunIds() const;
  /// Selects exactly these runs (in this order for the comparison) and makes the last current.
  void selectRuns(const QList<qint64>& runIds);
  /// The experiment of the current item (an experiment or one of its runs); empty when none.
  [[nodiscard]] QString currentExperiment() const;
  [[nodiscard]] qint64 currentExperimentId() const;
  /// Number of runs shown (after filtering).
  [[nodiscard]] int visibleRunCount() const;
  /// The run started last among those shown; none when none is shown.
  [[nodiscard]] std::optional<qint64> newestRunId() const { return m_newestRunId; }

  /// The columns' widths and order, to restore in the next session (QHeaderView::saveState).
  [[nodiscard]] QByteArray columnState() const;
  /// Restores what columnState() saved; the columns then keep those widths. Without it (a
  /// first start) they are sized to their contents and narrowed to fit the pane.
  void restoreColumnState(const QByteArray& state);
  [[nodiscard]] QTreeView* view() const { return m_view; }

Q_SIGNALS:
  /// The selected runs changed (keyboard or mouse); in selection order.
  void selectionChanged(const QList<qint64>& runIds);
  /// The user asked for the context menu of the browser at a global position.
  void contextMenuRequested(const QPoint& globalPosition);
  /// A message for the status bar (e.g. a filter the database refused).
  void message(const QString& text);

private:
  void fill(const std::vector<storage::ExperimentSummary>& experiments,
            const std::vector<storage::RunSummary>& runs);
  /// Selects these runs without announcing it.
  void applySelection(const QList<qint64>& runIds);
  void emitSelection();
  /// Sizes the columns to their contents, then narrows those that say least about a run (data
  /// set first, the run's name last) until all fit the pane; not once the user (or a restored
  /// state) has set the widths.
  void fitColumns();

protected:
  /// The tree's viewport resized: fit the columns to its new width.
  bool eventFilter(QObject* watched, QEvent* event) override;

private:
  storage::RunDatabase* m_database = nullptr;
  QLineEdit* m_filter;
  QTreeView* m_view;
  QStandardItemModel* m_model;
  QList<qint64> m_selectionOrder;
  std::optional<qint64> m_newestRunId;
  bool m_columnsSet = false; ///< the user or a saved state sized the columns
  bool m_fitting = false;    ///< fitColumns is resizing them
};

} // namespace lrscope::ui
