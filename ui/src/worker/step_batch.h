#pragma once

#include "lrscope/engine/run_record.h"

#include <QMetaType>

#include <vector>

// Steps travel from the worker thread to the UI thread by value in queued signals.
Q_DECLARE_METATYPE(std::vector<lrscope::engine::StepRecord>)
