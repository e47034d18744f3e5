// The job `lrscope slurm` plans from a command (find --repeats K, audit, sweep): its stages, the
// files its tasks write, and the plan file (lrscope-slurm.json) that --resubmit-missing reads.
#include "cli/slurm_plan.h"

#include "cli/audit_runner.h"
#include "cli/commands.h"
#include "cli/output_options.h"

#include "lrscope/engine/audit_units.h"
#include "lrscope/engine/input_error.h"
#include "lrscope/engine/sweep_job.h"
#include "lrscope/storage/distributed_sweep.h"
#include "lrscope/storage/sharded_runs.h"

#include <CLI/CLI.hpp>

#include <fstream>

namespace lrscope::cli {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

/// The value after `flag` (or in --flag=VALUE) in the command, if given.
std::optional<std::string> flagValue(const std::vector<std::string>& words,
                                     const std::string& flag) {
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
  addAuditCommand(check);
  addSweepCommand(check);
  for (CLI::App* sub : check.get_subcommands([](CLI::App*) { return true; }))
    sub->callback([] {});
  std::vector<std::string> reversed(command.rbegin(), command.rend());
  try {
    check.parse(reversed);
  } catch (const CLI::ParseError& error) {
    throw engine::InputError("the command to run as a job array: " + std::string(error.what()));
  }
}

/// A whole number a flag of the command gives (checked by the parse), or `otherwise`.
int numberFlag(const std::vector<std::string>& command, const std::string& flag, int otherwise) {
  const std::optional<std::string> value = flagValue(command, flag);
  return value ? std::stoi(*value) : otherwise;
}

/// The command with one more flag and its value.
std::vector<std::string> with(std::vector<std::string> command, const std::string& flag,
                              const std::string& value) {
  command.push_back(flag);
  command.push_back(value);
  return command;
}

/// A job array of `units` shards (one per task unless --tasks says fewer), then the merge of
/// their files, whatever they ended with.
void planShards(SlurmJob& job, const std::vector<std::string>& command, int units,
                const std::optional<int>& tasks, const std::string& unitName) {
  const int shards = tasks.value_or(units);
  if (shards < 1 || shards > units)
    throw engine::InputError("--tasks must be 1 to the number of " + unitName + " (" +
                             std::to_string(units) + "), got " + std::to_string(shards));
  SlurmStage array{"shards", shards, command, {}, {}, SlurmDependency::None};
  for (int i = 0; i < shards; ++i)
    array.taskFiles.push_back(storage::shardDatabasePath(job.database, {i, shards}));
  SlurmStage merge{
      "merge",         0,  {"merge", "--rollback-journal", "--db", job.database.string()},
      array.taskFiles, {}, SlurmDependency::AfterAny};
  job.stages.push_back(std::move(array));
  job.stages.push_back(std::move(merge));
}

/// The shards of `lrscope find --repeats K`, then the merge of their files.
void planRepeats(SlurmJob& job, const std::vector<std::string>& command,
                 const std::optional<int>& tasks) {
  const std::optional<std::string> repeats = flagValue(command, "--repeats");
  if (!repeats)
    throw engine::InputError("lrscope slurm find needs --repeats K (K >= 2): the repeats are "
                             "what the array's tasks share");
  planShards(job, command, std::stoi(*repeats), tasks, "repeats");
}

/// The shards of `lrscope audit` (per seed its range test and suggestion, then each grid point),
/// then the merge of their files. The plan is the audit's own, from its flags, checked as the
/// audit checks them (before any task could refuse them).
void planAudit(SlurmJob& job, const std::vector<std::string>& command,
               const std::optional<int>& tasks) {
  CLI::App parser{"lrscope audit"};
  parser.allow_extras(); // --db, --experiment and the like: the tasks' business
  AuditArguments args;
  addAuditOptions(&parser, args);
  std::vector<std::string> reversed(command.rbegin(), command.rend() - 1); // less "audit"
  parser.parse(reversed); // parsed once already, by checkCommandFlags
  const engine::AuditPlan plan = auditPlanOf(args, buildAuditConfigs(args));
  planShards(job, command, engine::auditUnitCount(plan), tasks, "the audit's units");
}

/// For each rung of `lrscope sweep`, a job array of its candidates (as many tasks as survive
/// when nothing diverges, or --tasks), then the promote that halves them.
void planSweep(SlurmJob& job, const std::vector<std::string>& command,
               const std::optional<int>& tasks) {
  const engine::SweepConfig defaults;
  const int candidates = numberFlag(command, "--lrs", defaults.candidates);
  const int rungs =
      engine::plannedRungs(candidates, numberFlag(command, "--max-rungs", defaults.maxRungs));
  if (tasks && *tasks < 1)
    throw engine::InputError("--tasks must be at least 1, got " + std::to_string(*tasks));
  const storage::DistributedSweep files{{}, {}, job.database};
  int survivors = candidates;
  for (int rung = 1; rung <= rungs; ++rung) {
    const std::string r = std::to_string(rung);
    SlurmStage array{"rung-" + r,
                     std::min(survivors, tasks.value_or(survivors)),
                     with(command, "--rung", r),
                     {},
                     {},
                     rung == 1 ? SlurmDependency::None : SlurmDependency::AfterOk};
    for (int i = 0; i < array.tasks; ++i)
      array.taskFiles.push_back(files.taskFile(rung, {i, array.tasks}));
    job.stages.push_back(std::move(array));
    job.stages.push_back(
        {"promote-" + r, 0, with(command, "--promote", r), {}, {}, SlurmDependency::AfterAny});
    survivors -= survivors / 2;
  }
}

/// A path that goes into an #SBATCH line or a message of the scripts: no white space, quotes,
/// '$', '`', '\\' or '%' (Slurm's file patterns), which those lines would misread.
void requirePlainPath(const fs::path& path, const std::string& what) {
  const std::string text = path.string();
  if (text.find_first_of(" \t\n'\"$`\\%") != std::string::npos)
    throw engine::InputError(what + " '" + text +
                             "' has a space, quote, '$', '`', '\\' or '%', "
                             "which sbatch scripts misread; choose a plainer path");
}

} // namespace

