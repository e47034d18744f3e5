// The audit matrix's arithmetic: a fixed grid's trainings scored for every rule at once, and
// each rule's record tallied per optimizer, calibration and held-out cells apart.
#include "lrscope/engine/audit_matrix.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace lrscope::engine {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// A fixed-grid audit over two seeds: grid 1e-3, 1e-2, 1e-1; the best is 1e-2 (0.91 +- 0.014).
/// Seed 1's range test suggests valley 1e-2 and steep 1e-1; seed 2's valley 1e-2 and steep
/// 3.16e-2 (half way between 1e-2 and 1e-1 on the log axis). No suggestion was trained: every
/// rule is read off the same grid trainings.
AuditRecord fixedGridRecord() {
  AuditRecord record;
  record.plan.seeds = 2;
  record.plan.grid = AuditGrid::Fixed;
  record.gridLrs = {1e-3, 1e-2, 1e-1};
  record.rangeTests = {
      {1, 1, kNaN, kNaN, 1.0, {{"valley", 1, 1e-2}, {"steep", 1, 1e-1}}},
      {2, 2, kNaN, kNaN, 1.0, {{"valley", 1, 1e-2}, {"steep", 1, std::sqrt(1e-3)}}}};
  const std::vector<std::vector<double>> values{{0.80, 0.90, 0.60}, {0.82, 0.92, 0.70}};
  for (uint64_t seed = 1; seed <= 2; ++seed)
    for (std::size_t j = 0; j < 3; ++j)
      record.trainings.push_back({seed, 0, record.gridLrs[j], values[seed - 1][j], 2.0, false, j});
  return record;
}

TEST(AuditMatrix, ACellScoresEveryRuleOnTheSameGridTrainings) {
  const AuditRecord record = fixedGridRecord();
  const MatrixCellResult cell =
      matrixCellResult({"tiny", "mlp", "adam", false}, record, summarizeAudit(record));
  EXPECT_TRUE(cell.completed);
  EXPECT_EQ(cellName(cell.cell), "tiny mlp adam");
  EXPECT_DOUBLE_EQ(cell.best.maxLr, 1e-2);
  EXPECT_NEAR(cell.best.mean, 0.91, 1e-12);
  EXPECT_DOUBLE_EQ(cell.seconds, 2.0 + 6 * 2.0); // two range tests, six trainings
  ASSERT_GE(cell.rules.size(), 2u);
  const RuleScore& valley = cell.rules[0];
  EXPECT_EQ(valley.rule, "valley");
  EXPECT_TRUE(valley.withinOneStd); // the best point itself on both seeds
  EXPECT_NEAR(valley.decadesFromBest, 0.0, 1e-12);
  const RuleScore& steep = cell.rules[1];
  EXPECT_EQ(steep.rule, "steep");
  // Seed 1 at 1e-1: 0.60; seed 2 half way between 1e-2 and 1e-1: (0.92 + 0.70) / 2 = 0.81.
  EXPECT_NEAR(steep.atSuggestion.values[0], 0.60, 1e-12);
  EXPECT_NEAR(steep.atSuggestion.values[1], 0.81, 1e-12);
  EXPECT_NEAR(steep.lossVsBest, 0.91 - 0.705, 1e-12);
  EXPECT_FALSE(steep.withinOneStd);
  EXPECT_NEAR(steep.decadesFromBest, 0.75, 1e-12); // geometric mean 10^-1.25 against 10^-2
  // Last, the other seeds' best: both seeds find 1e-2 best, so it is the best itself.
  const RuleScore& others = cell.rules.back();
  EXPECT_EQ(others.rule, kOtherSeedsBestRule);
  EXPECT_TRUE(others.withinOneStd);
  EXPECT_NEAR(others.lossVsBest, 0.0, 1e-12);
}

TEST(AuditMatrix, RecordsCountCompletedCellsPerOptimizerWithHeldOutCellsApart) {
  const AuditRecord record = fixedGridRecord();
  const AuditSummary summary = summarizeAudit(record);
  std::vector<MatrixCellResult> cells;
  for (const char* optimizer : {"sgd", "adam"})
    for (const char* data : {"a", "b", "held"})
      cells.push_back(
          matrixCellResult({data, "mlp", optimizer, std::string(data) == "held"}, record, summary));
  // One sgd cell where valley missed: its suggestion moved to the worst point.
  cells[1].rules[0].withinOneStd = false;
  cells[1].rules[0].decadesFromBest = -1.0;
  // A failed cell counts for no rule.
  MatrixCellResult failed;
  failed.cell = {"c", "mlp", "sgd", false};
  failed.message = "the range test failed";
  cells.push_back(failed);

  const std::vector<RuleRecord> calibration = tallyRuleRecords(cells, false);
  const auto find = [](const std::vector<RuleRecord>& records, const std::string& rule,
                       const std::string& optimizer) {
    for (const RuleRecord& record : records)
      if (record.rule == rule && record.optimizer == optimizer)
        return record;
    ADD_FAILURE() << rule << " " << optimizer;
    return RuleRecord{};
  };
  const RuleRecord valleySgd = find(calibration, "valley", "sgd");
  EXPECT_EQ(valleySgd.cells, 2);
  EXPECT_EQ(valleySgd.withinOneStd, 1);
  EXPECT_NEAR(valleySgd.meanAbsDecades, 0.5, 1e-12); // |0| and |-1|
  EXPECT_EQ(formatRuleRecord(valleySgd), "within 1 std in 1 of 2 cells");
  const RuleRecord valleyAdam = find(calibration, "valley", "adam");
  EXPECT_EQ(valleyAdam.withinOneStd, 2);
  EXPECT_EQ(find(calibration, "steep", "adam").withinOneStd, 0);

  // A cell where a rule gave nothing on any seed counts for it as a miss.
  std::vector<MatrixCellResult> withoutSteep = {cells[3], cells[4]};
  withoutSteep[0].rules.erase(withoutSteep[0].rules.begin() + 1); // steep, on adam's "a"
  withoutSteep[1].rules[1].withinOneStd = true;                   // steep within on adam's "b"
  const RuleRecord steepAdam = find(tallyRuleRecords(withoutSteep, false), "steep", "adam");
  EXPECT_EQ(steepAdam.cells, 2);
  EXPECT_EQ(steepAdam.withinOneStd, 1);

  const std::vector<RuleRecord> heldOut = tallyRuleRecords(cells, true);
  const RuleRecord heldValley = find(heldOut, "valley", "sgd");
  EXPECT_EQ(heldValley.cells, 1);
  EXPECT_EQ(formatRuleRecord(heldValley), "within 1 std in 1 of 1 cell");
}

TEST(AuditMatrix, ARuleOffTheGridIsNeverWithinYetHasADistance) {
  AuditRecord record = fixedGridRecord();
  for (AuditRangeTest& test : record.rangeTests)
    test.suggestions = {{"slide", 1, 10.0}}; // off the grid, above it
  const MatrixCellResult cell =
      matrixCellResult({"a", "mlp", "sgd", false}, record, summarizeAudit(record));
  const std::vector<RuleRecord> records = tallyRuleRecords({cell}, false);
  ASSERT_FALSE(records.empty());
  EXPECT_EQ(records[0].rule, "slide");
  EXPECT_EQ(records[0].withinOneStd, 0);
  EXPECT_EQ(records[0].cells, 1);
  EXPECT_EQ(cell.rules[0].offGrid, 2);
  // Off the grid still has a distance: three decades above the best.
  EXPECT_NEAR(records[0].meanAbsDecades, 3.0, 1e-12);
}

} // namespace
} // namespace lrscope::engine
