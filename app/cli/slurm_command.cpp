// lrscope slurm find --repeats K ... | audit ... | sweep ...: the repeats or the audit's units as
// a Slurm job array, one shard per task, and the merge that depends on it (a sweep: each rung's
// array and its promote); written as plain sbatch scripts, submitted on request.
#include "cli/commands.h"
#include "cli/output_options.h"
#include "cli/run_options.h"
#include "cli/slurm_plan.h"
#include "cli/slurm_scripts.h"
#include "cli/subcommand.h"

#include "lrscope/engine/input_error.h"
#include "lrscope/engine/shard.h"
#include "lrscope/engine/stored_status.h"
#include "lrscope/storage/distributed_sweep.h"
#include "lrscope/storage/run_database.h"
#include "lrscope/storage/sharded_runs.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <set>
#include <thread>

namespace lrscope::cli {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

struct SlurmArguments {
  std::optional<int> tasks;
  SlurmResources resources;
  std::string folder = "lrscope-slurm";
  bool submit = false;
  bool wait = false;
  std::optional<double> waitTimeout;
  bool resubmitMissing = false;
  bool json = false;
  std::vector<std::string> command; ///< filled from the arguments slurm does not know
};

void writeText(const fs::path& file, const std::string& text, bool executable) {
  std::ofstream out(file, std::ios::trunc);
  out << text;
  out.close();
  if (!out)
    throw engine::InputError("cannot write " + file.string() + "; choose another --out folder");
  if (executable)
    fs::permissions(file, fs::perms::owner_exec | fs::perms::group_exec | fs::perms::others_exec,
                    fs::perm_options::add);
}

void writeJob(const SlurmJob& job) {
  std::error_code error;
  fs::create_directories(job.folder, error);
  if (error)
    throw engine::InputError("cannot create " + job.folder.string() + " (" + error.message() +
                             "); choose another --out folder");
  for (const SlurmStage& stage : job.stages)
    writeText(job.folder / (stage.name + ".sbatch"), stageScript(job, stage), false);
  writeText(job.folder / "submit.sh", submitScript(job), true);
  writeText(job.folder / kPlanFile, planJson(job).dump(2) + "\n", false);
}

/// A Slurm command's exit code and what it printed (stdout and stderr together).
struct CommandOutput {
  int exitCode = 0;
  std::string text;
};

bool onPath(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::string rest = path ? path : "";
  while (!rest.empty()) {
    const std::size_t colon = rest.find(':');
    const std::string folder = rest.substr(0, colon);
    if (!folder.empty() && ::access((fs::path(folder) / program).c_str(), X_OK) == 0)
      return true;
    rest = colon == std::string::npos ? "" : rest.substr(colon + 1);
  }
  return false;
}

CommandOutput runSlurm(const std::vector<std::string>& words) {
  if (!onPath(words.front()))
    throw engine::InputError(words.front() + " is not on the PATH: run this on the cluster's "
                                             "login node, or install Slurm's client (Debian: "
                                             "apt-get install slurm-client)");
  std::string line;
  for (const std::string& word : words)
    line += shellQuote(word) + " ";
  FILE* pipe = ::popen((line + "2>&1").c_str(), "r");
  if (pipe == nullptr)
    throw engine::InputError("cannot run " + words.front());
  CommandOutput out;
  std::array<char, 4096> buffer{};
  while (std::fgets(buffer.data(), buffer.size(), pipe) != nullptr)
    out.text += buffer.data();
  const int status = ::pclose(pipe);
  out.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : 128;
  while (!out.text.empty() && (out.text.back() == '\n' || out.text.back() == ' '))
    out.text.pop_back();
  return out;
}

/// Submits with sbatch --parsable; returns the job id, or throws with Slurm's own message.
std::string submitJob(std::vector<std::string> words) {
  words.insert(words.begin(), {"sbatch", "--parsable"});
  const CommandOutput out = runSlurm(words);
  const std::string id = out.text.substr(0, out.text.find(';')); // "id;cluster" on federations
  if (out.exitCode != 0 || id.empty() || id.find_first_not_of("0123456789") != std::string::npos)
    throw engine::InputError(
        "Slurm refused the job: " +
        (out.text.empty() ? "sbatch exited with " + std::to_string(out.exitCode) : out.text));
  return id;
}

void waitForJobs(const std::vector<std::string>& ids, const std::optional<double>& timeout) {
  std::string list;
  for (const std::string& id : ids)
    list += (list.empty() ? "" : ",") + id;
  const auto start = std::chrono::steady_clock::now();
  for (;;) {
    const CommandOutput queue = runSlurm({"squeue", "-h", "-j", list, "-o", "%i"});
    if (queue.exitCode != 0 || queue.text.empty())
      return; // squeue forgets jobs once they end
    const double waited =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (timeout && waited > *timeout)
      throw engine::InputError("the jobs " + list + " had not ended after " +
                               std::to_string(static_cast<int>(*timeout)) +
                               " s; they keep running (follow them with squeue -j " + list + ")");
    std::this_thread::sleep_for(std::chrono::seconds(2));
  }
}

/// Where a job stands, read from the files its tasks wrote and the database they merge into.
struct JobState {
  std::string parentUid;                 ///< of the run the tasks share (empty: no task ended)
  std::vector<std::set<int>> endedTasks; ///< per stage: the tasks whose file records their end
  std::optional<int64_t> merged;         ///< the run in the database, once merged
  bool mergedIncomplete = false;         ///< it still misses shards (interrupted)
  storage::SweepProgress progress;       ///< a sweep's
};

JobState stateOf(const SlurmJob& job) {
  JobState state;
  for (const SlurmStage& stage : job.stages) {
    std::set<int> ended;
    for (std::size_t i = 0; i < stage.taskFiles.size(); ++i) {
      if (!fs::is_regular_file(stage.taskFiles[i]))
        continue;
      try {
        const storage::RunDatabase file(stage.taskFiles[i], storage::RunDatabase::Access::ReadOnly);
        for (const storage::ShardedRunInFile& run : storage::shardedParentsIn(file))
          if (std::find(run.endedShards.begin(), run.endedShards.end(), static_cast<int>(i)) !=
              run.endedShards.end()) {
            ended.insert(static_cast<int>(i));
            state.parentUid = run.uid;
          }
      } catch (const std::exception&) {
        // A file its task left unreadable: that task has not ended.
      }
    }
    state.endedTasks.push_back(std::move(ended));
  }
  if (state.parentUid.empty() || !fs::is_regular_file(job.database))
    return state;
  const storage::RunDatabase database(job.database, storage::RunDatabase::Access::ReadOnly);
  state.merged = database.findRunByUid(state.parentUid);
  if (!state.merged)
    return state;
  state.mergedIncomplete =
      database.loadRun(*state.merged).summary.status == engine::StoredStatus::Interrupted;
  if (job.kind == SlurmJobKind::Sweep)
    state.progress = storage::sweepProgress(database, *state.merged);
  return state;
}

/// "1,3": the tasks of the stage that did not end.
std::string missingTasks(const SlurmStage& stage, const std::set<int>& ended) {
  std::string out;
  for (int task = 0; task < stage.tasks; ++task)
    if (ended.count(task) == 0)
      out += (out.empty() ? "" : ",") + std::to_string(task);
  return out;
}

/// Where to go on from: the stage to submit first and, for an array, which of its tasks.
struct Restart {
  std::size_t stage = 0;
  std::string tasks; ///< empty: all of them (or a single step)
  bool nothingLeft = false;
};

Restart restartOf(const SlurmJob& job, const JobState& state) {
  if (job.kind == SlurmJobKind::Sweep) {
    if (state.progress.finished)
      return {0, "", true};
    for (std::size_t s = 0; s + 1 < job.stages.size(); s += 2) {
      const int rung = static_cast<int>(s / 2) + 1;
      if (state.progress.promotedRungs.count(rung) > 0)
        continue;
      const std::string missing = missingTasks(job.stages[s], state.endedTasks[s]);
      return missing.empty() ? Restart{s + 1, "", false} : Restart{s, missing, false};
    }
    return {0, "", true};
  }
  const std::string missing = missingTasks(job.stages[0], state.endedTasks[0]);
  if (!missing.empty())
    return {0, missing, false};
  return {1, "", state.merged.has_value() && !state.mergedIncomplete};
}

/// After the job: the merged run as `lrscope show` prints it, or what is missing (exit 1).
void reportResult(const SlurmJob& job, bool asJson) {
  const JobState state = stateOf(job);
  const Restart restart = restartOf(job, state);
  const bool sweep = job.kind == SlurmJobKind::Sweep;
  const bool complete = sweep ? state.progress.finished : restart.nothingLeft;
  if (state.merged && (complete || !sweep))
    showRun(job.database.string(), *state.merged, asJson);
  if (complete) { // exits as the local command would for the merged run's status
    const storage::RunDetails run =
        storage::RunDatabase(job.database, storage::RunDatabase::Access::ReadOnly)
            .loadRun(*state.merged);
    exitForStatus(engine::runStatusOf(run.summary.status), run.message);
    return;
  }
  const SlurmStage& stage = job.stages[restart.stage];
  std::cerr << "lrscope: " << stage.name << ": ";
  if (!restart.tasks.empty())
    std::cerr << "tasks " << restart.tasks << " of " << stage.tasks
              << " did not end (their logs: " << (job.folder / "JOBID_TASK.out").string() << ")";
  else
    std::cerr << "did not end (its log: "
              << (job.folder / ("JOBID-" + stage.name + ".out")).string() << ")";
  std::cerr << "; rerun only what is missing: lrscope slurm --resubmit-missing --out "
            << job.folder.string() << "\n";
  throw CLI::RuntimeError(1);
}

/// Submits the stages from `restart` on, each after the one before; returns their job ids.
std::vector<std::string> submitFrom(const SlurmJob& job, const Restart& restart) {
  std::vector<std::string> ids;
  for (std::size_t s = restart.stage; s < job.stages.size(); ++s) {
    const SlurmStage& stage = job.stages[s];
    ids.push_back(submitJob(submitArguments(job, stage, ids.empty() ? "" : ids.back(),
                                            s == restart.stage ? restart.tasks : "")));
  }
  return ids;
}

void submitAndFollow(const SlurmJob& job, const SlurmArguments& args, const Restart& restart) {
  const std::vector<std::string> ids = submitFrom(job, restart);
  std::string list;
  json submitted = json::array();
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const SlurmStage& stage = job.stages[restart.stage + i];
    list += (list.empty() ? "" : ",") + ids[i];
    submitted.push_back({{"stage", stage.name}, {"job", ids[i]}});
    if (!args.json)
      std::cout << "submitted " << stage.name << " as job " << ids[i]
                << (stage.tasks > 0 ? " (" +
                                          (i == 0 && !restart.tasks.empty()
                                               ? "tasks " + restart.tasks
                                               : std::to_string(stage.tasks) + " tasks") +
                                          ")"
                                    : std::string())
                << "\n";
  }
  if (!args.json)
    std::cout << "follow them: squeue -j " << list << "; logs in " << job.folder.string() << "\n";
  if (!args.wait) {
    if (args.json)
      std::cout << json{{"jobs", submitted}, {"folder", job.folder.string()}}.dump(2) << "\n";
    else
      std::cout << "the results will be in " << job.database.string() << "\n";
    return;
  }
  std::cout.flush();
  waitForJobs(ids, args.waitTimeout);
  reportResult(job, args.json);
}

