#pragma once

#include "plots/sweep_plot.h"

#include "lrscope/storage/sweep_summary.h"

#include <optional>
#include <utility>
#include <vector>

class QCPAbstractItem;

namespace lrscope::ui {

/// A sweep's final validation loss vs learning rate on a log axis: one point per learning rate
/// (each a "run" of the plot, under its training run's id) at the loss of its last epoch, joined
/// by a faint line; the best large, in its colour and labelled, the eliminated grey with the rung
/// they reached, the diverged marked with a cross along the top. The legend explains the marks.
class SweepLossPlot : public SweepPlot {
  Q_OBJECT
public:
  explicit SweepLossPlot(QWidget* parent = nullptr);
  ~SweepLossPlot() override;

  /// Learning rates with a finite final loss, drawn as points.
  [[nodiscard]] int pointCount() const;
  /// Learning rates marked as diverged along the top.
  [[nodiscard]] int divergedCount() const { return m_divergedMarks; }
  /// The LR marked best, if any.
  [[nodiscard]] std::optional<double> bestLr() const;

protected:
  void addRunGraphs(const PlottedRun& run) override;
  [[nodiscard]] QString candidateLabel(const storage::SweepCandidateRun& candidate) const override;
  [[nodiscard]] bool drawsAnything() const override;
  void removeRunGraphs() override;
  void fitView() override;
  void runsChanged() override;
  [[nodiscard]] QString readout(double key, double value) const override;

private:
  void addLabels();
  /// The final losses worth the view (typicalLossSpan).
  [[nodiscard]] std::optional<std::pair<double, double>> lossSpan() const;

  std::vector<QCPGraph*> m_points; ///< one per candidate, lowest LR first
  QCPGraph* m_trend = nullptr;     ///< the faint line through the finite points
  std::vector<QCPAbstractItem*> m_items;
  int m_divergedMarks = 0;
};

} // namespace lrscope::ui
