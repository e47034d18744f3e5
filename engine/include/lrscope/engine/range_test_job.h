#pragma once

#include "lrscope/engine/find_report.h"

#include <atomic>

namespace lrscope::engine {

class RunObserver;

/// Runs a whole range test from a config: loads the data, draws the stratified sample and the
/// validation split, normalizes both with the sample's statistics, builds the model and the
/// optimizer (seeded), runs the test and applies every suggestion rule and the range rule.
/// Throws InputError for a bad config, data set or model (before any training); a failure
/// during the test is reported in the result's status instead.
[[nodiscard]] FindReport runRangeTestJob(const FindConfig& config, RunObserver* observer,
                                         const std::atomic<bool>* stop);

} // namespace lrscope::engine
