#pragma once

// A parent run whose independent units (the repeats of a range test, the range tests and
// trainings of an audit) were run as shards, the
// tasks of a job array, each shard in a database file of its own; `lrscope merge` puts the
// parent back together, one shard at a time, in any order.
#include "lrscope/engine/run_kind.h"
#include "lrscope/engine/run_record.h"
#include "lrscope/engine/shard.h"
#include "lrscope/storage/run_database.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace lrscope::storage {

/// One shard's share of a parent run: which of its units it does.
struct ShardPart {
  engine::Shard shard;
  std::vector<int> units; ///< 0-based, in order (engine::shardUnits)
  int totalUnits = 0;     ///< of the whole parent
  std::string parentUid;  ///< shardedParentUid of the whole
};

/// The event on a sharded parent that records one shard's end, with payload {"shard": I,
/// "of": N, "units": [...], "total_units": K, "status": ..., "seconds": ...}.
inline constexpr const char* kShardEvent = "shard";

/// The uid every shard gives the parent, so that merging their files makes one run: the same for
/// the same kind, config, experiment, number of shards and database the shards merge into.
[[nodiscard]] std::string shardedParentUid(engine::RunKind kind, const std::string& configJson,
                                           const std::string& experiment, int shards,
                                           const std::filesystem::path& mergedDatabase);
[[nodiscard]] bool isShardedParentUid(const std::string& uid);

/// A file beside `database` named after it: runs.db and "shard-2-of-4" give
/// runs.shard-2-of-4.db (".db" when the database's name has no extension).
[[nodiscard]] std::filesystem::path besideDatabase(const std::filesystem::path& database,
                                                   const std::string& infix);

/// Where shard I of N of a job merged into `mergedDatabase` (runs.db) writes its runs:
/// runs.shard-I-of-N.db beside it.
[[nodiscard]] std::filesystem::path shardDatabasePath(const std::filesystem::path& mergedDatabase,
                                                      engine::Shard shard);

/// The JSON payloads of the run's events of `kind`, in order (a payload that is not a JSON object
/// is left out).
[[nodiscard]] std::vector<nlohmann::json> eventPayloads(const RunDatabase& database, int64_t runId,
                                                        const std::string& kind);

/// Records on the parent that `part` ended with `status` after `seconds`.
void recordShardEnd(RunDatabase& database, int64_t parentRunId, const ShardPart& part,
                    engine::RunStatus status, double seconds);

/// A shard's end in its own file: stopped by Ctrl+C, the parent is cancelled ("shard 2/4 stopped
/// before its UNITs ended; rerun it") and merge leaves it out; otherwise its end is recorded
/// (recordShardEnd) and the parent put together from what the file holds.
void endShard(RunDatabase& database, int64_t parentRunId, const ShardPart& part,
              engine::RunStatus status, double seconds, const std::string& unit);

/// Whether the parent's file records the end of shard `index`.
[[nodiscard]] bool shardEnded(const RunDatabase& database, int64_t parentRunId, int index);

/// A sharded parent found in a shard's file.
struct ShardedRunInFile {
  int64_t runId = 0;
  std::string uid;
  std::vector<int> endedShards; ///< the shards whose end the file records
};

/// Every sharded parent in the database (a shard's file holds one).
[[nodiscard]] std::vector<ShardedRunInFile> shardedParentsIn(const RunDatabase& database);

/// Sets the parent's status and message from the shards its file holds. While some are missing:
/// interrupted, "incomplete: 3 of 4 shards merged; shard 2/4 not merged yet ...". Once every
/// shard is there: what the same job run in one go stores (for a repeated range test, the status
/// and verdict over all repeats and the median range; for an audit, finishShardedAudit), after
/// the shards' summed time.
ShardedParent reassembleShardedParent(RunDatabase& database, int64_t parentRunId);

/// "run 12 (repeated range test): 4 of 4 shards, completed: 8 of 8 repeats, stable: ..." or
/// "... 3 of 4 shards; shard 2/4 missing: ..." (what merge prints per sharded parent).
[[nodiscard]] std::string describeShardedParent(const ShardedParent& parent);

/// Why `files` must not be merged together, or nothing: two of them are named as shards of one
/// job (runs.shard-0-of-4.db and runs.shard-1-of-4.db, the same runs and N) but hold shards of
/// different runs, as when one task ran another command or config. "runs.shard-1-of-4.db holds a
/// shard of another run than runs.shard-0-of-4.db ...". A file that cannot be read, or holds no
/// sharded run, is left to the merge.
[[nodiscard]] std::optional<std::string>
shardOfAnotherRun(const std::vector<std::filesystem::path>& files);

} // namespace lrscope::storage
