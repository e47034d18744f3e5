#pragma once

#include "lrscope/engine/group_range_test.h"
#include "lrscope/storage/run_database.h"
#include "lrscope/storage/stored_range_test.h"

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace lrscope::storage {

/// A per-group range test stored while it runs: a parent run of kind "group_range_test" and,
/// as each test starts, a child range test (parent_run_id = the parent; tagged "group:NAME",
/// or "group:all" for the whole-model test) whose curve is plotted against the swept group's
/// LR. Pass it as the job's listener.
class StoredGroupRangeTest : public engine::GroupRangeTestListener {
public:
  /// Opens (or creates) the database and starts the parent run. Throws StorageError.
  StoredGroupRangeTest(const std::filesystem::path& database, const engine::FindConfig& config,
                       const std::string& experiment = "default");

  engine::RunObserver* groupStarted(std::optional<int> group, const std::string& name,
                                    const engine::FindConfig& config) override;
  void groupFinished(std::optional<int> group, const engine::FindReport& report) override;

  /// Ends the parent with engine::overallStatus; its message lists each group's suggested LR.
  void complete(const engine::GroupRangeTestReport& report, double seconds);
  /// Records that the test failed before its first step; a child still running is failed too.
  void abandon(const std::string& message);

  [[nodiscard]] int64_t runId() const { return m_parentId; }
  /// The child run of each layer group started so far, in group order.
  [[nodiscard]] const std::vector<int64_t>& groupRunIds() const { return m_childIds; }
  /// The whole-model test's run, 0 when none ran.
  [[nodiscard]] int64_t wholeModelRunId() const { return m_wholeModelId; }
  [[nodiscard]] const std::filesystem::path& databasePath() const { return m_database.path(); }

private:
  RunDatabase m_database;
  std::string m_experiment;
  int64_t m_parentId;
  std::unique_ptr<StoredRangeTest> m_current;
  std::vector<int64_t> m_childIds;
  int64_t m_wholeModelId = 0;
};

} // namespace lrscope::storage
