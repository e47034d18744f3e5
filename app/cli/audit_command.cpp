// lrscope audit: does the range test's suggestion train as well as a grid search would, and at
// what fraction of its cost? Over one seed or several (--seeds), on the data's test split.
#include "cli/audit_output.h"
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
#include "lrscope/storage/stored_audit.h"
#include "lrscope/storage/stored_range_test.h"
#include "lrscope/storage/stored_training.h"

#include <CLI/CLI.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>

namespace lrscope::cli {
namespace {

/// A centred grid's points unless --grid-points says otherwise.
constexpr int kCentredGridPoints = 7;

/// TrainConfig's epochs and batch size; the runs are stored in experiment "audit".
struct AuditArguments {
  SetupArguments setup;
  int epochs = engine::TrainConfig{}.epochs;
  int batchSize = engine::TrainConfig{}.batchSize;
  std::string grid = "centred";
  std::optional<int> gridPoints; ///< a centred grid's; 7 unless given
  int seeds = 1;
  OutputOptions output{"", "audit"};
};

struct Configs {
  engine::TrainConfig training; ///< everything but the schedule
  engine::FindConfig find;
};

/// What the audit runs, and where it stores its runs: its parent run, or nowhere (--no-store).
struct Audit {
  const AuditArguments& args;
  storage::StoredAudit* stored = nullptr;
  engine::AuditRecord record;
};

engine::AuditMetric metricOf(const engine::TrainConfig& config) {
  return config.data.task == engine::TaskKind::Regression ? engine::AuditMetric::TestLoss
                                                          : engine::AuditMetric::TestAccuracy;
}

/// The training config (TrainConfig's defaults: the whole training part, 5000 held out) from
/// the flags, and the range test's: FindConfig's defaults with the same data, model, optimizer
/// and seed (and the validation size, when --validation is given).
Configs buildConfigs(const AuditArguments& a) {
  if (a.gridPoints && *a.gridPoints < 1)
    throw engine::InputError("--grid-points must be at least 1, got " +
                             std::to_string(*a.gridPoints));
  if (a.gridPoints && a.grid == engine::toString(engine::AuditGrid::Fixed))
    throw engine::InputError(
        "--grid-points sets a centred grid; the fixed grid has its own points, "
        "half a decade apart from 1e-5 to 10");
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

engine::AuditPlan planOf(const AuditArguments& args, const Configs& configs) {
  engine::AuditPlan plan;
  plan.metric = metricOf(configs.training);
  plan.seeds = args.seeds;
  plan.grid = args.grid == engine::toString(engine::AuditGrid::Fixed) ? engine::AuditGrid::Fixed
                                                                      : engine::AuditGrid::Centred;
  plan.gridPoints = plan.grid == engine::AuditGrid::Fixed
                        ? static_cast<int>(engine::fixedAuditGridLrs().size())
                        : args.gridPoints.value_or(kCentredGridPoints);
  plan.gridStepDecades = engine::kAuditGridStepDecades;
  plan.epochs = configs.training.epochs;
  plan.batchSize = configs.training.batchSize;
  return plan;
}

/// The configs of seed `seed`: the same but for every seed in them.
Configs withSeed(Configs c, uint64_t seed) {
  c.training.seed = seed;
  c.training.sample.seed = seed;
  c.find.rangeTest.seed = seed;
  c.find.sample.seed = seed;
  return c;
}

/// The tags that say what a stored run of an audit was, for the user browsing runs: "audit", its
/// seed, and for a training its peak LR ("peak:6.58e-2") and "suggested" when it trained the
/// seed's suggestion. (loadAudit reads the structure from the runs' configs, not from tags.)
std::vector<std::string> auditTags(uint64_t seed, std::optional<double> peak = std::nullopt,
                                   bool suggested = false) {
  std::vector<std::string> tags{"audit", "seed:" + std::to_string(seed)};
  if (peak)
    tags.push_back("peak:" + engine::formatLrShort(*peak));
  if (suggested)
    tags.emplace_back("suggested");
  return tags;
}

/// A child run of the audit, started now; null under --no-store.
template <typename Stored, typename Config>
std::unique_ptr<Stored> startChild(const Audit& audit, const Config& config) {
  if (audit.stored == nullptr)
    return nullptr;
  return std::make_unique<Stored>(audit.stored->databasePath(), config, audit.stored->experiment(),
                                  audit.stored->runId());
}

/// The range test, stored and recorded; throws InputError when it finds no range to train with.
engine::LrRange runRangeTest(const engine::FindConfig& config, Audit& audit) {
  const auto stored = startChild<storage::StoredRangeTest>(audit, config);
  if (stored)
    stored->database().setTags(stored->runId(), auditTags(config.rangeTest.seed));
  StoredRunScope scope(stored.get());
  const engine::FindReport report = scope.run([&] {
    return engine::runRangeTestJob(config, stored ? &stored->observer() : nullptr, &g_interrupted);
  });
  scope.complete(report);
  if (report.result.status == engine::RunStatus::Cancelled)
    throw CLI::RuntimeError(130);
  if (report.result.status == engine::RunStatus::Failed)
    throw engine::InputError("the range test failed: " + report.result.message);
  const std::optional<engine::LrRange>& range = report.range.range;
  audit.record.rangeTests.push_back(
      {config.rangeTest.seed, stored ? stored->runId() : 0, range ? range->lower : std::nan(""),
       range ? range->upper : std::nan(""), report.testSeconds, report.suggestions});
  if (!range)
    throw engine::InputError("the range test of seed " + std::to_string(config.rangeTest.seed) +
                             " found no range to audit (" + report.range.reason + ")");
  return *range;
}

/// Trains one peak LR, stored and recorded (its metric NaN unless it completed).
void train(const engine::TrainConfig& config, Audit& audit, const std::string& label,
           bool suggested, std::optional<std::size_t> gridIndex) {
  std::unique_ptr<EpochPrinter> printer;
  if (audit.args.output.printsProgress()) {
    std::fprintf(stderr, "%s: max lr %s, %d epoch%s\n", label.c_str(),
                 formatLr(config.schedule.maxLr).c_str(), config.epochs,
                 config.epochs == 1 ? "" : "s");
    printer = std::make_unique<EpochPrinter>(config.epochs);
  }
  const auto stored = startChild<storage::StoredTraining>(audit, config);
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
  engine::AuditTraining trained;
  trained.seed = config.seed;
  trained.runId = stored ? stored->runId() : 0;
  trained.maxLr = config.schedule.maxLr;
  trained.metric = std::nan("");
  trained.seconds = report.trainSeconds;
  trained.suggested = suggested;
  trained.gridIndex = gridIndex;
  if (report.status == engine::RunStatus::Completed && !report.epochs.empty())
    trained.metric = audit.record.plan.metric == engine::AuditMetric::TestLoss
                         ? report.epochs.back().testLoss
                         : report.epochs.back().testAccuracy;
  audit.record.trainings.push_back(trained);
}

/// One seed: its range test, its suggestion trained, and every grid point trained (the grid is
/// centred on the first seed's suggestion, or fixed; where a grid point is this seed's
/// suggestion, that one training is both).
void auditSeed(const Configs& configs, Audit& audit) {
  const AuditArguments& args = audit.args;
  const std::string prefix =
      args.seeds > 1 ? "seed " + std::to_string(configs.training.seed) + ": " : std::string();
  if (args.output.printsProgress())
    std::fprintf(stderr, "%srange test on %s (%s)\n", prefix.c_str(),
                 configs.find.data.source.c_str(), configs.find.model.name.c_str());
  const engine::LrRange picked = runRangeTest(configs.find, audit);
  std::vector<double>& lrs = audit.record.gridLrs;
  const engine::AuditPlan& plan = audit.record.plan;
  const bool fixed = plan.grid == engine::AuditGrid::Fixed;
  const bool firstSeed = lrs.empty();
  if (firstSeed)
    lrs = fixed ? engine::fixedAuditGridLrs()
                : engine::auditGridLrs(picked.upper, plan.gridPoints, plan.gridStepDecades);
  engine::TrainConfig suggestedConfig = configs.training;
  suggestedConfig.schedule =
      engine::scheduleFromRange(engine::ScheduleKind::OneCycle, picked.lower, picked.upper);
  std::optional<std::size_t> suggestedOnGrid;
  for (std::size_t j = 0; j < lrs.size(); ++j)
    if (lrs[j] == picked.upper)
      suggestedOnGrid = j;
  train(suggestedConfig, audit, prefix + "suggested", true, suggestedOnGrid);
  for (std::size_t j = 0; j < lrs.size(); ++j) {
    if (suggestedOnGrid == j)
      continue;
    engine::TrainConfig config = suggestedConfig;
    config.schedule.maxLr = lrs[j];
    train(config, audit,
          prefix + "grid " + std::to_string(j + 1) + "/" + std::to_string(lrs.size()), false, j);
    // A fixed grid ends where the first seed trains to no value (diverged): every higher peak
    // would too. Later seeds train the same, trimmed grid.
    if (fixed && firstSeed && !std::isfinite(audit.record.trainings.back().metric)) {
      lrs.resize(j + 1);
      break;
    }
  }
}

/// "1 training", "5 trainings".
std::string trainingsText(std::size_t count) {
  return std::to_string(count) + (count == 1 ? " training" : " trainings");
}

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void runAudit(const AuditArguments& args) {
  const Configs configs = buildConfigs(args);
  const InterruptGuard interruptGuard;
  const auto start = std::chrono::steady_clock::now();
  const engine::AuditPlan plan = planOf(args, configs);
  std::unique_ptr<storage::StoredAudit> stored;
  if (!args.output.noStore)
    stored = std::make_unique<storage::StoredAudit>(databasePath(args.output.database), plan,
                                                    configs.training, configs.find,
                                                    args.output.experiment);
  Audit audit{args, stored.get(), {}};
  audit.record.plan = plan;
  audit.record.dataset = configs.training.data.source;
  audit.record.model = configs.training.model.name;
  StoredRunScope scope(stored.get());
  try {
    scope.run([&] {
      for (int s = 0; s < args.seeds; ++s)
        auditSeed(withSeed(configs, configs.training.seed + static_cast<uint64_t>(s)), audit);
    });
  } catch (const CLI::RuntimeError& stop) {
    if (stop.get_exit_code() == 130)
      scope.complete(engine::RunStatus::Cancelled,
                     "stopped by Ctrl+C after " + trainingsText(audit.record.trainings.size()) +
                         "; the runs that ended are kept",
                     secondsSince(start));
    throw;
  }
  const engine::AuditSummary summary = engine::summarizeAudit(audit.record);
  scope.complete(engine::RunStatus::Completed, auditVerdict(audit.record, summary),
                 secondsSince(start));
  if (args.output.json) {
    std::cout << auditJson(audit.record, summary).dump(2) << "\n";
  } else {
    std::cout << formatAudit(audit.record, summary);
    if (stored)
      std::cout << "stored as audit run " << stored->runId() << " in experiment \""
                << args.output.experiment << "\" of " << databasePath(args.output.database).string()
                << "\n";
  }
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
  cmd->add_option("--grid", args->grid,
                  "centred: the grid is centred on the first seed's suggestion; fixed: half a "
                  "decade apart from 1e-5 to 10 whatever is suggested, ending where the first "
                  "seed diverges (every rule scored on it)")
      ->check(CLI::IsMember({engine::toString(engine::AuditGrid::Centred),
                             engine::toString(engine::AuditGrid::Fixed)}))
      ->capture_default_str();
  cmd->add_option("--grid-points", args->gridPoints,
                  "peak LRs of a centred grid, half a decade apart around the suggested one "
                  "(default 7)");
  cmd->add_option("--seeds", args->seeds,
                  "repeat the whole audit (range test and grid) with this many seeds, from "
                  "--seed on; the grid is centred on the first seed's suggestion")
      ->capture_default_str();
  addOutputOptions(cmd, args->output, "the runs", false);
}

} // namespace lrscope::cli
