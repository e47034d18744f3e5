#pragma once

#include "plots/run_plot.h"

#include "lrscope/storage/sweep_summary.h"

namespace lrscope::ui {

/// What the sweep plots share: a stored sweep drawn as one run of the plot per learning rate
/// (under its training run's id, lowest LR first, in its sweep colour), redrawn from the stored
/// epochs; steps appended to it are ignored.
class SweepPlot : public RunPlot {
  Q_OBJECT
public:
  ~SweepPlot() override;

  /// Shows this sweep, keeping a zoomed or panned view when it is the same sweep again (a live
  /// refresh).
  void setSweep(const storage::SweepSummary& sweep);

protected:
  SweepPlot(const QString& hint, QWidget* parent);

  /// The legend text of a learning rate.
  [[nodiscard]] virtual QString
  candidateLabel(const storage::SweepCandidateRun& candidate) const = 0;
  /// Whether the sweep shown drew anything yet (a view worth keeping).
  [[nodiscard]] virtual bool drawsAnything() const = 0;
  void appendRunSteps(int index, const std::vector<engine::StepRecord>& batch) override;

  storage::SweepSummary m_sweep; ///< the sweep shown
};

} // namespace lrscope::ui
