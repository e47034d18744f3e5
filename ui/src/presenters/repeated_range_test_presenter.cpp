#include "presenters/repeated_range_test_presenter.h"

#include "details/run_details_panel.h"
#include "plots/lr_curve_plot.h"
#include "plots/repeated_run.h"
#include "presenters/plotted_runs.h"
#include "worker/live_run.h"

#include "lrscope/storage/repeated_range_test_summary.h"
#include "lrscope/storage/storage_error.h"

#include <QObject>

namespace lrscope::ui {

RepeatedRangeTestPresenter::RepeatedRangeTestPresenter(RunView view) : m_view(std::move(view)) {}

QWidget* RepeatedRangeTestPresenter::defaultPlot() const {
  return m_view.lrPlot; // loss vs LR: the curve the suggestions and the range are read on
}

void RepeatedRangeTestPresenter::show(const storage::RunCurve& run) {
  m_view.details->showRun(run.details);
  m_view.details->showSection(RunDetailsPanel::Section::Repeats);
  const bool running = run.details.summary.status == engine::StoredStatus::Running;
  if (running && m_view.live->is(run.details.summary.id)) {
    showLiveRepeats();
    return;
  }
  storage::RepeatedRangeTestSummary test;
  try {
    test = storage::loadRepeatedRangeTest(*m_view.database(), run.details.summary.id);
  } catch (const storage::StorageError& error) {
    m_view.report(QString::fromStdString(error.what()));
    setPlots(m_view, {});
    return;
  }
  setPlots(m_view, {repeatedPlottedRun(run.details, test.summary, runLabel(run.details.summary),
                                       runColor(0))});
  m_view.details->showRepeatedTest(test);
}

void RepeatedRangeTestPresenter::childStepsAdded(const storage::RunDetails& shown, qint64 runId,
                                                 const std::vector<engine::StepRecord>& batch) {
  if (!m_view.live->is(shown.summary.id))
    return;
  if (m_view.lrPlot->runIndex(runId) >= 0)
    appendPlotSteps(m_view, runId, batch);
  else
    showLiveRepeats(); // a repeat that just started
}

void RepeatedRangeTestPresenter::showLiveRepeats() {
  std::vector<PlottedRun> runs;
  for (const LiveRun::ChildSteps& child : m_view.live->childSteps()) {
    PlottedRun run;
    run.id = child.runId;
    run.label = QObject::tr("#%1 (a repeat)").arg(child.runId); // in the order they streamed
    run.color = runColor(static_cast<int>(runs.size()));
    run.steps = child.steps;
    run.thin = true;
    runs.push_back(std::move(run));
  }
  setPlots(m_view, runs);
}

} // namespace lrscope::ui
