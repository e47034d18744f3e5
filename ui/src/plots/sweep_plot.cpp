#include "plots/sweep_plot.h"

#include "plots/plotted_run.h"
#include "plots/sweep_style.h"
#include "qcustomplot_include.h"

namespace lrscope::ui {

SweepPlot::SweepPlot(const QString& hint, QWidget* parent) : RunPlot(hint, parent) {}

SweepPlot::~SweepPlot() = default;

void SweepPlot::setSweep(const storage::SweepSummary& sweep) {
  const bool keepView =
      m_sweep.run.summary.id == sweep.run.summary.id && drawsAnything() && isViewPinned();
  const QCPRange x = customPlot()->xAxis->range();
  const QCPRange y = customPlot()->yAxis->range();
  m_sweep = sweep;
  std::vector<PlottedRun> runs;
  for (std::size_t i = 0; i < sweep.candidates.size(); ++i) {
    const storage::SweepCandidateRun& c = sweep.candidates[i];
    PlottedRun run;
    run.id = c.runId;
    run.label = candidateLabel(c);
    run.color = sweepCandidateStyle(c, static_cast<int>(i)).color;
    runs.push_back(run);
  }
  setRuns(runs);
  if (keepView) {
    customPlot()->xAxis->setRange(x); // pins the view again
    customPlot()->yAxis->setRange(y);
    customPlot()->replot();
  }
}

void SweepPlot::appendRunSteps(int, const std::vector<engine::StepRecord>&) {
  // Epochs and final losses come from the database through setSweep.
}

} // namespace lrscope::ui
