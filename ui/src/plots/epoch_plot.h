#pragma once

#include "plots/run_plot.h"

#include <QString>

#include <vector>

namespace lrscope::ui {

/// Loss and accuracy per epoch of training runs: losses on the left axis, accuracies on the
/// right. One run draws its train (solid), validation (dashed) and test (dotted) loss in its
/// colour and the three accuracies in a second colour, each named in the legend. Several runs
/// are overlaid each in its colour with three lines: train loss, validation loss and test
/// accuracy (validation accuracy for a run without a test split), under a grey key of the
/// styles. Only runs that carry epochs are drawn (setPlots leaves out the other kinds); a
/// running training grows by appendEpoch.
class EpochPlot : public RunPlot {
  Q_OBJECT
public:
  explicit EpochPlot(QWidget* parent = nullptr);
  ~EpochPlot() override;

  /// Adds the epoch a running training just finished. Ignored for a run not plotted and for an
  /// epoch already drawn (read from the database before its signal arrived).
  void appendEpoch(int64_t runId, const engine::EpochRecord& record);

  /// The line of a metric ("validation loss", "test accuracy") of the index-th run; null when
  /// it is not drawn: nothing recorded, or not one of an overlay's three lines.
  [[nodiscard]] const QCPGraph* metricLine(int index, const QString& metric) const;
  /// The last epoch drawn of the index-th run, counted from 1 (as many as drawn, for a run that
  /// trained from its first epoch); 0 before any.
  [[nodiscard]] int epochCount(int index) const;

protected:
  void addRunGraphs(const PlottedRun& run) override;
  void appendRunSteps(int index, const std::vector<engine::StepRecord>& batch) override;
  void removeRunGraphs() override;
  void fitView() override;
  void runsChanged() override;
  [[nodiscard]] bool showsHint() const override;
  [[nodiscard]] QString readout(double key, double value) const override;

private:
  // Epochs come through setRuns and appendEpoch; steps mean nothing here.
  using RunPlot::appendSteps;
  using RunPlot::beginLiveRun;

  struct Graphs; ///< one run's line per metric
  /// Shows, names and draws the lines as one run or an overlay wants them, and rebuilds the
  /// legend and the right axis.
  void styleLines();
  [[nodiscard]] bool anyEpochs() const;

  std::vector<Graphs> m_graphs;
};

} // namespace lrscope::ui
