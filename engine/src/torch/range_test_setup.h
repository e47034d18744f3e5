#pragma once

// What a range test job needs before its first step, shared by the whole-model job
// (range_test_job.cpp) and the per-group one (group_range_test_job.cpp).
#include "prepared_data.h"

#include "lrscope/engine/find_report.h"
#include "lrscope/engine/model.h"
#include "lrscope/engine/optimizer.h"

#include <chrono>
#include <memory>

namespace lrscope::engine::detail {

struct RangeTestSetup {
  PreparedData data;
  std::unique_ptr<Model> model;
  std::unique_ptr<Optimizer> optimizer;
  /// The report's config, data and model fields, filled; the result is still empty.
  FindReport report;
};

/// Validates the config, loads the data (unless `loaded` holds it already), draws the sample and
/// the validation split, builds the seeded model and optimizer. Throws InputError before any
/// training.
[[nodiscard]] RangeTestSetup prepareRangeTest(const FindConfig& config,
                                              const DataSplits* loaded = nullptr);

/// Runs the test on the prepared data and model (the model is restored afterwards), then fills
/// the report's result, suggestions and range, with why an early end gives no range.
void runPreparedRangeTest(RangeTestSetup& setup, const FindConfig& config, FindReport& report,
                          RunObserver* observer, const std::atomic<bool>* stop);

[[nodiscard]] inline double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

} // namespace lrscope::engine::detail
