#pragma once

#include "lrscope/engine/loss_smoother.h"
#include "lrscope/engine/lr_curve.h"
#include "lrscope/engine/lr_ladder.h"

#include <cmath>

namespace lrscope::engine::testing {

/// DESIGN.md's reference curve: n = 100, exponential ladder 1e-7..10, beta 0.98,
/// raw_i = 2.3 - 2/(1+exp(-2(x+3))) + exp(3(x+0.5)) + 0.03 sin(1.7 i), x = log10(lr_i).
/// With `shiftDecades` d, the same loss is met d decades later on the same ladder
/// (x = log10(lr_i) - d): every feature of the curve, and so every rule's pick, moves by d.
inline LrCurve referenceCurve(double shiftDecades = 0.0) {
  LrCurve curve;
  curve.lrs = LrLadder(1e-7, 10.0, 100, LadderMode::Exponential).values();
  for (std::size_t i = 0; i < curve.lrs.size(); ++i) {
    const double x = std::log10(curve.lrs[i]) - shiftDecades;
    curve.rawLosses.push_back(2.3 - 2.0 / (1.0 + std::exp(-2.0 * (x + 3.0))) +
                              std::exp(3.0 * (x + 0.5)) + 0.03 * std::sin(1.7 * i));
  }
  curve.losses = LossSmoother::smooth(curve.rawLosses, 0.98);
  return curve;
}

} // namespace lrscope::engine::testing