SlurmJob planJob(std::vector<std::string> command, const std::optional<int>& tasks,
                 const SlurmResources& resources, const fs::path& folder) {
  const std::string kind = command.empty() ? "" : command.front();
  const std::optional<SlurmJobKind> jobKind = slurmJobKindFromText(kind);
  if (!jobKind)
    throw engine::InputError(
        "lrscope slurm runs a repeated range test, an audit or a sweep as job arrays: lrscope "
        "slurm find --repeats K ..., lrscope slurm audit ... or lrscope slurm sweep ... (" +
        std::string(kind.empty() ? "no command given" : "'" + kind + "' is not sharded yet") +
        "; an audit matrix takes --shard in a job array of your own: see docs/reference.md)");
  for (const char* refused : {"--shard", "--rung", "--promote", "--no-store", "--help", "-h"})
    if (hasFlag(command, refused))
      throw engine::InputError("lrscope slurm " + kind + ": leave out " + refused +
                               " (each task gets its own share; everything is stored for "
                               "merging)");
  checkCommandFlags(command);
  SlurmJob job;
  job.kind = *jobKind;
  job.lrscope = fs::read_symlink("/proc/self/exe");
  job.database = fs::absolute(databasePath(flagValue(command, "--db").value_or("")));
  if (!flagValue(command, "--db")) // the tasks may run where the default is elsewhere
    command = with(command, "--db", job.database.string());
  job.folder = fs::absolute(folder);
  job.workingFolder = fs::current_path();
  job.resources = resources;
  requirePlainPath(job.folder, "--out");
  requirePlainPath(job.workingFolder, "the folder lrscope slurm runs in");
  requirePlainPath(job.database, "--db");
  requirePlainPath(job.lrscope, "the lrscope executable");
  switch (job.kind) {
  case SlurmJobKind::RepeatedFind:
    planRepeats(job, command, tasks);
    break;
  case SlurmJobKind::Audit:
    planAudit(job, command, tasks);
    break;
  case SlurmJobKind::Sweep:
    planSweep(job, command, tasks);
    break;
  }
  // A task file left by an earlier job would pass for this job's work.
  for (const SlurmStage& stage : job.stages)
    for (const fs::path& file : stage.taskFiles)
      if (fs::is_regular_file(file))
        throw engine::InputError(file.string() +
                                 " is left from an earlier job; merge or move it "
                                 "away, or choose another --db (lrscope slurm --resubmit-missing "
                                 "--out DIR goes on with an earlier job)");
  return job;
}

nlohmann::json planJson(const SlurmJob& job) {
  json stages = json::array();
  for (const SlurmStage& stage : job.stages) {
    json files = json::array();
    for (const fs::path& file : stage.mergeFiles)
      files.push_back(file.string());
    json taskFiles = json::array();
    for (const fs::path& file : stage.taskFiles)
      taskFiles.push_back(file.string());
    stages.push_back({{"name", stage.name},
                      {"tasks", stage.tasks},
                      {"command", stage.command},
                      {"merge_files", files},
                      {"task_files", taskFiles},
                      {"dependency", static_cast<int>(stage.dependency)}});
  }
  return {{"kind", toString(job.kind)},
          {"array_limit", job.resources.arrayLimit ? json(*job.resources.arrayLimit) : json()},
          {"lrscope", job.lrscope.string()},
          {"database", job.database.string()},
          {"folder", job.folder.string()},
          {"working_folder", job.workingFolder.string()},
          {"stages", stages}};
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
    const std::optional<SlurmJobKind> kind =
        slurmJobKindFromText(plan.at("kind").get<std::string>());
    if (!kind)
      throw engine::InputError(file.string() + ": a job of a kind this lrscope does not run");
    job.kind = *kind;
    if (plan.contains("array_limit") && plan["array_limit"].is_number_integer())
      job.resources.arrayLimit = plan["array_limit"].get<int>();
    job.lrscope = plan.at("lrscope").get<std::string>();
    job.database = plan.at("database").get<std::string>();
    job.folder = plan.at("folder").get<std::string>();
    job.workingFolder = plan.at("working_folder").get<std::string>();
    for (const json& stage : plan.at("stages")) {
      SlurmStage s;
      s.name = stage.at("name").get<std::string>();
      s.tasks = stage.at("tasks").get<int>();
      s.command = stage.at("command").get<std::vector<std::string>>();
      for (const std::string& merged : stage.at("merge_files").get<std::vector<std::string>>())
        s.mergeFiles.emplace_back(merged);
      for (const std::string& task : stage.at("task_files").get<std::vector<std::string>>())
        s.taskFiles.emplace_back(task);
      s.dependency = static_cast<SlurmDependency>(stage.at("dependency").get<int>());
      job.stages.push_back(std::move(s));
    }
    return job;
  } catch (const json::exception& error) {
    throw engine::InputError(file.string() + ": " + error.what());
  }
}

} // namespace lrscope::cli
