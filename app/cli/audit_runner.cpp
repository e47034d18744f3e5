#include "cli/audit_runner.h"

#include "cli/audit_output.h"
#include "cli/stored_run_scope.h"
#include "cli/text_report.h"
#include "cli/training_output.h"

#include "lrscope/engine/audit_units.h"
#include "lrscope/engine/input_error.h"
#include "lrscope/engine/number_format.h"
#include "lrscope/engine/range_test_job.h"
#include "lrscope/storage/stored_audit.h"
#include "lrscope/storage/stored_range_test.h"
#include "lrscope/storage/stored_training.h"

#include <CLI/CLI.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>

namespace lrscope::cli {
namespace {

/// A centred grid's points unless --grid-points says otherwise.
constexpr int kCentredGridPoints = 7;
/// A fixed grid's one-cycle starts at its peak / 25, fastai's fit_one_cycle default.
constexpr double kFixedGridDivFactor = 25.0;

/// What the audit runs, and where it stores its runs: its parent run, or nowhere.
struct Audit {
  storage::StoredAudit* stored = nullptr;
  bool printProgress = false;
  engine::AuditRecord record;
};

/// One seed of the audit: its configs and the range its range test found (none: it found none).
struct SeedRange {
  int index = 0; ///< 0 for the first seed
  AuditConfigs configs;
  std::optional<engine::LrRange> picked;
};

engine::AuditMetric metricOf(const engine::TrainConfig& config) {
  return config.data.task == engine::TaskKind::Regression ? engine::AuditMetric::TestLoss
                                                          : engine::AuditMetric::TestAccuracy;
}

/// The configs of seed `seed`: the same but for every seed in them.
AuditConfigs withSeed(AuditConfigs c, uint64_t seed) {
  c.training.seed = seed;
  c.training.sample.seed = seed;
  c.find.rangeTest.seed = seed;
  c.find.sample.seed = seed;
  return c;
}

/// The configs of the audit's seed `index` (0: --seed itself).
AuditConfigs seedConfigs(const AuditConfigs& audited, int index) {
  return withSeed(audited, audited.training.seed + static_cast<uint64_t>(index));
}

/// "seed 3: " before what is printed of a seed when the audit has several.
std::string seedPrefix(const Audit& audit, uint64_t seed) {
  return audit.record.plan.seeds > 1 ? "seed " + std::to_string(seed) + ": " : std::string();
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

/// A child run of the audit for `unit` in `role` (StoredAudit::childUid), started now; null when
/// nothing is stored. `between`: the arguments of Stored's constructor before the uid.
template <typename Stored, typename Config, typename... Between>
std::unique_ptr<Stored> startChild(const Audit& audit, const Config& config, int unit,
                                   const std::string& role, Between... between) {
  if (audit.stored == nullptr)
    return nullptr;
  return std::make_unique<Stored>(audit.stored->databasePath(), config, audit.stored->experiment(),
                                  audit.stored->runId(), between...,
                                  audit.stored->childUid(unit, role));
}

/// Seed `index`'s range test and the range it found. `kept`: stored and recorded as the audit's
/// child; otherwise a shard runs it again, unstored and bit for bit the same, for the range its
/// trainings need (the shard that owns the seed's range test stores it). Without a range, a
/// centred grid has nothing to centre on (throws InputError); a fixed grid is trained all the
/// same.
SeedRange rangeTest(const AuditConfigs& audited, int index, Audit& audit, bool kept) {
  SeedRange seed{index, seedConfigs(audited, index), std::nullopt};
  const engine::FindConfig& config = seed.configs.find;
  if (audit.printProgress)
    std::fprintf(stderr, "%srange test on %s (%s)%s\n",
                 seedPrefix(audit, config.rangeTest.seed).c_str(), config.data.source.c_str(),
                 config.model.name.c_str(),
                 kept ? "" : ", again: another shard stores it; this one needs its range");
  const int unit = engine::auditUnitIndex(audit.record.plan, {index, std::nullopt});
  const auto stored =
      kept ? startChild<storage::StoredRangeTest>(audit, config, unit, "range") : nullptr;
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
  seed.picked = report.range.range;
  const std::optional<engine::LrRange>& range = seed.picked;
  if (kept)
    audit.record.rangeTests.push_back(
        {config.rangeTest.seed, stored ? stored->runId() : 0, range ? range->lower : std::nan(""),
         range ? range->upper : std::nan(""), report.testSeconds, report.suggestions});
  if (!range && audit.record.plan.grid == engine::AuditGrid::Centred)
    throw engine::InputError("the range test of seed " + std::to_string(config.rangeTest.seed) +
                             " found no range to audit (" + report.range.reason + ")");
  if (!range && kept)
    std::fprintf(stderr,
                 "lrscope: warning: the range test of seed %llu found no range (%s); its fixed "
                 "grid is trained without a suggestion\n",
                 static_cast<unsigned long long>(config.rangeTest.seed),
                 report.range.reason.c_str());
  return seed;
}

/// The grid: centred on the first seed's suggestion, or fixed whatever is suggested.
std::vector<double> gridOf(const engine::AuditPlan& plan, const SeedRange& first) {
  return plan.grid == engine::AuditGrid::Fixed
             ? engine::fixedAuditGridLrs()
             : engine::auditGridLrs(first.picked->upper, plan.gridPoints, plan.gridStepDecades);
}

/// One-cycle from the seed's range: its suggestion's training (the grid's, but for their peak).
engine::TrainConfig suggestedConfigOf(const SeedRange& seed) {
  engine::TrainConfig config = seed.configs.training;
  if (seed.picked)
    config.schedule = engine::scheduleFromRange(engine::ScheduleKind::OneCycle, seed.picked->lower,
                                                seed.picked->upper);
  return config;
}

/// The point of a centred grid that is the seed's suggestion (the first seed's is the middle of
/// an odd grid): one training, both roles.
std::optional<std::size_t> suggestionOnGrid(const Audit& audit, const SeedRange& seed) {
  const std::vector<double>& lrs = audit.record.gridLrs;
  std::optional<std::size_t> found;
  for (std::size_t j = 0;
       seed.picked && audit.record.plan.grid == engine::AuditGrid::Centred && j < lrs.size(); ++j)
    if (lrs[j] == seed.picked->upper)
      found = j;
  return found;
}

/// Trains one peak LR, stored and recorded (its metric NaN unless it completed); returns the
/// metric.
double train(const engine::TrainConfig& config, Audit& audit, const std::string& label,
             bool suggested, std::optional<std::size_t> gridIndex, int unit) {
  std::unique_ptr<EpochPrinter> printer;
  if (audit.printProgress) {
    std::fprintf(stderr, "%s: max lr %s, %d epoch%s\n", label.c_str(),
                 formatLr(config.schedule.maxLr).c_str(), config.epochs,
                 config.epochs == 1 ? "" : "s");
    printer = std::make_unique<EpochPrinter>(config.epochs);
  }
  const auto stored = startChild<storage::StoredTraining>(
      audit, config, unit, suggested ? "suggested" : "grid", engine::RunKind::Training);
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
  return trained.metric;
}

/// The seed's suggestion, trained (a fixed grid's seed without a range has none).
void trainSuggestion(const SeedRange& seed, Audit& audit) {
  if (!seed.picked)
    return;
  const int unit = engine::auditUnitIndex(audit.record.plan, {seed.index, std::nullopt});
  (void)train(suggestedConfigOf(seed), audit,
              seedPrefix(audit, seed.configs.training.seed) + "suggested", true,
              suggestionOnGrid(audit, seed), unit);
}

/// Grid point `j` trained with the seed, unless it is the seed's suggestion, trained already.
/// Returns its metric (NaN: it trained to no value), or nothing when it was not trained here.
std::optional<double> trainGridPoint(const SeedRange& seed, std::size_t j, Audit& audit) {
  if (suggestionOnGrid(audit, seed) == j)
    return std::nullopt;
  const std::vector<double>& lrs = audit.record.gridLrs;
  // A centred grid's trainings keep the range's warm-up ratio; a fixed grid's use fastai's
  // (peak / 25) whatever is suggested, so that it is the same for every rule.
  engine::TrainConfig config = suggestedConfigOf(seed);
  if (audit.record.plan.grid == engine::AuditGrid::Fixed)
    config.schedule = engine::scheduleFromRange(engine::ScheduleKind::OneCycle,
                                                lrs[j] / kFixedGridDivFactor, lrs[j]);
  config.schedule.maxLr = lrs[j];
  const int unit = engine::auditUnitIndex(audit.record.plan, {seed.index, j});
  return train(config, audit,
               seedPrefix(audit, seed.configs.training.seed) + "grid " + std::to_string(j + 1) +
                   "/" + std::to_string(lrs.size()),
               false, j, unit);
}

/// The whole audit, seed by seed: its range test, its suggestion, every grid point (centred on
/// the first seed's suggestion, or fixed).
void auditEverySeed(const AuditConfigs& configs, Audit& audit) {
  const engine::AuditPlan& plan = audit.record.plan;
  for (int index = 0; index < plan.seeds; ++index) {
    const SeedRange seed = rangeTest(configs, index, audit, true);
    std::vector<double>& lrs = audit.record.gridLrs;
    if (index == 0)
      lrs = gridOf(plan, seed);
    trainSuggestion(seed, audit);
    for (std::size_t j = 0; j < lrs.size(); ++j) {
      const std::optional<double> metric = trainGridPoint(seed, j, audit);
      // A fixed grid ends where the first seed trains to no value (diverged): every higher peak
      // would too. Later seeds train the same, trimmed grid.
      if (plan.grid == engine::AuditGrid::Fixed && index == 0 && metric &&
          !std::isfinite(*metric)) {
        lrs.resize(j + 1);
        break;
      }
    }
  }
}

/// A shard's units of the audit, in order. On a centred grid each needs the range tests of its own
/// seed and of the first seed: run again where another shard owns them; a fixed grid's points
/// need none. A fixed grid is trained whole (where the first seed diverges is another shard's to
/// find); the merge cuts it as the local audit does (storage::finishShardedAudit).
void auditUnits(const AuditConfigs& configs, const std::vector<int>& units, Audit& audit) {
  const engine::AuditPlan& plan = audit.record.plan;
  // Seeds' range tests run so far. A seed's own unit comes before its grid points, and unit 0
  // first: a range test a shard keeps is never one it ran before.
  std::map<int, SeedRange> seeds;
  const auto seedOf = [&](int index, bool kept) -> const SeedRange& {
    auto found = seeds.find(index);
    if (found == seeds.end())
      found = seeds.emplace(index, rangeTest(configs, index, audit, kept)).first;
    return found->second;
  };
  if (plan.grid == engine::AuditGrid::Fixed)
    audit.record.gridLrs = engine::fixedAuditGridLrs();
  for (const int number : units) {
    const engine::AuditUnit unit = engine::auditUnit(plan, number);
    if (audit.record.gridLrs.empty())
      audit.record.gridLrs = gridOf(plan, seedOf(0, number == 0));
    if (!unit.gridIndex) {
      trainSuggestion(seedOf(unit.seedIndex, true), audit);
    } else if (plan.grid == engine::AuditGrid::Fixed) { // its schedule owes nothing to a range
      const SeedRange seed{unit.seedIndex, seedConfigs(configs, unit.seedIndex), std::nullopt};
      (void)trainGridPoint(seed, *unit.gridIndex, audit);
    } else {
      (void)trainGridPoint(seedOf(unit.seedIndex, false), *unit.gridIndex, audit);
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

} // namespace

void addAuditOptions(CLI::App* cmd, AuditArguments& args) {
  engine::TrainConfig defaults;
  addSetupOptions(cmd, args.setup, setupOf(defaults));
  cmd->add_option("--epochs", args.epochs, "epochs of every training")->capture_default_str();
  cmd->add_option("--batch-size", args.batchSize, "examples per batch of the trainings")
      ->capture_default_str();
  cmd->add_option("--grid", args.grid,
                  "centred: the grid is centred on the first seed's suggestion; fixed: half a "
                  "decade apart from 1e-5 to 10 whatever is suggested, ending where the first "
                  "seed diverges (every rule scored on it)")
      ->check(CLI::IsMember({engine::toString(engine::AuditGrid::Centred),
                             engine::toString(engine::AuditGrid::Fixed)}))
      ->capture_default_str();
  cmd->add_option("--grid-points", args.gridPoints,
                  "peak LRs of a centred grid, half a decade apart around the suggested one "
                  "(default 7)");
  cmd->add_option("--seeds", args.seeds,
                  "repeat the whole audit (range test and grid) with this many seeds, from "
                  "--seed on; the grid is centred on the first seed's suggestion")
      ->capture_default_str();
}

AuditConfigs buildAuditConfigs(const AuditArguments& a) {
  if (a.gridPoints && *a.gridPoints < 1)
    throw engine::InputError("--grid-points must be at least 1, got " +
                             std::to_string(*a.gridPoints));
  if (a.gridPoints && a.grid == engine::toString(engine::AuditGrid::Fixed))
    throw engine::InputError(
        "--grid-points sets a centred grid; the fixed grid has its own points, "
        "half a decade apart from 1e-5 to 10");
  if (a.seeds < 1)
    throw engine::InputError("--seeds must be at least 1, got " + std::to_string(a.seeds));
  AuditConfigs c;
  engine::TrainConfig& t = c.training;
  applySetupOptions(a.setup, setupOf(t));
  t.epochs = a.epochs;
  t.batchSize = a.batchSize;
  t.validate();
  c.find.data = t.data;
  c.find.model = t.model;
  c.find.optimizer = t.optimizer;
  c.find.rangeTest.seed = t.seed;
  // The range test reads batches of the trainings' size, as their LR depends on it.
  c.find.rangeTest.batchSize = t.batchSize;
  c.find.sample.seed = t.seed;
  if (a.setup.validation)
    c.find.sample.validationCount = t.sample.validationCount;
  c.find.validate();
  return c;
}

engine::AuditPlan auditPlanOf(const AuditArguments& args, const AuditConfigs& configs) {
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

AuditResult runAudit(const AuditConfigs& configs, const engine::AuditPlan& plan,
                     const std::optional<AuditStore>& store, bool printProgress) {
  const auto start = std::chrono::steady_clock::now();
  std::unique_ptr<storage::StoredAudit> stored;
  if (store)
    stored = std::make_unique<storage::StoredAudit>(store->database, plan, configs.training,
                                                    configs.find, store->experiment, store->shard);
  const bool sharded = store && store->shard;
  Audit audit{stored.get(), printProgress, {}};
  audit.record.plan = plan;
  audit.record.firstSeed = configs.training.seed;
  audit.record.dataset = configs.training.data.source;
  audit.record.model = configs.training.model.name;
  StoredRunScope scope(stored.get());
  try {
    scope.run([&] {
      if (sharded)
        auditUnits(configs, store->shard->units, audit);
      else
        auditEverySeed(configs, audit);
    });
  } catch (const CLI::RuntimeError& stop) {
    if (stop.get_exit_code() == 130)
      scope.complete(engine::RunStatus::Cancelled,
                     "stopped by Ctrl+C after " + trainingsText(audit.record.trainings.size()) +
                         "; the runs that ended are kept",
                     secondsSince(start));
    throw;
  }
  AuditResult result;
  if (!sharded) // a shard's share says nothing alone; the merge judges the whole
    result.summary = engine::summarizeAudit(audit.record);
  scope.complete(engine::RunStatus::Completed, engine::auditVerdict(audit.record, result.summary),
                 secondsSince(start));
  result.record = std::move(audit.record);
  result.runId = stored ? stored->runId() : 0;
  return result;
}

} // namespace lrscope::cli
