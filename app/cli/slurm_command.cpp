// lrscope slurm find --repeats K ...: the repeats as a Slurm job array, one shard per task, and
// the merge that depends on it; written as plain sbatch scripts, submitted on request.
#include "cli/commands.h"
#include "cli/output_options.h"
#include "cli/slurm_scripts.h"
#include "cli/subcommand.h"

#include "lrscope/engine/input_error.h"
#include "lrscope/engine/shard.h"
#include "lrscope/storage/run_database.h"
#include "lrscope/storage/sharded_runs.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <sys/wait.h>
#include <unistd.h>

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

constexpr const char* kPlanFile = "lrscope-slurm.json";

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

/// The value after `flag` (or in --flag=VALUE) in the command, if given.
std::optional<std::string> flagValue(const std::vector<std::string>& words, const std::string& flag) {
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (words[i] == flag && i + 1 < words.size())
      return words[i + 1];
    if (words[i].rfind(flag + "=", 0) == 0)
      return words[i].substr(flag.size() + 1);
  }
  return std::nullopt;
}

bool hasFlag(const std::vector<std::string>& words, const std::string& flag) {
  for (const std::string& word : words)
    if (word == flag || word.rfind(flag + "=", 0) == 0)
      return true;
  return false;
}

/// Parses the command with lrscope's own flags, running nothing, so a typo is refused here and
/// not in every task of the array.
void checkCommandFlags(const std::vector<std::string>& command) {
  CLI::App check{"lrscope", "lrscope"};
  addFindCommand(check);
  for (CLI::App* sub : check.get_subcommands([](CLI::App*) { return true; }))
    sub->callback([] {});
  std::vector<std::string> reversed(command.rbegin(), command.rend());
  try {
    check.parse(reversed);
  } catch (const CLI::ParseError& error) {
    throw engine::InputError("the command to run as a job array: " + std::string(error.what()));
  }
}

/// The job of `lrscope slurm find ...`: its shards, database and files.
SlurmJob planJob(const SlurmArguments& args) {
  std::vector<std::string> command = args.command;
  if (command.empty() || command.front() != "find")
    throw engine::InputError(
        "lrscope slurm runs a repeated range test as a job array: lrscope slurm find --repeats K "
        "... (" + std::string(command.empty() ? "no command given" : "'" + command.front() +
                                                                       "' is not sharded yet") +
        "; an audit matrix takes --shard in a job array of your own: see README)");
  for (const char* refused : {"--shard", "--no-store", "--help", "-h"})
    if (hasFlag(command, refused))
      throw engine::InputError(std::string("lrscope slurm find: leave out ") + refused +
                               " (each task gets its own --shard; the shards are stored for "
                               "merging)");
  checkCommandFlags(command);
  const std::optional<std::string> repeats = flagValue(command, "--repeats");
  if (!repeats)
    throw engine::InputError("lrscope slurm find needs --repeats K (K >= 2): the repeats are "
                             "what the array's tasks share");
  const int units = std::stoi(*repeats); // checked by the parse above
  const int shards = args.tasks.value_or(units);
  if (shards < 1 || shards > units)
    throw engine::InputError("--tasks must be 1 to the number of repeats (" +
                             std::to_string(units) + "), got " + std::to_string(shards));
  SlurmJob job;
  job.lrscope = fs::read_symlink("/proc/self/exe");
  job.shards = shards;
  job.database = fs::absolute(databasePath(flagValue(command, "--db").value_or("")));
  if (!flagValue(command, "--db")) { // the tasks may run where the default is elsewhere
    command.push_back("--db");
    command.push_back(job.database.string());
  }
  job.command = command;
  for (int i = 0; i < shards; ++i)
    job.shardFiles.push_back(storage::shardDatabasePath(job.database, {i, shards}));
  job.folder = fs::absolute(args.folder);
  job.workingFolder = fs::current_path();
  job.resources = args.resources;
  return job;
}

json planJson(const SlurmJob& job) {
  json files = json::array();
  for (const fs::path& file : job.shardFiles)
    files.push_back(file.string());
  return {{"lrscope", job.lrscope.string()}, {"command", job.command},
          {"shards", job.shards},            {"database", job.database.string()},
          {"shard_files", files},            {"folder", job.folder.string()},
          {"cpus_per_task", job.resources.cpusPerTask}};
}

SlurmJob jobOfPlan(const fs::path& folder) {
  const fs::path file = folder / kPlanFile;
  std::ifstream in(file);
  const json plan = json::parse(in, nullptr, false);
  if (!in || plan.is_discarded() || !plan.is_object())
    throw engine::InputError(file.string() + ": no job written by lrscope slurm here; give the "
                                             "--out folder of an earlier lrscope slurm");
  try {
    SlurmJob job;
    job.lrscope = plan.at("lrscope").get<std::string>();
    job.command = plan.at("command").get<std::vector<std::string>>();
    job.shards = plan.at("shards").get<int>();
    job.database = plan.at("database").get<std::string>();
    for (const std::string& shard : plan.at("shard_files").get<std::vector<std::string>>())
      job.shardFiles.emplace_back(shard);
    job.folder = plan.at("folder").get<std::string>();
    return job;
  } catch (const json::exception& error) {
    throw engine::InputError(file.string() + ": " + error.what());
  }
}

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
  writeText(job.folder / "shards.sbatch", arrayScript(job), false);
  writeText(job.folder / "merge.sbatch", mergeScript(job), false);
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
    throw engine::InputError("Slurm refused the job: " +
                             (out.text.empty() ? "sbatch exited with " + std::to_string(out.exitCode)
                                               : out.text));
  return id;
}

