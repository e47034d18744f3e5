#include "lrscope/storage/group_range_test_summary.h"

#include "group_tag.h"
#include "lrscope/engine/json_value.h"
#include "lrscope/storage/child_runs.h"
#include "lrscope/storage/storage_error.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace lrscope::storage {
namespace {

/// The config's range_test.swept_group; empty (the whole model) when absent, null, unreadable
/// or negative (configs stored before 2026-12 wrote -1).
std::optional<int> sweptGroup(const std::string& configJson) {
  const nlohmann::json config = nlohmann::json::parse(configJson, nullptr, false);
  if (!config.is_object() || !config.contains("range_test") || !config["range_test"].is_object())
    return std::nullopt;
  const nlohmann::json group = config["range_test"].value("swept_group", nlohmann::json());
  const std::optional<int> value = engine::exactValue<int>(group);
  if (!value || *value < 0)
    return std::nullopt;
  return value;
}

} // namespace

const GroupTestRun* GroupRangeTestSummary::wholeModel() const {
  const auto found = std::find_if(tests.begin(), tests.end(),
                                  [](const GroupTestRun& test) { return test.isWholeModel(); });
  return found == tests.end() ? nullptr : &*found;
}

std::vector<const GroupTestRun*> GroupRangeTestSummary::groupTests() const {
  std::vector<const GroupTestRun*> groups;
  for (const GroupTestRun& test : tests) {
    if (!test.isWholeModel())
      groups.push_back(&test);
  }
  return groups;
}

GroupRangeTestSummary loadGroupRangeTest(const RunDatabase& database, int64_t parentRunId,
                                         std::size_t maxPoints) {
  GroupRangeTestSummary summary;
  summary.run =
      loadParentRun(database, parentRunId, engine::RunKind::GroupRangeTest, "per-group range test");
  for (RunCurve& curve : database.loadRuns(childRunIds(database, parentRunId), maxPoints)) {
    GroupTestRun test;
    test.group = sweptGroup(curve.details.configJson);
    const std::optional<std::string> name = groupNameFromTags(curve.details.summary.tags);
    if (!test.isWholeModel() && name)
      test.groupName = *name;
    test.curve = std::move(curve);
    summary.tests.push_back(std::move(test));
  }
  std::sort(
      summary.tests.begin(), summary.tests.end(), [](const GroupTestRun& a, const GroupTestRun& b) {
        return a.group < b.group ||
               (a.group == b.group && a.curve.details.summary.id < b.curve.details.summary.id);
      });
  return summary;
}

} // namespace lrscope::storage
