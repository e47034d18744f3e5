#pragma once

// How `lrscope audit` and `lrscope show AUDIT` print an audit: the same table and the same JSON,
// from the record the audit kept as it ran or read back from its stored runs.
#include "lrscope/engine/audit_summary.h"
#include "lrscope/engine/rule_scores.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace lrscope::cli {

/// {"metric", "seeds", "suggested": {max_lr, METRIC, seconds, METRIC_mean, METRIC_std,
/// METRIC_values, max_lrs, within_one_std_of_best, grid_steps_from_best}, "range_test_seconds",
/// "grid": [{max_lr, METRIC, seconds, ...}], "best_max_lr", "cost_ratio"}; NaN as null.
[[nodiscard]] nlohmann::ordered_json auditJson(const engine::AuditRecord& record,
                                               const engine::AuditSummary& summary);

/// The value, or null when it is not finite (JSON has no NaN).
[[nodiscard]] nlohmann::ordered_json jsonNumber(double value);

/// {RULE: {"max_lr", "max_lrs", METRIC_mean, METRIC_std, METRIC_values, "loss_vs_best",
/// "decades_from_best", "off_grid", "within_one_std_of_best"}}; NaN as null.
[[nodiscard]] nlohmann::ordered_json ruleScoresJson(const std::vector<engine::RuleScore>& scores,
                                                    engine::AuditMetric metric);

/// The headline, each seed's range, the grid with the best marked, the suggestion, the cost and
/// the verdict.
[[nodiscard]] std::string formatAudit(const engine::AuditRecord& record,
                                      const engine::AuditSummary& summary);

} // namespace lrscope::cli
