#include "lrscope/engine/rule_scores.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <utility>

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

/// A rule's score from each seed's suggestion (seed order): each read off its seed's grid values.
RuleScore scoreSuggestions(std::string rule, std::vector<double> lrs,
                           const std::vector<double>& gridLrs, const AuditSummary& summary) {
  RuleScore score;
  score.rule = std::move(rule);
  score.lrs = std::move(lrs);
  std::vector<double> values;
  for (std::size_t s = 0; s < score.lrs.size(); ++s) {
    std::vector<double> seedValues;
    for (const AuditPoint& point : summary.grid)
      seedValues.push_back(s < point.values.size() ? point.values[s] : kNaN);
    values.push_back(metricOnGrid(gridLrs, seedValues, score.lrs[s]));
  }
  score.atSuggestion = summarizePoint(geometricMean(score.lrs), values);
  for (const double lr : score.lrs)
    if (std::isfinite(lr) && (lr < gridLrs.front() || lr > gridLrs.back()))
      ++score.offGrid;
  return score;
}

/// How far below the grid's best the score's mean is, and whether within the best's std.
void judgeAgainstBest(RuleScore& score, const AuditSummary& summary) {
  const AuditPoint* best = summary.best ? &summary.grid[*summary.best] : nullptr;
  const bool everySeed = score.atSuggestion.count == summary.seeds;
  score.lossVsBest = best != nullptr && everySeed ? (summary.metric == AuditMetric::TestAccuracy
                                                         ? best->mean - score.atSuggestion.mean
                                                         : score.atSuggestion.mean - best->mean)
                                                  : kNaN;
  score.withinOneStd = std::isfinite(score.lossVsBest) && score.lossVsBest <= best->std;
  score.decadesFromBest =
      best != nullptr ? std::log10(score.atSuggestion.maxLr / best->maxLr) : kNaN;
}

bool canScore(const AuditRecord& record, const AuditSummary& summary) {
  return !record.rangeTests.empty() && !record.gridLrs.empty() &&
         summary.grid.size() == record.gridLrs.size();
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
  if (!canScore(record, summary))
    return scores;
  for (const std::string& rule : ruleNames(record)) {
    std::vector<double> lrs;
    for (const AuditRangeTest& test : record.rangeTests)
      lrs.push_back(suggestionOf(test, rule));
    RuleScore score = scoreSuggestions(rule, std::move(lrs), record.gridLrs, summary);
    if (rule == kRangeUpperRule && summary.suggested.count > 0) {
      score.atSuggestion = summary.suggested; // trained, not read off the grid
      score.offGrid = 0;
    }
    judgeAgainstBest(score, summary);
    scores.push_back(std::move(score));
  }
  return scores;
}

std::optional<RuleScore> scoreOtherSeedsBest(const AuditRecord& record,
                                             const AuditSummary& summary) {
  // One seed per range test, as scoreRules reads them.
  const std::size_t seeds = record.rangeTests.size();
  if (!canScore(record, summary) || seeds < 2)
    return std::nullopt;
  std::vector<double> lrs;
  for (std::size_t s = 0; s < seeds; ++s) {
    std::optional<std::size_t> pick;
    double pickMean = kNaN;
    for (std::size_t i = 0; i < summary.grid.size(); ++i) {
      const std::vector<double>& values = summary.grid[i].values;
      double sum = 0.0;
      int others = 0;
      for (std::size_t o = 0; o < values.size(); ++o)
        if (o != s && std::isfinite(values[o])) {
          sum += values[o];
          ++others;
        }
      if (static_cast<std::size_t>(others) != seeds - 1)
        continue; // an other seed diverged here or never trained it
      if (!pick || isBetterValue(summary.metric, sum / others, pickMean)) {
        pick = i;
        pickMean = sum / others;
      }
    }
    lrs.push_back(pick ? record.gridLrs[*pick] : kNaN);
  }
  RuleScore score = scoreSuggestions(kOtherSeedsBestRule, std::move(lrs), record.gridLrs, summary);
  judgeAgainstBest(score, summary);
  return score;
}

} // namespace lrscope::engine
