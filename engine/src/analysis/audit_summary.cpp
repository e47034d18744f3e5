#include "lrscope/engine/audit_summary.h"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace lrscope::engine {
namespace {

/// True when a is a better value of the metric than b.
bool better(AuditMetric metric, double a, double b) {
  return metric == AuditMetric::TestAccuracy ? a > b : a < b;
}

} // namespace

std::string metricKey(AuditMetric metric) {
  return metric == AuditMetric::TestAccuracy ? "test_accuracy" : "test_loss";
}

std::string metricTitle(AuditMetric metric) {
  return metric == AuditMetric::TestAccuracy ? "test accuracy" : "test loss (lower is better)";
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
        (!summary.best || better(metric, point.mean, summary.grid[*summary.best].mean)))
      summary.best = j;
  }
  double logSum = 0.0;
  for (const double lr : suggestedLrs)
    logSum += std::log(lr);
  summary.suggested =
      summarizePoint(std::exp(logSum / static_cast<double>(seeds)), suggestedValues);
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

} // namespace lrscope::engine