void runSlurmCommand(const SlurmArguments& args) {
  if (args.wait && !args.submit && !args.resubmitMissing)
    throw engine::InputError("--wait waits for what --submit or --resubmit-missing submits");
  if (args.resubmitMissing) {
    if (!args.command.empty())
      throw engine::InputError("--resubmit-missing reruns the job in --out as written; give no "
                               "command with it");
    SlurmJob job = jobOfPlan(fs::absolute(args.folder));
    if (args.resources.arrayLimit) // the job's own limit unless another is given
      job.resources.arrayLimit = args.resources.arrayLimit;
    const Restart restart = restartOf(job, stateOf(job));
    if (restart.nothingLeft) {
      std::cout << "every task of " << job.folder.string() << " ended; nothing to resubmit\n";
      return;
    }
    submitAndFollow(job, args, restart);
    return;
  }
  const SlurmJob job = planJob(args.command, args.tasks, args.resources, args.folder);
  writeJob(job);
  if (!args.json) {
    std::cout << "wrote to " << job.folder.string() << ":";
    for (const SlurmStage& stage : job.stages)
      std::cout << " " << stage.name << ".sbatch"
                << (stage.tasks > 0 ? " (" + std::to_string(stage.tasks) + " tasks)" : "");
    std::cout << ", submit.sh\n";
  }
  if (args.submit)
    submitAndFollow(job, args, Restart{});
  else if (!args.json)
    std::cout << "submit them: " << (job.folder / "submit.sh").string()
              << " (or lrscope slurm ... --submit)\n";
  else
    std::cout << planJson(job).dump(2) << "\n";
}

} // namespace

