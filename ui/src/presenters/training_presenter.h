#pragma once

#include "presenters/run_presenter.h"

namespace lrscope::ui {

/// A training run: its loss and LR per step with each epoch's validation loss, the trend watch
/// above the details, and the epochs table; followed epoch by epoch while it trains (also as a
/// racing sweep's learning rate).
class TrainingPresenter : public RunPresenter {
public:
  explicit TrainingPresenter(RunView view);

  void show(const storage::RunCurve& run) override;
  [[nodiscard]] QWidget* defaultPlot() const override;
  void stepsAdded(const storage::RunDetails& shown) override;
  void epochAdded(const storage::RunDetails& shown, qint64 runId,
                  const engine::EpochRecord& record) override;

private:
  /// The trend watch for the shown run, from these epochs and its latest smoothed losses.
  void showTrend(const std::vector<engine::EpochRecord>& epochs,
                 const std::vector<engine::StepRecord>& steps);

  RunView m_view;
};

} // namespace lrscope::ui
