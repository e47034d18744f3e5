#pragma once

// What an audit says over several seeds (lrscope audit --seeds): per grid point the mean and
// standard deviation of the test metric, and whether the suggested peak LR trains as well as
// the grid's best. Pure functions of the trainings' results; no torch.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace lrscope::engine {

/// What an audit compares: test accuracy (classification, higher is better) or test loss
/// (regression, lower is better).
enum class AuditMetric { TestAccuracy, TestLoss };

/// "test_accuracy" or "test_loss": the JSON keys' stem.
[[nodiscard]] std::string metricKey(AuditMetric metric);
/// "test accuracy" or "test loss (lower is better)".
[[nodiscard]] std::string metricTitle(AuditMetric metric);

/// One peak LR trained with every seed.
struct AuditPoint {
  double maxLr = 0.0;
  /// One value per seed, in seed order; NaN where the training diverged, failed or had no
  /// test split.
  std::vector<double> values;
  double mean = 0.0; ///< of the finite values; NaN when there are none
  double std = 0.0;  ///< sample standard deviation of the finite values; 0 for one
  int count = 0;     ///< finite values
};

struct AuditSummary {
  AuditMetric metric = AuditMetric::TestAccuracy;
  int seeds = 0;
  std::vector<AuditPoint> grid; ///< in the order of their peak LRs
  /// The suggested trainings: maxLr is the geometric mean of the seeds' suggested peaks.
  AuditPoint suggested;
  /// The grid point with the best mean among those every seed trained to a value.
  std::optional<std::size_t> best;
  /// The suggestion trained to a value with every seed, and its mean is within one standard
  /// deviation of the best point's mean (at least as good, less one std).
  bool withinOneStd = false;
  /// log10(suggested peak / best peak) in grid steps; negative below the best.
  double gridStepsFromBest = 0.0;
};

/// Mean, sample standard deviation and count of the finite values of `point.values`.
[[nodiscard]] AuditPoint summarizePoint(double maxLr, std::vector<double> values);

/// The summary of an audit: `gridLrs[j]` trained with seed s gave `gridValues[s][j]`; seed s's
/// suggested peak `suggestedLrs[s]` gave `suggestedValues[s]`. Grid points are `stepDecades`
/// apart. Throws std::invalid_argument when the sizes disagree.
[[nodiscard]] AuditSummary summarizeAudit(AuditMetric metric, const std::vector<double>& gridLrs,
                                          const std::vector<std::vector<double>>& gridValues,
                                          const std::vector<double>& suggestedLrs,
                                          const std::vector<double>& suggestedValues,
                                          double stepDecades);

} // namespace lrscope::engine
