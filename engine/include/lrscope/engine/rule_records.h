#pragma once

// Each rule's record in the audit matrix that ships with this version of LR Scope
// (resources/rule_records.json, written by `lrscope audit-matrix --records`; docs/reference.md
// shows the matrix): in how many of its cells with an optimizer the rule's suggestion, as a
// one-cycle peak, trained within one standard deviation of the grid's best. The app and the report
// show it beside each suggestion, so that a user knows which line on the plot to believe.
#include "lrscope/engine/audit_matrix.h"

#include <optional>
#include <string>
#include <vector>

namespace lrscope::engine {

/// Records as `audit-matrix --records` writes them ([{rule, optimizer, within_one_std, cells,
/// mean_abs_decades, held_out}]), the calibration and held-out cells of a rule and optimizer
/// added together. Throws InputError naming what is wrong.
[[nodiscard]] std::vector<RuleRecord> parseRuleRecords(const std::string& jsonText);

/// The name a rule's record goes by: the rule's own, and for LR Scope's range rule
/// ("lrscope-range") its version's ("lrscope_range_v3").
[[nodiscard]] std::string recordedRuleName(const std::string& rule, int version);

/// The shipped record of a rule (its name and version, as a suggestion or range carries them)
/// with an optimizer ("sgd", "adam", "adamw", "rmsprop"); none when the matrix has none.
[[nodiscard]] std::optional<RuleRecord> shippedRuleRecord(const std::string& rule, int version,
                                                          const std::string& optimizer);

} // namespace lrscope::engine
