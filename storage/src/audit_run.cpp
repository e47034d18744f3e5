// A stored audit read back from its children: which seed each range test was, which grid point
// or suggestion each training trained, and the test metric of its last epoch.
#include "lrscope/storage/audit_run.h"

#include "lrscope/storage/child_runs.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

namespace lrscope::storage {
namespace {

using nlohmann::json;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// The plan the parent's config keeps; what it lacks keeps AuditPlan's defaults.
engine::AuditPlan readPlan(const std::string& configJson) {
  engine::AuditPlan plan;
  const json config = json::parse(configJson, nullptr, false);
  if (!config.is_object() || !config.contains("audit") || !config["audit"].is_object())
    return plan;
  const json& audit = config["audit"];
  try {
    plan.metric =
        audit.value("metric", std::string()) == engine::metricKey(engine::AuditMetric::TestLoss)
            ? engine::AuditMetric::TestLoss
            : engine::AuditMetric::TestAccuracy;
    plan.seeds = audit.value("seeds", plan.seeds);
    plan.grid = audit.value("grid", std::string()) == engine::toString(engine::AuditGrid::Fixed)
                    ? engine::AuditGrid::Fixed
                    : engine::AuditGrid::Centred;
    plan.gridPoints = audit.value("grid_points", plan.gridPoints);
    plan.gridStepDecades = audit.value("grid_step_decades", plan.gridStepDecades);
    plan.epochs = audit.value("epochs", plan.epochs);
    plan.batchSize = audit.value("batch_size", plan.batchSize);
  } catch (const json::exception&) {
    return engine::AuditPlan{}; // a value of another type: the defaults, not half of each
  }
  // A plan no audit writes (hand-edited, damaged): the defaults, never a grid of a billion.
  constexpr int kMostPoints = 1000;
  if (plan.seeds < 1 || plan.seeds > kMostPoints || plan.gridPoints < 1 ||
      plan.gridPoints > kMostPoints || !(plan.gridStepDecades > 0.0 && plan.gridStepDecades < 10.0))
    return engine::AuditPlan{};
  return plan;
}

/// The peak LR of a training: its schedule's max_lr; NaN when its config does not say.
double peakLr(const RunDetails& run) {
  const json config = json::parse(run.configJson, nullptr, false);
  try {
    return config.at("schedule").at("max_lr").get<double>();
  } catch (const json::exception&) {
    return kNaN;
  }
}

/// The range a range test found itself: the automatic one, which saveSuggestions always keeps
/// beside a pick by hand.
std::pair<double, double> automaticRange(const RunDetails& run) {
  if (!run.range || !run.range->automatic)
    return {kNaN, kNaN};
  return {run.range->automatic->lower, run.range->automatic->upper};
}

/// The same LR, exactly: the audit compared the very doubles that JSON and SQLite's REAL give
/// back unchanged.
bool sameLr(double a, double b) {
  return std::isfinite(a) && a == b;
}

double lastMetric(const RunDatabase& database, const RunDetails& run, engine::AuditMetric metric) {
  if (run.summary.status != engine::StoredStatus::Completed)
    return kNaN;
  const std::vector<engine::EpochRecord> epochs = database.loadEpochs(run.summary.id);
  if (epochs.empty())
    return kNaN;
  return metric == engine::AuditMetric::TestLoss ? epochs.back().testLoss
                                                 : epochs.back().testAccuracy;
}

/// A fixed grid ends at the first point where the first seed trained to no value (diverged), as
/// the audit stopped it there (a merged sharded audit, whose shards trained on not knowing, is
/// cut there too); a first seed that stopped before keeps the whole grid, its other points never
/// trained.
void trimFixedGrid(engine::AuditRecord& record, uint64_t firstSeed) {
  std::optional<std::size_t> end;
  for (const engine::AuditTraining& training : record.trainings)
    if (training.seed == firstSeed && training.gridIndex && !std::isfinite(training.metric) &&
        (!end || *training.gridIndex < *end))
      end = training.gridIndex;
  if (end && *end + 1 < record.gridLrs.size())
    record.gridLrs.resize(*end + 1);
}

} // namespace

AuditRun loadAudit(const RunDatabase& database, int64_t auditRunId) {
  AuditRun out;
  out.run = loadParentRun(database, auditRunId, engine::RunKind::Audit, "audit");
  engine::AuditRecord& record = out.record;
  record.plan = readPlan(out.run.configJson);
  record.firstSeed = out.run.seed;
  record.dataset = out.run.summary.dataset;
  record.model = out.run.summary.model;

  std::vector<RunDetails> trainings;
  for (const int64_t id : childRunIds(database, auditRunId)) {
    RunDetails child = database.loadRun(id);
    if (child.summary.kind == engine::RunKind::RangeTest) {
      const auto [lower, upper] = automaticRange(child);
      record.rangeTests.push_back(
          {child.seed, id, lower, upper, child.summary.durationSeconds, child.suggestions});
    } else if (child.summary.kind == engine::RunKind::Training) {
      trainings.push_back(std::move(child));
    }
  }
  const uint64_t first = out.run.seed;
  std::stable_sort(record.rangeTests.begin(), record.rangeTests.end(),
                   [first](const engine::AuditRangeTest& a, const engine::AuditRangeTest& b) {
                     return a.seed - first < b.seed - first; // unsigned: survives a wrap
                   });
  // A fixed grid is the same whatever the range tests found (also without a range); a centred
  // one is centred on the first seed's upper bound.
  const bool fixed = record.plan.grid == engine::AuditGrid::Fixed;
  if (!record.rangeTests.empty() && record.rangeTests.front().seed == first &&
      (fixed || std::isfinite(record.rangeTests.front().upper)))
    record.gridLrs =
        fixed ? engine::fixedAuditGridLrs()
              : engine::auditGridLrs(record.rangeTests.front().upper, record.plan.gridPoints,
                                     record.plan.gridStepDecades);

  for (const RunDetails& run : trainings) {
    engine::AuditTraining training;
    training.seed = run.seed;
    training.runId = run.summary.id;
    training.maxLr = peakLr(run);
    training.metric = lastMetric(database, run, record.plan.metric);
    training.seconds = run.summary.durationSeconds;
    for (const engine::AuditRangeTest& test : record.rangeTests)
      if (test.seed == run.seed && sameLr(training.maxLr, test.upper))
        training.suggested = true;
    for (std::size_t j = 0; j < record.gridLrs.size(); ++j)
      if (sameLr(training.maxLr, record.gridLrs[j]))
        training.gridIndex = j;
    record.trainings.push_back(training);
  }
  if (fixed)
    trimFixedGrid(record, first);
  if (!record.rangeTests.empty())
    out.summary = engine::summarizeAudit(record);
  return out;
}

} // namespace lrscope::storage