/// The shards whose file records their end.
std::set<int> endedShards(const SlurmJob& job, std::string* parentUid) {
  std::set<int> ended;
  for (const fs::path& file : job.shardFiles) {
    if (!fs::exists(file))
      continue;
    try {
      const storage::RunDatabase database(file, storage::RunDatabase::Access::ReadOnly);
      for (const storage::ShardedRunInFile& run : storage::shardedParentsIn(database)) {
        ended.insert(run.endedShards.begin(), run.endedShards.end());
        if (parentUid != nullptr && !run.endedShards.empty())
          *parentUid = run.uid;
      }
    } catch (const std::exception&) {
      // A file its task left unreadable: that shard has not ended.
    }
  }
  return ended;
}

/// "1,3": the array indices of the shards that did not end.
std::string missingTasks(const SlurmJob& job, const std::set<int>& ended) {
  std::string out;
  for (int shard = 0; shard < job.shards; ++shard)
    if (ended.count(shard) == 0)
      out += (out.empty() ? "" : ",") + std::to_string(shard);
  return out;
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

/// After the merge: the merged run as `lrscope show` prints it, and the shards still missing.
void reportMerged(const SlurmJob& job, bool asJson) {
  std::string parentUid;
  const std::set<int> ended = endedShards(job, &parentUid);
  const std::string missing = missingTasks(job, ended);
  std::optional<int64_t> parent;
  if (!parentUid.empty() && fs::exists(job.database))
    parent = storage::RunDatabase(job.database, storage::RunDatabase::Access::ReadOnly)
                 .findRunByUid(parentUid);
  if (parent)
    showRun(job.database.string(), *parent, asJson);
  if (!missing.empty()) {
    std::cerr << "lrscope: shards " << missing << " of " << job.shards
              << " did not end (their logs: " << (job.folder / "JOBID_TASK.out").string()
              << "); rerun only those: lrscope slurm --resubmit-missing --out "
              << job.folder.string() << "\n";
    throw CLI::RuntimeError(1);
  }
  if (!parent)
    throw engine::InputError("the merge left no run in " + job.database.string() +
                             "; see the merge job's log in " + job.folder.string());
}

void submitAndFollow(const SlurmJob& job, const SlurmArguments& args, const std::string& tasks) {
  std::vector<std::string> array;
  if (!tasks.empty())
    array.push_back("--array=" + tasks +
                    (job.resources.arrayLimit ? "%" + std::to_string(*job.resources.arrayLimit)
                                              : ""));
  array.push_back((job.folder / "shards.sbatch").string());
  const std::string arrayId = submitJob(array);
  const std::string mergeId = submitJob(
      {"--dependency=afterany:" + arrayId, (job.folder / "merge.sbatch").string()});
  if (!args.json)
    std::cout << "submitted array job " << arrayId << " ("
              << (tasks.empty() ? std::to_string(job.shards) + " tasks" : "tasks " + tasks)
              << ") and merge job " << mergeId << " (after it, whatever its tasks' fate)\n"
              << "follow them: squeue -j " << arrayId << "," << mergeId << "; logs in "
              << job.folder.string() << "\n";
  if (!args.wait) {
    if (args.json)
      std::cout << json{{"array_job", arrayId}, {"merge_job", mergeId}, {"folder", job.folder}}
                       .dump(2)
                << "\n";
    else
      std::cout << "the merged runs will be in " << job.database.string() << "\n";
    return;
  }
  std::cout.flush();
  waitForJobs({arrayId, mergeId}, args.waitTimeout);
  reportMerged(job, args.json);
}

void runSlurmCommand(const SlurmArguments& args) {
  if (args.wait && !args.submit && !args.resubmitMissing)
    throw engine::InputError("--wait waits for what --submit or --resubmit-missing submits");
  if (args.resubmitMissing) {
    if (!args.command.empty())
      throw engine::InputError("--resubmit-missing reruns the job in --out as written; give no "
                               "command with it");
    SlurmJob job = jobOfPlan(fs::absolute(args.folder));
    job.resources.arrayLimit = args.resources.arrayLimit;
    const std::string missing = missingTasks(job, endedShards(job, nullptr));
    if (missing.empty()) {
      std::cout << "every shard of " << job.folder.string() << " ended; nothing to resubmit\n";
      return;
    }
    submitAndFollow(job, args, missing);
    return;
  }
  const SlurmJob job = planJob(args);
  writeJob(job);
  if (!args.json)
    std::cout << "wrote " << (job.folder / "shards.sbatch").string() << " (" << job.shards
              << " array tasks), " << (job.folder / "merge.sbatch").string() << " and "
              << (job.folder / "submit.sh").string() << "\n";
  if (args.submit)
    submitAndFollow(job, args, "");
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
      "slurm", "Run a repeated range test as a Slurm job array: lrscope slurm find --repeats K "
               "[find's flags] [slurm's flags]. Writes shards.sbatch (one shard per task), "
               "merge.sbatch and submit.sh to --out; --submit submits them");
  cmd->allow_extras();
  cmd->callback([arguments, cmd] {
    arguments->command = cmd->remaining();
    runSlurmCommand(*arguments);
  });
  SlurmArguments& args = *arguments;
  cmd->add_option("--tasks", args.tasks, "array tasks (shards); default: one per repeat");
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
