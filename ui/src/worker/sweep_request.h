#pragma once

#include "lrscope/engine/sweep_job.h"

#include <QString>

#include <string>

namespace lrscope::ui {

/// One sweep the user asked for ("Sweep around this range"): the learning rates to race and
/// their training setup, where to file the runs, and how to call it.
struct SweepRequest {
  engine::SweepConfig config;
  std::string experiment = "default";
  QString title; ///< shown in the progress bar and the status bar
};

} // namespace lrscope::ui
