#pragma once

#include "lrscope/engine/repeat_summary.h"
#include "lrscope/storage/run_database.h"

#include <cstdint>
#include <vector>

namespace lrscope::storage {

/// A stored repeated range test: the parent run, its repeats and what they say together.
struct RepeatedRangeTestSummary {
  RunDetails run;                ///< the parent (kind RepeatedRangeTest)
  std::vector<RunCurve> repeats; ///< the child range tests in repeat order, every step
  /// engine::summarizeRepeats of the repeats' curves (those with steps), as the test printed
  /// it when it ended; repeats counts every child.
  engine::RepeatSummary summary;
};

/// Reads a repeated range test (kind "repeated_range_test") and its repeats. Repeat order is
/// the order of their seeds after the parent's (the seed of repeat i is the parent's + i).
/// Throws StorageError when the run does not exist or is of another kind.
[[nodiscard]] RepeatedRangeTestSummary loadRepeatedRangeTest(const RunDatabase& database,
                                                             int64_t parentRunId);

} // namespace lrscope::storage
