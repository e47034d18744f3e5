// lrscope sweep: fixed learning rates raced by successive halving on a representative sample.
#include "cli/commands.h"
#include "cli/from_run.h"
#include "cli/output_options.h"
#include "cli/run_options.h"
#include "cli/stored_run_scope.h"
#include "cli/subcommand.h"
#include "cli/sweep_rungs.h"
#include "cli/text_report.h"
#include "cli/training_output.h"

#include "lrscope/engine/input_error.h"
#include "lrscope/engine/json_input.h"
#include "lrscope/engine/number_text.h"
#include "lrscope/engine/sweep_job.h"
#include "lrscope/storage/stored_sweep.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>

namespace lrscope::cli {
namespace {

using nlohmann::json;

struct SweepArguments {
  int64_t fromRun = 0;
  SetupArguments setup;
  std::optional<double> lower;
  std::optional<double> upper;
  /// SweepConfig's defaults, the flags that only the parser sets (--lrs, --epochs-per-rung,
  /// --max-rungs, --batch-size) written in.
  engine::SweepConfig config;
  std::optional<int> rung;
  std::optional<std::string> shard;
  std::optional<int> promote;
  OutputOptions output;
};

/// Defaults and the flags that only the parser sets, then the stored run (its setup, its sample
/// and the span around its range), then every other flag that was given.
engine::SweepConfig buildConfig(const SweepArguments& a) {
  engine::SweepConfig c = a.config;
  engine::TrainConfig& t = c.training;
  const bool bounds = a.lower || a.upper;
  if (bounds && (!a.lower || !a.upper))
    throw engine::InputError("give both --lower and --upper (the lowest and highest LR to try)");
  if (a.fromRun > 0) {
    const FromRun from = fromStoredRun(databasePath(a.output.database), a.fromRun);
    t.data = from.config.data;
    t.model = from.config.model;
    t.optimizer = from.config.optimizer;
    t.seed = from.config.seed;
    t.groupLrFactors = from.config.groupLrFactors;
    t.groupLrSpread = from.config.groupLrSpread;
    t.sample = from.runSample;
    std::tie(c.lowerLr, c.upperLr) = engine::sweepSpanAround(from.lower, from.upper);
  } else if (!bounds) {
    throw engine::InputError(
        "give --from-run RUN (a stored range test) or --lower and --upper (the LRs to sweep)");
  }
  applySetupOptions(a.setup, setupOf(t));
  applyGiven<double>({{a.lower, c.lowerLr}, {a.upper, c.upperLr}});
  c.validate();
  return c;
}

/// Prints the sweep's progress, stores it (storage::StoredSweep: a parent run of kind "sweep" and
/// one training run per LR), or both.
class SweepRecorder : public engine::SweepObserver {
public:
  SweepRecorder(const engine::SweepConfig& config, const OutputOptions& output)
      : m_print(output.printsProgress()),
        m_stored(startStoredRun<storage::StoredSweep>(output, config)) {}

  void onCandidates(const std::vector<engine::TrainConfig>& candidates) override {
    if (m_stored)
      m_stored->onCandidates(candidates);
    for (std::size_t i = 0; i < candidates.size(); ++i) {
      const engine::TrainConfig& c = candidates[i];
      if (m_print)
        m_printers.push_back(
            std::make_unique<EpochPrinter>(c.epochs, "lr " + formatLr(c.schedule.maxLr) + " "));
      m_fanOuts.push_back(std::make_unique<TrainingFanOut>(std::vector<engine::TrainingObserver*>{
          m_printers.empty() ? nullptr : m_printers.back().get(),
          m_stored ? m_stored->candidateObserver(static_cast<int>(i)) : nullptr}));
    }
    if (m_print) {
      std::string lrs;
      for (const engine::TrainConfig& c : candidates)
        lrs += " " + formatLr(c.schedule.maxLr);
      std::fprintf(stderr, "sweep of %zu learning rates:%s\n", candidates.size(), lrs.c_str());
    }
  }

  engine::TrainingObserver* candidateObserver(int index) override {
    return m_fanOuts[static_cast<std::size_t>(index)].get();
  }

  void onCandidateTrained(int, int, const engine::TrainingReport&) override {}

  void onEliminated(const engine::Elimination& e) override {
    if (m_print)
      std::fprintf(stderr, "  rung %d: lr %s out: %s\n", e.rung, formatLr(e.lr).c_str(),
                   e.reason.c_str());
    if (m_stored)
      m_stored->onEliminated(e);
  }

  /// Every child's final status and the sweep's.
  void complete(const engine::SweepReport& report) {
    if (m_stored)
      m_stored->complete(report);
  }

  /// The sweep and the children started so far failed before the first step.
  void abandon(const std::string& message) {
    if (m_stored)
      m_stored->abandon(message);
  }

