#pragma once

// What every sharded command (find --repeats, audit) does around its share of the units: where
// the shard writes, whether it already ran there, and the merge that brings the shards together.
#include "cli/output_options.h"

#include "lrscope/engine/run_kind.h"
#include "lrscope/engine/shard.h"
#include "lrscope/storage/sharded_runs.h"

#include <filesystem>
#include <string>

namespace lrscope::cli {

/// One shard of a run: its share of the units and the file it writes them to.
struct ShardTask {
  storage::ShardPart part;
  std::filesystem::path file;   ///< DB.shard-I-of-N.db beside the database given
  std::filesystem::path merged; ///< the database given, where the shards are merged
};

/// The task of `shard` in a run of `kind` with config `configJson` and `units` units, stored in
/// `output`'s database and experiment. Throws InputError under --no-store (a shard exists to be
/// merged).
[[nodiscard]] ShardTask shardTaskOf(engine::Shard shard, engine::RunKind kind,
                                    const std::string& configJson, int units,
                                    const OutputOptions& output);

/// Whether the shard's file already holds its end (then says so, as JSON under --json); a run of
/// the shard there that did not end (its task failed or was stopped) is deleted, to be run
/// again. Throws InputError while it is running there.
[[nodiscard]] bool shardAlreadyEnded(const ShardTask& task, const OutputOptions& output);

/// "lrscope merge --db runs.db runs.shard-0-of-4.db ...".
[[nodiscard]] std::string shardMergeCommand(const ShardTask& task);

/// "units 3..4 of 8", "unit 2 of 8", "no unit of 2 (more shards than units)" with the command's
/// word for a unit ("repeat", "unit").
[[nodiscard]] std::string shardUnitsText(const storage::ShardPart& part, const std::string& unit);

} // namespace lrscope::cli
