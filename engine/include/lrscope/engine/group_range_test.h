#pragma once

// What a per-group range test reports (runGroupRangeTestJob in group_range_test_job.h runs it).
#include "lrscope/engine/find_report.h"

#include <optional>
#include <string>
#include <vector>

namespace lrscope::engine {

class RunObserver;

/// Follows a per-group range test as it runs: one range test per layer group.
class GroupRangeTestListener {
public:
  virtual ~GroupRangeTestListener() = default;
  /// Layer group `group` (named `name`; empty for the whole-model test) is about to be tested
  /// with `config` (its sweptGroup set). Returns the observer of its steps, or null.
  virtual RunObserver* groupStarted(std::optional<int> group, const std::string& name,
                                    const FindConfig& config) = 0;
  /// That group's test ended; `report` holds its curve, suggestions and range.
  virtual void groupFinished(std::optional<int> group, const FindReport& report) = 0;
};

/// What a per-group range test produced.
struct GroupRangeTestReport {
  /// The whole-model test, run first: its range sets the scale of the groups' LRs and its
  /// lower bound is the other groups' LR unless one was given. Empty only when cancelled.
  std::optional<FindReport> wholeModel;
  /// The LR the groups not being tested stayed at.
  double otherGroupsLr = 0.0;
  /// One report per layer group tested, in group order (frozen groups are not tested); fewer
  /// when cancelled (the cancelled group's report is the last).
  std::vector<FindReport> groups;
  std::vector<std::string> warnings;
};

/// The layer group a group's test swept (its config's sweptGroup), by name; "group N" when the
/// report does not list it, empty for the whole-model test. Frozen groups are not tested, so a
/// test's place in GroupRangeTestReport::groups need not be its group's index.
[[nodiscard]] std::string testedGroupName(const FindReport& groupTest);

/// How many layer groups a per-group test tests, given its whole-model test's report: every
/// group but the frozen ones.
[[nodiscard]] int testedGroupCount(const FindReport& wholeModel);

/// Relative LRs of the groups from the upper bounds of their own tests: upper_g / max upper.
/// A group tested alone tolerates far more than when every group moves at once, so these are
/// only ratios; the whole-model test's range sets the scale. Throws InputError for an empty
/// list or a bound that is not positive.
[[nodiscard]] std::vector<double> groupLrFactors(const std::vector<double>& groupUppers);

/// The peak LR to train each group at: the whole-model range's upper bound times the group's
/// factor (groupLrFactors). Empty when the whole-model test or a group's test gave no range.
[[nodiscard]] std::vector<double> suggestedGroupLrs(const GroupRangeTestReport& report);

/// The run's message: "2 layer groups, the others at 1.000e-03: hidden1 3.162e-01, head -",
/// each group with the upper bound of its own test; with frozen groups "1 of 2 layer groups
/// (frozen: hidden1), the others at ...".
[[nodiscard]] std::string groupRangeTestMessage(const GroupRangeTestReport& report);

/// Completed when every test ran to its end (or diverged, as range tests do), else the first
/// other status (cancelled, failed).
[[nodiscard]] RunStatus overallStatus(const GroupRangeTestReport& report);

} // namespace lrscope::engine
