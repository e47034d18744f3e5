#pragma once

#include "plots/run_plot.h"

#include <vector>

namespace lrscope::ui {

/// Loss vs optimizer step for one run or several in their colours: raw training loss faded,
/// smoothed loss on top, validation loss dashed with a point where it was recorded.
class LossStepPlot : public RunPlot {
  Q_OBJECT
public:
  explicit LossStepPlot(QWidget* parent = nullptr);
  ~LossStepPlot() override;

protected:
  void addRunGraphs(const PlottedRun& run) override;
  void appendRunSteps(int index, const std::vector<engine::StepRecord>& batch) override;
  void removeRunGraphs() override;
  void fitView() override;
  void runsChanged() override;
  [[nodiscard]] QString readout(double key, double value) const override;
  void applyLineWidths() override;

private:
  struct Graphs; ///< the graphs of one run
  std::vector<Graphs> m_graphs;
  bool m_adding = false; ///< inside addRunGraphs
};

} // namespace lrscope::ui
