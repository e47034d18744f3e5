// lrscope train: a training run with a schedule, from a picked range or from flags.
#include "cli/commands.h"
#include "cli/from_run.h"
#include "cli/output_options.h"
#include "cli/run_options.h"
#include "cli/stored_run_scope.h"
#include "cli/subcommand.h"
#include "cli/text_report.h"
#include "cli/training_output.h"

#include "lrscope/engine/input_error.h"
#include "lrscope/engine/json_input.h"
#include "lrscope/engine/lr_events.h"
#include "lrscope/engine/message_text.h"
#include "lrscope/engine/number_text.h"
#include "lrscope/engine/training_job.h"
#include "lrscope/storage/stored_training.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>

namespace lrscope::cli {
namespace {

using nlohmann::json;

struct TrainArguments {
  std::string configFile;
  int64_t fromRun = 0;
  SetupArguments setup;
  std::optional<std::string> schedule;
  std::optional<double> lower;
  std::optional<double> upper;
  std::optional<int> epochs;
  std::optional<int> batchSize;
  std::optional<std::vector<double>> groupLrs;
  std::optional<std::vector<double>> spread;
  std::optional<std::string> lrEvents;
  std::optional<std::string> checkpoint;
  std::optional<std::string> resume;
  OutputOptions output;
};

/// Defaults, then the stored run or the config file, then every flag that was given.
engine::TrainConfig buildConfig(const TrainArguments& a) {
  engine::TrainConfig c;
  std::optional<std::pair<double, double>> range;
  if (a.fromRun > 0) {
    const FromRun from = fromStoredRun(databasePath(a.output.database), a.fromRun);
    c = from.config;
    range = {from.lower, from.upper};
  } else if (!a.configFile.empty()) {
    c = engine::trainConfigFromJson(engine::readJsonInputFile(a.configFile));
  }
  applySetupOptions(a.setup, setupOf(c));
  if (a.lower || a.upper) {
    if (!a.lower || !a.upper)
      throw engine::InputError("give both --lower and --upper (the range to train with)");
    range = {*a.lower, *a.upper};
  }
  if (a.schedule || range) {
    const engine::ScheduleKind kind =
        a.schedule ? engine::parseScheduleKind(*a.schedule) : engine::ScheduleSpec{}.kind;
    if (!range)
      throw engine::InputError("--schedule needs a range: --from-run RUN, or --lower and --upper");
    if (!(range->first > 0.0) || !(range->second > range->first))
      throw engine::InputError("the range needs 0 < lower < upper, got " +
                               engine::numberText(range->first) + " .. " +
                               engine::numberText(range->second));
    c.schedule = engine::scheduleFromRange(kind, range->first, range->second);
  }
  applyGiven<int>({{a.epochs, c.epochs}, {a.batchSize, c.batchSize}});
  if (a.groupLrs && a.spread)
    throw engine::InputError("give --group-lrs or --lr-spread, not both");
  if (a.groupLrs) {
    // Absolute LRs per group become factors of the schedule's peak.
    c.groupLrFactors.clear();
    c.groupLrSpread.clear();
    for (const double lr : *a.groupLrs) {
      if (!(lr > 0.0))
        throw engine::InputError("--group-lrs: every LR must be positive, got " +
                                 engine::numberText(lr));
      c.groupLrFactors.push_back(lr / c.schedule.maxLr);
    }
  }
  if (a.spread) {
    if (a.spread->size() != 2)
      throw engine::InputError("--lr-spread takes LO,HI (the first and the last group's factor)");
    c.groupLrFactors.clear();
    c.groupLrSpread = *a.spread; // over the model's groups, once it is built
  }
  if (a.lrEvents)
    c.lrEvents = engine::readLrEvents(*a.lrEvents);
  if (a.checkpoint)
    c.checkpoint = *a.checkpoint;
  if (a.resume)
    c.resumeFrom = *a.resume;
  c.sample.seed = c.seed;
  c.validate();
  return c;
}

void runTrain(const TrainArguments& args) {
  const engine::TrainConfig config = buildConfig(args);
  if (!config.checkpoint.empty())
    refuseUnsafeOutputOfRun(config.checkpoint.string(), config.data, config.model);
  std::unique_ptr<EpochPrinter> printer;
  if (args.output.printsProgress())
    printer = std::make_unique<EpochPrinter>(config.epochs);
  const auto stored = startStoredRun<storage::StoredTraining>(args.output, config);
  StoredRunScope scope(stored.get());
  TrainingFanOut observers({printer.get(), stored.get()});
  engine::TrainingReport report;
  {
    const InterruptGuard interruptGuard;
    report = scope.run([&] { return engine::runTrainingJob(config, &observers, &g_interrupted); });
  }
  scope.complete(report);
  const engine::EpochRecord* last = report.epochs.empty() ? nullptr : &report.epochs.back();
  if (args.output.json) {
    json epochs = json::array();
    for (const engine::EpochRecord& e : report.epochs)
      epochs.push_back(epochJson(e));
    json out = {{"status", engine::toString(report.status)},
                {"message", report.message},
                {"config", engine::toJson(config)},
                {"epochs", epochs},
                {"test_accuracy", last ? epochJson(*last)["test_accuracy"] : json(nullptr)},
                {"seconds", report.trainSeconds},
                {"train_size", report.trainSize},
                {"validation_size", report.validationSize},
                {"test_size", report.testSize},
                {"classes", report.classNames},
                {"warnings", report.warnings},
                {"checkpoint",
                 report.checkpoint.empty() ? json(nullptr) : json(report.checkpoint.string())},
                {"run_id", stored ? json(stored->runId()) : json(nullptr)}};
    std::cout << out.dump(2) << "\n";
  } else {
    std::cout << "Training " << report.modelName << " on " << report.datasetName << ": "
              << report.trainSize << " training, " << report.validationSize << " validation, "
              << report.testSize << " test examples\n"
              << classesLine(report.classNames) << "schedule "
              << engine::toString(config.schedule.kind) << ", peak lr "
              << formatLr(config.schedule.maxLr) << ", " << config.epochs << " epochs of batch "
              << config.batchSize << "\n"
              << "status: " << engine::toString(report.status) << " (" << report.message << ")\n"
              << report.steps << " steps in " << formatDuration(report.trainSeconds) << "\n";
    if (last)
      std::cout << "final: test accuracy " << formatPercent(last->testAccuracy) << ", test loss "
                << formatLoss(last->testLoss) << ", validation accuracy "
                << formatPercent(last->validationAccuracy) << "\n";
    for (const std::string& warning : report.warnings)
      std::cout << "warning: " << engine::printable(warning) << "\n";
    if (!report.checkpoint.empty())
      std::cout << "checkpoint: " << report.checkpoint.string() << "\n";
    if (stored)
      std::cout << "stored as run " << stored->runId() << " in "
                << stored->database().path().string() << "\n";
  }
  std::cout.flush();
  exitForStatus(report.status, report.message);
}

} // namespace

void addTrainCommand(CLI::App& app) {
  const auto [cmd, args] = addSubcommand(
      app, "train", "Train a model with a learning-rate schedule built from a picked range",
      runTrain);
  engine::TrainConfig defaults;
  cmd->add_option("--from-run", args->fromRun,
                  "a stored range test: its data, model, optimizer and picked range");
  cmd->add_option("--config", args->configFile, "JSON training config; flags override it")
      ->check(CLI::ExistingFile);
  addSetupOptions(cmd, args->setup, setupOf(defaults));
  cmd->add_option("--schedule", args->schedule,
                  "constant, step, cosine, one-cycle, triangular, triangular2, exp-range or "
                  "plateau")
      ->default_str(engine::toString(defaults.schedule.kind));
  cmd->add_option("--lower", args->lower, "range lower bound (instead of --from-run's)");
  cmd->add_option("--upper", args->upper, "range upper bound (the peak LR)");
  cmd->add_option("--epochs", args->epochs, "epochs")->default_str(std::to_string(defaults.epochs));
  cmd->add_option("--batch-size", args->batchSize, "examples per batch")
      ->default_str(std::to_string(defaults.batchSize));
  cmd->add_option("--group-lrs", args->groupLrs, "one peak LR per layer group, e.g. 1e-4,1e-3")
      ->delimiter(',');
  cmd->add_option("--lr-spread", args->spread,
                  "LO,HI: group factors spread geometrically from LO (first) to HI (last)")
      ->delimiter(',');
  cmd->add_option("--lr-events", args->lrEvents,
                  "file of timed changes: \"STEP set LR\" or \"STEP scale FACTOR\" per line")
      ->check(CLI::ExistingFile);
  cmd->add_option("--checkpoint", args->checkpoint, "save the trained model here");
  cmd->add_option("--resume", args->resume, "continue from this checkpoint")
      ->check(CLI::ExistingFile);
  addOutputOptions(cmd, args->output, "the run");
}

} // namespace lrscope::cli
