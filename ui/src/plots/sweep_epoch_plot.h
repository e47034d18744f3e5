#pragma once

#include "plots/sweep_plot.h"

#include "lrscope/storage/sweep_summary.h"

#include <optional>
#include <vector>

class QCPAbstractItem;

namespace lrscope::ui {

/// A sweep's validation loss vs epoch, one line per learning rate (each a "run" of the plot,
/// under its training run's id): the best bold in its colour, the eliminated ones grey and the
/// diverged ones grey and dashed, each named in the legend with what became of it ("3.16e-4 ·
/// eliminated at rung 1: validation loss 0.61 > median 0.48"); the rungs are marked along the
/// top. Steps appended to it are ignored: it is redrawn from the stored epochs (setSweep).
class SweepEpochPlot : public SweepPlot {
  Q_OBJECT
public:
  explicit SweepEpochPlot(QWidget* parent = nullptr);
  ~SweepEpochPlot() override;

  /// One line per learning rate.
  [[nodiscard]] int lineCount() const { return static_cast<int>(m_lines.size()); }
  /// Whether the line of this learning rate's run is greyed out (eliminated or diverged).
  [[nodiscard]] bool isGreyed(int64_t candidateRunId) const;
  /// The run of the highlighted (best) learning rate, if any.
  [[nodiscard]] std::optional<int64_t> highlightedRun() const;
  /// The legend text of this learning rate's line; empty when there is none.
  [[nodiscard]] QString legendText(int64_t candidateRunId) const;

protected:
  void addRunGraphs(const PlottedRun& run) override;
  [[nodiscard]] QString candidateLabel(const storage::SweepCandidateRun& candidate) const override;
  [[nodiscard]] bool drawsAnything() const override;
  void removeRunGraphs() override;
  void fitView() override;
  void runsChanged() override;
  [[nodiscard]] QString readout(double key, double value) const override;

private:
  void markRungs();

  std::vector<QCPGraph*> m_lines; ///< one per candidate, lowest LR first
  std::vector<QCPAbstractItem*> m_rungItems;
};

} // namespace lrscope::ui
