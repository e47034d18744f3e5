#pragma once

#include "details/run_details_panel.h"
#include "presenters/run_presenter.h"

namespace lrscope::ui {

/// A loss-vs-LR curve: a range test (which can be trained and swept from), an imported curve,
/// or a run of a kind this version does not know (shown as a curve, never acted on).
class CurvePresenter : public RunPresenter {
public:
  CurvePresenter(RunView view, RunDetailsPanel::Section section);

  void show(const storage::RunCurve& run) override;
  [[nodiscard]] QWidget* defaultPlot() const override;

private:
  RunView m_view;
  RunDetailsPanel::Section m_section;
};

} // namespace lrscope::ui
