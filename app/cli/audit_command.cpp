// lrscope audit: does the range test's suggestion train as well as a grid search would, and at
// what fraction of its cost?
#include "cli/commands.h"
#include "cli/output_options.h"
#include "cli/run_options.h"
#include "cli/stored_run_scope.h"
#include "cli/subcommand.h"
#include "cli/text_report.h"
#include "cli/training_output.h"

#include "lrscope/engine/find_config.h"
#include "lrscope/engine/input_error.h"
#include "lrscope/engine/range_test_job.h"
#include "lrscope/engine/training_job.h"
#include "lrscope/storage/stored_range_test.h"
#include "lrscope/storage/stored_training.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>

namespace lrscope::cli {
namespace {

/// TrainConfig's epochs and batch size; the runs are stored in experiment "audit".
struct AuditArguments {
  SetupArguments setup;
  int epochs = engine::TrainConfig{}.epochs;
  int batchSize = engine::TrainConfig{}.batchSize;
  int gridPoints = 7;
  OutputOptions output{"", "audit"};
};

/// One trained max LR: its final test accuracy (NaN when it diverged, failed or the data has
/// no test split) and its cost.
struct Trained {
  double maxLr = 0.0;
  double testAccuracy = std::nan("");
  double seconds = 0.0; ///< data loading and training
  engine::RunStatus status = engine::RunStatus::Running;
  std::string message;
  int64_t runId = 0;
  bool suggested = false;
};

struct Configs {
  engine::TrainConfig training; ///< everything but the schedule
  engine::FindConfig find;
};

/// The training config (TrainConfig's defaults: the whole training part, 5000 held out) from
/// the flags, and the range test's: FindConfig's defaults with the same data, model, optimizer
/// and seed (and the validation size, when --validation is given).
Configs buildConfigs(const AuditArguments& a) {
  if (a.gridPoints < 1)
    throw engine::InputError("--grid-points must be at least 1, got " +
                             std::to_string(a.gridPoints));
  Configs c;
  engine::TrainConfig& t = c.training;
  applySetupOptions(a.setup, setupOf(t));
  t.epochs = a.epochs;
  t.batchSize = a.batchSize;
  t.validate();
  c.find.data = t.data;
  c.find.model = t.model;
  c.find.optimizer = t.optimizer;
  c.find.rangeTest.seed = t.seed;
  c.find.sample.seed = t.seed;
  if (a.setup.validation)
    c.find.sample.validationCount = t.sample.validationCount;
  c.find.validate();
  return c;
}

/// The range test, stored; throws InputError when it finds no range to train with.
engine::FindReport runRangeTest(const engine::FindConfig& config, const AuditArguments& args,
                                int64_t& runId) {
  const auto stored = startStoredRun<storage::StoredRangeTest>(args.output, config);
  StoredRunScope scope(stored.get());
  const engine::FindReport report = scope.run([&] {
    return engine::runRangeTestJob(config, stored ? &stored->observer() : nullptr, &g_interrupted);
  });
  scope.complete(report);
  if (stored)
    runId = stored->runId();
  if (report.result.status == engine::RunStatus::Cancelled)
    throw CLI::RuntimeError(130);
  if (report.result.status == engine::RunStatus::Failed)
    throw engine::InputError("the range test failed: " + report.result.message);
  if (!report.range.range)
    throw engine::InputError("the range test found no range to audit (" + report.range.reason +
                             ")");
  return report;
}

Trained train(const engine::TrainConfig& config, const AuditArguments& args,
              const std::string& label) {
  std::unique_ptr<EpochPrinter> printer;
  if (args.output.printsProgress()) {
    std::fprintf(stderr, "%s: max lr %s, %d epoch%s\n", label.c_str(),
                 formatLr(config.schedule.maxLr).c_str(), config.epochs,
                 config.epochs == 1 ? "" : "s");
    printer = std::make_unique<EpochPrinter>(config.epochs);
  }
  const auto stored = startStoredRun<storage::StoredTraining>(args.output, config);
  StoredRunScope scope(stored.get());
  TrainingFanOut observers({printer.get(), stored.get()});
  const engine::TrainingReport report =
      scope.run([&] { return engine::runTrainingJob(config, &observers, &g_interrupted); });
  scope.complete(report);
  if (report.status == engine::RunStatus::Cancelled)
    throw CLI::RuntimeError(130);
  if (report.status == engine::RunStatus::Failed)
    std::fprintf(stderr, "lrscope: warning: %s (max lr %s) failed: %s\n", label.c_str(),
                 formatLr(config.schedule.maxLr).c_str(), report.message.c_str());
  Trained trained;
  trained.maxLr = config.schedule.maxLr;
  trained.seconds = report.loadSeconds + report.trainSeconds;
  trained.status = report.status;
  trained.message = report.message;
  trained.runId = stored ? stored->runId() : 0;
  if (report.status == engine::RunStatus::Completed && !report.epochs.empty())
    trained.testAccuracy = report.epochs.back().testAccuracy;
  return trained;
}

/// In the order the fields are documented (ordered_json keeps it).
nlohmann::ordered_json trainedJson(const Trained& t) {
  return {{"max_lr", t.maxLr},
          {"test_accuracy", std::isfinite(t.testAccuracy) ? nlohmann::ordered_json(t.testAccuracy)
                                                          : nlohmann::ordered_json(nullptr)},
          {"seconds", t.seconds}};
}

void printTable(const Configs& configs, const engine::FindReport& range, int64_t rangeRunId,
                double rangeSeconds, const Trained& suggested, const std::vector<Trained>& grid,
                const AuditArguments& args) {
  const engine::TrainConfig& t = configs.training;
  std::cout << "Audit: " << range.modelName << " on " << range.datasetName << ", one-cycle for "
            << t.epochs << " epoch" << (t.epochs == 1 ? "" : "s") << " in batches of "
            << t.batchSize << "\n"
            << "range test: " << formatLr(range.range.range->lower) << " .. "
            << formatLr(range.range.range->upper) << " in " << formatDuration(rangeSeconds);
  if (rangeRunId > 0)
    std::cout << " (run " << rangeRunId << ")";
  std::cout << "\n\n";
  std::vector<Trained> rows = grid;
  const bool inGrid =
      std::any_of(rows.begin(), rows.end(), [](const Trained& r) { return r.suggested; });
  if (!inGrid) {
    const auto at = std::find_if(rows.begin(), rows.end(), [&suggested](const Trained& r) {
      return r.maxLr > suggested.maxLr;
    });
    rows.insert(at, suggested);
  }
  char line[200];
  std::snprintf(line, sizeof line, "  %-11s %-9s %9s\n", "max lr", "test acc", "seconds");
  std::cout << line;
  double gridSeconds = 0.0;
  const Trained* bestOfGrid = nullptr;
  for (const Trained& r : grid) {
    gridSeconds += r.seconds;
    if (std::isfinite(r.testAccuracy) && (!bestOfGrid || r.testAccuracy > bestOfGrid->testAccuracy))
      bestOfGrid = &r;
  }
  for (const Trained& r : rows) {
    std::string note;
    if (r.suggested)
      note = inGrid ? "  <- suggested (also the grid's point at it)" : "  <- suggested";
    if (r.status == engine::RunStatus::Diverged || r.status == engine::RunStatus::Failed)
      note += "  " + engine::toString(r.status);
    std::snprintf(line, sizeof line, "  %-11s %-9s %9.1f%s\n", formatLr(r.maxLr).c_str(),
                  formatPercent(r.testAccuracy).c_str(), r.seconds, note.c_str());
    std::cout << line;
  }
  std::cout << "\n";
  const double ratio = gridSeconds > 0.0 ? (rangeSeconds + suggested.seconds) / gridSeconds : 0.0;
  std::snprintf(line, sizeof line,
                "cost: range test + suggested training %.1f s = %.2f x the grid's %.1f s (%zu "
                "trainings)\n",
                rangeSeconds + suggested.seconds, ratio, gridSeconds, grid.size());
  std::cout << line;
  if (bestOfGrid)
    std::cout << "best of the grid: max lr " << formatLr(bestOfGrid->maxLr) << " at "
              << formatPercent(bestOfGrid->testAccuracy)
              << "; suggested: " << formatPercent(suggested.testAccuracy) << "\n";
  else
    std::cout << "no grid point has a test accuracy (diverged, or no test split)\n";
  if (!args.output.noStore)
    std::cout << "stored in experiment \"" << args.output.experiment << "\" of "
              << databasePath(args.output.database).string() << "\n";
}

void runAudit(const AuditArguments& args) {
  const Configs configs = buildConfigs(args);
  const InterruptGuard interruptGuard;
  if (args.output.printsProgress())
    std::fprintf(stderr, "range test on %s (%s)\n", configs.find.data.source.c_str(),
                 configs.find.model.name.c_str());
  int64_t rangeRunId = 0;
  const engine::FindReport range = runRangeTest(configs.find, args, rangeRunId);
  const double rangeSeconds = range.loadSeconds + range.testSeconds;
  const engine::LrRange picked = *range.range.range;

  engine::TrainConfig suggestedConfig = configs.training;
  suggestedConfig.schedule =
      engine::scheduleFromRange(engine::ScheduleKind::OneCycle, picked.lower, picked.upper);
  Trained suggested = train(suggestedConfig, args, "suggested");
  suggested.suggested = true;

  // Half a decade apart around the suggested peak, with the suggestion's div factor: the
  // point at the suggestion itself (odd counts) is the suggested training, not run twice.
  std::vector<Trained> grid;
  for (int j = 0; j < args.gridPoints; ++j) {
    const double k = j - (args.gridPoints - 1) / 2.0;
    if (k == 0.0) {
      grid.push_back(suggested);
      continue;
    }
    engine::TrainConfig config = suggestedConfig;
    config.schedule.maxLr = picked.upper * std::pow(10.0, k / 2.0);
    grid.push_back(train(config, args,
                         "grid " + std::to_string(j + 1) + "/" + std::to_string(args.gridPoints)));
  }

  if (args.output.json) {
    nlohmann::ordered_json points = nlohmann::ordered_json::array();
    for (const Trained& t : grid)
      points.push_back(trainedJson(t));
    const nlohmann::ordered_json out = {{"suggested", trainedJson(suggested)},
                                        {"range_test_seconds", rangeSeconds},
                                        {"grid", points}};
    std::cout << out.dump(2) << "\n";
  } else {
    printTable(configs, range, rangeRunId, rangeSeconds, suggested, grid, args);
  }
  std::cout.flush();
}

} // namespace

void addAuditCommand(CLI::App& app) {
  const auto [cmd, args] =
      addSubcommand(app, "audit",
                    "Train with the range test's suggestion and with a grid of peak LRs around it "
                    "(one-cycle, full training set) and compare accuracy and cost",
                    runAudit);
  engine::TrainConfig defaults;
  addSetupOptions(cmd, args->setup, setupOf(defaults));
  cmd->add_option("--epochs", args->epochs, "epochs of every training")->capture_default_str();
  cmd->add_option("--batch-size", args->batchSize, "examples per batch of the trainings")
      ->capture_default_str();
  cmd->add_option("--grid-points", args->gridPoints,
                  "peak LRs of the grid, half a decade apart around the suggested one")
      ->capture_default_str();
  addOutputOptions(cmd, args->output, "the runs", false);
}

} // namespace lrscope::cli
