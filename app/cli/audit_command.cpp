// lrscope audit: does the range test's suggestion train as well as a grid search would, and at
// what fraction of its cost? Over one seed or several (--seeds), on the data's test split.
#include "cli/commands.h"
#include "cli/output_options.h"
#include "cli/run_options.h"
#include "cli/stored_run_scope.h"
#include "cli/subcommand.h"
#include "cli/text_report.h"
#include "cli/training_output.h"

#include "lrscope/engine/audit_summary.h"
#include "lrscope/engine/find_config.h"
#include "lrscope/engine/input_error.h"
#include "lrscope/engine/number_format.h"
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

/// Grid points are half a decade apart.
constexpr double kGridStepDecades = 0.5;

/// TrainConfig's epochs and batch size; the runs are stored in experiment "audit".
struct AuditArguments {
  SetupArguments setup;
  int epochs = engine::TrainConfig{}.epochs;
  int batchSize = engine::TrainConfig{}.batchSize;
  int gridPoints = 7;
  int seeds = 1;
  OutputOptions output{"", "audit"};
};

/// One training: its final test metric (NaN when it diverged, failed or the data has no test
/// split) and its cost.
struct Trained {
  double maxLr = 0.0;
  double metric = std::nan("");
  double seconds = 0.0; ///< data loading and training
  engine::RunStatus status = engine::RunStatus::Running;
  int64_t runId = 0;
};

/// One seed's audit: its range test, its suggested training and the grid.
struct SeedAudit {
  uint64_t seed = 0;
  engine::FindReport range;
  int64_t rangeRunId = 0;
  double rangeSeconds = 0.0;
  Trained suggested;
  std::vector<Trained> grid;
};

struct Configs {
  engine::TrainConfig training; ///< everything but the schedule
  engine::FindConfig find;
};

engine::AuditMetric metricOf(const engine::TrainConfig& config) {
  return config.data.task == engine::TaskKind::Regression ? engine::AuditMetric::TestLoss
                                                          : engine::AuditMetric::TestAccuracy;
}

