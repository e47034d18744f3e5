#pragma once

// How the app and the report word an audit: its verdict, its cost, and the rows of its tables.
#include "lrscope/storage/audit_run.h"

#include <QString>

#include <vector>

namespace lrscope::ui {

/// The verdict, plain: within one standard deviation of the grid's best or not, the grid steps;
/// first how many trainings never ran when the audit stopped before its end.
[[nodiscard]] QString auditVerdictText(const engine::AuditRecord& record,
                                       const engine::AuditSummary& summary);
/// "0.21 × the grid's compute: 52 s for the range test and the suggested training, 250 s for
/// the grid (data loading not counted)."
[[nodiscard]] QString auditCostText(const engine::AuditRecord& record);
/// "test accuracy" or "test loss".
[[nodiscard]] QString auditMetricName(engine::AuditMetric metric);

/// One peak LR the audit trained: a grid point, or the suggestion (the last row).
struct AuditRow {
  QString lr;
  QString mean;   ///< of the metric over the seeds
  QString std;    ///< over the seeds; the missing mark for one seed
  QString values; ///< each seed's, "91.2%, 90.8%, -"
  QString runs;   ///< "#5, #9"
  QString note;   ///< "best of the grid", "suggested"
  bool emphasized = false;
};

/// The grid's rows, lowest LR first, then the suggestion's (none before a range test found a
/// range).
[[nodiscard]] std::vector<AuditRow> auditRows(const storage::AuditRun& audit);

/// One suggestion rule scored on the audit's grid (engine::scoreRules).
struct RuleRow {
  QString rule;
  QString lr;          ///< the geometric mean of the seeds' suggestions
  QString metric;      ///< read off the grid: mean (± std), or "off the grid"
  QString mean;        ///< the mean alone, or "off grid" (for narrow tables)
  QString vsBest;      ///< "-1.2 pt" or "+0.0345" (worse), the missing mark without a value
  QString decades;     ///< "-0.4"
  bool within = false; ///< within one standard deviation of the best
};

/// Every rule's row, LR Scope's upper bound last; none before the grid was trained.
[[nodiscard]] std::vector<RuleRow> ruleRows(const storage::AuditRun& audit);

/// "1.2e-3 .. 8.1e-2", or "no range".
[[nodiscard]] QString auditRangeText(const engine::AuditRangeTest& test);

} // namespace lrscope::ui
