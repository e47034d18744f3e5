#pragma once

#include "lrscope/engine/find_config.h"

#include <QString>

#include <string>

namespace lrscope::ui {

/// One range test the user asked for: what to run, where to file it, and how to call it.
struct RangeTestRequest {
  engine::FindConfig config;
  std::string experiment = "default";
  /// A per-group range test (one test per layer group, runGroupRangeTestJob) instead of one.
  bool perLayerGroup = false;
  QString title; ///< shown in the progress bar and the plot legend
};

} // namespace lrscope::ui
