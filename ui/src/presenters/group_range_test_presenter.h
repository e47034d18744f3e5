#pragma once

#include "presenters/run_presenter.h"

namespace lrscope::ui {

/// A per-group range test: its whole-model and layer-group tests overlaid on the plots, each
/// labelled by its group (each against the LR of the group it swept), and the LR to train each
/// group at in the details.
class GroupRangeTestPresenter : public RunPresenter {
public:
  explicit GroupRangeTestPresenter(RunView view);

  void show(const storage::RunCurve& run) override;
  [[nodiscard]] QWidget* defaultPlot() const override;

private:
  RunView m_view;
};

} // namespace lrscope::ui