  [[nodiscard]] bool stored() const { return m_stored != nullptr; }
  [[nodiscard]] int64_t sweepRunId() const { return m_stored ? m_stored->runId() : 0; }
  [[nodiscard]] int64_t childRunId(std::size_t index) const {
    return m_stored ? m_stored->candidateRunId(index) : 0;
  }
  [[nodiscard]] std::string databaseFile() const {
    return m_stored ? m_stored->databasePath().string() : std::string();
  }

private:
  bool m_print;
  std::unique_ptr<storage::StoredSweep> m_stored;
  std::vector<std::unique_ptr<EpochPrinter>> m_printers;
  std::vector<std::unique_ptr<TrainingFanOut>> m_fanOuts;
};

std::string statusText(const engine::SweepCandidate& c) {
  if (c.status == engine::CandidateStatus::Eliminated ||
      c.status == engine::CandidateStatus::Diverged)
    return engine::toString(c.status) + " r" + std::to_string(c.rung);
  return engine::toString(c.status);
}

json extremeJson(const engine::SweepReport& report, const std::optional<int>& index) {
  if (!index)
    return nullptr;
  const engine::SweepCandidate& c = report.candidates[static_cast<std::size_t>(*index)];
  return {
      {"lr", c.lr}, {"rung", c.rung}, {"status", engine::toString(c.status)}, {"reason", c.reason}};
}

json reportJson(const engine::SweepReport& report, const SweepRecorder& recorder) {
  json candidates = json::array();
  for (std::size_t i = 0; i < report.candidates.size(); ++i) {
    const engine::SweepCandidate& c = report.candidates[i];
    candidates.push_back({{"lr", c.lr},
                          {"status", engine::toString(c.status)},
                          {"rung", c.rung},
                          {"reason", c.reason},
                          {"epochs", c.epochs},
                          {"steps", c.steps},
                          {"train_loss", finiteOrNull(c.last.trainLoss)},
                          {"val_loss", finiteOrNull(c.last.validationLoss)},
                          {"val_accuracy", finiteOrNull(c.last.validationAccuracy)},
                          {"seconds", c.trainSeconds},
                          {"run_id", recorder.stored() ? json(recorder.childRunId(i)) : json()}});
  }
  return {{"status", engine::toString(report.status)},
          {"message", report.message},
          {"config", engine::toJson(report.config)},
          {"best_lr", report.best
                          ? json(report.candidates[static_cast<std::size_t>(*report.best)].lr)
                          : json()},
          {"classes", report.classNames},
          {"candidates", candidates},
          {"lowest_eliminated", extremeJson(report, report.lowestEliminated)},
          {"highest_eliminated", extremeJson(report, report.highestEliminated)},
          {"rungs", report.rungs},
          {"total_epochs", report.totalEpochs},
          {"full_run_epochs", report.fullRunEpochs},
          {"cost_ratio", finiteOrNull(report.costRatio)},
          {"seconds", report.seconds},
          {"run_id", recorder.stored() ? json(recorder.sweepRunId()) : json()},
          {"db", recorder.stored() ? json(recorder.databaseFile()) : json()}};
}

void printReport(const engine::SweepReport& report, const SweepRecorder& recorder) {
  const engine::SweepConfig& config = report.config;
  std::cout << "Sweep of " << config.candidates << " learning rates from "
            << formatLr(config.lowerLr) << " to " << formatLr(config.upperLr) << ": "
            << report.modelName << " on " << report.datasetName << ", " << report.trainSize
            << " training and " << report.validationSize << " validation examples\n"
            << classesLine(report.classNames) << "successive halving, " << config.epochsPerRung
            << " epoch" << (config.epochsPerRung == 1 ? "" : "s") << " per rung, " << report.rungs
            << " rung" << (report.rungs == 1 ? "" : "s") << "\n"
            << "status: " << engine::toString(report.status) << " (" << report.message << ")\n\n";
  char line[160];
  std::snprintf(line, sizeof line, "  %-11s %-15s %6s  %-9s %s\n", "lr", "status", "epochs",
                "val loss", "val acc");
  std::cout << line;
  for (const engine::SweepCandidate& c : report.candidates) {
    std::snprintf(line, sizeof line, "  %-11s %-15s %6d  %-9s %s\n", formatLr(c.lr).c_str(),
                  statusText(c).c_str(), c.epochs, formatLoss(c.last.validationLoss).c_str(),
                  formatPercent(c.last.validationAccuracy).c_str());
    std::cout << line;
  }
  std::cout << "\n";
  if (report.best) {
    const engine::SweepCandidate& best = report.candidates[static_cast<std::size_t>(*report.best)];
    std::cout << "best lr: " << formatLr(best.lr) << " (validation loss "
              << formatLoss(best.last.validationLoss) << ", accuracy "
              << formatPercent(best.last.validationAccuracy) << ")\n";
    if (*report.best + 1 == static_cast<int>(report.candidates.size()))
      std::cout << "note: the best is the highest LR tried; a higher --upper may do better\n";
    else if (*report.best == 0)
      std::cout << "note: the best is the lowest LR tried; a lower --lower may do better\n";
  } else {
    std::cout << "best lr: none\n";
  }
  for (const auto& [label, index] : {std::pair{"lowest", report.lowestEliminated},
                                     std::pair{"highest", report.highestEliminated}}) {
    if (!index)
      continue;
    const engine::SweepCandidate& c = report.candidates[static_cast<std::size_t>(*index)];
    std::cout << label << " eliminated: " << formatLr(c.lr) << " at rung " << c.rung << ": "
              << c.reason << "\n";
  }
  char cost[200];
  const int fullEpochs = report.candidates.empty()
                             ? 0
                             : report.fullRunEpochs / static_cast<int>(report.candidates.size());
  std::snprintf(cost, sizeof cost,
                "cost: %d epochs in %.1f s, against %d for %zu full runs of %d epochs (%.2f x)\n",
                report.totalEpochs, report.seconds, report.fullRunEpochs, report.candidates.size(),
                fullEpochs, report.costRatio);
  std::cout << cost;
  for (const std::string& warning : report.warnings)
    std::cout << "warning: " << warning << "\n";
  if (recorder.stored())
    std::cout << "stored as sweep run " << recorder.sweepRunId() << " (one training run per lr, "
              << recorder.childRunId(0) << " to "
              << recorder.childRunId(report.candidates.size() - 1) << ") in "
              << recorder.databaseFile() << "\n";
}

void runSweep(const SweepArguments& args) {
  const engine::SweepConfig config = buildConfig(args);
  if (args.promote && (args.rung || args.shard))
    throw engine::InputError("--promote R merges and halves rung R once its tasks have run; give "
                             "it without --rung and --shard");
  if (args.rung.has_value() != args.shard.has_value())
    throw engine::InputError("a sweep raced over a cluster trains one rung per job array: give "
                             "--rung R with --shard I/N (or --shard auto)");
  if (args.promote) {
    runSweepPromote(config, *args.promote, args.output);
    return;
  }
  if (args.rung) {
    runSweepRung(config, *args.rung, engine::parseShard(*args.shard), args.output);
    return;
  }
  SweepRecorder recorder(config, args.output);
  StoredRunScope scope(&recorder);
  engine::SweepReport report;
  {
    const InterruptGuard interruptGuard;
    report = scope.run([&] { return engine::runSweepJob(config, &recorder, &g_interrupted); });
  }
  scope.complete(report);
  if (args.output.json)
    std::cout << reportJson(report, recorder).dump(2) << "\n";
  else
    printReport(report, recorder);
  std::cout.flush();
  exitForStatus(report.status, report.message);
}

} // namespace

void addSweepCommand(CLI::App& app) {
  const auto [cmd, args] = addSubcommand(
      app, "sweep", "Race fixed learning rates by successive halving on a representative sample",
      runSweep);
  cmd->add_option("--from-run", args->fromRun,
                  "a stored range test: its data, model, optimizer, sample and picked range "
                  "(swept from lower/sqrt(10) to upper*sqrt(10))");
  engine::SweepConfig& config = args->config;
  addSetupOptions(cmd, args->setup, setupOf(config.training));
  cmd->add_option("--lower", args->lower, "lowest LR to try (instead of --from-run's)");
  cmd->add_option("--upper", args->upper, "highest LR to try");
  cmd->add_option("--lrs", config.candidates, "learning rates, log-spaced from lower to upper")
      ->capture_default_str();
  cmd->add_option("--epochs-per-rung", config.epochsPerRung, "epochs each survivor trains per rung")
      ->capture_default_str();
  cmd->add_option("--max-rungs", config.maxRungs,
                  "stop after this many rungs (0: until one is left)")
      ->capture_default_str();
  cmd->add_option("--batch-size", config.training.batchSize, "examples per batch")
      ->capture_default_str();
  cmd->add_option("--rung", args->rung,
                  "race over a cluster: train rung R (from 1) of the sweep, with --shard I/N this "
                  "task's share of its candidates, into DB.rung-R.shard-I-of-N.db beside --db");
  cmd->add_option("--shard", args->shard,
                  "with --rung: task I of N of the rung's job array (I/N, from 0), or auto "
                  "(Slurm's array task)");
  cmd->add_option("--promote", args->promote,
                  "race over a cluster: merge rung R's task files into --db and stop the worse "
                  "half, as the local sweep does; after the last rung, the sweep's result");
  addOutputOptions(cmd, args->output, "the runs");
}

} // namespace lrscope::cli
