#pragma once

#include "lrscope/engine/find_config.h"

#include <QString>

#include <string>

namespace lrscope::ui {

/// One range test the user asked for: what to run, where to file it, and how to call it.
/// config.repeats.count above 1 asks for a repeated range test (runRepeatedRangeTestJob).
struct RangeTestRequest {
  engine::FindConfig config;
  std::string experiment = "default";
  /// A per-group range test (one test per layer group, runGroupRangeTestJob) instead of one.
  bool perLayerGroup = false;
  /// A repeated test's repeats side by side: this many at once (0: as many as there are cores).
  int jobs = 0;
  QString title; ///< shown in the progress bar and the plot legend
};

} // namespace lrscope::ui
