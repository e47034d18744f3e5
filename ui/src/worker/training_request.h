#pragma once

#include "lrscope/engine/run_record.h"
#include "lrscope/engine/training_job.h"

#include <QMetaType>
#include <QString>

#include <string>

namespace lrscope::ui {

/// One training run the user asked for ("Train with this range"): what to train, where to
/// file it, and how to call it.
struct TrainingRequest {
  engine::TrainConfig config;
  std::string experiment = "default";
  QString title; ///< shown in the progress bar and the status bar
};

} // namespace lrscope::ui

// Epochs travel from the worker thread to the UI thread by value in queued signals.
Q_DECLARE_METATYPE(lrscope::engine::EpochRecord)
