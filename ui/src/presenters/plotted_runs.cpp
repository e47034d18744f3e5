#include "presenters/plotted_runs.h"

#include "plots/epoch_plot.h"
#include "plots/lr_curve_plot.h"
#include "plots/step_plots.h"
#include "run_labels.h"
#include "stored_config.h"
#include "worker/live_run.h"

#include "lrscope/storage/storage_error.h"

#include <algorithm>
#include <cmath>
#include <optional>

namespace lrscope::ui {
namespace {

/// How many steps had been taken when each stored epoch ended: from the config's sample when it
/// is a count, otherwise from the steps (exact unless the run stopped within an epoch).
std::vector<std::size_t> storedEpochEnds(const std::optional<engine::TrainConfig>& config,
                                         const std::vector<engine::EpochRecord>& epochs,
                                         std::size_t steps) {
  std::size_t perEpoch = steps / epochs.size();
  if (config && config->sample.count > 0 && config->batchSize > 0)
    perEpoch = static_cast<std::size_t>(config->sample.count / config->batchSize);
  std::vector<std::size_t> ends;
  for (const engine::EpochRecord& epoch : epochs)
    ends.push_back(static_cast<std::size_t>(epoch.epoch + 1) * perEpoch);
  return ends;
}

} // namespace

QString runLabel(const storage::RunSummary& run) {
  return QString("#%1 %2 on %3")
      .arg(run.id)
      .arg(QString::fromStdString(run.model), dataLabel(run.dataset));
}

PlottedRun plottedRun(const RunView& view, const storage::RunCurve& curve, int index) {
  PlottedRun run;
  run.id = curve.details.summary.id;
  run.label = runLabel(curve.details.summary);
  run.color = runColor(index);
  const std::vector<engine::StepRecord>* streamed = view.live->streamedSteps(run.id);
  run.steps = streamed != nullptr ? *streamed : curve.steps;
  run.suggestions = curve.details.suggestions;
  if (curve.details.range)
    run.range = storage::RangeBounds{curve.details.range->lower, curve.details.range->upper};
  try {
    if (const storage::RunDatabase* database = view.database())
      run.events = database->loadEvents(run.id);
  } catch (const storage::StorageError&) {
    // Events are decoration; the curve is still worth showing.
  }
  return run;
}

std::vector<engine::EpochRecord> trainingEpochs(const RunView& view, int64_t runId) {
  if (view.live->is(runId))
    return view.live->epochs();
  try {
    return view.database()->loadEpochs(runId);
  } catch (const storage::StorageError& error) {
    view.report(QString::fromStdString(error.what()));
    return {};
  }
}

void attachEpochs(const RunView& view, const storage::RunCurve& curve,
                  const std::vector<engine::EpochRecord>& epochs, PlottedRun& run) {
  const std::optional<engine::TrainConfig> config = trainConfigOf(curve.details);
  run.epochs = epochs;
  run.plannedEpochs = config ? config->epochs : 0;
  if (epochs.empty() || run.steps.empty())
    return;
  const std::vector<std::size_t> ends = view.live->is(curve.details.summary.id)
                                            ? view.live->epochEnds()
                                            : storedEpochEnds(config, epochs, run.steps.size());
  // Steps are stored by step number; find the one that ended each epoch.
  for (std::size_t i = 0; i < epochs.size() && i < ends.size(); ++i) {
    const int last = run.steps.front().step + static_cast<int>(ends[i]) - 1;
    const auto at = std::lower_bound(
        run.steps.begin(), run.steps.end(), last,
        [](const engine::StepRecord& step, int wanted) { return step.step < wanted; });
    if (at != run.steps.end() && std::isfinite(epochs[i].validationLoss)) {
      at->validationLoss = epochs[i].validationLoss;
      at->validationAccuracy = epochs[i].validationAccuracy;
    }
  }
}

void setPlots(const RunView& view, const std::vector<PlottedRun>& runs) {
  view.lrPlot->setRuns(runs);
  view.lossPlot->setRuns(runs);
  view.lrStepPlot->setRuns(runs);
  std::vector<PlottedRun> trained; // what the epoch plot draws, without the steps
  for (const PlottedRun& run : runs) {
    if (!run.epochs)
      continue;
    PlottedRun epochs;
    epochs.id = run.id;
    epochs.label = run.label;
    epochs.color = run.color;
    epochs.epochs = run.epochs;
    epochs.plannedEpochs = run.plannedEpochs;
    trained.push_back(std::move(epochs));
  }
  view.epochPlot->setRuns(trained);
}

void appendPlotSteps(const RunView& view, qint64 runId,
                     const std::vector<engine::StepRecord>& batch) {
  view.lrPlot->appendSteps(runId, batch);
  view.lossPlot->appendSteps(runId, batch);
  view.lrStepPlot->appendSteps(runId, batch);
}

void appendPlotEpoch(const RunView& view, qint64 runId, const engine::EpochRecord& record) {
  view.epochPlot->appendEpoch(runId, record);
}

} // namespace lrscope::ui
