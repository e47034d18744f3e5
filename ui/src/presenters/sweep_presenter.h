#pragma once

#include "presenters/run_presenter.h"

#include <QObject>

class QTimer;

namespace lrscope::ui {

/// A sweep: the sweep view (validation loss per epoch and final loss per LR) in place of the plot
/// tabs, its learning rates in the details. While it races, it is read again as learning rates
/// finish epochs or are eliminated, at most every 200 ms however fast they come.
class SweepPresenter : public RunPresenter {
public:
  explicit SweepPresenter(RunView view);
  ~SweepPresenter() override;

  void show(const storage::RunCurve& run) override;
  void hide() override;
  void eventAdded(const storage::RunDetails& shown, qint64 runId, const QString& kind) override;
  void sweepUpdated(const storage::RunDetails& shown, const SweepProgress& progress) override;

private:
  /// Reads the sweep in the sweep view again into it and the details.
  void refresh();
  void refreshSoon();

  RunView m_view;
  int64_t m_shownId = 0;
  QObject m_timerOwner; ///< owns the refresh timer (the presenter itself is no QObject)
  QTimer* m_refresh;
};

/// "Racing: rung 2 of 3 · lr 1.9e-2 · epoch 2 · 4 of 8 learning rates left".
[[nodiscard]] QString sweepProgressText(const SweepProgress& progress);

} // namespace lrscope::ui
