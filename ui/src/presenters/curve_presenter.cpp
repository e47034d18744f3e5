#include "presenters/curve_presenter.h"

#include "plots/lr_curve_plot.h"
#include "presenters/plotted_runs.h"

namespace lrscope::ui {

CurvePresenter::CurvePresenter(RunView view, RunDetailsPanel::Section section)
    : m_view(std::move(view)), m_section(section) {}

QWidget* CurvePresenter::defaultPlot() const {
  return m_view.lrPlot; // loss vs LR: the curve the suggestions and the range are read on
}

void CurvePresenter::show(const storage::RunCurve& run) {
  setPlots(m_view, {plottedRun(m_view, run, 0)});
  m_view.details->showRun(run.details);
  m_view.details->showSection(m_section);
}

} // namespace lrscope::ui
