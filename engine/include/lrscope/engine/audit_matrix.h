#pragma once

// The audit matrix: one fixed-grid audit per data set x model x optimizer, every suggestion rule
// scored on each, and each rule's record over the cells ("within 1 std in 11 of 12 cells").
// Pure functions; no torch.
#include "lrscope/engine/audit_summary.h"
#include "lrscope/engine/rule_scores.h"

#include <cstdint>
#include <string>
#include <vector>

namespace lrscope::engine {

/// One cell: a data set, a model and an optimizer, by the names its matrix gives them.
struct MatrixCell {
  std::string data;
  std::string model;
  std::string optimizer;
  /// Kept out of the range rule's calibration: its record is reported on its own.
  bool heldOut = false;
};

/// "fashion-mnist mlp adam".
[[nodiscard]] std::string cellName(const MatrixCell& cell);

/// How a cell ended, and what its audit says.
struct MatrixCellResult {
  MatrixCell cell;
  bool completed = false;
  std::string message;  ///< why it failed or stopped; empty when it completed
  bool resumed = false; ///< found finished in the database, not run again
  int64_t auditRunId = 0;
  double seconds = 0.0; ///< the audit's range tests and trainings
  AuditMetric metric = AuditMetric::TestAccuracy;
  int seeds = 0;
  /// The grid's best point (its maxLr NaN without one).
  AuditPoint best;
  std::vector<RuleScore> rules;
};

/// A cell's result from its audit: the grid's best, every rule scored (scoreRules) and, with two
/// seeds or more, last, the other seeds' best as a reference (scoreOtherSeedsBest).
[[nodiscard]] MatrixCellResult matrixCellResult(const MatrixCell& cell, const AuditRecord& record,
                                                const AuditSummary& summary);

/// A rule's record over a set of completed cells with one optimizer.
struct RuleRecord {
  std::string rule;
  std::string optimizer;
  int withinOneStd = 0; ///< cells whose suggestion is within one std of the grid's best
  int cells = 0;        ///< completed cells (a rule without a value on one is not within)
  /// The mean of |decades from the best| over the cells where the rule suggested; NaN for none.
  double meanAbsDecades = 0.0;
};

/// "within 1 std in 11 of 12 cells".
[[nodiscard]] std::string formatRuleRecord(const RuleRecord& record);

/// Every rule a completed cell scored, in the order they first appear.
[[nodiscard]] std::vector<std::string> matrixRuleNames(const std::vector<MatrixCellResult>& cells);

/// Each rule's record per optimizer over the completed cells that are held out (heldOut true) or
/// not, in the order rules and optimizers first appear.
[[nodiscard]] std::vector<RuleRecord> tallyRuleRecords(const std::vector<MatrixCellResult>& cells,
                                                       bool heldOut);

} // namespace lrscope::engine
