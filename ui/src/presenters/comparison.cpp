#include "presenters/comparison.h"

#include "details/comparison_table.h"
#include "details/run_details_panel.h"
#include "plots/repeated_run.h"
#include "presenters/plotted_runs.h"
#include "run_labels.h"
#include "stored_config.h"

#include "lrscope/storage/repeated_range_test_summary.h"
#include "lrscope/storage/storage_error.h"

namespace lrscope::ui {

namespace {

/// A run as compared: a repeated range test by its median curve and band.
PlottedRun comparedRun(const RunView& view, const storage::RunCurve& run, int index) {
  if (run.details.summary.kind == engine::RunKind::RepeatedRangeTest &&
      run.details.summary.status != engine::StoredStatus::Running) {
    try {
      const storage::RepeatedRangeTestSummary test =
          storage::loadRepeatedRangeTest(*view.database(), run.details.summary.id);
      return repeatedPlottedRun(run.details, test.summary, runLabel(run.details.summary),
                                runColor(index));
    } catch (const storage::StorageError& error) {
      view.report(QString::fromStdString(error.what()));
    }
  }
  return plottedRun(view, run, index);
}

} // namespace

void showComparison(const RunView& view, const std::vector<storage::RunCurve>& runs) {
  std::vector<PlottedRun> plotted;
  std::vector<ComparedRun> compared;
  for (const storage::RunCurve& run : runs) {
    plotted.push_back(comparedRun(view, run, static_cast<int>(plotted.size())));
    compared.push_back({run.details, plotted.back().color, QString(), 0, {}});
    if (run.details.summary.kind == engine::RunKind::Training) {
      ComparedRun& training = compared.back();
      training.epochs = trainingEpochs(view, run.details.summary.id);
      if (const std::optional<engine::TrainConfig> config = trainConfigOf(run.details)) {
        training.schedule = scheduleKindText(config->schedule.kind);
        training.plannedEpochs = config->epochs;
      }
      attachEpochs(view, run, training.epochs, plotted.back());
    }
  }
  setPlots(view, plotted);
  view.details->showComparison(compared);
}

void addComparedEpoch(const RunView& view, qint64 runId, const engine::EpochRecord& record) {
  view.details->comparisonTable()->addEpoch(runId, record);
}

} // namespace lrscope::ui
