#pragma once

// What the range-test job tests compare between two reports.
#include "lrscope/engine/find_report.h"

#include <vector>

namespace lrscope::engine::testing {

/// The raw loss of every step of the report's curve, in order.
inline std::vector<double> lossesOf(const FindReport& report) {
  std::vector<double> losses;
  for (const StepRecord& step : report.result.steps)
    losses.push_back(step.loss);
  return losses;
}

} // namespace lrscope::engine::testing
