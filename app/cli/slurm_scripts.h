#pragma once

// The sbatch scripts `lrscope slurm` writes: plain bash a user can read, edit and submit by hand.
// A job is a chain of stages, each a job array (the shards of a repeated test, the tasks of a
// sweep's rung) or a single step (a merge, a promote), each depending on the one before.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace lrscope::cli {

/// What Slurm is asked for, per array task and for the single steps.
struct SlurmResources {
  std::optional<int> arrayLimit; ///< at most this many tasks at once (--array=...%M)
  std::string partition;
  std::string time; ///< Slurm's time format, e.g. 1:00:00
  int cpusPerTask = 1;
  std::string gres; ///< e.g. gpu:1
};

/// How a stage waits for the one before it.
enum class SlurmDependency {
  None,
  AfterOk,  ///< only when every task of the stage before succeeded (else cancelled)
  AfterAny, ///< whatever the stage before ended with, so finished work is never stranded
};

/// One sbatch script of the chain.
struct SlurmStage {
  std::string name; ///< the script is NAME.sbatch, the job lrscope-NAME
  /// Array tasks 0 .. tasks - 1; 0: a single step. An array's command gets --shard TASK/tasks.
  int tasks = 0;
  std::vector<std::string> command; ///< lrscope's arguments
  /// For a merge: only the files that exist are merged (a failed task may have left none).
  std::vector<std::filesystem::path> mergeFiles;
  /// For an array: the database file each task writes, in task order.
  std::vector<std::filesystem::path> taskFiles;
  SlurmDependency dependency = SlurmDependency::None;
};

/// What a job runs: `lrscope find --repeats K`, `lrscope audit` or `lrscope sweep`.
enum class SlurmJobKind { RepeatedFind, Audit, Sweep };

/// "find", "audit", "sweep": the subcommand, as the command line and the plan file name it.
[[nodiscard]] std::string toString(SlurmJobKind kind);
[[nodiscard]] std::optional<SlurmJobKind> slurmJobKindFromText(const std::string& text);
/// Every kind, in the order `lrscope slurm --help` names them.
inline constexpr SlurmJobKind kSlurmJobKinds[] = {SlurmJobKind::RepeatedFind, SlurmJobKind::Audit,
                                                  SlurmJobKind::Sweep};

struct SlurmJob {
  SlurmJobKind kind = SlurmJobKind::RepeatedFind;
  std::filesystem::path lrscope;       ///< the executable the tasks run
  std::filesystem::path database;      ///< where the results end up
  std::filesystem::path folder;        ///< scripts and logs
  std::filesystem::path workingFolder; ///< where the tasks start (relative paths in the command)
  SlurmResources resources;
  std::vector<SlurmStage> stages;
};

/// 'text' for bash: single quotes, with each ' written as '\''.
[[nodiscard]] std::string shellQuote(const std::string& text);

/// The stage's sbatch script; logs FOLDER/%A_%a.out (arrays) or FOLDER/%j-NAME.out.
[[nodiscard]] std::string stageScript(const SlurmJob& job, const SlurmStage& stage);

/// The sbatch arguments that submit the stage after the job `after` (empty: the first).
[[nodiscard]] std::vector<std::string> submitArguments(const SlurmJob& job, const SlurmStage& stage,
                                                       const std::string& after,
                                                       const std::string& tasks = "");

/// submit.sh: submits the stages in order, each after the one before, and prints their job ids,
/// as `lrscope slurm --submit` does.
[[nodiscard]] std::string submitScript(const SlurmJob& job);

} // namespace lrscope::cli