/// The training config (TrainConfig's defaults: the whole training part, 5000 held out) from
/// the flags, and the range test's: FindConfig's defaults with the same data, model, optimizer
/// and seed (and the validation size, when --validation is given).
Configs buildConfigs(const AuditArguments& a) {
  if (a.gridPoints < 1)
    throw engine::InputError("--grid-points must be at least 1, got " +
                             std::to_string(a.gridPoints));
  if (a.seeds < 1)
    throw engine::InputError("--seeds must be at least 1, got " + std::to_string(a.seeds));
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

/// The configs of seed `seed`: the same but for every seed in them.
Configs withSeed(Configs c, uint64_t seed) {
  c.training.seed = seed;
  c.training.sample.seed = seed;
  c.find.rangeTest.seed = seed;
  c.find.sample.seed = seed;
  return c;
}

/// The tags that say what a stored run of an audit was: "audit", its seed, and for a training
/// its peak LR ("peak:6.58e-2") and "suggested" when it trained the seed's suggestion.
std::vector<std::string> auditTags(uint64_t seed, std::optional<double> peak = std::nullopt,
                                   bool suggested = false) {
  std::vector<std::string> tags{"audit", "seed:" + std::to_string(seed)};
  if (peak)
    tags.push_back("peak:" + engine::formatLrShort(*peak));
  if (suggested)
    tags.emplace_back("suggested");
  return tags;
}

/// The range test, stored; throws InputError when it finds no range to train with.
engine::FindReport runRangeTest(const engine::FindConfig& config, const AuditArguments& args,
                                int64_t& runId) {
  const auto stored = startStoredRun<storage::StoredRangeTest>(args.output, config);
  if (stored)
    stored->database().setTags(stored->runId(), auditTags(config.rangeTest.seed));
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
    throw engine::InputError("the range test of seed " + std::to_string(config.rangeTest.seed) +
                             " found no range to audit (" + report.range.reason + ")");
  return report;
}

Trained train(const engine::TrainConfig& config, const AuditArguments& args,
              const std::string& label, bool suggested = false) {
  std::unique_ptr<EpochPrinter> printer;
  if (args.output.printsProgress()) {
    std::fprintf(stderr, "%s: max lr %s, %d epoch%s\n", label.c_str(),
                 formatLr(config.schedule.maxLr).c_str(), config.epochs,
                 config.epochs == 1 ? "" : "s");
    printer = std::make_unique<EpochPrinter>(config.epochs);
  }
  const auto stored = startStoredRun<storage::StoredTraining>(args.output, config);
  if (stored)
    stored->database().setTags(stored->runId(),
                               auditTags(config.seed, config.schedule.maxLr, suggested));
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
  trained.runId = stored ? stored->runId() : 0;
  if (report.status == engine::RunStatus::Completed && !report.epochs.empty())
    trained.metric = metricOf(config) == engine::AuditMetric::TestLoss
                         ? report.epochs.back().testLoss
                         : report.epochs.back().testAccuracy;
  return trained;
}

/// The grid's peak LRs: half a decade apart around `center`.
std::vector<double> gridLrs(double center, int points) {
  std::vector<double> lrs;
  for (int j = 0; j < points; ++j)
    lrs.push_back(center * std::pow(10.0, (j - (points - 1) / 2.0) * kGridStepDecades));
  return lrs;
}

/// One seed: its range test, its suggestion trained, and every grid point trained (the grid's
/// centre is the first seed's suggestion; where a grid point is this seed's suggestion, that
/// training counts for both).
SeedAudit auditSeed(const Configs& configs, const std::vector<double>* grid,
                    const AuditArguments& args) {
  SeedAudit audit;
  audit.seed = configs.training.seed;
  const std::string prefix =
      args.seeds > 1 ? "seed " + std::to_string(audit.seed) + ": " : std::string();
  if (args.output.printsProgress())
    std::fprintf(stderr, "%srange test on %s (%s)\n", prefix.c_str(),
                 configs.find.data.source.c_str(), configs.find.model.name.c_str());
  audit.range = runRangeTest(configs.find, args, audit.rangeRunId);
  audit.rangeSeconds = audit.range.loadSeconds + audit.range.testSeconds;
  const engine::LrRange picked = *audit.range.range.range;
  engine::TrainConfig suggestedConfig = configs.training;
  suggestedConfig.schedule =
      engine::scheduleFromRange(engine::ScheduleKind::OneCycle, picked.lower, picked.upper);
  audit.suggested = train(suggestedConfig, args, prefix + "suggested", true);
  const std::vector<double> lrs = grid != nullptr ? *grid : gridLrs(picked.upper, args.gridPoints);
  for (std::size_t j = 0; j < lrs.size(); ++j) {
    if (lrs[j] == picked.upper) {
      audit.grid.push_back(audit.suggested);
      continue;
    }
    engine::TrainConfig config = suggestedConfig;
    config.schedule.maxLr = lrs[j];
    audit.grid.push_back(train(
        config, args, prefix + "grid " + std::to_string(j + 1) + "/" + std::to_string(lrs.size())));
  }
  return audit;
}

engine::AuditSummary summarize(engine::AuditMetric metric, const std::vector<SeedAudit>& seeds) {
  std::vector<double> lrs;
  for (const Trained& t : seeds.front().grid)
    lrs.push_back(t.maxLr);
  std::vector<std::vector<double>> gridValues;
  std::vector<double> suggestedLrs;
  std::vector<double> suggestedValues;
  for (const SeedAudit& seed : seeds) {
    gridValues.emplace_back();
    for (const Trained& t : seed.grid)
      gridValues.back().push_back(t.metric);
    suggestedLrs.push_back(seed.suggested.maxLr);
    suggestedValues.push_back(seed.suggested.metric);
  }
  return engine::summarizeAudit(metric, lrs, gridValues, suggestedLrs, suggestedValues,
                                kGridStepDecades);
}

nlohmann::ordered_json number(double value) {
  return std::isfinite(value) ? nlohmann::ordered_json(value) : nlohmann::ordered_json(nullptr);
}

/// A point's JSON: today's keys (max_lr, test_accuracy or test_loss: the mean over the seeds,
/// seconds: over the seeds) and the metric's mean, standard deviation and every seed's value.
nlohmann::ordered_json pointJson(const engine::AuditPoint& point, double seconds,
                                 engine::AuditMetric metric) {
  const std::string key = engine::metricKey(metric);
  nlohmann::ordered_json values = nlohmann::ordered_json::array();
  for (const double value : point.values)
    values.push_back(number(value));
  return {{"max_lr", point.maxLr},
          {key, number(point.mean)},
          {"seconds", seconds},
          {key + "_mean", number(point.mean)},
          {key + "_std", number(point.std)},
          {key + "_values", values}};
}

/// Seconds of every seed together: range tests, suggested trainings, grid trainings.
struct Cost {
  double rangeTests = 0.0;
  double suggested = 0.0;
  double grid = 0.0;
  [[nodiscard]] double ratio() const {
    return grid > 0.0 ? (rangeTests + suggested) / grid : std::nan("");
  }
};

Cost costOf(const std::vector<SeedAudit>& seeds) {
  Cost cost;
  for (const SeedAudit& seed : seeds) {
    cost.rangeTests += seed.rangeSeconds;
    cost.suggested += seed.suggested.seconds;
    for (const Trained& t : seed.grid)
      cost.grid += t.seconds;
  }
  return cost;
}

void printJson(const engine::AuditSummary& summary, const std::vector<SeedAudit>& seeds) {
  nlohmann::ordered_json grid = nlohmann::ordered_json::array();
  for (std::size_t j = 0; j < summary.grid.size(); ++j) {
    double seconds = 0.0;
    for (const SeedAudit& seed : seeds)
      seconds += seed.grid[j].seconds;
    grid.push_back(pointJson(summary.grid[j], seconds, summary.metric));
  }
  const Cost cost = costOf(seeds);
  nlohmann::ordered_json suggested = pointJson(summary.suggested, cost.suggested, summary.metric);
  nlohmann::ordered_json peaks = nlohmann::ordered_json::array();
  for (const SeedAudit& seed : seeds)
    peaks.push_back(seed.suggested.maxLr);
  suggested["max_lrs"] = peaks;
  suggested["within_one_std_of_best"] = summary.withinOneStd;
  suggested["grid_steps_from_best"] =
      summary.best ? number(summary.gridStepsFromBest) : nlohmann::ordered_json(nullptr);
  const nlohmann::ordered_json out = {
      {"metric", engine::metricKey(summary.metric)},
      {"seeds", summary.seeds},
      {"suggested", suggested},
      {"range_test_seconds", cost.rangeTests},
      {"grid", grid},
      {"best_max_lr", summary.best ? nlohmann::ordered_json(summary.grid[*summary.best].maxLr)
                                   : nlohmann::ordered_json(nullptr)},
      {"cost_ratio", number(cost.ratio())}};
  std::cout << out.dump(2) << "\n";
}

std::string metricText(engine::AuditMetric metric, double value) {
  return metric == engine::AuditMetric::TestLoss ? formatLoss(value) : formatPercent(value);
}

/// "85.1% +- 0.4 pt" or, for one seed, "85.1%"; how many seeds gave a value when not all.
std::string pointText(engine::AuditMetric metric, const engine::AuditPoint& point, int seeds) {
  std::string text = metricText(metric, point.mean);
  if (seeds > 1 && std::isfinite(point.mean)) {
    char spread[48];
    if (metric == engine::AuditMetric::TestLoss)
      std::snprintf(spread, sizeof spread, " +- %s", formatLoss(point.std).c_str());
    else
      std::snprintf(spread, sizeof spread, " +- %.1f pt", point.std * 100.0);
    text += spread;
  }
  if (point.count < seeds)
    text += " (" + std::to_string(point.count) + " of " + std::to_string(seeds) + ")";
  return text;
}

void printTable(const Configs& configs, const engine::AuditSummary& summary,
                const std::vector<SeedAudit>& seeds, const AuditArguments& args) {
  const engine::TrainConfig& t = configs.training;
  const engine::FindReport& first = seeds.front().range;
  std::cout << "Audit: " << first.modelName << " on " << first.datasetName << ", one-cycle for "
            << t.epochs << " epoch" << (t.epochs == 1 ? "" : "s") << " in batches of "
            << t.batchSize << ", " << summary.seeds << " seed" << (summary.seeds == 1 ? "" : "s")
            << ", judged on " << engine::metricTitle(summary.metric) << "\n";
  for (const SeedAudit& seed : seeds) {
    std::cout << "range test, seed " << seed.seed << ": " << formatLr(seed.range.range.range->lower)
              << " .. " << formatLr(seed.range.range.range->upper) << " in "
              << formatDuration(seed.rangeSeconds);
    if (seed.rangeRunId > 0)
      std::cout << " (run " << seed.rangeRunId << ")";
    std::cout << "\n";
  }
  std::cout << "\n";
  char line[200];
  std::snprintf(line, sizeof line, "  %-11s %-22s\n", "max lr",
                summary.seeds > 1 ? (engine::metricKey(summary.metric) + " (mean +- std)").c_str()
                                  : engine::metricKey(summary.metric).c_str());
  std::cout << line;
  for (std::size_t j = 0; j < summary.grid.size(); ++j) {
    const engine::AuditPoint& point = summary.grid[j];
    std::string note = summary.best && *summary.best == j ? "  <- best of the grid" : "";
    std::snprintf(line, sizeof line, "  %-11s %-22s%s\n", formatLr(point.maxLr).c_str(),
                  pointText(summary.metric, point, summary.seeds).c_str(), note.c_str());
    std::cout << line;
  }
  std::snprintf(line, sizeof line, "  %-11s %-22s  <- suggested%s\n",
                formatLr(summary.suggested.maxLr).c_str(),
                pointText(summary.metric, summary.suggested, summary.seeds).c_str(),
                summary.seeds > 1 ? " (geometric mean of the seeds' peaks)" : "");
  std::cout << line << "\n";
  const Cost cost = costOf(seeds);
  std::snprintf(line, sizeof line,
                "cost: range test + suggested training %.1f s = %.2f x the grid's %.1f s (%zu "
                "trainings a seed)\n",
                cost.rangeTests + cost.suggested, cost.ratio(), cost.grid, summary.grid.size());
  std::cout << line;
  if (summary.best) {
    char steps[32];
    std::snprintf(steps, sizeof steps, "%+.1f", summary.gridStepsFromBest);
    std::cout << "verdict: the suggestion is " << (summary.withinOneStd ? "" : "NOT ")
              << "within one standard deviation of the grid's best ("
              << formatLr(summary.grid[*summary.best].maxLr) << "), " << steps
              << " grid steps from it\n";
  } else {
    std::cout << "no grid point has a " << engine::metricKey(summary.metric)
              << " on every seed (diverged, or no test split)\n";
  }
  if (!args.output.noStore)
    std::cout << "stored in experiment \"" << args.output.experiment << "\" of "
              << databasePath(args.output.database).string() << "\n";
}

void runAudit(const AuditArguments& args) {
  const Configs configs = buildConfigs(args);
  const InterruptGuard interruptGuard;
  std::vector<SeedAudit> seeds;
  std::optional<std::vector<double>> grid;
  for (int s = 0; s < args.seeds; ++s) {
    seeds.push_back(auditSeed(withSeed(configs, configs.training.seed + static_cast<uint64_t>(s)),
                              grid ? &*grid : nullptr, args));
    if (!grid) { // every later seed trains the first seed's grid
      grid.emplace();
      for (const Trained& t : seeds.front().grid)
        grid->push_back(t.maxLr);
    }
  }
  const engine::AuditSummary summary = summarize(metricOf(configs.training), seeds);
  if (args.output.json)
    printJson(summary, seeds);
  else
    printTable(configs, summary, seeds, args);
  std::cout.flush();
}

} // namespace

void addAuditCommand(CLI::App& app) {
  const auto [cmd, args] =
      addSubcommand(app, "audit",
                    "Train with the range test's suggestion and with a grid of peak LRs around it "
                    "(one-cycle, full training set) and compare test accuracy (test loss for "
                    "regression) and cost, over one seed or several",
                    runAudit);
  engine::TrainConfig defaults;
  addSetupOptions(cmd, args->setup, setupOf(defaults));
  cmd->add_option("--epochs", args->epochs, "epochs of every training")->capture_default_str();
  cmd->add_option("--batch-size", args->batchSize, "examples per batch of the trainings")
      ->capture_default_str();
  cmd->add_option("--grid-points", args->gridPoints,
                  "peak LRs of the grid, half a decade apart around the suggested one")
      ->capture_default_str();
  cmd->add_option("--seeds", args->seeds,
                  "repeat the whole audit (range test and grid) with this many seeds, from "
                  "--seed on; the grid is centred on the first seed's suggestion")
      ->capture_default_str();
  addOutputOptions(cmd, args->output, "the runs", false);
}

} // namespace lrscope::cli
