#pragma once

// What K range tests on one ladder, differing only in the seed, say together (DESIGN.md,
// "Repeated range tests and confidence"): a median curve with a band, every rule's spread over
// the repeats and a verdict. Pure functions of the curves; no torch.
#include "lrscope/engine/lr_curve.h"
#include "lrscope/engine/lr_range_rule.h"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace lrscope::engine {

/// The verdict's threshold: a suggestion is stable when its repeats' upper bounds lie within
/// 0.3 decades (a factor of 2) of each other.
inline constexpr double kStableSpreadDecades = 0.3;
/// The band's percentiles of the repeats' smoothed losses at a step.
inline constexpr double kBandLowPercentile = 10.0;
inline constexpr double kBandHighPercentile = 90.0;

/// One LR found on each of several repeats.
struct RepeatSpread {
  double median = 0.0;
  double min = 0.0;
  double max = 0.0;
  double spreadDecades = 0.0; ///< log10(max / min); 0 for a single value
  int count = 0;              ///< repeats that gave a value
};

/// The repeats at one ladder step: percentiles of the smoothed losses of the repeats still
/// running there (a repeat that stopped earlier, diverged or not, no longer counts).
struct BandPoint {
  std::size_t step = 0;
  double lr = 0.0;
  double median = 0.0;
  double low = 0.0;  ///< kBandLowPercentile
  double high = 0.0; ///< kBandHighPercentile
  int running = 0;   ///< repeats with a finite loss at this step
};

/// One rule's suggestions over the repeats.
struct RuleSpread {
  std::string rule;
  RepeatSpread spread;
};

struct RepeatSummary {
  int repeats = 0;
  /// The median curve and its band, step by step while at least one repeat runs.
  std::vector<BandPoint> band;
  /// Every rule that gave a suggestion on at least one repeat, in suggestionRuleNames() order.
  std::vector<RuleSpread> rules;
  /// LR Scope's range rule on each repeat: its bounds over the repeats that gave a range.
  std::optional<RepeatSpread> lower;
  std::optional<RepeatSpread> upper;
  /// The range rule applied to the median curve (raw losses: the per-step median of the raw).
  LrRangeResult medianCurveRange;
  /// The upper bound's spread is at most kStableSpreadDecades, over at least two repeats.
  bool stable = false;
};

/// The q-th percentile (0..100) of the values, linearly interpolated between the closest ranks
/// (numpy's default). Throws std::invalid_argument for no values.
[[nodiscard]] double percentile(std::vector<double> values, double q);

/// Median, extremes and spread in decades of positive values; nullopt for none.
[[nodiscard]] std::optional<RepeatSpread> spreadOf(const std::vector<double>& values);

/// The summary of K >= 1 curves recorded on one ladder (curve i's step s at lrs[s], the same
/// in every curve; a curve may be shorter, having stopped).
[[nodiscard]] RepeatSummary summarizeRepeats(const std::vector<LrCurve>& curves);

/// "stable" or "unstable", with the spread: "stable: the upper bound varies by 0.12 decades
/// (1.3x) over 5 repeats".
[[nodiscard]] std::string verdictText(const RepeatSummary& summary);

/// What to do about an unstable verdict, from what was measured (docs/reference.md, "How far to
/// trust it"); empty when stable.
[[nodiscard]] std::string stabilityAdvice(const RepeatSummary& summary);

} // namespace lrscope::engine
