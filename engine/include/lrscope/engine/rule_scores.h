#pragma once

// How each suggestion rule did in an audit: the test metric a one-cycle training with the
// rule's suggestion as its peak would reach, read off the audit's grid (interpolated in log LR
// between the grid points around it), against the grid's best. Pure functions; no torch.
#include "lrscope/engine/audit_summary.h"

#include <optional>
#include <string>
#include <vector>

namespace lrscope::engine {

/// The name LR Scope's range upper bound is scored under, beside the rules'.
inline constexpr const char* kRangeUpperRule = "lrscope_range_upper";
/// The name the other seeds' best is scored under: each seed at the grid point the other seeds'
/// trainings found best (scoreOtherSeedsBest), a reference for the rules.
inline constexpr const char* kOtherSeedsBestRule = "other_seeds_best";

struct RuleScore {
  std::string rule;
  /// Each seed's suggestion, in seed order; NaN where the rule gave none.
  std::vector<double> lrs;
  /// The metric at each seed's suggestion on that seed's grid (values: NaN off the grid, next to
  /// a point without a value, or without a suggestion); maxLr: the geometric mean of lrs. For
  /// LR Scope's range upper bound, the suggested trainings themselves (AuditSummary::suggested).
  AuditPoint atSuggestion;
  /// Seeds whose suggestion lies outside the grid: no value to read off.
  int offGrid = 0;
  /// How much worse than the grid's best mean (accuracy: the best's minus this, in fraction;
  /// loss: this minus the best's); NaN without a value on every seed or without a best.
  double lossVsBest = 0.0;
  /// log10(geometric mean suggestion / best peak); NaN without a best.
  double decadesFromBest = 0.0;
  /// A value on every seed, and within one standard deviation of the best mean.
  bool withinOneStd = false;
};

/// The metric at `lr` on one seed's grid: the value itself at a grid point, linear in log10 LR
/// between the two points around it; NaN outside the grid or when either point has no value.
/// gridLrs ascending, values of the same size.
[[nodiscard]] double metricOnGrid(const std::vector<double>& gridLrs,
                                  const std::vector<double>& values, double lr);

/// Every rule a range test of the record suggested with (in the first range test's order, then
/// the rules only later ones gave), and LR Scope's range upper bound last, scored by what its
/// trainings reached, as the audit's verdict is.
[[nodiscard]] std::vector<RuleScore> scoreRules(const AuditRecord& record,
                                                const AuditSummary& summary);

/// Not a rule but a reference for the rules, scored as a rule is: each seed's peak is the grid
/// point whose mean over the *other* seeds' trainings is best (ties: the lower LR; a point where
/// an other seed has no value is never picked). It reads whole trainings at every grid point, far
/// more than a range test shows, and it is optimistic: the best it is judged against is a mean
/// over the same seeds it picked with, and its own. It bounds nothing; where even it is not
/// within one standard deviation, the seeds disagree on the best peak. None with fewer than two
/// seeds (range tests) or where rules cannot be scored.
[[nodiscard]] std::optional<RuleScore> scoreOtherSeedsBest(const AuditRecord& record,
                                                           const AuditSummary& summary);

} // namespace lrscope::engine
