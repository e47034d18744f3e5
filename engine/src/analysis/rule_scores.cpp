#include "lrscope/engine/rule_scores.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace lrscope::engine {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// The rules the range tests suggested with, first seen first.
std::vector<std::string> ruleNames(const AuditRecord& record) {
  std::vector<std::string> names;
  for (const AuditRangeTest& test : record.rangeTests)
    for (const Suggestion& suggestion : test.suggestions)
      if (std::find(names.begin(), names.end(), suggestion.rule) == names.end())
        names.push_back(suggestion.rule);
  names.emplace_back(kRangeUpperRule);
  return names;
}

double suggestionOf(const AuditRangeTest& test, const std::string& rule) {
  if (rule == kRangeUpperRule)
    return test.upper;
  for (const Suggestion& suggestion : test.suggestions)
    if (suggestion.rule == rule)
      return suggestion.lr;
  return kNaN;
}

} // namespace

double metricOnGrid(const std::vector<double>& gridLrs, const std::vector<double>& values,
                    double lr) {
  if (!(lr > 0.0) || gridLrs.empty() || values.size() != gridLrs.size())
    return kNaN;
  const auto above = std::lower_bound(gridLrs.begin(), gridLrs.end(), lr);
  if (above == gridLrs.end())
    return kNaN;
  const auto j = static_cast<std::size_t>(above - gridLrs.begin());
  if (*above == lr)
    return values[j];
  if (j == 0)
    return kNaN;
  const double t = std::log10(lr / gridLrs[j - 1]) / std::log10(gridLrs[j] / gridLrs[j - 1]);
  return (1.0 - t) * values[j - 1] + t * values[j]; // NaN when either is
}

std::vector<RuleScore> scoreRules(const AuditRecord& record, const AuditSummary& summary) {
  std::vector<RuleScore> scores;
  if (record.rangeTests.empty() || record.gridLrs.empty() ||
      summary.grid.size() != record.gridLrs.size())
    return scores;
  const AuditPoint* best = summary.best ? &summary.grid[*summary.best] : nullptr;
  for (const std::string& rule : ruleNames(record)) {
    RuleScore score;
    score.rule = rule;
    std::vector<double> values;
    for (std::size_t s = 0; s < record.rangeTests.size(); ++s) {
      const double lr = suggestionOf(record.rangeTests[s], rule);
      score.lrs.push_back(lr);
      std::vector<double> seedValues;
      for (const AuditPoint& point : summary.grid)
        seedValues.push_back(s < point.values.size() ? point.values[s] : kNaN);
      values.push_back(metricOnGrid(record.gridLrs, seedValues, lr));
    }
    score.atSuggestion = summarizePoint(geometricMean(score.lrs), values);
    for (const double lr : score.lrs)
      if (std::isfinite(lr) && (lr < record.gridLrs.front() || lr > record.gridLrs.back()))
        ++score.offGrid;
    if (rule == kRangeUpperRule && summary.suggested.count > 0) {
      score.atSuggestion = summary.suggested; // trained, not read off the grid
      score.offGrid = 0;
    }
    const bool everySeed = score.atSuggestion.count == summary.seeds;
    score.lossVsBest = best != nullptr && everySeed ? (summary.metric == AuditMetric::TestAccuracy
                                                           ? best->mean - score.atSuggestion.mean
                                                           : score.atSuggestion.mean - best->mean)
                                                    : kNaN;
    score.withinOneStd = std::isfinite(score.lossVsBest) && score.lossVsBest <= best->std;
    score.decadesFromBest =
        best != nullptr ? std::log10(score.atSuggestion.maxLr / best->maxLr) : kNaN;
    scores.push_back(std::move(score));
  }
  return scores;
}

} // namespace lrscope::engine