void addSlurmCommand(CLI::App& app) {
  const auto arguments = std::make_shared<SlurmArguments>();
  CLI::App* cmd = app.add_subcommand(
      "slurm", "Run a repeated range test, an audit or a sweep as Slurm job arrays: lrscope "
               "slurm find --repeats K [find's flags] [slurm's flags], lrscope slurm audit "
               "[audit's flags] [slurm's flags], or lrscope slurm sweep [sweep's flags] [slurm's "
               "flags]. Writes the stages' sbatch scripts (the shards and their merge; each rung "
               "and its promote) and submit.sh to --out; --submit submits them");
  cmd->allow_extras();
  cmd->callback([arguments, cmd] {
    arguments->command = cmd->remaining();
    runSlurmCommand(*arguments);
  });
  SlurmArguments& args = *arguments;
  cmd->add_option("--tasks", args.tasks,
                  "array tasks (shards); default: one per repeat, per unit of an audit (per seed "
                  "its range test and suggestion, then each grid point), or per candidate of a "
                  "rung");
  cmd->add_option("--array-limit", args.resources.arrayLimit,
                  "at most this many tasks at once (--array=...%M)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--partition", args.resources.partition, "Slurm partition");
  cmd->add_option("--time", args.resources.time, "time limit per task, e.g. 1:00:00");
  cmd->add_option("--cpus-per-task", args.resources.cpusPerTask, "CPUs per task")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd->add_option("--gres", args.resources.gres, "generic resources per task, e.g. gpu:1");
  cmd->add_option("--out", args.folder, "folder for the scripts and the tasks' logs")
      ->capture_default_str();
  cmd->add_flag("--submit", args.submit, "submit the array and the merge with sbatch");
  cmd->add_flag("--wait", args.wait,
                "with --submit: wait for the merge and print the merged run as lrscope show "
                "does");
  cmd->add_option("--wait-timeout", args.waitTimeout, "with --wait: give up after this many s")
      ->check(CLI::PositiveNumber);
  cmd->add_flag("--resubmit-missing", args.resubmitMissing,
                "rerun only the shards of the job in --out that did not end, then merge again");
  cmd->add_flag("--json", args.json, "with --wait: print the merged run as JSON");
}

} // namespace lrscope::cli
