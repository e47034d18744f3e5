#include "presenters/training_presenter.h"

#include "details/run_details_panel.h"
#include "details/training_details.h"
#include "plots/loss_step_plot.h"
#include "presenters/plotted_runs.h"
#include "training/trend_watch.h"
#include "worker/live_run.h"

#include <algorithm>

namespace lrscope::ui {

TrainingPresenter::TrainingPresenter(RunView view) : m_view(std::move(view)) {}

QWidget* TrainingPresenter::defaultPlot() const {
  return m_view.lossPlot; // loss vs step: a schedule's LR against its loss doubles back on itself
}

void TrainingPresenter::show(const storage::RunCurve& run) {
  const std::vector<engine::EpochRecord> epochs = trainingEpochs(m_view, run.details.summary.id);
  PlottedRun plotted = plottedRun(m_view, run, 0);
  attachEpochs(m_view, run, epochs, plotted);
  showTrend(epochs, plotted.steps); // the live run's: as streamed
  setPlots(m_view, {std::move(plotted)});
  m_view.details->showRun(run.details);
  m_view.details->showSection(RunDetailsPanel::Section::Training);
  m_view.details->trainingDetails()->showRun(run.details);
  m_view.details->showTrainingEpochs(epochs);
}

void TrainingPresenter::stepsAdded(const storage::RunDetails& shown) {
  if (m_view.live->is(shown.summary.id))
    showTrend(m_view.live->epochs(), m_view.live->steps());
}

void TrainingPresenter::epochAdded(const storage::RunDetails& shown, qint64 runId,
                                   const engine::EpochRecord& record) {
  if (shown.summary.id != runId)
    return;
  m_view.details->addTrainingEpoch(record);
  stepsAdded(shown);
}

void TrainingPresenter::showTrend(const std::vector<engine::EpochRecord>& epochs,
                                  const std::vector<engine::StepRecord>& steps) {
  // The smoothed losses of the last steps, as many as the trend watch looks at.
  const std::size_t count = std::min<std::size_t>(steps.size(), TrendOptions{}.recentSteps);
  std::vector<double> recent;
  recent.reserve(count);
  for (std::size_t i = steps.size() - count; i < steps.size(); ++i)
    recent.push_back(steps[i].smoothedLoss);
  m_view.trendWatch->update(epochs, recent);
  m_view.trendWatch->show();
}

} // namespace lrscope::ui
