#pragma once

// Shards: one machine's share of a job's independent units (the repeats of a range test, the
// units of an audit, the cells of an audit matrix), so that a job array spreads the job over a
// cluster.
#include <functional>
#include <string>
#include <vector>

namespace lrscope::engine {

/// Shard `index` of `count` (0 <= index < count), written "index/count" as Slurm numbers array
/// tasks from 0.
struct Shard {
  int index = 0;
  int count = 1;
};

/// Reads an environment variable; null when it is not set.
using EnvironmentReader = std::function<const char*(const char*)>;

/// "I/N" (0 <= I < N), or "auto": the task of the Slurm job array this process runs in
/// (SLURM_ARRAY_TASK_ID, less SLURM_ARRAY_TASK_MIN, of SLURM_ARRAY_TASK_COUNT tasks, or of
/// MAX - MIN + 1 when the count is not set). Throws InputError naming what is wrong.
[[nodiscard]] Shard parseShard(const std::string& text,
                               const EnvironmentReader& environment = &std::getenv);

/// "2/4".
[[nodiscard]] std::string toString(Shard shard);

/// The units (of 0 .. units - 1) that `shard` does: a contiguous block, in order; the blocks of
/// the shards of one count cover every unit exactly once and differ in size by at most one (a
/// shard beyond the number of units gets none).
[[nodiscard]] std::vector<int> shardUnits(Shard shard, int units);

} // namespace lrscope::engine
