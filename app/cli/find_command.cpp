#include "cli/commands.h"
#include "cli/group_find.h"
#include "cli/output_options.h"
#include "cli/repeated_find.h"
#include "cli/run_options.h"
#include "cli/stored_run_scope.h"
#include "cli/subcommand.h"
#include "cli/text_report.h"

#include "lrscope/engine/atomic_file.h"
#include "lrscope/engine/curve_file.h"
#include "lrscope/engine/find_config.h"
#include "lrscope/engine/input_error.h"
#include "lrscope/engine/json_input.h"
#include "lrscope/engine/number_text.h"
#include "lrscope/engine/range_test_job.h"
#include "lrscope/engine/shard.h"
#include "lrscope/storage/stored_range_test.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <atomic>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <unistd.h>

namespace lrscope::cli {
namespace {

/// Prints a progress line to stderr every `every` steps.
class ProgressPrinter : public engine::RunObserver {
public:
  ProgressPrinter(int total, int every) : m_total(total), m_every(every) {}
  void onStep(const engine::StepRecord& r) override {
    if (r.step % m_every == 0 || r.step + 1 == m_total)
      std::cerr << "  step " << r.step + 1 << "/" << m_total << "  lr " << formatLr(r.curveLr())
                << "  loss " << formatLoss(r.loss) << "  smoothed " << formatLoss(r.smoothedLoss)
                << "\n";
  }

private:
  int m_total;
  int m_every;
};

/// Fails before the run, not after it, when --save-curve points where nothing can be written,
/// at a database or at one of the run's inputs (read only once the run starts).
void requireWritableFolder(const std::string& file, const engine::FindConfig& config) {
  refuseUnsafeOutputOfRun(file, config.data, config.model);
  const std::filesystem::path folder = std::filesystem::absolute(file).parent_path();
  if (!std::filesystem::is_directory(folder) || access(folder.c_str(), W_OK) != 0)
    throw engine::InputError("--save-curve: cannot write into " + folder.string() +
                             " (missing or read-only); choose another path");
}

struct FindArguments {
  std::string configFile;
  SetupArguments setup;
  std::optional<double> startLr;
  std::optional<double> endLr;
  std::optional<int> iterations;
  std::optional<std::string> mode;
  std::optional<int> batchSize;
  std::optional<int> accumulation;
  std::optional<double> beta;
  std::optional<double> diverge;
  std::optional<int> validateEvery;
  std::string saveCurve;
  bool perGroup = false;
  std::optional<double> otherGroupsLr;
  std::optional<int> repeats;
  bool resample = false;
  std::optional<int> jobs;
  std::optional<int> rangeRule;
  std::optional<std::string> shard;
  std::optional<std::string> fromCheckpoint;
  OutputOptions output;
};

/// Defaults, then the config file, then every flag that was given.
engine::FindConfig buildConfig(const FindArguments& a) {
  engine::FindConfig c = a.configFile.empty()
                             ? engine::FindConfig{}
                             : engine::findConfigFromJson(engine::readJsonInputFile(a.configFile));
  applySetupOptions(a.setup, setupOf(c));
  engine::RangeTestOptions& r = c.rangeTest;
  applyGiven<double>({{a.startLr, r.startLr},
                      {a.endLr, r.endLr},
                      {a.beta, r.beta},
                      {a.diverge, r.divergeFactor},
                      {a.otherGroupsLr, r.otherGroupsLr}});
  applyGiven<int>({{a.iterations, r.iterations},
                   {a.batchSize, r.batchSize},
                   {a.accumulation, r.accumulationSteps},
                   {a.validateEvery, r.validateEvery}});
  if (a.mode)
    r.mode = engine::parseLadderMode(*a.mode);
  if (a.repeats) {
    if (*a.repeats == 1)
      throw engine::InputError("--repeats 1 is a plain range test: leave --repeats out, or give "
                               "2 or more to see how far the suggestion moves");
    if (*a.repeats < 2)
      throw engine::InputError("--repeats must be at least 2, got " + std::to_string(*a.repeats));
    c.repeats.count = *a.repeats;
  }
  if (a.resample)
    c.repeats.resample = true;
  if (a.fromCheckpoint) // absolute: the stored config reruns from any folder
    c.fromCheckpoint = std::filesystem::absolute(*a.fromCheckpoint).lexically_normal().string();
  if (c.repeats.resample && c.repeats.count < 2)
    throw engine::InputError("--resample draws a sample per repeat: give --repeats K (K >= 2)");
  if (a.jobs && *a.jobs < 1)
    throw engine::InputError("--jobs must be at least 1, got " + std::to_string(*a.jobs));
  if (a.jobs && c.repeats.count < 2)
    throw engine::InputError("--jobs runs repeats side by side: give --repeats K (K >= 2)");
  if (a.rangeRule && c.repeats.count > 1)
    throw engine::InputError("--range-rule reads one curve; a repeated test reads every repeat "
                             "with the current rule (recompute one repeat's range with lrscope "
                             "suggest --run ID --range-rule N)");
  if (a.rangeRule)
    c.rangeRuleVersion = *a.rangeRule;
  c.validate();
  return c;
}

void runFind(const FindArguments& args) {
  const engine::FindConfig config = buildConfig(args);
  if (config.repeats.count > 1) {
    if (args.perGroup)
      throw engine::InputError("--repeats and --per-group cannot be combined: repeat the "
                               "whole-model test, then test the groups");
    if (!args.saveCurve.empty())
      throw engine::InputError("--save-curve saves one curve; a repeated test has one per repeat "
                               "(export each repeat's run with lrscope export)");
    runRepeatedFind(config, std::min(args.jobs.value_or(defaultJobs()), config.repeats.count),
                    args.output,
                    args.shard ? std::optional(engine::parseShard(*args.shard)) : std::nullopt);
    return;
  }
  if (args.shard)
    throw engine::InputError("--shard splits the repeats of a repeated test over a job array: "
                             "give --repeats K (K >= 2)");
  if (args.perGroup) {
    if (!args.saveCurve.empty())
      throw engine::InputError("--save-curve saves one curve; a per-group test has one per group "
                               "(export each group's run with lrscope export)");
    runGroupFind(config, args.output);
    return;
  }
  if (!args.saveCurve.empty())
    requireWritableFolder(args.saveCurve, config);
  std::unique_ptr<ProgressPrinter> progress;
  if (args.output.printsProgress())
    progress = std::make_unique<ProgressPrinter>(config.rangeTest.iterations,
                                                 std::max(1, config.rangeTest.iterations / 10));
  const auto stored = startStoredRun<storage::StoredRangeTest>(args.output, config);
  StoredRunScope scope(stored.get());
  engine::ObserverFanOut observers({progress.get(), stored ? &stored->observer() : nullptr});
  engine::FindReport report;
  {
    const InterruptGuard interruptGuard;
    report = scope.run([&] { return engine::runRangeTestJob(config, &observers, &g_interrupted); });
  }
  scope.complete(report);
  if (args.output.json) {
    nlohmann::json out = engine::toJson(report);
    out["run_id"] = stored ? nlohmann::json(stored->runId()) : nlohmann::json(nullptr);
    out["db"] = stored ? nlohmann::json(stored->databasePath().string()) : nlohmann::json(nullptr);
    std::cout << out.dump(2) << "\n";
  } else {
    std::cout << formatFindReport(report);
    if (stored)
      std::cout << "\nstored as run " << stored->runId() << " in "
                << stored->databasePath().string() << "\n";
  }
  std::cout.flush();
  if (!args.saveCurve.empty())
    engine::writeCurveFile(args.saveCurve, report.result.curve());
  exitForStatus(report.result.status, report.result.message);
}

} // namespace

void addFindCommand(CLI::App& app) {
  using engine::numberText;
  const auto [cmd, args] = addSubcommand(
      app, "find", "Run an LR range test and print the suggested range and every rule's suggestion",
      runFind);
  engine::FindConfig defaults;
  const engine::RangeTestOptions& r = defaults.rangeTest;
  cmd->add_option("--config", args->configFile,
                  "JSON config file (see resources/examples); flags override its fields")
      ->check(CLI::ExistingFile);
  addSetupOptions(cmd, args->setup, setupOf(defaults));
  cmd->add_option("--start-lr", args->startLr, "first LR of the ladder")
      ->default_str(numberText(r.startLr));
  cmd->add_option("--end-lr", args->endLr, "last LR of the ladder")
      ->default_str(numberText(r.endLr));
  cmd->add_option("--iters", args->iterations, "optimizer steps (at least 5)")
      ->default_str(std::to_string(r.iterations));
  cmd->add_option("--mode", args->mode, "ladder: exp or linear")
      ->default_str(engine::toString(r.mode));
  cmd->add_option("--batch-size", args->batchSize, "examples per batch")
      ->default_str(std::to_string(r.batchSize));
  cmd->add_option("--accumulate", args->accumulation, "micro-batches per optimizer step")
      ->default_str(std::to_string(r.accumulationSteps));
  cmd->add_option("--beta", args->beta, "smoothing of the loss, in [0, 1)")
      ->default_str(numberText(r.beta));
  cmd->add_option("--diverge", args->diverge, "stop when smoothed loss > this x best")
      ->default_str(numberText(r.divergeFactor));
  cmd->add_option("--val-every", args->validateEvery, "validate every k steps (0: never)")
      ->default_str(std::to_string(r.validateEvery));
  cmd->add_option("--range-rule", args->rangeRule,
                  "the version of LR Scope's range rule to find the range with (" +
                      std::to_string(engine::LrRangeRule::kVersion) +
                      " by default; 2 for comparison)");
  cmd->add_option("--save-curve", args->saveCurve,
                  "write the curve as CSV (lr, loss, raw_loss) for lrscope suggest or the app");
  cmd->add_flag("--per-group", args->perGroup,
                "one range test per layer group: only that group's LR climbs the ladder");
  cmd->add_option("--other-groups-lr", args->otherGroupsLr,
                  "with --per-group: the LR of the groups not being tested (default: the "
                  "whole-model test's lower bound)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--repeats", args->repeats,
                  "run K range tests that differ only in the seed (seeds SEED..SEED+K-1) and "
                  "report the median range, every rule's spread and a verdict; K >= 2");
  cmd->add_option("--from-checkpoint", args->fromCheckpoint,
                  "start from a training run's checkpoint (its weights and optimizer state; "
                  "the same --model and --optimizer) to re-find the LR mid-training; restored "
                  "after the test")
      ->check(CLI::ExistingFile);
  cmd->add_flag("--resample", args->resample,
                "with --repeats: each repeat draws its own sample (with its own seed)");
  cmd->add_option("--jobs", args->jobs,
                  "with --repeats: repeats run side by side, one torch thread each (default: "
                  "the number of cores, at most K)");
  cmd->add_option("--shard", args->shard,
                  "with --repeats: run only shard I of N of the repeats (I/N, from 0), or auto: "
                  "the task of the Slurm job array; stored in DB.shard-I-of-N.db beside --db, "
                  "for lrscope merge");
  addOutputOptions(cmd, args->output, "the run");
}

} // namespace lrscope::cli
