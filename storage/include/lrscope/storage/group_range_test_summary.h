#pragma once

#include "lrscope/storage/run_database.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lrscope::storage {

/// One test of a stored per-group range test: the whole-model test, or one layer group's, in
/// which only that group's LR climbed the ladder.
struct GroupTestRun {
  RunCurve curve; ///< the child range test and its steps (plotted against the swept group's LR)
  /// The layer group swept (its config's range_test.swept_group); empty for the whole model.
  std::optional<int> group;
  /// The group's name as the model calls it ("conv1"); empty for the whole-model test, and for
  /// a test stored without its name.
  std::string groupName;

  [[nodiscard]] bool isWholeModel() const { return !group; }
};

/// A stored per-group range test: the parent run and its tests.
struct GroupRangeTestSummary {
  RunDetails run; ///< the parent (kind GroupRangeTest)
  /// The whole-model test first, then one test per layer group in group order (ties: run id).
  std::vector<GroupTestRun> tests;

  /// The whole-model test; null when it is missing.
  [[nodiscard]] const GroupTestRun* wholeModel() const;
  /// The layer groups' tests, in group order.
  [[nodiscard]] std::vector<const GroupTestRun*> groupTests() const;
};

/// Reads a per-group range test (kind "group_range_test") and its tests; each test's steps at
/// most about maxPoints (0: all, see RunDatabase::loadSteps). Throws StorageError when the run
/// does not exist or is of another kind.
[[nodiscard]] GroupRangeTestSummary
loadGroupRangeTest(const RunDatabase& database, int64_t parentRunId, std::size_t maxPoints = 0);

} // namespace lrscope::storage
