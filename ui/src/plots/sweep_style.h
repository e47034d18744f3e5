#pragma once

// How the sweep's plots and details show one learning rate: its colour, pen, and what became
// of it in words.
#include "lrscope/storage/sweep_summary.h"

#include <QColor>
#include <QPen>
#include <QString>

#include <optional>
#include <utility>
#include <vector>

namespace lrscope::ui {

/// The look of one learning rate of a sweep: the best bold in green, the stopped ones grey
/// (dashed when diverged), those still racing (or left undecided) in their run colour.
struct SweepCandidateStyle {
  QColor color;
  QPen pen;
  bool greyed = false; ///< eliminated or diverged
  bool best = false;
};

/// Grey of the stopped learning rates.
[[nodiscard]] QColor sweepGrey();

/// index: the candidate's position, lowest LR first (it picks the colour).
[[nodiscard]] SweepCandidateStyle sweepCandidateStyle(const storage::SweepCandidateRun& candidate,
                                                      int index);

/// "best", "eliminated at rung 2: validation loss 0.61 > median 0.48", "diverged at rung 1",
/// "racing", or the run's status when the sweep ended before deciding (cancelled, failed).
[[nodiscard]] QString sweepOutcomeText(const storage::SweepCandidateRun& candidate);

/// The learning rate as the sweep's plots and tables write it: "3.16e-4", "0.0193".
[[nodiscard]] QString sweepLrText(double lr);

} // namespace lrscope::ui
