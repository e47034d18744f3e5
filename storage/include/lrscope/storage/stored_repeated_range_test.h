#pragma once

#include "lrscope/engine/repeated_range_test.h"
#include "lrscope/storage/run_database.h"
#include "lrscope/storage/sharded_runs.h"
#include "lrscope/storage/stored_range_test.h"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace lrscope::storage {

/// A repeated range test stored while it runs: a parent run of kind "repeated_range_test" and,
/// as each repeat starts, a child range test (parent_run_id = the parent) with the repeat's
/// config (its seed the parent's + the repeat's index). Pass it as the job's listener: repeats
/// running side by side each store their child through a connection of their own thread.
class StoredRepeatedRangeTest : public engine::RepeatedRangeTestListener {
public:
  /// Opens (or creates) the database and starts the parent run. Throws StorageError. With a
  /// shard, the database is the shard's own file (created with a rollback journal, for network
  /// file systems), the parent gets the shard's parentUid, and only the shard's repeats run.
  StoredRepeatedRangeTest(const std::filesystem::path& database, const engine::FindConfig& config,
                          const std::string& experiment = "default",
                          std::optional<ShardPart> shard = std::nullopt);

  /// Both called on the repeat's thread; safe while other repeats call them on theirs.
  engine::RunObserver* repeatStarted(int index, const engine::FindConfig& config) override;
  void repeatFinished(int index, const engine::FindReport& report) override;

  /// Ends the parent with engine::overallStatus and the verdict as its message. A shard that ran
  /// its repeats (failed ones included) records its end and the parent is reassembled from the
  /// shards its file holds (incomplete until merged with the others); a stopped shard is stored
  /// as cancelled, not ended. Call it (and abandon) once the job returned, on the thread that
  /// created this object.
  void complete(const engine::RepeatedRangeTestReport& report, double seconds);
  /// Records that the test failed before its first step; a child still running is failed too.
  void abandon(const std::string& message);

  [[nodiscard]] int64_t runId() const { return m_parentId; }
  /// The child run of each repeat, in repeat order; 0 for a repeat that did not start.
  [[nodiscard]] const std::vector<int64_t>& repeatRunIds() const { return m_childIds; }
  [[nodiscard]] const std::filesystem::path& databasePath() const { return m_database.path(); }

private:
  RunDatabase m_database;
  std::string m_experiment;
  std::optional<ShardPart> m_shard;
  int64_t m_parentId;
  /// One slot per repeat, touched only by that repeat's thread while the job runs.
  std::vector<std::unique_ptr<StoredRangeTest>> m_children;
  std::vector<int64_t> m_childIds;
};

/// Stores how the whole test ended on its parent run: engine::overallStatus, the verdict as
/// message, and the median range as its automatic range.
void saveRepeatedRangeTestEnd(RunDatabase& database, int64_t parentRunId,
                              const engine::RepeatedRangeTestReport& report, double seconds);

} // namespace lrscope::storage
