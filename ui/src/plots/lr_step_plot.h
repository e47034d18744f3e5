#pragma once

#include "plots/run_plot.h"

#include <vector>

class QCPAbstractItem;

namespace lrscope::ui {

/// Learning rate vs optimizer step on a log axis: one line per parameter group of each run
/// (group 0 solid, the others dashed or dotted), and each run's events, such as live LR
/// changes, as labelled vertical markers.
class LrStepPlot : public RunPlot {
  Q_OBJECT
public:
  explicit LrStepPlot(QWidget* parent = nullptr);
  ~LrStepPlot() override;

  /// Marks an event of a plotted run (e.g. an LR change made live); ignored for other runs.
  void addEvent(int64_t runId, const storage::RunEvent& event);
  /// Event markers drawn, all runs together; for tests.
  [[nodiscard]] int eventCount() const { return static_cast<int>(m_eventItems.size() / 2); }

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
  QCPGraph* addGroupGraph(int index);
  void addEventMarker(int index, const storage::RunEvent& event);

  std::vector<Graphs> m_graphs;
  std::vector<QCPAbstractItem*> m_eventItems; ///< a line and a label per event
  bool m_adding = false;                      ///< inside addRunGraphs
};

} // namespace lrscope::ui
