#pragma once

#include "lrscope/storage/sweep_summary.h"

#include <QWidget>

class QLabel;
class QSplitter;

namespace lrscope::ui {

class SweepEpochPlot;
class SweepLossPlot;

/// What the plot area shows for a selected sweep instead of the three plots of a run: a line
/// saying what the sweep found (or where it is while it races), the validation loss of every
/// learning rate per epoch above, and the final validation loss vs learning rate below.
class SweepView : public QWidget {
  Q_OBJECT
public:
  explicit SweepView(QWidget* parent = nullptr);

  /// Shows this sweep (again, while it runs: the views stay where the user put them).
  void setSweep(const storage::SweepSummary& sweep);
  /// Where a running sweep is, e.g. "rung 2 of 3 · lr 1.93e-2 · epoch 2"; empty clears it.
  void setProgressText(const QString& text);
  /// The sweep shown, 0 for none.
  [[nodiscard]] int64_t sweepRunId() const { return m_sweepRunId; }

  [[nodiscard]] SweepEpochPlot* epochPlot() const { return m_epochPlot; }
  [[nodiscard]] SweepLossPlot* lossPlot() const { return m_lossPlot; }
  [[nodiscard]] QString headline() const;

private:
  void updateHeadline();

  QLabel* m_headline;
  QSplitter* m_splitter;
  SweepEpochPlot* m_epochPlot;
  SweepLossPlot* m_lossPlot;
  int64_t m_sweepRunId = 0;
  QString m_summaryText;
  QString m_progressText;
};

} // namespace lrscope::ui
