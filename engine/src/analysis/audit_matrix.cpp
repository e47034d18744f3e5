#include "lrscope/engine/audit_matrix.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <utility>

namespace lrscope::engine {

std::string cellName(const MatrixCell& cell) {
  return cell.data + " " + cell.model + " " + cell.optimizer;
}

MatrixCellResult matrixCellResult(const MatrixCell& cell, const AuditRecord& record,
                                  const AuditSummary& summary) {
  MatrixCellResult result;
  result.cell = cell;
  result.completed = true;
  result.metric = summary.metric;
  result.seeds = summary.seeds;
  result.best.maxLr = std::numeric_limits<double>::quiet_NaN();
  result.best.mean = std::numeric_limits<double>::quiet_NaN();
  result.best.std = std::numeric_limits<double>::quiet_NaN();
  if (summary.best)
    result.best = summary.grid[*summary.best];
  result.rules = scoreRules(record, summary);
  if (std::optional<RuleScore> others = scoreOtherSeedsBest(record, summary))
    result.rules.push_back(std::move(*others));
  for (const AuditRangeTest& test : record.rangeTests)
    result.seconds += test.seconds;
  for (const AuditTraining& training : record.trainings)
    result.seconds += training.seconds;
  return result;
}

std::vector<std::string> matrixRuleNames(const std::vector<MatrixCellResult>& cells) {
  std::vector<std::string> rules;
  for (const MatrixCellResult& cell : cells)
    for (const RuleScore& score : cell.rules)
      if (cell.completed && std::find(rules.begin(), rules.end(), score.rule) == rules.end())
        rules.push_back(score.rule);
  return rules;
}

std::string formatRuleRecord(const RuleRecord& record) {
  return "within 1 std in " + std::to_string(record.withinOneStd) + " of " +
         std::to_string(record.cells) + (record.cells == 1 ? " cell" : " cells");
}

std::vector<RuleRecord> tallyRuleRecords(const std::vector<MatrixCellResult>& cells, bool heldOut) {
  std::vector<RuleRecord> records;
  std::vector<int> suggestedCells;
  const auto recordOf = [&](const std::string& rule, const std::string& optimizer) -> std::size_t {
    for (std::size_t i = 0; i < records.size(); ++i)
      if (records[i].rule == rule && records[i].optimizer == optimizer)
        return i;
    records.push_back({rule, optimizer, 0, 0, 0.0});
    suggestedCells.push_back(0);
    return records.size() - 1;
  };
  // Every rule any completed cell scored: a cell where a rule gave nothing on any seed counts
  // for it as a cell it was not within.
  const std::vector<std::string> rules = matrixRuleNames(cells);
  for (const MatrixCellResult& cell : cells) {
    if (!cell.completed || cell.cell.heldOut != heldOut)
      continue;
    for (const std::string& rule : rules) {
      const std::size_t i = recordOf(rule, cell.cell.optimizer);
      ++records[i].cells;
      const auto score = std::find_if(cell.rules.begin(), cell.rules.end(),
                                      [&](const RuleScore& s) { return s.rule == rule; });
      if (score == cell.rules.end())
        continue;
      if (score->withinOneStd)
        ++records[i].withinOneStd;
      if (std::isfinite(score->decadesFromBest)) {
        records[i].meanAbsDecades += std::abs(score->decadesFromBest);
        ++suggestedCells[i];
      }
    }
  }
  for (std::size_t i = 0; i < records.size(); ++i)
    records[i].meanAbsDecades = suggestedCells[i] > 0
                                    ? records[i].meanAbsDecades / suggestedCells[i]
                                    : std::numeric_limits<double>::quiet_NaN();
  return records;
}

} // namespace lrscope::engine
