#pragma once

#include "lrscope/storage/sweep_summary.h"

#include <QWidget>

class QLabel;
class QTableWidget;

namespace lrscope::ui {

/// The details of a sweep, in place of a range test's range and suggestions: the best learning
/// rate, the extremes it eliminated on each side, and a table of its learning rates (LR, what
/// became of it, the rung it reached, its final validation loss and accuracy).
class SweepDetails : public QWidget {
  Q_OBJECT
public:
  explicit SweepDetails(QWidget* parent = nullptr);

  void showSweep(const storage::SweepSummary& sweep);
  /// Empties the figures until showSweep.
  void clear();

  [[nodiscard]] QString bestText() const;
  [[nodiscard]] QString extremesText() const;
  [[nodiscard]] QTableWidget* candidateTable() const { return m_table; }

private:
  void fitTableHeight();

  QLabel* m_best;
  QLabel* m_extremes;
  QTableWidget* m_table;
};

} // namespace lrscope::ui
