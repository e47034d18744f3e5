#include "presenters/comparison.h"

#include "details/run_details_panel.h"
#include "plots/repeated_run.h"
#include "presenters/plotted_runs.h"

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
  std::vector<storage::RunDetails> details;
  std::vector<QColor> colors;
  for (const storage::RunCurve& run : runs) {
    plotted.push_back(comparedRun(view, run, static_cast<int>(plotted.size())));
    if (run.details.summary.kind == engine::RunKind::Training)
      markEpochValidation(view, run, trainingEpochs(view, run.details.summary.id), plotted.back());
    details.push_back(run.details);
    colors.push_back(plotted.back().color);
  }
  setPlots(view, plotted);
  view.details->showComparison(details, colors);
}

} // namespace lrscope::ui
