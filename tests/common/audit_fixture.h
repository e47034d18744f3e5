#pragma once

// A stored audit with known numbers, written by the writers `lrscope audit` uses (StoredAudit,
// StoredRangeTest, StoredTraining), for the tests of its reader, the app and the report.
#include "lrscope/engine/audit_summary.h"
#include "lrscope/engine/lr_range_rule.h"
#include "lrscope/storage/stored_audit.h"
#include "lrscope/storage/stored_range_test.h"
#include "lrscope/storage/stored_training.h"

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <vector>

namespace lrscope::test {

/// Two seeds (1 and 2) on a 3-point grid centred on seed 1's upper bound 0.1: seed 1 suggests
/// 0.1 (the middle point: one training, both roles), seed 2 suggests 0.12. Test accuracy is
/// 0.9 - 0.05 (log10(lr / 0.1))^2 + 0.01 seed; seed 2 diverges at the top point. Each range
/// test's "valley" rule suggests half its upper bound.
struct FixtureAudit {
  int64_t id = 0;
  std::vector<int64_t> rangeTests; ///< seed order
  std::vector<int64_t> trainings;  ///< in the order they ran
  static constexpr double kCentre = 0.1;
  static constexpr double kSeed2Peak = 0.12;
  static double accuracy(double lr, int seed) {
    const double decades = std::log10(lr / kCentre);
    return 0.9 - 0.05 * decades * decades + 0.01 * seed;
  }
};

inline FixtureAudit storeFixtureAudit(const std::filesystem::path& database) {
  engine::AuditPlan plan;
  plan.seeds = 2;
  plan.gridPoints = 3;
  plan.epochs = 2;
  plan.batchSize = 64;
  engine::TrainConfig training;
  training.seed = 1;
  training.data.source = "fashion-mnist";
  training.model.name = "mlp";
  engine::FindConfig find;
  find.data = training.data;
  find.model = training.model;
  find.rangeTest.seed = 1;
  FixtureAudit audit;
  storage::StoredAudit parent(database, plan, training, find, "audit");
  audit.id = parent.runId();
  const std::vector<double> grid =
      engine::auditGridLrs(FixtureAudit::kCentre, plan.gridPoints, plan.gridStepDecades);

  const auto rangeTest = [&](int seed, double upper) {
    engine::FindConfig config = find;
    config.rangeTest.seed = static_cast<uint64_t>(seed);
    storage::StoredRangeTest stored(database, config, "audit", audit.id);
    engine::FindReport report;
    report.config = config;
    report.result.status = engine::RunStatus::Completed;
    report.range.range = engine::LrRange{upper / 50.0, upper, engine::LrRangeRule::kName,
                                         engine::LrRangeRule::kVersion};
    report.testSeconds = 2.0;
    report.suggestions = {{"valley", 1, upper / 2.0, 0.5, 40}};
    stored.complete(report);
    audit.rangeTests.push_back(stored.runId());
  };
  const auto train = [&](int seed, double peak, bool diverges) {
    engine::TrainConfig config = training;
    config.seed = static_cast<uint64_t>(seed);
    config.schedule.maxLr = peak;
    storage::StoredTraining stored(database, config, "audit", audit.id);
    engine::TrainingReport report;
    report.status = diverges ? engine::RunStatus::Diverged : engine::RunStatus::Completed;
    report.trainSeconds = 10.0;
    engine::EpochRecord epoch;
    epoch.epoch = 1;
    epoch.testLoss = 1.0 - FixtureAudit::accuracy(peak, seed);
    epoch.testAccuracy = diverges ? std::nan("") : FixtureAudit::accuracy(peak, seed);
    stored.onEpoch(epoch);
    stored.complete(report);
    audit.trainings.push_back(stored.runId());
  };
  rangeTest(1, FixtureAudit::kCentre);
  train(1, grid[1], false); // the suggestion, the middle point
  train(1, grid[0], false);
  train(1, grid[2], false);
  rangeTest(2, FixtureAudit::kSeed2Peak);
  train(2, FixtureAudit::kSeed2Peak, false);
  for (std::size_t j = 0; j < grid.size(); ++j)
    train(2, grid[j], j == 2);
  parent.complete(engine::RunStatus::Completed, "the fixture's verdict", 90.0);
  return audit;
}

} // namespace lrscope::test
