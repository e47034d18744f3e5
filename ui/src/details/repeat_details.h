#pragma once

// The details of a repeated range test: its verdict, how far the range and every rule moved
// over the repeats, and each repeat's own range.
#include "lrscope/storage/repeated_range_test_summary.h"

#include <QWidget>

class QLabel;
class QTableWidget;

namespace lrscope::ui {

/// Beside a repeated range test's picked range (the median range unless moved by hand): the
/// verdict with what to try when unstable, the spread table (range bounds and rules: median,
/// lowest, highest, spread in decades; a click on a row moves the nearer range marker to its
/// median) and a table of the repeats (seed, status, the range each found).
class RepeatDetails : public QWidget {
  Q_OBJECT
public:
  explicit RepeatDetails(QWidget* parent = nullptr);

  void showTest(const storage::RepeatedRangeTestSummary& test);
  /// While it runs, or when its repeats cannot be read: `text` in place of the verdict.
  void clear(const QString& text);

  [[nodiscard]] QString verdict() const;
  [[nodiscard]] QTableWidget* spreadTable() const { return m_spreads; }
  [[nodiscard]] QTableWidget* repeatTable() const { return m_repeats; }

Q_SIGNALS:
  /// A row of the spread table was clicked: its median LR.
  void lrActivated(double lr);

private:
  void setTablesVisible(bool visible);

  QLabel* m_verdict;
  QTableWidget* m_spreads;
  QLabel* m_medianCurve;
  QLabel* m_repeatsTitle = nullptr;
  QTableWidget* m_repeats;
};

} // namespace lrscope::ui
