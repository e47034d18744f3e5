#include "lrscope/engine/repeat_summary.h"

#include "lrscope/engine/number_format.h"
#include "lrscope/engine/suggestion_rules.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace lrscope::engine {
namespace {

/// The curve's value at a step, when it has a finite one there.
std::optional<double> valueAt(const std::vector<double>& values, std::size_t step) {
  if (step >= values.size() || !std::isfinite(values[step]))
    return std::nullopt;
  return values[step];
}

/// Per step, the median of the curves' raw losses where every one known is finite; empty when
/// any curve lacks raw losses (the range rule then reads the median smoothed curve).
std::vector<double> medianRawLosses(const std::vector<LrCurve>& curves, std::size_t steps) {
  for (const LrCurve& curve : curves)
    if (curve.rawLosses.empty())
      return {};
  std::vector<double> medians;
  for (std::size_t s = 0; s < steps; ++s) {
    std::vector<double> values;
    for (const LrCurve& curve : curves)
      if (const auto value = valueAt(curve.rawLosses, s); value && valueAt(curve.losses, s))
        values.push_back(*value);
    if (values.empty())
      break;
    medians.push_back(percentile(std::move(values), 50.0));
  }
  return medians;
}

} // namespace

double percentile(std::vector<double> values, double q) {
  if (values.empty())
    throw std::invalid_argument("percentile of no values");
  std::sort(values.begin(), values.end());
  const double rank = std::clamp(q, 0.0, 100.0) / 100.0 * static_cast<double>(values.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(rank));
  const std::size_t above = std::min(below + 1, values.size() - 1);
  const double fraction = rank - static_cast<double>(below);
  return values[below] + fraction * (values[above] - values[below]);
}

std::optional<RepeatSpread> spreadOf(const std::vector<double>& values) {
  std::vector<double> positive;
  for (const double value : values)
    if (value > 0.0 && std::isfinite(value))
      positive.push_back(value);
  if (positive.empty())
    return std::nullopt;
  RepeatSpread spread;
  spread.count = static_cast<int>(positive.size());
  spread.min = *std::min_element(positive.begin(), positive.end());
  spread.max = *std::max_element(positive.begin(), positive.end());
  spread.median = percentile(std::move(positive), 50.0);
  spread.spreadDecades = std::log10(spread.max / spread.min);
  return spread;
}

RepeatSummary summarizeRepeats(const std::vector<LrCurve>& curves) {
  RepeatSummary summary;
  summary.repeats = static_cast<int>(curves.size());
  std::size_t steps = 0;
  const LrCurve* longest = nullptr;
  for (const LrCurve& curve : curves) {
    const std::size_t n = std::min(curve.lrs.size(), curve.losses.size());
    if (n > steps || !longest) {
      steps = n;
      longest = &curve;
    }
  }

  for (std::size_t s = 0; s < steps; ++s) {
    std::vector<double> running;
    for (const LrCurve& curve : curves)
      if (const auto value = valueAt(curve.losses, s))
        running.push_back(*value);
    if (running.empty())
      break;
    BandPoint point;
    point.step = s;
    point.lr = longest->lrs[s];
    point.running = static_cast<int>(running.size());
    point.median = percentile(running, 50.0);
    point.low = percentile(running, kBandLowPercentile);
    point.high = percentile(std::move(running), kBandHighPercentile);
    summary.band.push_back(point);
  }

  std::vector<std::vector<double>> byRule(suggestionRuleNames().size());
  std::vector<double> lowers;
  std::vector<double> uppers;
  for (const LrCurve& curve : curves) {
    for (const Suggestion& suggestion : suggestAll(curve)) {
      const auto& names = suggestionRuleNames();
      const auto at = std::find(names.begin(), names.end(), suggestion.rule);
      if (at != names.end())
        byRule[static_cast<std::size_t>(at - names.begin())].push_back(suggestion.lr);
    }
    if (const LrRangeResult range = LrRangeRule::apply(curve); range.range) {
      lowers.push_back(range.range->lower);
      uppers.push_back(range.range->upper);
    }
  }
  for (std::size_t r = 0; r < byRule.size(); ++r)
    if (const auto spread = spreadOf(byRule[r]))
      summary.rules.push_back({suggestionRuleNames()[r], *spread});
  summary.lower = spreadOf(lowers);
  summary.upper = spreadOf(uppers);

  LrCurve median;
  for (const BandPoint& point : summary.band) {
    median.lrs.push_back(point.lr);
    median.losses.push_back(point.median);
  }
  median.rawLosses = medianRawLosses(curves, median.lrs.size());
  if (median.rawLosses.size() != median.lrs.size())
    median.rawLosses.clear();
  summary.medianCurveRange = LrRangeRule::apply(median);
  summary.stable = summary.upper && summary.upper->count >= 2 &&
                   summary.upper->spreadDecades <= kStableSpreadDecades;
  return summary;
}

std::string verdictText(const RepeatSummary& summary) {
  if (!summary.upper)
    return "unstable: no repeat gave a range";
  const RepeatSpread& upper = *summary.upper;
  char text[200];
  std::snprintf(text, sizeof text,
                "%s: the upper bound varies by %.2f decades (%.1fx) over %d of %d repeats",
                summary.stable ? "stable" : "unstable", upper.spreadDecades,
                std::pow(10.0, upper.spreadDecades), upper.count, summary.repeats);
  return text;
}

std::string stabilityAdvice(const RepeatSummary& summary) {
  if (summary.stable)
    return {};
  if (!summary.upper)
    return "no repeat found a range: widen the ladder (--start-lr, --end-lr) or look at the "
           "curves; the loss may never have clearly fallen";
  if (summary.upper->count < 2)
    return "one repeat gave a range: run more repeats to see how far it moves";
  // Measured on Fashion-MNIST (tests/experiments/repeat_spread.sh, docs/reference.md): neither 3x
  // the iterations, 4x the sample nor 4x the batch narrowed the spread reliably.
  return "train from the median upper bound, or from the lowest (" + formatLr(summary.upper->min) +
         ") to be safe; more repeats pin the median down. On Fashion-MNIST neither more "
         "iterations, a larger sample nor a larger batch narrowed the spread reliably";
}

} // namespace lrscope::engine
