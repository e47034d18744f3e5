#pragma once

// The sbatch scripts `lrscope slurm` writes: plain bash a user can read, edit and submit by hand.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace lrscope::cli {

/// What Slurm is asked for, per array task and for the merge.
struct SlurmResources {
  std::optional<int> arrayLimit; ///< at most this many tasks at once (--array=...%M)
  std::string partition;
  std::string time; ///< Slurm's time format, e.g. 1:00:00
  int cpusPerTask = 1;
  std::string gres; ///< e.g. gpu:1
};

/// A sharded LR Scope command as a job array and the merge that depends on it.
struct SlurmJob {
  std::filesystem::path lrscope;      ///< the executable the tasks run
  std::vector<std::string> command;   ///< e.g. {"find", "--repeats", "4", ...}, without --shard
  int shards = 1;                     ///< array tasks 0 .. shards - 1
  std::filesystem::path database;     ///< the database the shards merge into
  std::vector<std::filesystem::path> shardFiles; ///< one per shard, in order
  std::filesystem::path folder;       ///< scripts and logs
  std::filesystem::path workingFolder; ///< where the tasks start (relative paths in the command)
  SlurmResources resources;
};

/// 'text' for bash: single quotes, with each ' written as '\''.
[[nodiscard]] std::string shellQuote(const std::string& text);

/// The array job: one task per shard, each running the command with --shard TASK/N; logs
/// FOLDER/%A_%a.out. `tasks` overrides --array (e.g. "1,3" to rerun those shards).
[[nodiscard]] std::string arrayScript(const SlurmJob& job, const std::string& tasks = "");

/// The merge: lrscope merge of every shard file that exists into the database, whatever the
/// tasks' fate (it is submitted with afterany), and a summary of what is missing.
[[nodiscard]] std::string mergeScript(const SlurmJob& job);

/// submit.sh: submits the array, then the merge after it (--dependency=afterany), and prints
/// both job ids, as `lrscope slurm --submit` does.
[[nodiscard]] std::string submitScript(const SlurmJob& job);

} // namespace lrscope::cli
