#pragma once

#include "presenters/run_presenter.h"

#include <vector>

namespace lrscope::ui {

/// A repeated range test. While it runs: each repeat's curve, thin, growing as it streams.
/// When it has ended: the median curve with the band of the repeats shaded, each rule's median
/// suggestion with a whisker for its spread, the range markers at the picked range (the median
/// range unless moved), and in the details the verdict, the spread table and each repeat's range.
class RepeatedRangeTestPresenter : public RunPresenter {
public:
  explicit RepeatedRangeTestPresenter(RunView view);

  void show(const storage::RunCurve& run) override;
  [[nodiscard]] QWidget* defaultPlot() const override;
  void childStepsAdded(const storage::RunDetails& shown, qint64 runId,
                       const std::vector<engine::StepRecord>& batch) override;

private:
  /// Plots every repeat streamed so far, thin.
  void showLiveRepeats();

  RunView m_view;
};

} // namespace lrscope::ui
