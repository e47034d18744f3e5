#include "presenters/comparison.h"

#include "details/run_details_panel.h"
#include "presenters/plotted_runs.h"

namespace lrscope::ui {

void showComparison(const RunView& view, const std::vector<storage::RunCurve>& runs) {
  std::vector<PlottedRun> plotted;
  std::vector<storage::RunDetails> details;
  std::vector<QColor> colors;
  for (const storage::RunCurve& run : runs) {
    plotted.push_back(plottedRun(view, run, static_cast<int>(plotted.size())));
    if (run.details.summary.kind == engine::RunKind::Training)
      markEpochValidation(view, run, trainingEpochs(view, run.details.summary.id), plotted.back());
    details.push_back(run.details);
    colors.push_back(plotted.back().color);
  }
  setPlots(view, plotted);
  view.details->showComparison(details, colors);
}

} // namespace lrscope::ui
