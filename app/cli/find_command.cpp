#include "cli/commands.h"
#include "cli/group_find.h"
#include "cli/run_options.h"
#include "cli/text_report.h"

#include "lrscope/engine/curve_file.h"
#include "lrscope/engine/find_config.h"
#include "lrscope/engine/input_error.h"
#include "lrscope/engine/range_test_job.h"
#include "lrscope/storage/stored_range_test.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <atomic>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
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

/// Fails before the run, not after it, when --save-curve points where nothing can be written.
void requireWritableFolder(const std::string& file) {
  const std::filesystem::path folder = std::filesystem::absolute(file).parent_path();
  if (!std::filesystem::is_directory(folder) || access(folder.c_str(), W_OK) != 0)
    throw engine::InputError("--save-curve: cannot write into " + folder.string() +
                             " (missing or read-only); choose another path");
}

struct FindArguments {
  std::string configFile;
  SetupArguments setup;
  double startLr = 0.0;
  double endLr = 0.0;
  int iterations = 0;
  std::string mode;
  int batchSize = 0;
  int accumulation = 0;
  double beta = 0.0;
  double diverge = 0.0;
  int validateEvery = 0;
  std::string saveCurve;
  bool perGroup = false;
  double otherGroupsLr = 0.0;
  std::string database;
  bool noStore = false;
  bool json = false;
  bool quiet = false;
};

/// Defaults, then the config file, then every flag that was given.
engine::FindConfig buildConfig(const CLI::App& cmd, const FindArguments& a) {
  engine::FindConfig c = a.configFile.empty()
                             ? engine::FindConfig{}
                             : engine::findConfigFromJson(readJsonFile(a.configFile));
  applySetupOptions(cmd, a.setup, {c.data, c.sample, c.model, c.optimizer, c.rangeTest.seed});
  auto given = [&cmd](const char* name) { return cmd.count(name) > 0; };
  if (given("--start-lr"))
    c.rangeTest.startLr = a.startLr;
  if (given("--end-lr"))
    c.rangeTest.endLr = a.endLr;
  if (given("--iters"))
    c.rangeTest.iterations = a.iterations;
  if (given("--mode"))
    c.rangeTest.mode = engine::parseLadderMode(a.mode);
  if (given("--batch-size"))
    c.rangeTest.batchSize = a.batchSize;
  if (given("--accumulate"))
    c.rangeTest.accumulationSteps = a.accumulation;
  if (given("--beta"))
    c.rangeTest.beta = a.beta;
  if (given("--diverge"))
    c.rangeTest.divergeFactor = a.diverge;
  if (given("--val-every"))
    c.rangeTest.validateEvery = a.validateEvery;
  if (given("--other-groups-lr"))
    c.rangeTest.otherGroupsLr = a.otherGroupsLr;
  c.validate();
  return c;
}

void runFind(const CLI::App& cmd, const FindArguments& args) {
  const engine::FindConfig config = buildConfig(cmd, args);
  if (args.perGroup) {
    if (!args.saveCurve.empty())
      throw engine::InputError("--save-curve saves one curve; a per-group test has one per group "
                               "(export each group's run with lrscope export)");
    runGroupFind(config, {args.database, args.noStore, args.json, args.quiet});
    return;
  }
  if (!args.saveCurve.empty())
    requireWritableFolder(args.saveCurve);
  std::unique_ptr<ProgressPrinter> progress;
  if (!args.quiet && !args.json)
    progress = std::make_unique<ProgressPrinter>(config.rangeTest.iterations,
                                                 std::max(1, config.rangeTest.iterations / 10));
  std::unique_ptr<storage::StoredRangeTest> stored;
  if (!args.noStore)
    stored = std::make_unique<storage::StoredRangeTest>(args.database.empty()
                                                            ? storage::RunDatabase::defaultPath()
                                                            : std::filesystem::path(args.database),
                                                        config);
  engine::ObserverFanOut observers({progress.get(), stored ? &stored->observer() : nullptr});
  engine::FindReport report;
  {
    const InterruptGuard interruptGuard;
    try {
      report = engine::runRangeTestJob(config, &observers, &g_interrupted);
    } catch (const engine::InputError& error) {
      if (stored)
        stored->abandon(error.what());
      throw;
    }
  }
  if (stored)
    stored->complete(report);
  if (args.json) {
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
  exitForStatus(report.result.status);
}

} // namespace

void addFindCommand(CLI::App& app) {
  auto args = std::make_shared<FindArguments>();
  CLI::App* cmd = app.add_subcommand(
      "find", "Run an LR range test and print the suggested range and every rule's suggestion");
  cmd->add_option("--config", args->configFile,
                  "JSON config file (see resources/examples); flags override its fields")
      ->check(CLI::ExistingFile);
  addSetupOptions(cmd, args->setup, "6000", "1000");
  cmd->add_option("--start-lr", args->startLr, "first LR of the ladder")->default_str("1e-7");
  cmd->add_option("--end-lr", args->endLr, "last LR of the ladder")->default_str("10");
  cmd->add_option("--iters", args->iterations, "optimizer steps (at least 5)")->default_str("100");
  cmd->add_option("--mode", args->mode, "ladder: exp or linear")->default_str("exp");
  cmd->add_option("--batch-size", args->batchSize, "examples per batch")->default_str("64");
  cmd->add_option("--accumulate", args->accumulation, "micro-batches per optimizer step")
      ->default_str("1");
  cmd->add_option("--beta", args->beta, "smoothing of the loss, in [0, 1)")->default_str("0.98");
  cmd->add_option("--diverge", args->diverge, "stop when smoothed loss > this x best")
      ->default_str("4");
  cmd->add_option("--val-every", args->validateEvery, "validate every k steps (0: never)")
      ->default_str("0");
  cmd->add_option("--save-curve", args->saveCurve,
                  "write the curve as CSV (lr, loss, raw_loss) for lrscope suggest or the app");
  cmd->add_flag("--per-group", args->perGroup,
                "one range test per layer group: only that group's LR climbs the ladder");
  cmd->add_option("--other-groups-lr", args->otherGroupsLr,
                  "with --per-group: the LR of the groups not being tested (default: --start-lr)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--db", args->database,
                  "database that stores the run (default ~/.local/share/lrscope/lrscope.db)");
  cmd->add_flag("--no-store", args->noStore, "do not store the run");
  cmd->add_flag("--json", args->json, "print the result as JSON");
  cmd->add_flag("--quiet,-q", args->quiet, "no progress lines on stderr");
  cmd->callback([cmd, args] { runFind(*cmd, *args); });
}

} // namespace lrscope::cli
