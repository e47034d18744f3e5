#include "lrscope/engine/audit_summary.h"

#include "lrscope/engine/number_format.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>

namespace lrscope::engine {
namespace {

/// "test accuracy", "test loss".
std::string metricWords(AuditMetric metric) {
  std::string words = metricKey(metric);
  std::replace(words.begin(), words.end(), '_', ' ');
  return words;
}

/// The verdict on the trainings that ran.
std::string verdictOfTheTrainings(const AuditRecord& record, const AuditSummary& summary) {
  char text[240];
  if (auditAwaitsFirstRangeTest(record))
    return "the first seed's range test is not merged yet (its shard is missing), so neither is "
           "the grid";
  if (record.gridLrs.empty())
    return "the first range test found no range, so no grid was trained";
  if (!summary.best) {
    std::snprintf(text, sizeof text,
                  "no grid point has a %s on every seed (diverged, stopped, or no test split)",
                  metricWords(summary.metric).c_str());
    return text;
  }
  std::snprintf(text, sizeof text,
                "the suggestion is %swithin one standard deviation of the grid's best (%s), %s "
                "grid steps from it, at %.2f x the grid's cost",
                summary.withinOneStd ? "" : "NOT ",
                formatLr(summary.grid[*summary.best].maxLr).c_str(),
                formatGridSteps(summary.gridStepsFromBest).c_str(), auditCost(record).ratio());
  return text;
}

} // namespace

std::string metricKey(AuditMetric metric) {
  return metric == AuditMetric::TestAccuracy ? "test_accuracy" : "test_loss";
}

std::string metricTitle(AuditMetric metric) {
  return metric == AuditMetric::TestAccuracy ? "test accuracy" : "test loss (lower is better)";
}

bool isBetterValue(AuditMetric metric, double a, double b) {
  return metric == AuditMetric::TestAccuracy ? a > b : a < b;
}

std::string formatAuditValue(AuditMetric metric, double value) {
  return metric == AuditMetric::TestLoss ? formatLoss(value) : formatPercent(value);
}

std::string formatAuditPoint(AuditMetric metric, const AuditPoint& point, int seeds) {
  std::string text = formatAuditValue(metric, point.mean);
  if (seeds > 1 && std::isfinite(point.mean)) {
    char spread[48];
    if (metric == AuditMetric::TestLoss)
      std::snprintf(spread, sizeof spread, " +- %s", formatLoss(point.std).c_str());
    else
      std::snprintf(spread, sizeof spread, " +- %.1f pt", point.std * 100.0);
    text += spread;
  }
  if (point.count < seeds)
    text += " (" + std::to_string(point.count) + " of " + std::to_string(seeds) + ")";
  return text;
}

std::string formatGridSteps(double steps) {
  char text[32];
  // Rounded first, and +0.0 added: a value just below zero prints as +0.0, not -0.0.
  std::snprintf(text, sizeof text, "%+.1f", std::round(steps * 10.0) / 10.0 + 0.0);
  return text;
}

double geometricMean(const std::vector<double>& values) {
  double logSum = 0.0;
  int count = 0;
  for (const double value : values)
    if (std::isfinite(value) && value > 0.0) {
      logSum += std::log(value);
      ++count;
    }
  return count > 0 ? std::exp(logSum / count) : std::numeric_limits<double>::quiet_NaN();
}

AuditPoint summarizePoint(double maxLr, std::vector<double> values) {
  AuditPoint point;
  point.maxLr = maxLr;
  point.values = std::move(values);
  double sum = 0.0;
  for (const double value : point.values)
    if (std::isfinite(value)) {
      sum += value;
      ++point.count;
    }
  if (point.count == 0) {
    point.mean = std::numeric_limits<double>::quiet_NaN();
    return point;
  }
  point.mean = sum / point.count;
  double squares = 0.0;
  for (const double value : point.values)
    if (std::isfinite(value))
      squares += (value - point.mean) * (value - point.mean);
  point.std = point.count > 1 ? std::sqrt(squares / (point.count - 1)) : 0.0;
  return point;
}

AuditSummary summarizeAudit(AuditMetric metric, const std::vector<double>& gridLrs,
                            const std::vector<std::vector<double>>& gridValues,
                            const std::vector<double>& suggestedLrs,
                            const std::vector<double>& suggestedValues, double stepDecades) {
  const std::size_t seeds = suggestedLrs.size();
  if (seeds == 0 || suggestedValues.size() != seeds || gridValues.size() != seeds)
    throw std::invalid_argument("an audit needs one suggestion and one grid per seed");
  for (const std::vector<double>& values : gridValues)
    if (values.size() != gridLrs.size())
      throw std::invalid_argument("every seed trains every grid point");
  AuditSummary summary;
  summary.metric = metric;
  summary.seeds = static_cast<int>(seeds);
  for (std::size_t j = 0; j < gridLrs.size(); ++j) {
    std::vector<double> values;
    for (std::size_t s = 0; s < seeds; ++s)
      values.push_back(gridValues[s][j]);
    summary.grid.push_back(summarizePoint(gridLrs[j], std::move(values)));
    const AuditPoint& point = summary.grid.back();
    if (point.count == summary.seeds &&
        (!summary.best || isBetterValue(metric, point.mean, summary.grid[*summary.best].mean)))
      summary.best = j;
  }
  // Over the peaks there are: a seed whose range test found no range has none.
  summary.suggested = summarizePoint(geometricMean(suggestedLrs), suggestedValues);
  if (summary.best && std::isfinite(summary.suggested.mean)) {
    const AuditPoint& best = summary.grid[*summary.best];
    // A suggestion that diverged or failed on any seed is not as good as the best point.
    summary.withinOneStd = summary.suggested.count < summary.seeds ? false
                           : metric == AuditMetric::TestAccuracy
                               ? summary.suggested.mean >= best.mean - best.std
                               : summary.suggested.mean <= best.mean + best.std;
    summary.gridStepsFromBest = std::log10(summary.suggested.maxLr / best.maxLr) / stepDecades;
  }
  return summary;
}

std::vector<double> auditGridLrs(double centre, int points, double stepDecades) {
  std::vector<double> lrs;
  for (int j = 0; j < points; ++j)
    lrs.push_back(centre * std::pow(10.0, (j - (points - 1) / 2.0) * stepDecades));
  return lrs;
}

double AuditCost::ratio() const {
  return grid > 0.0 ? (rangeTests + suggested) / grid : std::numeric_limits<double>::quiet_NaN();
}

AuditCost auditCost(const AuditRecord& record) {
  AuditCost cost;
  for (const AuditRangeTest& test : record.rangeTests)
    cost.rangeTests += test.seconds;
  for (const AuditTraining& training : record.trainings) {
    if (training.suggested)
      cost.suggested += training.seconds;
    if (training.gridIndex)
      cost.grid += training.seconds;
  }
  return cost;
}

std::string toString(AuditGrid grid) {
  return grid == AuditGrid::Fixed ? "fixed" : "centred";
}

std::vector<double> fixedAuditGridLrs() {
  std::vector<double> lrs;
  const int points = static_cast<int>(std::lround(std::log10(kFixedGridHighest / kFixedGridLowest) /
                                                  kAuditGridStepDecades)) +
                     1;
  for (int j = 0; j < points; ++j)
    lrs.push_back(kFixedGridLowest * std::pow(10.0, j * kAuditGridStepDecades));
  return lrs;
}

int auditTrainingsMissing(const AuditRecord& record) {
  const bool fixed = record.plan.grid == AuditGrid::Fixed;
  const int gridPoints = fixed && !record.gridLrs.empty() ? static_cast<int>(record.gridLrs.size())
                         : fixed ? static_cast<int>(fixedAuditGridLrs().size())
                                 : record.plan.gridPoints;
  // Every seed trains every grid point and its suggestion; where a seed's suggestion is a point
  // of a centred grid (the first seed's is the middle of an odd grid; a later seed's can be the
  // same ladder LR), one training.
  const auto sharedTrainings =
      std::count_if(record.trainings.begin(), record.trainings.end(),
                    [](const AuditTraining& t) { return t.suggested && t.gridIndex; });
  const int shared =
      std::max(static_cast<int>(sharedTrainings), !fixed && gridPoints % 2 == 1 ? 1 : 0);
  // A fixed grid is trained without a suggestion for a seed whose range test found no range.
  const auto withoutRange = std::count_if(
      record.rangeTests.begin(), record.rangeTests.end(),
      [&](const AuditRangeTest& test) { return fixed && !std::isfinite(test.upper); });
  const int planned =
      record.plan.seeds * (gridPoints + 1) - shared - static_cast<int>(withoutRange);
  return std::max(0, planned - static_cast<int>(record.trainings.size()));
}

std::string auditVerdict(const AuditRecord& record, const AuditSummary& summary) {
  const int missing = auditTrainingsMissing(record);
  const std::string incomplete =
      missing > 0 ? "incomplete, " + std::to_string(missing) + " of its trainings never ran: " : "";
  return incomplete + verdictOfTheTrainings(record, summary);
}

bool auditAwaitsFirstRangeTest(const AuditRecord& record) {
  const bool firstThere =
      std::any_of(record.rangeTests.begin(), record.rangeTests.end(),
                  [&](const AuditRangeTest& test) { return test.seed == record.firstSeed; });
  return record.gridLrs.empty() && !firstThere &&
         (!record.rangeTests.empty() || !record.trainings.empty());
}

AuditSummary summarizeAudit(const AuditRecord& record) {
  if (record.rangeTests.empty())
    throw std::invalid_argument("an audit without a range test has nothing to summarize");
  constexpr double kNone = std::numeric_limits<double>::quiet_NaN();
  std::vector<std::vector<double>> gridValues;
  std::vector<double> suggestedLrs;
  std::vector<double> suggestedValues;
  for (const AuditRangeTest& test : record.rangeTests) {
    gridValues.emplace_back(record.gridLrs.size(), kNone);
    double peak = std::isfinite(test.upper) && test.upper > 0.0 ? test.upper : kNone;
    double value = kNone;
    for (const AuditTraining& training : record.trainings) {
      if (training.seed != test.seed)
        continue;
      if (training.gridIndex && *training.gridIndex < record.gridLrs.size())
        gridValues.back()[*training.gridIndex] = training.metric;
      if (training.suggested) {
        peak = training.maxLr;
        value = training.metric;
      }
    }
    suggestedLrs.push_back(peak);
    suggestedValues.push_back(value);
  }
  return summarizeAudit(record.plan.metric, record.gridLrs, gridValues, suggestedLrs,
                        suggestedValues, record.plan.gridStepDecades);
}

} // namespace lrscope::engine
